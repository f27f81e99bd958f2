import type { AboutInfo } from '../../common/contract';
import type { shellChannels } from '../../common/contract/shell';
import { t } from '../../common/i18n/i18n';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { Logger } from '../kernel/redact';

/** About, diagnostics, the window's own errors and the app's folders. */
export function createShellHandlers(s: {
  about: AboutInfo;
  log: Logger;
  /** The redacted report "Copy diagnostics" copies. */
  diagnostics: () => string;
  /** Opens a folder in the OS file manager; answers a problem in words, or '' when it worked. */
  openPath?: (path: string) => Promise<string>;
}): HandlersFor<typeof shellChannels> {
  return {
    'app:about': async () => s.about,
    'app:diagnostics': async () => ({ text: s.diagnostics() }),
    'app:reportError': async ({ where, message, stack }) => {
      s.log.error(`window error in ${where}: ${message}`, stack);
      return null;
    },
    'app:openFolder': async ({ which }) => {
      if (!s.openPath) throw new ProviderError('UNSUPPORTED', t('err.foldersUnsupported'));
      const problem = await s.openPath(which === 'logs' ? s.about.logFolder : s.about.dataFolder);
      if (problem) throw new ProviderError('OPEN_FAILED', problem);
      return null;
    },
  };
}
