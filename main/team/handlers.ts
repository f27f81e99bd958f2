import type { teamChannels } from '../../common/contract/team';
import type { HandlersFor } from '../kernel/dispatch';
import type { TeamDesk } from './team-desk';

/** Settings → Team: the state, joining a team database, going back to working alone. */
export function createTeamHandlers(s: { desk: TeamDesk }): HandlersFor<typeof teamChannels> {
  return {
    'team:get': async () => s.desk.state(),
    'team:join': async ({ url, password }) => s.desk.join(url, password),
    'team:leave': async () => s.desk.leave(),
    'team:jobs': async () => s.desk.jobs(),
    'team:policies': async () => s.desk.policies(),
  };
}
