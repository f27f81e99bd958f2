import pg from 'pg';
import { oneAtATime } from '../kernel/one-at-a-time';
import { t } from '../../common/i18n/i18n';
import { ProviderError } from '../kernel/errors';
import { teamPolicyBodies } from './team-policies-sql';
import { liveClaims, listenForDesk, teamAccounts, takeViewerUrl, whoAmI, type TeamAccount } from './team-accounts-sql';
import {
  claimPhone,
  jobOutcomes,
  jobState,
  recentJobs,
  phonesSince,
  releasePhone,
  submitJob,
  type Outcome,
  type PhoneClaim,
  type TeamPhone,
} from './team-sql';

export type TeamLinkState =
  | { state: 'connecting' }
  | { state: 'online'; role: string; teamRole: string | null; runsJobs: boolean }
  | { state: 'offline'; since: number; error: string };

export interface TeamLinkDeps {
  config: pg.ClientConfig;
  log: { info(m: string, d?: unknown): void; warn(m: string, d?: unknown): void };
  now?: () => number;
  /** How long a desktop waits for its job before saying it is still queued in the team (default 10 min). */
  jobWaitMs?: number;
  /** Reconnect pace when the database is away (default 1 s, then up to 5 s). */
  retryMs?: number;
}

type Waiter = { resolve: () => void };

/**
 * A desktop's connection to the team database, as the person's own role. It keeps what the window shows of
 * the team (its accounts, the phones' last published statuses, who holds which phone), kept current by
 * NOTIFY and caught up from the last revision after a reconnect. Acting is submitting a job row and waiting
 * for its outcomes; while the database is away the desktop is read-only and reconnects by itself.
 */
export class TeamLink {
  private client: pg.Client | null = null;
  private rev = '0';
  private closed = false;
  private reconnecting: Promise<void> | null = null;
  private readonly waiters = new Map<string, Waiter>();
  private readonly listeners = new Set<(what: 'state' | 'accounts' | 'phones' | 'claims') => void>();
  readonly phones = new Map<string, TeamPhone>();
  readonly claims = new Map<string, PhoneClaim>();
  accounts: TeamAccount[] = [];
  current: TeamLinkState = { state: 'connecting' };

  constructor(private readonly d: TeamLinkDeps) {}

  onChange(l: (what: 'state' | 'accounts' | 'phones' | 'claims') => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Connects, and keeps reconnecting until it does; never throws. */
  start(): Promise<void> {
    return this.reconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.values()) w.resolve();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  get online(): boolean {
    return this.current.state === 'online';
  }

  /** A connection to act on, or the plain reason there is none (read-only until it is back). */
  private db(): pg.Client {
    if (!this.client || !this.online) throw new ProviderError('TEAM_OFFLINE', t('team.offlineReadOnly'));
    return this.client;
  }

  private emit(what: 'state' | 'accounts' | 'phones' | 'claims'): void {
    for (const l of this.listeners) l(what);
  }

  private setState(s: TeamLinkState): void {
    this.current = s;
    this.emit('state');
  }

  private async connectOnce(): Promise<void> {
    const c = new pg.Client(this.d.config);
    c.on('error', (e) => this.lost(c, e));
    c.on('end', () => this.lost(c, new Error('the connection closed')));
    try {
      await c.connect();
      const me = await whoAmI(c);
      if (!me.teamRole) throw new ProviderError('TEAM_REFUSED', t('team.notMember', { role: me.role }));
      c.on('notification', (n) => this.heard(n.channel, n.payload ?? ''));
      await listenForDesk(c);
      this.client = c;
      this.accounts = await teamAccounts(c);
      await this.reloadClaims(c);
      this.setState({ state: 'online', role: me.role, teamRole: me.teamRole, runsJobs: me.runsJobs });
      this.emit('accounts');
      await this.read();
      // Jobs whose end was announced while this desktop was away: their waits look again now.
      for (const w of this.waiters.values()) w.resolve();
    } catch (e) {
      this.client = null;
      await c.end().catch(() => undefined);
      throw e;
    }
  }

  private lost(c: pg.Client, e: Error): void {
    if (this.client !== c || this.closed) return;
    this.client = null;
    this.d.log.warn('team: lost the database', { error: e.message });
    this.setState({ state: 'offline', since: (this.d.now ?? Date.now)(), error: e.message });
    void this.reconnect();
  }

  /** One reconnect loop at a time; a refusal (not a member, wrong password) is said and retried slowly. */
  private reconnect(): Promise<void> {
    this.reconnecting ??= (async () => {
      let wait = this.d.retryMs ?? 1_000;
      while (!this.closed && !this.client) {
        try {
          await this.connectOnce();
        } catch (e) {
          const message = (e as Error).message;
          if (this.current.state !== 'offline' || this.current.error !== message)
            this.setState({ state: 'offline', since: (this.d.now ?? Date.now)(), error: message });
          await new Promise((r) => setTimeout(r, wait));
          wait = Math.min(wait * 2, 5_000);
        }
      }
    })().finally(() => (this.reconnecting = null));
    return this.reconnecting;
  }

  private heard(channel: string, payload: string): void {
    if (channel === 'phonedeck_job_done') this.waiters.get(payload)?.resolve();
    else if (channel === 'phonedeck_claims') void this.reloadClaims(this.client).catch(() => undefined);
    else if (channel === 'phonedeck_phones') {
      if (!this.accounts.some((a) => a.id === payload)) void this.reloadAccounts();
      void this.read();
    }
  }

  private async reloadAccounts(): Promise<void> {
    if (!this.client) return;
    this.accounts = await teamAccounts(this.client).catch(() => this.accounts);
    this.emit('accounts');
  }

  private async reloadClaims(c: pg.Client | null): Promise<void> {
    if (!c) return;
    const claims = await liveClaims(c);
    this.claims.clear();
    for (const { key, ...claim } of claims) this.claims.set(key, claim);
    this.emit('claims');
  }

  /** One read at a time; a notification during a read asks for one more after it. */
  private readonly read = oneAtATime(
    async () => {
      if (!this.client) return;
      const { rev, phones } = await phonesSince(this.client, this.rev);
      this.rev = rev;
      for (const p of phones) this.phones.set(p.key, p);
      if (phones.length) this.emit('phones');
    },
    () => undefined, // a dead connection: the reconnect reads from the last revision
  );

  /**
   * Submits a job as this person and waits for the leader's per-phone outcomes. The database decides whether
   * this person may (a refusal comes back as TEAM_REFUSED for every phone, nothing sent to any provider).
   */
  async run(job: { accountId: string; action: string; keys: string[]; options?: unknown; source: string }) {
    let id: string;
    try {
      id = await submitJob(this.db(), job);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code === '42501') throw new ProviderError('TEAM_REFUSED', t('team.refused', { reason: err.message }));
      if (e instanceof ProviderError) throw e;
      // The insert may have reached the database before the connection went: the job may still run.
      throw new ProviderError('OUTCOME_UNKNOWN', t('team.submitLost', { message: err.message }), {
        maybeApplied: true,
      });
    }
    const done = await this.waitDone(id);
    let outcomes: Outcome[] = [];
    try {
      if (done) outcomes = await jobOutcomes(this.db(), id);
    } catch (e) {
      // The job ran, but its outcomes could not be read: never "not sent", always "look before acting again".
      throw new ProviderError('OUTCOME_UNKNOWN', t('team.outcomesLost', { message: (e as Error).message }), {
        maybeApplied: true,
      });
    }
    return { id, done, outcomes };
  }

  /** The team's record, newest first (read-only: works offline as an empty answer with the reason). */
  recentJobs(limit: number) {
    return recentJobs(this.db(), limit);
  }

  teamPolicies() {
    return teamPolicyBodies(this.db());
  }

  /** A started phone's viewer URL, handed over once. */
  viewerUrl(jobId: string, key: string): Promise<string | null> {
    return takeViewerUrl(this.db(), jobId, key);
  }

  /** True once the job is done; false if it is still queued or running when the wait ends. */
  private async waitDone(id: string): Promise<boolean> {
    const end = (this.d.now ?? Date.now)() + (this.d.jobWaitMs ?? 600_000);
    while (!this.closed && (this.d.now ?? Date.now)() < end) {
      if (this.client && this.online) {
        if ((await jobState(this.client, id).catch(() => null)) === 'done') return true;
      }
      // Woken by the job's NOTIFY, or looked at again every 2 s (a notification lost with a connection).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        this.waiters.set(id, { resolve: () => (clearTimeout(timer), resolve()) });
      });
      this.waiters.delete(id);
    }
    return false;
  }

  /** Claims a phone for this person (a viewer open, a job): granted, or who holds it since when. */
  claim(key: string, accountId: string, kind: 'viewer' | 'job', seconds: number): Promise<PhoneClaim> {
    return claimPhone(this.db(), { key, accountId, kind, seconds });
  }

  async release(key: string): Promise<void> {
    if (this.client) await releasePhone(this.client, key).catch(() => undefined);
  }
}
