import type { EventChannel, EventContract } from '../../common/contract';

type Listener = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;

/** Fan-out of main → renderer events to whoever delivers them (Electron webContents, HTTP SSE, tests). */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  emit = <E extends EventChannel>(event: E, payload: EventContract[E]): void => {
    for (const l of this.listeners) l(event, payload);
  };
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
