/** Something to let go of: a subscription, a timer, a listener (VS Code's IDisposable). */
export interface Disposable {
  dispose(): void;
}

export const toDisposable = (dispose: () => void): Disposable => ({ dispose });

/**
 * A typed event with disposable subscriptions. Listeners run in subscription order over a copy, so a
 * listener that unsubscribes itself (a one-shot wait) never makes another one miss the event.
 */
export class Emitter<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  /** Subscribes; `dispose()` unsubscribes. */
  readonly event = (listener: (...args: Args) => void): Disposable => {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (...args: Args) => listener(...args);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  fire(...args: Args): void {
    for (const l of [...this.listeners]) l(...args);
  }
}
