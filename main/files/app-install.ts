import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { describeError, ProviderError } from '../kernel/errors';
import type { CloudPhoneProvider, PhoneOutcome } from '../providers/types';
import { MAX_PUSH_BYTES, sortOut, type FilePushDeps } from './file-push';

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
      return this.run(
        'install',
        keys,
        source,
        (provider, ids) => provider.command!(ids, 'install', `-r ${file}`),
        'obs',
      );
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new ProviderError('INVALID_INPUT', t('err.pushNoFile', { file }));
    if (st.size > MAX_PUSH_BYTES) throw new ProviderError('TOO_LARGE', t('err.pushTooLarge', { file }));
    const bytes = await readFile(file);
    const name = basename(file);
    return this.run('install', keys, source, async (provider, ids) => {
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
    return this.run('uninstall', keys, source, (provider, ids) =>
      provider.uninstallApp
        ? provider.uninstallApp(ids, packageName)
        : provider.command!(ids, 'uninstall', packageName),
    );
  }

  private async run(
    action: 'install' | 'uninstall',
    keys: readonly string[],
    source: string,
    each: (provider: CloudPhoneProvider, ids: string[]) => Promise<PhoneOutcome[]>,
    /** Where the app comes from: a local file (GeeLark uploads it) or an OBS path (CPH reads it). */
    from: 'file' | 'obs' = 'file',
  ): Promise<BulkResult[]> {
    const at = this.d.clock.now();
    const { results, byAccount } = sortOut(
      this.d,
      keys,
      (provider) => (offers(provider, action, from) ? null : t(from === 'obs' ? 'err.appObsGeeLark' : 'err.appHuawei')),
      'err.appNotRunning',
    );
    await Promise.all(
      [...byAccount].map(async ([accountId, phones]) => {
        const outcomes = await each(
          this.d.provider(accountId)!,
          phones.map((p) => p.id),
        );
        for (const o of outcomes)
          results.push(
            o.ok
              ? this.d.resultFor(
                  `${accountId}/${o.id}`,
                  true,
                  'OK',
                  t(action === 'install' ? 'result.installed' : 'result.uninstalled'),
                )
              : this.d.resultFor(`${accountId}/${o.id}`, false, o.code, o.message),
          );
      }),
    );
    this.d.record({
      id: `${action}_${randomBytes(6).toString('hex')}`,
      action,
      at,
      source,
      total: results.length,
      finishedAt: this.d.clock.now(),
      results,
    });
    return results;
  }
}

/** Whether this provider can do it from there: GeeLark installs uploaded files, CPH commands from OBS. */
function offers(p: CloudPhoneProvider, action: 'install' | 'uninstall', from: 'file' | 'obs'): boolean {
  if (action === 'uninstall') return !!(p.uninstallApp ?? p.command);
  return from === 'obs' ? !!p.command : !!p.installApp;
}
