import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountService } from '../accounts/accounts';
import type { Fleet } from '../fleet/fleet';
import type { EventHub } from '../kernel/events';
import type { Logger } from '../kernel/redact';
import { Screens } from '../screens/screens';
import type { AppCoreDeps } from './deps';

/** The screenshot wall's cache lives in the app's data folder (a temporary one for tests and hosts). */
export function composeScreens(
  deps: AppCoreDeps,
  k: { fleet: Fleet; accounts: AccountService; log: Logger; events: EventHub },
) {
  const dir = deps.about?.dataFolder
    ? join(deps.about.dataFolder, 'screenshots')
    : join(mkdtempSync(join(tmpdir(), 'phonedeck-screens-')), 'screenshots');
  return new Screens({
    phone: (key) => k.fleet.get(key),
    provider: (accountId) => k.accounts.provider(accountId),
    dir,
    clock: deps.clock,
    log: k.log,
    onChange: (keys) => k.events.emit('screens:changed', { keys }),
    ...deps.screens,
  });
}
