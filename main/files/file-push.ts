import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { phoneKey, type Phone } from '../../common/phone';
import type { Clock } from '../kernel/clock';
import { ProviderError } from '../kernel/errors';
import type { CloudPhoneProvider, PhoneOutcome } from '../providers/types';

/** The largest file a push takes (GeeLark's temporary files are meant for media and installers). */
export const MAX_PUSH_BYTES = 512 * 1024 * 1024;

export interface FilePushDeps {
  phone(key: string): Phone | undefined;
  provider(accountId: string): CloudPhoneProvider | null;
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult;
  /** Writes the push to the activity record, with its source and each phone's result. */
  record(job: {
    id: string;
    action: 'push' | 'install' | 'uninstall';
    at: number;
    source: string;
    total: number;
    finishedAt: number;
    results: BulkResult[];
  }): void;
  clock: Clock;
}

/**
 * The phones an action may go to, by account, and a result for each one left out: not listed, a provider
 * that does not do it (`unsupported` says how it does instead), or not running (nothing is sent for it).
 */
export function sortOut(
  d: Pick<FilePushDeps, 'phone' | 'provider' | 'resultFor'>,
  keys: readonly string[],
  unsupported: (provider: CloudPhoneProvider) => string | null,
  notRunning: 'err.pushNotRunning' | 'err.appNotRunning',
): { results: BulkResult[]; byAccount: Map<string, Phone[]> } {
  const results: BulkResult[] = [];
  const byAccount = new Map<string, Phone[]>();
  for (const key of new Set(keys)) {
    const p = d.phone(key);
    const provider = p && d.provider(p.accountId);
    const why = provider ? unsupported(provider) : null;
    if (!p || !provider) results.push(d.resultFor(key, false, 'NOT_FOUND', t('result.notListed')));
    else if (why) results.push(d.resultFor(key, false, 'UNSUPPORTED', why));
    else if (p.status !== 'running') results.push(d.resultFor(key, false, 'NOT_RUNNING', t(notRunning)));
    else byAccount.set(p.accountId, [...(byAccount.get(p.accountId) ?? []), p]);
  }
  return { results, byAccount };
}

/** What one action on many phones is: which, for whom, why a phone is left out, and how one account acts. */
export interface PhonesAction {
  action: 'push' | 'install' | 'uninstall';
  keys: readonly string[];
  source: string;
  unsupported: (provider: CloudPhoneProvider) => string | null;
  notRunning: 'err.pushNotRunning' | 'err.appNotRunning';
  okMessage: 'result.pushed' | 'result.installed' | 'result.uninstalled';
  each: (provider: CloudPhoneProvider, ids: string[]) => Promise<PhoneOutcome[]>;
}

/**
 * Runs one action on the phones it may go to, an account at a time and all accounts at once, and records it
 * with its source and every phone's result, including the ones left out and why.
 */
export async function actOnPhones(d: FilePushDeps, a: PhonesAction): Promise<BulkResult[]> {
  const at = d.clock.now();
  const { results, byAccount } = sortOut(d, a.keys, a.unsupported, a.notRunning);
  await Promise.all(
    [...byAccount].map(async ([accountId, phones]) => {
      const outcomes = await a.each(
        d.provider(accountId)!,
        phones.map((p) => p.id),
      );
      for (const o of outcomes) {
        const key = phoneKey(accountId, o.id);
        results.push(o.ok ? d.resultFor(key, true, 'OK', t(a.okMessage)) : d.resultFor(key, false, o.code, o.message));
      }
    }),
  );
  d.record({
    id: `${a.action}_${randomBytes(6).toString('hex')}`,
    action: a.action,
    at,
    source: a.source,
    total: results.length,
    finishedAt: d.clock.now(),
    results,
  });
  return results;
}

/** A file on this computer to send: it must be a file, and not over the cap. */
export async function readLocalFile(file: string): Promise<Buffer> {
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) throw new ProviderError('INVALID_INPUT', t('err.pushNoFile', { file }));
  if (st.size > MAX_PUSH_BYTES) throw new ProviderError('TOO_LARGE', t('err.pushTooLarge', { file }));
  return readFile(file);
}

/**
 * One file onto many phones' Downloads (GeeLark), from a file on this computer: read once, uploaded once
 * per account, pushed one phone per call, each phone's result said and recorded with the push's source. A
 * phone that is not running is left out without a call; Huawei phones take a .tar from OBS instead.
 */
export class FilePush {
  constructor(private readonly d: FilePushDeps) {}

  async push(keys: readonly string[], file: string, source: string): Promise<BulkResult[]> {
    // A .tar in OBS goes to CPH phones as a command (extracted into the root); GeeLark takes the file itself.
    const obs = file.startsWith('obs://');
    const bytes = obs ? Buffer.alloc(0) : await readLocalFile(file);
    return actOnPhones(this.d, {
      action: 'push',
      keys,
      source,
      unsupported: (provider) =>
        (obs ? provider.command : provider.pushFile) ? null : t(obs ? 'err.pushObsGeeLark' : 'err.pushHuawei'),
      notRunning: 'err.pushNotRunning',
      okMessage: 'result.pushed',
      each: async (provider, ids) =>
        obs
          ? provider.command!(ids, 'push', file)
          : (await provider.pushFile!(ids, { bytes, name: basename(file) })).outcomes,
    });
  }
}
