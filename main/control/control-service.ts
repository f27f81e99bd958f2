import type { AccountSummary, BulkJobState, BulkResult } from '../../common/contract';
import type { ActivityJob } from '../../common/activity';
import type { ConsentPlan, PlanRequest } from '../../common/consent';
import { planSummary } from '../../common/consent-words';
import type {
  ControlAction,
  ControlActOutcome,
  ControlJob,
  ControlPhone,
  ControlRequest,
  PendingApproval,
} from '../../common/control';
import type { FileAction, Phone } from '../../common/phone';
import type { FileWhat } from '../../common/files';
import { qualifiedNames } from '../../common/qualified-names';
import type { Clock } from '../kernel/clock';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProviderError } from '../kernel/errors';
import { ApprovalQueue, type ApprovalDeps } from './approvals';
import { PhoneLookup, toControlPhone } from './phone-lookup';
import { waitForTargets } from './wait-for-targets';
import { filesOn, screenshotOf } from './control-files';

export type ControlClientName = 'cli' | `mcp:${string}`;

export interface ControlDeps {
  fleet: {
    all(): Phone[];
    get(key: string): Phone | undefined;
    getJob(jobId: string): { state: BulkJobState; results: BulkResult[] } | null;
    markForCheck(keys: Iterable<string>): void;
  };
  accounts(): AccountSummary[];
  /** The one consent gate: plans, and runs only plans (a plan that needs a person, only once one said yes). */
  consent: {
    plan(req: PlanRequest<ControlClientName> & { what?: FileWhat }): ConsentPlan;
    execute(plan: ConsentPlan, confirmed: boolean): string | null;
  };
  open(keys: string[]): Promise<BulkResult[]>;
  /** What a file or app request acts with, read from what the client typed and checked before any plan. */
  fileWhat(action: FileAction, given: string): Promise<FileWhat>;
  /** One phone's screen now, through the screens' cache (the same as the wall's). */
  screenshot(key: string, signal?: AbortSignal): Promise<{ image: Buffer; contentType: string; takenAt: number }>;
  activity(since: number): ActivityJob[];
  settings(): { allowedClients: string[]; pairedClients: { client: string; tokenHash: string }[] };
  allowClient(client: string): void;
  /** Keeps a newly paired client's token hash (the token itself is only ever given to that client). */
  pairClient(client: string, tokenHash: string): void;
  clock: Clock;
  onApprovalsChanged: ApprovalDeps['onChanged'];
  /** A request that ended without a yes (denied, timed out, withdrawn), for the activity record. */
  onApprovalEnded?: ApprovalDeps['onEnded'];
  approvalTimeoutMs?: number;
  waitTimeoutMs?: number;
}

export type Progress = (line: string) => void;

/** Who asks: the client's name, whether it proved it with its own token, and whether it may act without asking. */
interface Who {
  client: ControlClientName;
  paired: boolean;
  allowed: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Names resolved a slice at a time, yielding between slices: a 10,000-name request never holds main's loop. */
const SLICE = 2_000;
async function inSlices<T, R>(items: readonly T[], work: (part: readonly T[]) => R[]): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    if (i) await new Promise((r) => setImmediate(r));
    out.push(...work(items.slice(i, i + SLICE)));
  }
  return out;
}

/**
 * What the CLI and MCP clients may do, on top of the same fleet as the window. Every action is a plan from
 * the consent gate; what the rules say asks (and anything from a client not yet allowed) is held until the
 * user decides in the window, and withdrawn if the client goes away first. Reads never call the provider
 * directly (they ask the poller to re-read), so an agent looping on status cannot spend the rate limit.
 */
export class ControlService {
  private readonly approvalQueue: ApprovalQueue;

  constructor(private readonly d: ControlDeps) {
    this.approvalQueue = new ApprovalQueue({
      clock: d.clock,
      timeoutMs: d.approvalTimeoutMs,
      onChanged: d.onApprovalsChanged,
      onEnded: d.onApprovalEnded,
    });
  }

  approvals(): PendingApproval[] {
    return this.approvalQueue.list();
  }

  /**
   * The user's answer from the window; `always` also lets this client act within the rules without asking —
   * only a paired client, whose name no other process can claim.
   */
  decide(id: string, approve: boolean, always = false): boolean {
    const p = this.approvalQueue.decide(id, approve);
    if (!p) return false;
    if (approve && always && !p.destructive && p.paired) this.d.allowClient(p.client);
    return true;
  }

  /**
   * Who a request is from: a paired name must come with its own token (else it is refused: someone else is
   * using the name); an unpaired name is taken as said, but is never trusted to act without asking.
   */
  identify(client: string, clientToken: string | undefined): 'paired' | 'unpaired' | 'impostor' {
    const pairing = this.d.settings().pairedClients.find((p) => p.client === client);
    if (!pairing) return 'unpaired';
    if (!clientToken) return 'impostor';
    const given = Buffer.from(sha256(clientToken), 'hex');
    const kept = Buffer.from(pairing.tokenHash, 'hex');
    return given.length === kept.length && timingSafeEqual(given, kept) ? 'paired' : 'impostor';
  }

  async handle(
    client: ControlClientName,
    req: ControlRequest,
    progress: Progress,
    signal?: AbortSignal,
    paired = false,
  ) {
    const accounts = this.d.accounts();
    const allowed = paired && this.d.settings().allowedClients.includes(client);
    // Indexed only for the requests that name or filter phones: a job or activity poll costs no index of 10,000.
    const lookup = () => new PhoneLookup(this.d.fleet.all(), new Map(accounts.map((a) => [a.id, a.label])));
    switch (req.method) {
      case 'list':
        return this.list(lookup(), req.params, accounts);
      case 'status':
        return this.status(lookup(), req.params.phones);
      case 'accounts':
        return accounts.map((a) => ({
          id: a.id,
          label: a.label,
          provider: a.provider,
          health: a.health.state,
          message: a.health.message,
          lockedUntil: a.lockedUntil,
        }));
      case 'activity':
        return this.d.activity(this.d.clock.now() - (req.params.sinceMs ?? 3_600_000));
      case 'open':
        return this.open({ client, paired, allowed }, lookup(), req.params.phone, progress, signal);
      case 'act':
        return this.act({ client, paired, allowed }, lookup(), req.params, accounts, progress, signal);
      case 'job':
        return this.job(req.params, progress, signal);
      case 'pair':
        return this.pair(client, progress, signal);
      case 'screenshot':
        return screenshotOf(this.d, lookup(), req.params.phone, signal);
      case 'push':
      case 'app': {
        const who = { client, paired, allowed };
        const ask = (action: FileAction, phones: Phone[], plan: ConsentPlan) =>
          this.ask(who, action, phones, plan, progress, signal);
        return filesOn(this.d, who, lookup(), req, accounts, ask, (jobId) => this.follow(jobId, progress));
      }
    }
  }

  /**
   * Phones as the app knows them, one row per name given (once each): a name that matches nothing is its own
   * row with status "not found", not a failure of the others; an ambiguous one is an error listing both.
   */
  private async status(lookup: PhoneLookup, names: readonly string[]): Promise<ControlPhone[]> {
    const rows = await inSlices([...new Set(names)], (part) =>
      part.map((n): ControlPhone => {
        const r = lookup.find(n);
        if ('phone' in r) return toControlPhone(r.phone, lookup.labels);
        if (r.error.code !== 'NOT_FOUND') throw r.error;
        return { key: '', id: '', name: n, account: '', status: 'not found', group: '', tags: [] };
      }),
    );
    // Served from what the app knows; the poller reads these first on its next round.
    this.d.fleet.markForCheck(rows.filter((p) => p.key).map((p) => p.key));
    return [...new Map(rows.map((p) => [p.key || `?${p.name}`, p])).values()];
  }

  /** A page of phones: `limit` from `cursor` (an offset), with the total, so an agent never gets 10,000 at once. */
  private list(
    lookup: PhoneLookup,
    params: Extract<ControlRequest, { method: 'list' }>['params'],
    accounts: AccountSummary[],
  ) {
    const { limit, cursor, ...filter } = params;
    const all = lookup.matching(filter, accounts);
    if (limit === undefined) return all.map((p) => toControlPhone(p, lookup.labels));
    const from = cursor ? Number(cursor) : 0;
    // Only the page is shaped for the answer: a page of 500 costs the same out of 10,000 as out of 500.
    const phones = all.slice(from, from + limit).map((p) => toControlPhone(p, lookup.labels));
    const next = from + phones.length;
    return { phones, total: all.length, ...(next < all.length ? { nextCursor: String(next) } : {}) };
  }

  /** A person pairs the client in the window; it gets its own token, of which the app keeps only a hash. */
  private async pair(client: ControlClientName, progress: Progress, signal?: AbortSignal) {
    await this.approvalQueue.ask(
      { client, action: 'pair', destructive: false, paired: false, why: [], names: [], count: 0, keys: [] },
      progress,
      signal,
    );
    const token = randomBytes(32).toString('hex');
    this.d.pairClient(client, sha256(token));
    return { client, token };
  }

  private async open(
    who: Who,
    lookup: PhoneLookup,
    name: string,
    progress: Progress,
    signal?: AbortSignal,
  ): Promise<BulkResult> {
    const [phone] = lookup.resolveAll([name]);
    if (phone.status !== 'running') {
      // Opening a phone that is not running starts it: a billed action, planned and asked like any start.
      const plan = this.d.consent.plan({ source: who.client, action: 'start', keys: [phone.key] });
      if (plan.act.length && (plan.confirm.required || !who.allowed))
        await this.ask(who, 'open', [phone], plan, progress, signal);
    } else if (!who.allowed) await this.ask(who, 'open', [phone], null, progress, signal);
    const [r] = await this.d.open([phone.key]);
    return r;
  }

  private async act(
    who: Who,
    lookup: PhoneLookup,
    p: Extract<ControlRequest, { method: 'act' }>['params'],
    accounts: AccountSummary[],
    progress: Progress,
    signal?: AbortSignal,
  ): Promise<ControlActOutcome> {
    // A name that matches nothing is reported on its own line, not by failing the batch; an ambiguous one stops it.
    const notFound: string[] = [];
    const named = p.phones?.length
      ? await inSlices(p.phones, (part) =>
          part.flatMap((n) => {
            const r = lookup.find(n);
            if ('phone' in r) return [r.phone];
            if (r.error.code !== 'NOT_FOUND') throw r.error;
            notFound.push(n);
            return [];
          }),
        )
      : [];
    const matched = p.match ? lookup.matching(p.match, accounts) : [];
    const phones = [...new Map([...named, ...matched].map((x) => [x.key, x])).values()];
    const plan = this.d.consent.plan({
      source: who.client,
      action: p.action,
      keys: phones.map((x) => x.key),
      includeKept: p.includeKept,
    });
    const acting = new Set(plan.act);
    const chosen = phones.filter((x) => acting.has(x.key));
    const base = {
      action: p.action,
      phones: chosen.map((x) => toControlPhone(x, lookup.labels)),
      plan: planSummary(plan),
      ...(notFound.length ? { notFound } : {}),
    };
    // A dry run is the plan itself: what would be done, what left out and why, and whether a person must say yes.
    if (p.dryRun) return { ...base, dryRun: true, results: [] };
    // Nothing to do (an empty selection, or every phone already there) is not a failure: scripts stay idempotent.
    if (!plan.act.length) return { ...base, dryRun: false, results: [] };
    const approvedBy =
      plan.confirm.required || !who.allowed
        ? await this.ask(who, p.action, chosen, plan, progress, signal)
        : 'allowed client';
    const jobId = this.d.consent.execute(plan, approvedBy === 'person');
    // In the background: the job id at once, for `job wait` / get_job, instead of following it here.
    if (p.background) return { ...base, dryRun: false, approvedBy, ...(jobId ? { jobId } : {}), results: [] };
    const job = jobId ? await this.follow(jobId, progress) : null;
    const results = job?.results ?? [];
    const outcome: ControlActOutcome = {
      ...base,
      dryRun: false,
      approvedBy,
      ...(jobId ? { jobId } : {}),
      results: results.map((r) => ({
        key: r.key,
        name: r.name,
        ok: r.ok,
        code: r.ok ? '' : r.code,
        message: r.message,
      })),
      ...(job && job.limiterWaitS > 0 ? { rateLimitWaitS: job.limiterWaitS } : {}),
    };
    if (!p.wait) return outcome;
    const accepted = results.filter((r) => r.ok).map((r) => r.key);
    const timeoutMs = (p.timeoutS ?? (this.d.waitTimeoutMs ?? 120_000) / 1000) * 1000;
    const reached = await waitForTargets(this.d, p.action, accepted, timeoutMs, progress, signal);
    return { ...outcome, waited: reached };
  }

  /** A job's state and results; with `wait`, once it is done (or `timeoutS` passed). */
  private async job(
    params: Extract<ControlRequest, { method: 'job' }>['params'],
    progress: Progress,
    signal?: AbortSignal,
  ): Promise<ControlJob> {
    const until = this.d.clock.now() + (params.timeoutS ?? 120) * 1000;
    for (;;) {
      const job = this.d.fleet.getJob(params.jobId);
      if (!job) throw new ProviderError('NOT_FOUND', `No job ${params.jobId} (the app keeps the last 20)`);
      const done = job.state.state === 'done';
      if (done || !params.wait || this.d.clock.now() >= until || signal?.aborted)
        return { job: job.state, results: job.results, done };
      progress(`${job.state.phase}: ${job.state.done} of ${job.state.total} phones answered`);
      await this.d.clock.sleep(500);
    }
  }

  /** Waits for the job, telling how far it got every two seconds (the limiter may be pacing it). */
  private async follow(jobId: string, progress: Progress): Promise<{ results: BulkResult[]; limiterWaitS: number }> {
    let told = this.d.clock.now();
    for (;;) {
      const job = this.d.fleet.getJob(jobId);
      if (!job) throw new ProviderError('INTERNAL', 'The action was lost; see Activity in the window');
      if (job.state.state === 'done') {
        // Only the time the limiter held the job back, not the provider's answers or an approval's wait.
        const seconds = (job.state.limiterWaitMs ?? 0) / 1000;
        return { results: job.results, limiterWaitS: seconds >= 1 ? Math.round(seconds) : 0 };
      }
      if (this.d.clock.now() - told >= 2_000) {
        told = this.d.clock.now();
        progress(
          `${job.state.phase}: ${job.state.done} of ${job.state.total} phones answered (the account's rate limiter paces requests) [job ${jobId}]`,
        );
      }
      await this.d.clock.sleep(100);
    }
  }

  /** Holds the request until a person decides in the window; `plan` says why it must ask. */
  private async ask(
    who: Who,
    action: ControlAction | 'open' | FileAction,
    phones: Phone[],
    plan: ConsentPlan | null,
    progress: Progress,
    signal?: AbortSignal,
  ): Promise<'person'> {
    const labels = new Map(this.d.accounts().map((a) => [a.id, a.label]));
    await this.approvalQueue.ask(
      {
        client: who.client,
        paired: who.paired,
        action,
        destructive: plan?.confirm.why.some((w) => w.kind === 'alwaysAsks') ?? false,
        why: plan ? planSummary(plan).approval.why : [],
        ...(plan?.subject ? { subject: plan.subject } : {}),
        // Named as the approval dialog shows them: with the account where another phone has the same name.
        names: qualifiedNames(phones.slice(0, 20), this.d.fleet.all(), (id) => labels.get(id) ?? id),
        count: phones.length,
        keys: phones.map((p) => p.key),
      },
      progress,
      signal,
    );
    return 'person';
  }
}
