import type { DeepLinkDeps } from '../shell/deep-link';
import type { AppCore } from './compose';

/**
 * What a phonedeck:// link may do, wired to the consent gate: open a running phone; for any other, a start
 * plan (source "link", which always asks) goes to the window, which starts and opens it only on a yes.
 */
export function linkConsent(core: Pick<AppCore, 'fleet' | 'sessions' | 'gate' | 'events'>) {
  return {
    isRunning: (key: string) => {
      const p = core.fleet.get(key);
      return p ? p.status === 'running' : undefined;
    },
    open: (keys: string[]) => core.sessions.open(keys),
    askToStartAndOpen: (key: string) => {
      const plan = core.gate.plan({ source: 'link', action: 'start', keys: [key] });
      core.events.emit('consent:ask', { plan, thenOpen: true });
    },
  } satisfies Pick<DeepLinkDeps, 'isRunning' | 'open' | 'askToStartAndOpen'>;
}
