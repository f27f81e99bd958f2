import type { accountsChannels } from '../../common/contract/accounts';
import type { autopilotChannels } from '../../common/contract/autopilot';
import type { consentChannels } from '../../common/contract/consent';
import type { controlChannels } from '../../common/contract/control';
import type { ledgerChannels } from '../../common/contract/ledger';
import type { phonesChannels } from '../../common/contract/phones';
import type { sessionsChannels } from '../../common/contract/sessions';
import type { settingsChannels } from '../../common/contract/settings';
import type { shellChannels } from '../../common/contract/shell';
import type { screensChannels } from '../../common/contract/screens';
import type { filesChannels } from '../../common/contract/files';
import type { teamChannels } from '../../common/contract/team';
import type { updatesChannels } from '../../common/contract/updates';
import type { Handlers, HandlersFor } from '../kernel/dispatch';

/** Each feature's handler table, keyed by the feature that owns it. */
export interface FeatureHandlers {
  fleet: HandlersFor<typeof phonesChannels>;
  consent: HandlersFor<typeof consentChannels>;
  sessions: HandlersFor<typeof sessionsChannels>;
  accounts: HandlersFor<typeof accountsChannels>;
  settings: HandlersFor<typeof settingsChannels>;
  ledger: HandlersFor<typeof ledgerChannels>;
  autopilot: HandlersFor<typeof autopilotChannels>;
  control: HandlersFor<typeof controlChannels>;
  shell: HandlersFor<typeof shellChannels>;
  updates: HandlersFor<typeof updatesChannels>;
  team: HandlersFor<typeof teamChannels>;
  screens: HandlersFor<typeof screensChannels>;
  files: HandlersFor<typeof filesChannels>;
}

/**
 * Every renderer request, from the features' own tables. A contract slice with no table here, or a
 * channel its feature does not handle, fails to compile.
 */
export function combineHandlers(t: FeatureHandlers): Handlers {
  const all: Handlers = {
    ...t.fleet,
    ...t.consent,
    ...t.sessions,
    ...t.accounts,
    ...t.settings,
    ...t.ledger,
    ...t.autopilot,
    ...t.control,
    ...t.shell,
    ...t.updates,
    ...t.team,
    ...t.screens,
    ...t.files,
  };
  return all;
}
