import type { EventChannel, EventContract } from '../../common/contract';

type Listener = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;

/**
 * Fan-out of main → renderer events to whoever delivers them (Electron webContents, HTTP SSE, tests).
 * Every payload passes `outgoing` first: the one place events are redacted.
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  constructor(private readonly outgoing: <T>(payload: T) => T = (p) => p) {}
  emit = <E extends EventChannel>(event: E, payload: EventContract[E]): void => {
    const safe = this.outgoing(payload);
    for (const l of this.listeners) l(event, safe);
  };
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
