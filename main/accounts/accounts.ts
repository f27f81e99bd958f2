import { randomBytes } from 'node:crypto';
import { t } from '../../common/i18n/i18n';
import type { AccountSummary, Credentials } from '../../common/contract';
import { classifyHost } from '../../common/hosts';
import { describeError, ProviderError } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { SecretFields, SecretVault } from './secret-vault';
import { sameIdentity, splitCredentials } from './credentials';

export { splitCredentials };
import type { AccountRecord as StoredAccount, AccountSettings } from './account-settings';
import type { CloudPhoneProvider, ProviderFactory } from '../providers/types';

export type { ProviderFactory };

/** Supplies credentials for demo accounts, which talk to the built-in simulators. */
export interface DemoCredentials {
  credentialsFor(account: StoredAccount): Promise<{ account: StoredAccount; secret: SecretFields }>;
  /** The accounts a fresh demo workspace consists of. */
  demoAccounts(): Promise<StoredAccount[]>;
}

interface Active {
  account: StoredAccount;
  provider: CloudPhoneProvider | null;
  health: AccountSummary['health'];
  /** An account of the team this desktop holds no key for: listed and acted on through the team only. */
  team?: boolean;
}

/** A team account without a key here, as the team describes it. */
export interface TeamAccountEntry {
  id: string;
  label: string;
  provider: CloudPhoneProvider;
}

const NO_CAPS = {
  start: false,
  stop: false,
  delete: false,
  restart: false,
  reset: false,
  viewer: false,
  startOptions: false,
  screenshot: false,
  files: false,
  apps: false,
};

/** A connection test gets one overall deadline, whatever the provider's per-request timeouts and retries. */
export const CONNECTION_TEST_MS = 10_000;

/** The accounts the user holds, each with a live provider. Secrets are read from the vault only here. */
export class AccountService {
  private readonly active = new Map<string, Active>();
  private readonly listeners: ((s: AccountSummary[]) => void)[] = [];
  /** Account changes run one at a time: two "add" of the same account cannot both pass the twin check. */
  private queue: Promise<unknown> = Promise.resolve();
  private currentTest: AbortController | null = null;
  /** Phone ids from the first page of each account added in this session (before the list catches up). */
  private readonly firstPages = new Map<string, { provider: string; ids: Set<string> }>();

  constructor(
    private readonly deps: {
      settings: AccountSettings;
      vault: SecretVault;
      factory: ProviderFactory;
      demo: DemoCredentials;
      log: Logger;
      connectionTestMs?: number;
      /** Which accounts already list any of these phone ids, to recognise the same account added a second way. */
      accountsListing?: (provider: CloudPhoneProvider['kind'], phoneIds: ReadonlySet<string>) => Set<string>;
    },
  ) {}

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a connection test under one deadline, cancellable with cancelTest(). The signal reaches the
   * provider's limiter, retries and HTTP, so a test that ends sends nothing more.
   */
  private async withDeadline<T>(test: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.currentTest = controller;
    const ms = this.deps.connectionTestMs ?? CONNECTION_TEST_MS;
    const timer = setTimeout(
      () => controller.abort(new ProviderError('TIMEOUT', t('err.timeoutCheck', { s: Math.round(ms / 1000) }))),
      ms,
    );
    try {
      return await test(controller.signal);
    } finally {
      clearTimeout(timer);
      if (this.currentTest === controller) this.currentTest = null;
    }
  }

  /** Stops the connection test in progress, if any. */
  cancelTest(): void {
    this.currentTest?.abort(new ProviderError('CANCELLED', t('err.cancelled')));
  }

  onChange(l: (s: AccountSummary[]) => void): void {
    this.listeners.push(l);
  }

  async load(): Promise<void> {
    for (const account of this.deps.settings.get().accounts) await this.activate(account);
    this.changed();
  }

  providers(): { accountId: string; provider: CloudPhoneProvider }[] {
    return [...this.active.values()]
      .filter((a) => a.provider)
      .map((a) => ({ accountId: a.account.id, provider: a.provider! }));
  }

  provider(accountId: string): CloudPhoneProvider | null {
    return this.active.get(accountId)?.provider ?? null;
  }

  /** Whether the account's API runs on this machine: the demo simulators, or a simulator on loopback. */
  isLocal(accountId: string): boolean {
    const account = this.active.get(accountId)?.account;
    if (!account) return false;
    if (account.demo) return true;
    try {
      return (
        !!account.baseUrl &&
        new URL(account.baseUrl).protocol === 'http:' &&
        classifyHost(new URL(account.baseUrl).hostname) === 'loopback'
      );
    } catch {
      return false;
    }
  }

  /**
   * Joins or leaves a team: every stored account gets a provider again from the factory (which knows whether
   * a team is on), and the team's other accounts are listed beside them, replaced whole on each call.
   */
  async reload(teamAccounts: readonly TeamAccountEntry[] = []): Promise<void> {
    await this.serially(async () => {
      for (const [id, a] of this.active) if (a.team) this.active.delete(id);
      for (const account of this.deps.settings.get().accounts) await this.activate(account);
      this.lendNow(teamAccounts);
      this.changed();
    });
  }

  /** The team's accounts with no key on this desktop, replacing those listed before. */
  setTeamAccounts(teamAccounts: readonly TeamAccountEntry[]): void {
    for (const [id, a] of this.active) if (a.team) this.active.delete(id);
    this.lendNow(teamAccounts);
    this.changed();
  }

  private lendNow(teamAccounts: readonly TeamAccountEntry[]): void {
    for (const t of teamAccounts) {
      if (this.active.has(t.id)) continue;
      const account = { id: t.id, label: t.label, provider: t.provider.kind, auth: 'token', demo: false } as const;
      this.active.set(t.id, { account, provider: t.provider, health: { state: 'untested', message: '' }, team: true });
    }
  }

  summaries(): AccountSummary[] {
    return [...this.active.values()].map(({ account, provider, health, team }) => ({
      id: account.id,
      provider: account.provider,
      // The demo's names are the app's own words, so they follow the language; a person's names stay theirs.
      label: account.demo ? t(`demo.account.${account.provider}`) : account.label,
      auth: account.auth,
      demo: account.demo,
      capabilities: provider?.capabilities ?? NO_CAPS,
      health,
      lockedUntil: provider?.limiter.lockedUntil ?? null,
      ...(team ? { team: true } : {}),
    }));
  }

  /** Tests the credentials first; nothing is stored unless the provider accepts them. */
  add(label: string, credentials: Credentials): Promise<AccountSummary> {
    return this.serially(() => this.addNow(label, credentials));
  }

  private async addNow(label: string, credentials: Credentials): Promise<AccountSummary> {
    const id = `acc_${randomBytes(6).toString('hex')}`;
    const { account, secret } = splitCredentials(id, label, credentials);
    const twin = this.deps.settings.get().accounts.find((a) => !a.demo && sameIdentity(a, account));
    // The same account twice would list every phone twice and double every poll.
    if (twin) throw new ProviderError('DUPLICATE_ACCOUNT', t('err.duplicate', { name: twin.label }));
    const provider = this.deps.factory(account, secret);
    let firstPage: string[];
    try {
      // The first page is the connection test and shows whose phones these are.
      firstPage = await this.withDeadline(async (signal) =>
        (await provider.listPage(1, signal)).phones.map((p) => p.id),
      );
    } catch (e) {
      const { code, message } = describeError(e);
      throw new ProviderError(code, t('err.notSaved', { message }));
    }
    // The same team or project under another key or sign-in lists the same phones: every phone would show
    // twice and be polled twice.
    // (Demo accounts are exempt: a real account may point at the built-in simulator on purpose.)
    const ids = new Set(firstPage);
    const owners = this.deps.accountsListing?.(account.provider, ids) ?? new Set<string>();
    for (const [owner, seen] of this.firstPages)
      if (seen.provider === account.provider && firstPage.some((id) => seen.ids.has(id))) owners.add(owner);
    const twinOfPhones = [...owners].map((o) => this.active.get(o)?.account).find((a) => a && !a.demo);
    if (twinOfPhones)
      throw new ProviderError('DUPLICATE_ACCOUNT', t('err.duplicatePhones', { name: twinOfPhones.label }));
    await this.deps.vault.put(id, secret);
    this.deps.settings.update((s) => {
      s.accounts.push(account);
    });
    this.active.set(id, { account, provider, health: { state: 'ok', message: t('health.connected') } });
    this.firstPages.set(id, { provider: account.provider, ids: new Set(firstPage) });
    this.deps.log.info('account added', { id, provider: account.provider, auth: account.auth });
    this.changed();
    return this.summaries().find((a) => a.id === id)!;
  }

  test(accountId: string): Promise<AccountSummary> {
    return this.serially(() => this.testNow(accountId));
  }

  private async testNow(accountId: string): Promise<AccountSummary> {
    const a = this.active.get(accountId);
    if (!a) throw new ProviderError('NOT_FOUND', t('err.noAccount'));
    if (!a.provider) await this.activate(a.account);
    const current = this.active.get(accountId)!;
    if (current.provider) {
      try {
        const provider = current.provider;
        await this.withDeadline((signal) => provider.testConnection(signal));
        current.health = { state: 'ok', message: t('health.connected') };
      } catch (e) {
        current.health = { state: 'error', message: describeError(e).message };
      }
    }
    this.changed();
    return this.summaries().find((s) => s.id === accountId)!;
  }

  /** Every list call is a connection test too: record its outcome so Settings shows it. */
  noteHealth(accountId: string, error: string | null): void {
    const a = this.active.get(accountId);
    if (!a) return;
    const health: AccountSummary['health'] = error
      ? { state: 'error', message: error }
      : { state: 'ok', message: t('health.connected') };
    if (a.health.state === health.state && a.health.message === health.message) return;
    a.health = health;
    this.changed();
  }

  remove(accountId: string): Promise<AccountSummary[]> {
    return this.serially(async () => this.removeNow(accountId));
  }

  private removeNow(accountId: string): AccountSummary[] {
    if (!this.active.has(accountId)) throw new ProviderError('NOT_FOUND', t('err.noAccount'));
    if (this.active.get(accountId)!.team) throw new ProviderError('FORBIDDEN', t('team.teamAccountRemove'));
    this.firstPages.delete(accountId);
    this.active.delete(accountId);
    this.deps.vault.remove(accountId);
    this.deps.settings.update((s) => {
      s.accounts = s.accounts.filter((a) => a.id !== accountId);
    });
    this.changed();
    return this.summaries();
  }

  enableDemo(): Promise<AccountSummary[]> {
    return this.serially(() => this.enableDemoNow());
  }

  private async enableDemoNow(): Promise<AccountSummary[]> {
    const existing = new Set(
      this.deps.settings
        .get()
        .accounts.filter((a) => a.demo)
        .map((a) => a.id),
    );
    const fresh = (await this.deps.demo.demoAccounts()).filter((a) => !existing.has(a.id));
    this.deps.settings.update((s) => {
      s.accounts.push(...fresh);
      s.demoOffered = true;
    });
    for (const a of fresh) await this.activate(a);
    this.changed();
    return this.summaries();
  }

  private async activate(stored: StoredAccount): Promise<void> {
    try {
      const { account, secret } = stored.demo
        ? await this.deps.demo.credentialsFor(stored)
        : { account: stored, secret: await this.deps.vault.get(stored.id) };
      if (stored.demo) this.deps.vault.track(secret);
      this.active.set(stored.id, {
        account: stored,
        provider: this.deps.factory(account, secret),
        health: { state: 'untested', message: '' },
      });
    } catch (e) {
      // Keep the account listed with its problem; never drop it (that would lose the saved key).
      this.active.set(stored.id, {
        account: stored,
        provider: null,
        health: { state: 'error', message: describeError(e).message },
      });
    }
  }

  private changed(): void {
    const s = this.summaries();
    for (const l of this.listeners) l(s);
  }
}
