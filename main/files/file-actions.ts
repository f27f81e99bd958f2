import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ActionSource } from '../../common/activity';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { phoneKey, type FileAction, type Phone } from '../../common/phone';
import { describeError } from '../kernel/errors';
import type { BatchHooks, CloudPhoneProvider, PhoneOutcome } from '../providers/types';
import { checkLocalFile, checkWhat, subjectOf, type FileWhat } from './file-what';
import { HeldSources, type Held } from './held-sources';
import { how, wrongWay, type Each } from './provider-ways';

/** What files and apps need of the app: the list, each account's provider, and the job table to run in. */
export interface FileActionDeps {
  phone(key: string): Phone | undefined;
  provider(accountId: string): CloudPhoneProvider | null;
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult;
  /** Runs `work` as a job like the bulk ones (history, progress, the record); returns its id. */
  track(
    action: FileAction,
    keys: readonly string[],
    source: ActionSource,
    work: (report: (results: BulkResult[]) => void) => Promise<void>,
    subject: string,
  ): string;
}

const OK_MESSAGE = {
  push: 'result.pushed',
  install: 'result.installed',
  uninstall: 'result.uninstalled',
  appStart: 'result.appStarted',
  appStop: 'result.appStopped',
} as const;

/**
 * What a phone's success says. GeeLark's `app/install` answers once it has accepted the install, and its API
 * has no call to ask when it finished (only a webhook), so it says "accepted", not "installed".
 */
function okMessage(action: FileAction, provider: CloudPhoneProvider) {
  return action === 'install' && provider.kind === 'geelark' ? 'result.installAccepted' : OK_MESSAGE[action];
}

/**
 * Files and apps onto many phones, one job per action like the bulk ones: a local file is read once and
 * uploaded once per account (GeeLark), an OBS path goes to CPH as a command, an app from a URL is fetched by
 * GeeLark itself; then one phone per call (GeeLark) or a job per phone (CPH), each followed to its end.
 * Phones that are not running, or whose provider takes the thing another way, are left out without a call
 * and say why. Each phone's result is reported as it comes and recorded with the job's source.
 */
export class FileActions {
  private readonly held = new HeldSources();

  constructor(private readonly d: FileActionDeps) {}

  /** Checks what was given before any plan or call (a file that is there and fits, a package name, a URL). */
  check(action: FileAction, what: FileWhat): Promise<void> {
    return checkWhat(action, what);
  }

  /** Whether this account's provider takes it this way (the plan leaves the others out and says why). */
  takes(accountId: string, action: FileAction, what: FileWhat): boolean {
    const provider = this.d.provider(accountId);
    // The bytes are not read to plan: only whether the provider has a way for a file of this name.
    const local = what.kind === 'file' ? { bytes: Buffer.alloc(0), name: subjectOf(what) } : null;
    return !!provider && !!how(action, what, local, provider);
  }

  /** Starts the action as a job and returns its id (progress arrives as bulk:update events). */
  run(action: FileAction, keys: readonly string[], source: ActionSource, what: FileWhat): string {
    return this.d.track(
      action,
      keys,
      source,
      async (report) => {
        // Read once for every account, checked again first: the file may have changed since it was planned.
        const st = what.kind === 'file' ? await checkLocalFile(what.path) : null;
        const bytes = what.kind === 'file' ? await readFile(what.path) : null;
        const local = bytes && what.kind === 'file' ? { bytes, name: basename(what.path) } : null;
        // The file as it is now, or the app's address: what an account may already hold from a first try.
        const identity = what.kind === 'file' ? `${what.path}|${st!.size}|${st!.mtimeMs}` : subjectOf(what);
        const each = (provider: CloudPhoneProvider) => how(action, what, local, provider);
        const { left, byAccount } = this.sortOut(keys, each, (provider) => wrongWay(action, what, provider));
        report(left);
        await Promise.all(
          [...byAccount].map(([accountId, phones]) => {
            const held = this.held.for(`${accountId}|${action === 'push' ? 'file' : 'app'}|${identity}`);
            return this.onAccount(accountId, phones, each, report, action, held);
          }),
        );
      },
      subjectOf(what),
    );
  }

  private async onAccount(
    accountId: string,
    phones: Phone[],
    each: (p: CloudPhoneProvider) => Each | null,
    report: (results: BulkResult[]) => void,
    action: FileAction,
    held: Held,
  ): Promise<void> {
    const provider = this.d.provider(accountId)!;
    const toResult = (o: PhoneOutcome) => {
      const key = phoneKey(accountId, o.id);
      return o.ok
        ? this.d.resultFor(key, true, 'OK', t(okMessage(action, provider)))
        : this.d.resultFor(key, false, o.code, o.message);
    };
    const said = new Set<string>();
    const hooks: BatchHooks = {
      onOutcomes: (outcomes) => {
        const fresh = outcomes.filter((o) => !said.has(o.id));
        for (const o of fresh) said.add(o.id);
        report(fresh.map(toResult));
      },
    };
    const ids = phones.map((p) => p.id);
    try {
      const outcomes = await each(provider)!(provider, ids, hooks, held);
      hooks.onOutcomes!(outcomes);
    } catch (e) {
      // The upload or its review failed, or the file went away: no phone was touched, each says why.
      const { code, message } = describeError(e);
      hooks.onOutcomes!(ids.filter((id) => !said.has(id)).map((id) => ({ id, ok: false as const, code, message })));
    }
  }

  /** The phones the action may go to, by account, and a result for each one left out and why. */
  private sortOut(
    keys: readonly string[],
    each: (p: CloudPhoneProvider) => Each | null,
    why: (p: CloudPhoneProvider) => string,
  ): { left: BulkResult[]; byAccount: Map<string, Phone[]> } {
    const left: BulkResult[] = [];
    const byAccount = new Map<string, Phone[]>();
    for (const key of new Set(keys)) {
      const p = this.d.phone(key);
      const provider = p && this.d.provider(p.accountId);
      if (!p || !provider) left.push(this.d.resultFor(key, false, 'NOT_FOUND', t('result.notListed')));
      else if (!each(provider)) left.push(this.d.resultFor(key, false, 'UNSUPPORTED', why(provider)));
      else if (p.status !== 'running') left.push(this.d.resultFor(key, false, 'NOT_RUNNING', t('err.appNotRunning')));
      else byAccount.set(p.accountId, [...(byAccount.get(p.accountId) ?? []), p]);
    }
    return { left, byAccount };
  }
}
