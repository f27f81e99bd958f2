import { t } from '../../common/i18n/i18n';
import { phoneKey, splitPhoneKey } from '../../common/phone';
import type { TeamJobSummary, TeamPolicySummary, TeamState } from '../../common/contract/team';
import { PolicySchema, type Policy } from '../../common/policy';
import type { StartOptions } from '../../common/start-options';
import { ProviderError, type ErrorCode } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { CloudPhoneProvider, ProviderFactory } from '../providers/types';
import { teamAccountId } from './team-account-id';
import { TeamLink } from './team-link';
import { TeamNode } from './team-node';
import { TeamProvider } from './team-provider';
import { parseTeamUrl, teamClientConfig } from './team-url';

/** The vault entry that holds the team database's password (beside the provider keys, with safeStorage). */
export const TEAM_SECRET = 'team:db';
/** A viewer's claim lasts this long and is renewed while its window is open. */
const VIEWER_CLAIM_S = 15 * 60;

export interface TeamDeskDeps {
  settings: {
    get(): { team: { url: string } | null };
    update(change: (s: { team: { url: string } | null }) => void): unknown;
  };
  vault: {
    put(id: string, s: Record<string, string>): Promise<void>;
    get(id: string): Promise<Record<string, string>>;
    remove(id: string): void;
  };
  /** The accounts feature, narrowed: providers made again on joining or leaving, and the team's others listed. */
  accounts: {
    reload(team: { id: string; label: string; provider: CloudPhoneProvider }[]): Promise<void>;
    setTeamAccounts(team: { id: string; label: string; provider: CloudPhoneProvider }[]): void;
  };
  log: Logger;
  /** Masks the team password (as typed and as URL-encoded) at every exit. */
  redact: (...secrets: string[]) => void;
  /** This desktop's name in `claimed_by` (host and user). */
  node: string;
  startOptions: () => StartOptions;
  onState: (s: TeamState) => void;
  /** The team's list changed (a leader published statuses): the fleet reads it again. */
  onPhones: () => void;
  linkOptions?: { retryMs?: number; jobWaitMs?: number; checkMs?: number };
}

/**
 * Team mode on a desktop. Joined, every account's provider is the team's (reads from the shared list, actions
 * as jobs), and the accounts whose keys this desktop holds are led from here when the team lets this person
 * run jobs: one caller per key however many desktops are open. Alone (the default), nothing changes.
 */
export class TeamDesk {
  private link: TeamLink | null = null;
  private node: TeamNode | null = null;
  private url: string | null = null;
  /** Local account id → team account id, for the accounts whose keys are here. */
  private readonly teamIdOf = new Map<string, string>();
  private renew: NodeJS.Timeout | null = null;

  constructor(private readonly d: TeamDeskDeps) {}

  state(): TeamState {
    if (!this.link || !this.url) return { mode: 'alone' };
    const url = this.url;
    const s = this.link.current;
    if (s.state === 'online')
      return { mode: 'team', url, state: 'online', role: s.role, teamRole: s.teamRole ?? '', runsJobs: s.runsJobs };
    if (s.state === 'offline') return { mode: 'team', url, state: 'offline', since: s.since, error: s.error };
    return { mode: 'team', url, state: 'connecting' };
  }

  /** The provider factory, team-aware: alone it is the plain one. */
  wrap(factory: ProviderFactory): ProviderFactory {
    return (account, secret) => {
      const real = factory(account, secret);
      const link = this.link;
      if (!link || !this.node) return real;
      const teamId = teamAccountId(account, secret);
      const localId = (account as { id?: string }).id ?? teamId;
      this.teamIdOf.set(localId, teamId);
      this.node.hold(teamId, real, (account as { label?: string }).label);
      return new TeamProvider(link, teamId, real.kind, real.capabilities, real.viewerOrigin());
    };
  }

  /** At start: rejoins the team Settings names (the password from the keychain), or stays alone. */
  async begin(): Promise<void> {
    const team = this.d.settings.get().team;
    if (!team) return;
    try {
      const { password } = await this.d.vault.get(TEAM_SECRET);
      // At start the window must not wait for a database: it connects in the background, its state shown.
      await this.open(team.url, password, 0);
    } catch (e) {
      this.d.log.warn('team: not joined at start', { error: (e as Error).message });
    }
  }

  /** Joins (or re-points) the team: the URL checked, the password kept with the keychain, accounts remade. */
  async join(url: string, password: string | undefined): Promise<TeamState> {
    let u: URL;
    try {
      u = parseTeamUrl(url);
    } catch {
      throw new ProviderError('INVALID_INPUT', t('team.badUrl'));
    }
    if (u.password) throw new ProviderError('INVALID_INPUT', t('team.passwordInUrl'));
    try {
      teamClientConfig(url);
    } catch {
      throw new ProviderError('INSECURE_URL', t('team.tls', { host: u.hostname }));
    }
    const pw = password ?? (await this.d.vault.get(TEAM_SECRET).catch(() => ({ password: '' }))).password ?? '';
    await this.close();
    if (password !== undefined) await this.d.vault.put(TEAM_SECRET, { password });
    this.d.settings.update((s) => void (s.team = { url }));
    await this.open(url, pw);
    return this.state();
  }

  /** Back to working alone: the leases let go, the accounts call their providers again. */
  async leave(): Promise<TeamState> {
    await this.close();
    this.d.settings.update((s) => void (s.team = null));
    this.d.vault.remove(TEAM_SECRET);
    await this.d.accounts.reload([]);
    this.d.onState(this.state());
    return this.state();
  }

  /** `waitMs`: how long to wait for the first connection (joining shows its answer; the start does not wait). */
  private async open(url: string, password: string, waitMs = 3_000): Promise<void> {
    if (password) this.d.redact(password, encodeURIComponent(password));
    const config = teamClientConfig(url, password);
    const link = new TeamLink({ config, log: this.d.log, ...this.d.linkOptions });
    this.url = url;
    this.link = link;
    this.node = new TeamNode({
      url: config,
      node: this.d.node,
      accounts: [],
      startOptions: this.d.startOptions(),
      checkMs: this.d.linkOptions?.checkMs,
      log: this.d.log,
    });
    link.onChange((what) => {
      if (what === 'state') this.d.onState(this.state());
      if (what === 'accounts') this.d.accounts.setTeamAccounts(this.others());
      if (what === 'phones') this.d.onPhones();
    });
    this.teamIdOf.clear();
    await this.d.accounts.reload([]);
    this.node.start();
    this.renew = setInterval(() => void this.renewViewers(), (VIEWER_CLAIM_S / 3) * 1000);
    const connected = link.start();
    if (waitMs) await Promise.race([connected, new Promise((r) => setTimeout(r, waitMs))]);
    this.d.accounts.setTeamAccounts(this.others());
    this.d.onState(this.state());
  }

  /** The accounts this desktop leads for the team now (Settings and diagnostics). */
  leading(): number {
    return this.node?.leading() ?? 0;
  }

  /** The accounts here changed: a key removed from this desktop stops being led from it at once. */
  async accountsNow(localIds: readonly string[]): Promise<void> {
    const kept = new Set(localIds);
    const gone = [...this.teamIdOf].filter(([local]) => !kept.has(local));
    for (const [local, team] of gone) {
      this.teamIdOf.delete(local);
      await this.node?.drop(team);
    }
    // The team's account stays listed, now as one whose key is elsewhere.
    if (gone.length) this.d.accounts.setTeamAccounts(this.others());
  }

  /** The app quits: the leases let go, the connection closed (settings keep the team for next time). */
  shutdown(): Promise<void> {
    return this.close();
  }

  private async close(): Promise<void> {
    if (this.renew) clearInterval(this.renew);
    const [link, node] = [this.link, this.node];
    this.link = this.node = this.url = null;
    await node?.stop();
    await link?.close();
  }

  /** The team's accounts with no key here, each read and acted on through the team. */
  private others() {
    const link = this.link;
    if (!link) return [];
    const held = new Set(this.teamIdOf.values());
    return link.accounts
      .filter((a) => !held.has(a.id))
      .map((a) => ({
        id: a.id,
        label: a.label,
        provider: new TeamProvider(link, a.id, a.provider, a.capabilities, a.viewerOrigin),
      }));
  }

  private teamKey(key: string): { teamKey: string; teamAccount: string } {
    const { accountId, id } = splitPhoneKey(key);
    const teamAccount = this.teamIdOf.get(accountId) ?? accountId;
    return { teamKey: phoneKey(teamAccount, id), teamAccount };
  }

  /** The team's newest jobs, each named by this desktop's id for its account. */
  async jobs(): Promise<TeamJobSummary[]> {
    if (!this.link) return [];
    const localOf = new Map([...this.teamIdOf].map(([local, team]) => [team, local]));
    return (await this.link.recentJobs(200)).map((j) => ({ ...j, accountId: localOf.get(j.accountId) ?? j.accountId }));
  }

  /** The team's policies, each read as a policy (or null when its body is not one). */
  async policies(): Promise<TeamPolicySummary[]> {
    if (!this.link) return [];
    const localOf = new Map([...this.teamIdOf].map(([local, team]) => [team, local]));
    const local = (id: string) => localOf.get(id) ?? id;
    return (await this.link.teamPolicies()).map(({ id, body, setBy, setAt }) => {
      const parsed = PolicySchema.safeParse(body);
      if (!parsed.success) return { id, policy: null, setBy, setAt };
      // Named by this desktop's ids for its accounts, so the window can say which account.
      const p = parsed.data;
      const policy: Policy =
        p.kind === 'budget'
          ? { ...p, accountId: local(p.accountId) }
          : { ...p, scope: p.scope.accountId ? { ...p.scope, accountId: local(p.scope.accountId) } : p.scope };
      return { id, policy, setBy, setAt };
    });
  }

  /** Phones other people hold now, by this desktop's keys: the consent plan asks before cutting them off. */
  heldByOthers(): ReadonlyMap<string, { who: string; since: number }> {
    const out = new Map<string, { who: string; since: number }>();
    if (!this.link) return out;
    const localOf = new Map([...this.teamIdOf].map(([local, team]) => [team, local]));
    for (const [key, c] of this.link.claims) {
      if (c.mine || c.kind !== 'viewer') continue;
      const { accountId, id } = splitPhoneKey(key);
      out.set(phoneKey(localOf.get(accountId) ?? accountId, id), { who: c.holder, since: new Date(c.since).getTime() });
    }
    return out;
  }

  /** The sessions' claim port: a viewer claims its phone, or is told who holds it. */
  readonly claims = {
    take: async (key: string): Promise<{ ok: true } | { ok: false; code: ErrorCode; message: string }> => {
      if (!this.link) return { ok: true };
      const { teamKey, teamAccount } = this.teamKey(key);
      try {
        const c = await this.link.claim(teamKey, teamAccount, 'viewer', VIEWER_CLAIM_S);
        if (c.mine) return { ok: true };
        const phone = this.link.phones.get(teamKey)?.name ?? splitPhoneKey(key).id;
        const time = new Date(c.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        const words = c.kind === 'viewer' ? 'team.heldViewer' : 'team.heldJob';
        return { ok: false, code: 'HELD_BY_OTHER', message: t(words, { who: c.holder, name: phone, time }) };
      } catch (e) {
        const err = e as Error & { code?: string };
        return { ok: false, code: err instanceof ProviderError ? err.code : 'TEAM_REFUSED', message: err.message };
      }
    },
    release: (key: string): void => void this.link?.release(this.teamKey(key).teamKey),
  };

  /** Open viewers keep their claims while they are open. */
  openViewers: () => readonly string[] = () => [];
  private async renewViewers(): Promise<void> {
    for (const key of this.openViewers()) await this.claims.take(key);
  }
}
