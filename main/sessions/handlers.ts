import type { sessionsChannels } from '../../common/contract/sessions';
import type { HandlersFor } from '../kernel/dispatch';
import type { SessionManager } from './sessions';

/** Opening phone windows. */
export function createSessionHandlers(s: {
  sessions: Pick<SessionManager, 'open'>;
}): HandlersFor<typeof sessionsChannels> {
  return {
    'sessions:open': async ({ keys }) => ({ opened: await s.sessions.open(keys) }),
  };
}
