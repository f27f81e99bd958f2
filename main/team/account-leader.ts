import pg from 'pg';
import { StartOptionsSchema, type StartOptions } from '../../common/start-options';
import type { CloudPhoneProvider, PhoneOutcome } from '../providers/types';
import { t } from '../../common/i18n/i18n';
import { phoneKey, splitPhoneKey } from '../../common/phone';
import { reconcilePhone } from './reconcile';
import { publishAccount, whoAmI } from './team-accounts-sql';
import {
  claimForJob,
  claimNext,
  finishJob,
  keysWithOutcome,
  listenForJobs,
  orphanedJobs,
  publishList,
  publishStatuses,
  recordOutcomes,
  releaseJobClaims,
  type Outcome,
  tryLease,
  type TeamJob,
} from './team-sql';

/** How long a job's hold on a phone lasts if its node dies without letting go. */
const JOB_CLAIM_S = 10 * 60;

export interface LeaderDeps {
  /** The team database: a URL (serve's config) or a client config (a desktop's, password from its keychain). */
  url: string | pg.ClientConfig;
  node: string;
  accountId: string;
  /** How the account is named to the team's desktops (default: its id). */
  label?: string;
  provider: CloudPhoneProvider;
  startOptions: StartOptions;
  /** How often a follower tries for the lease, and a leader checks it still holds it. */
  checkMs: number;
  /** How often the leader reads the whole list and publishes it to the team (default 30 s). */
  listEveryMs?: number;
  log: { info(m: string, d?: unknown): void; warn(m: string, d?: unknown): void };
}

/**
 * Leads one provider account for the team while it holds the account's lease: a session advisory lock on
 * a connection of its own, which PostgreSQL releases the moment that connection dies (a killed process, a
 * lost network), so a follower takes over within one check. Only the leader calls the provider, so every
 * node's requests go through one limiter. Jobs arrive as rows; each is claimed once, run through the
 * provider's own batching and limiter, and its outcomes are written as each chunk settles.
 */
export class AccountLeader {
  private lease: pg.Client | null = null;
  private work: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake = false;
  private listedAt = 0;
  /** Phones left starting or stopping by a job: read again each check until they settle, for every node. */
  private readonly settling = new Set<string>();
  private refused = false;
  leading = false;

  constructor(private readonly d: LeaderDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.d.checkMs);
    void this.tick();
  }

  /** Stops claiming; a job being run is finished (never left half-claimed), then the lease is let go. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.release();
  }

  private async tick(): Promise<void> {
    if (this.stopping || this.running) {
      this.wake = true;
      return;
    }
    this.running = this.step().finally(() => (this.running = null));
    await this.running;
    if (this.wake && !this.stopping) {
      this.wake = false;
      void this.tick();
    }
  }

  private async step(): Promise<void> {
    try {
      if (!this.leading) await this.tryLead();
      if (this.leading) {
        await this.lease!.query('SELECT 1'); // still holding it: the connection (and so the lock) is alive
        if (Date.now() - this.listedAt >= (this.d.listEveryMs ?? 30_000)) await this.publishList();
        else if (this.settling.size) await this.publish(this.work!, [...this.settling]);
        for (let job = await claimNext(this.work!, this.d.accountId, this.d.node); job && !this.stopping;) {
          await this.run(job);
          job = this.stopping ? null : await claimNext(this.work!, this.d.accountId, this.d.node);
        }
      }
    } catch (e) {
      // A lost connection loses the lease with it: start again as a follower.
      this.d.log.warn('team: lost the database', { account: this.d.accountId, error: (e as Error).message });
      await this.release();
    }
  }

  private async tryLead(): Promise<void> {
    this.lease ??= await connect(this.d.url, () => void this.release());
    // A person's desktop leads only if the team lets it run jobs: holding the lock without the right to
    // record outcomes would leave every job of the account queued behind it.
    if (!(await whoAmI(this.lease)).runsJobs) {
      if (!this.refused) this.d.log.info('team: not a node of the team; following', { account: this.d.accountId });
      this.refused = true;
      return;
    }
    if (!(await tryLease(this.lease, this.d.accountId))) return;
    this.work = await connect(this.d.url, () => void this.release());
    this.leading = true;
    // A new job wakes this leader at once, wherever it was submitted.
    await listenForJobs(this.lease);
    this.lease.on('notification', (n) => n.payload === this.d.accountId && void this.tick());
    this.d.log.info('team: leading', { account: this.d.accountId, node: this.d.node });
    const p = this.d.provider;
    await publishAccount(this.work, {
      id: this.d.accountId,
      label: this.d.label ?? this.d.accountId,
      provider: p.kind,
      capabilities: p.capabilities,
      viewerOrigin: p.viewerOrigin(),
      ledBy: this.d.node,
      idleEvidence: !!p.activeTaskPhones,
    });
    for (const job of await orphanedJobs(this.work, this.d.accountId)) await this.takeOver(job);
  }

  /** The lease is gone as if the connection died: a running job stops before its next chunk. */
  loseLease(): Promise<void> {
    return this.release();
  }

  private async release(): Promise<void> {
    this.leading = false;
    const [lease, work] = [this.lease, this.work];
    this.lease = this.work = null;
    await Promise.all([lease?.end().catch(() => undefined), work?.end().catch(() => undefined)]);
  }

  private async run(job: TeamJob): Promise<void> {
    // This run's connection, held for its whole length: a lost one fails the run instead of another's.
    const work = this.work!;
    const ids = job.keys.map((k) => splitPhoneKey(k).id);
    const write = (outcomes: PhoneOutcome[]) => recordOutcomes(work, job.id, outcomes.map(this.outcome));
    // A chunk at a time, each recorded before the next is sent: a leader that lost its lease sends nothing
    // more (the next leader reconciles the rest from a status read), and a takeover knows where it stopped.
    const size = this.d.provider.batchSize;
    // Each chunk's phones are held while it runs: a colleague opening one is told a job has it.
    for (let i = 0; i < ids.length; i += size) {
      if (!this.leading) throw new Error(t('team.leaseLost'));
      await claimForJob(work, this.d.accountId, job.keys.slice(i, i + size), JOB_CLAIM_S);
      await write(await this.send(job, ids.slice(i, i + size)));
    }
    await finishJob(work, job.id);
    await releaseJobClaims(work, job.keys);
    await this.publish(work, ids);
  }

  private send(job: TeamJob, ids: string[]): Promise<PhoneOutcome[]> {
    const p = this.d.provider;
    const action = job.action;
    switch (action) {
      case 'start': {
        // The submitter's window size and sidebar, when they are valid options; this node's defaults otherwise.
        const chosen = StartOptionsSchema.safeParse(job.options);
        return p.start(ids, chosen.success ? chosen.data : this.d.startOptions);
      }
      case 'stop':
        return p.stop(ids);
      case 'restart':
        return p.restart(ids);
      case 'delete':
        return p.delete(ids);
      case 'reset':
        return p.reset(ids);
      default:
        return Promise.resolve(
          ids.map((id) => ({
            id,
            ok: false as const,
            code: 'UNSUPPORTED',
            message: t('team.notRunYet', { action }),
          })),
        );
    }
  }

  /**
   * Finishes a job a dead leader claimed: phones with an outcome keep it; the others are read, and only a
   * stop that has not taken is sent again (see reconcilePhone).
   */
  private async takeOver(job: TeamJob): Promise<void> {
    const done = await keysWithOutcome(this.work!, job.id);
    const open = job.keys.filter((k) => !done.has(k));
    const ids = open.map((k) => splitPhoneKey(k).id);
    const readings = new Map((await this.d.provider.status(ids)).map((r) => [r.id, r]));
    const outcomes: Outcome[] = [];
    const resend: string[] = [];
    for (const id of ids) {
      const r = readings.get(id);
      const decision = reconcilePhone(job.action, !r || !r.found ? 'gone' : r.status);
      const key = phoneKey(this.d.accountId, id);
      if (decision.kind === 'confirmed')
        outcomes.push({ key, ok: true, code: 'CONFIRMED', message: t('team.confirmedAfterFailover') });
      else if (decision.kind === 'resend') resend.push(id);
      else
        outcomes.push({
          key,
          ok: false,
          code: 'UNCONFIRMED',
          message: t('team.unconfirmedAfterFailover', { action: job.action }),
        });
    }
    await recordOutcomes(this.work!, job.id, outcomes);
    if (resend.length) await recordOutcomes(this.work!, job.id, (await this.d.provider.stop(resend)).map(this.outcome));
    await finishJob(this.work!, job.id);
    await releaseJobClaims(this.work!, job.keys);
    this.d.log.info('team: took over a job', { job: job.id, confirmed: outcomes.length, resent: resend.length });
  }

  private readonly outcome = (o: PhoneOutcome): Outcome =>
    o.ok
      ? { key: phoneKey(this.d.accountId, o.id), ok: true, code: 'OK', message: '', url: o.url }
      : { key: phoneKey(this.d.accountId, o.id), ok: false, code: o.code, message: o.message };

  /** The whole list, for every node: what a follower shows of an account it does not lead. */
  async publishList(): Promise<void> {
    const work = this.work;
    if (!work) return;
    this.listedAt = Date.now();
    const phones = await this.d.provider.listAll();
    // Phones with a task, for the team's idle policies (one call per list, where the provider reports tasks).
    const busy = (await this.d.provider.activeTaskPhones?.().catch(() => null)) ?? new Set<string>();
    await publishList(
      work,
      this.d.accountId,
      phones.map((p) => ({
        key: phoneKey(this.d.accountId, p.id),
        name: p.name,
        group: p.group,
        tags: p.tags,
        billing: p.billing,
        busy: busy.has(p.id),
        status: p.status,
      })),
    );
  }

  /** Statuses read now, for every node's list; phones still starting or stopping are read again next check. */
  private async publish(work: pg.Client, ids: string[]): Promise<void> {
    const readings = await this.d.provider.status(ids);
    for (const r of readings)
      if (r.found && (r.status === 'starting' || r.status === 'stopping')) this.settling.add(r.id);
      else this.settling.delete(r.id);
    await publishStatuses(
      work,
      this.d.accountId,
      readings.map((r) => ({ key: phoneKey(this.d.accountId, r.id), status: r.found ? r.status : 'gone' })),
    );
  }
}

async function connect(url: string | pg.ClientConfig, onLost: () => void): Promise<pg.Client> {
  const c = new pg.Client(typeof url === 'string' ? { connectionString: url, keepAlive: true } : url);
  c.on('error', onLost);
  try {
    await c.connect();
  } catch (e) {
    // A refused sign-in leaves the socket open unless it is ended: every retry would hold one more.
    await c.end().catch(() => undefined);
    throw e;
  }
  return c;
}
