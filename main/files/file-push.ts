import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import type { Phone } from '../../common/phone';
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

/**
 * One file onto many phones' Downloads (GeeLark), from a file on this computer: read once, uploaded once
 * per account, pushed one phone per call, each phone's result said and recorded with the push's source. A
 * phone that is not running is left out without a call; Huawei phones say how CPH takes files instead.
 */
export class FilePush {
  constructor(private readonly d: FilePushDeps) {}

  async push(keys: readonly string[], file: string, source: string): Promise<BulkResult[]> {
    // A .tar in OBS goes to CPH phones as a command (extracted into the root); GeeLark takes the file itself.
    const obs = file.startsWith('obs://');
    const bytes = obs ? Buffer.alloc(0) : await this.read(file);
    const at = this.d.clock.now();
    const { results, byAccount } = sortOut(
      this.d,
      keys,
      (provider) =>
        (obs ? provider.command : provider.pushFile) ? null : t(obs ? 'err.pushObsGeeLark' : 'err.pushHuawei'),
      'err.pushNotRunning',
    );
    await Promise.all(
      [...byAccount].map(async ([accountId, phones]) => {
        const provider = this.d.provider(accountId)!;
        const ids = phones.map((p) => p.id);
        const outcomes = obs
          ? await provider.command!(ids, 'push', file)
          : (await provider.pushFile!(ids, { bytes, name: basename(file) })).outcomes;
        results.push(...outcomes.map((o) => this.resultOf(accountId, o)));
      }),
    );
    this.d.record({
      action: 'push',
      id: `push_${randomBytes(6).toString('hex')}`,
      at,
      source,
      total: results.length,
      finishedAt: this.d.clock.now(),
      results,
    });
    return results;
  }

  private resultOf(accountId: string, o: PhoneOutcome): BulkResult {
    const key = `${accountId}/${o.id}`;
    return o.ok
      ? this.d.resultFor(key, true, 'OK', t('result.pushed'))
      : this.d.resultFor(key, false, o.code, o.message);
  }

  private async read(file: string): Promise<Buffer> {
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new ProviderError('INVALID_INPUT', t('err.pushNoFile', { file }));
    if (st.size > MAX_PUSH_BYTES) throw new ProviderError('TOO_LARGE', t('err.pushTooLarge', { file }));
    return readFile(file);
  }
}
