import type { updatesChannels } from '../../common/contract/updates';
import { t } from '../../common/i18n/i18n';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { UpdateService } from './update-service';

/** Update checks; a build without an updater (development, tests) says so. */
export function createUpdateHandlers(s: { updates: UpdateService | null }): HandlersFor<typeof updatesChannels> {
  const updater = () => {
    if (!s.updates) throw new ProviderError('UNSUPPORTED', t('err.updatesUnsupported'));
    return s.updates;
  };
  return {
    'update:get': async () => s.updates?.state() ?? null,
    'update:check': async () => updater().check(true),
    'update:download': async () => updater().download(),
    'update:restart': async () => {
      updater().restartNow();
      return null;
    },
  };
}
