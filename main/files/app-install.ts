import { basename } from 'node:path';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { describeError } from '../kernel/errors';
import type { CloudPhoneProvider } from '../providers/types';
import { actOnPhones, readLocalFile, type FilePushDeps, type PhonesAction } from './file-push';

/**
 * Apps onto many phones (GeeLark): the APK/XAPK read once, uploaded once per account and followed through
 * GeeLark's review, then installed one phone per call; uninstall by package name. Phones that are not
 * running are left out without a call; Huawei phones say how CPH installs (from OBS), not offered yet.
 * Each phone's result is recorded with the action's source.
 */
export class AppInstaller {
  constructor(private readonly d: FilePushDeps) {}

  async install(keys: readonly string[], file: string, source: string): Promise<BulkResult[]> {
    // An APK in OBS goes to CPH phones as a command; GeeLark takes the file itself.
    if (file.startsWith('obs://'))
      return this.run('install', keys, source, 'obs', (provider, ids) =>
        provider.command!(ids, 'install', `-r ${file}`),
      );
    const bytes = await readLocalFile(file);
    const name = basename(file);
    return this.run('install', keys, source, 'file', async (provider, ids) => {
      try {
        const version = await provider.uploadApp!({ bytes, name }, name.replace(/\.x?apk$/i, ''));
        return await provider.installApp!(ids, version.versionId);
      } catch (e) {
        // The upload or its review failed: no phone was touched, each says why.
        const { code, message } = describeError(e);
        return ids.map((id) => ({ id, ok: false as const, code, message }));
      }
    });
  }

  uninstall(keys: readonly string[], packageName: string, source: string): Promise<BulkResult[]> {
    return this.run('uninstall', keys, source, 'file', (provider, ids) =>
      provider.uninstallApp
        ? provider.uninstallApp(ids, packageName)
        : provider.command!(ids, 'uninstall', packageName),
    );
  }

  /** `from`: a local file (GeeLark uploads it) or an OBS path (CPH reads it). */
  private run(
    action: 'install' | 'uninstall',
    keys: readonly string[],
    source: string,
    from: 'file' | 'obs',
    each: PhonesAction['each'],
  ): Promise<BulkResult[]> {
    return actOnPhones(this.d, {
      action,
      keys,
      source,
      unsupported: (provider) =>
        offers(provider, action, from) ? null : t(from === 'obs' ? 'err.appObsGeeLark' : 'err.appHuawei'),
      notRunning: 'err.appNotRunning',
      okMessage: action === 'install' ? 'result.installed' : 'result.uninstalled',
      each,
    });
  }
}

/** Whether this provider can do it from there: GeeLark installs uploaded files, CPH commands from OBS. */
function offers(p: CloudPhoneProvider, action: 'install' | 'uninstall', from: 'file' | 'obs'): boolean {
  if (action === 'uninstall') return !!(p.uninstallApp ?? p.command);
  return from === 'obs' ? !!p.command : !!p.installApp;
}
