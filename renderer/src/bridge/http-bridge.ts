import { EVENT_CHANNEL_NAMES } from '../../../common/channels';
import { t } from '../../../common/i18n/i18n';
import type { Bridge, EventChannel, EventContract, InvokeChannel } from '../../../common/contract';

/**
 * The same Bridge over HTTP, for running the renderer in a plain browser against the real main-process
 * handlers (the e2e server). Requests are POSTs; events arrive on one Server-Sent Events stream.
 */
export function createHttpBridge(origin: string): Bridge {
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(`${origin}/__events`);
    for (const name of EVENT_CHANNEL_NAMES) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };
  return {
    async invoke(channel: InvokeChannel, input: unknown) {
      try {
        const res = await fetch(`${origin}/__ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        return await res.json();
      } catch (e) {
        return { ok: false, code: 'BRIDGE_DOWN', message: t('err.bridgeDown', { message: (e as Error).message }) };
      }
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void) {
      connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (p: unknown) => void);
    },
  } as Bridge;
}
