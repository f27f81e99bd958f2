import { randomBytes } from 'node:crypto';
import type { AccountSummary, BulkJobState, BulkResult } from '../../common/contract';
import type { ActivityJob } from '../../common/activity';
import type {
  ControlAction,
  ControlActOutcome,
  ControlPhone,
  ControlRequest,
  PendingApproval,
} from '../../common/control';
import type { Phone } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { ConsentPlan, PlanRequest } from '../../common/consent';
import { planSummary } from '../../common/consent-words';
import type { Clock } from '../kernel/clock';
import { ProviderError } from '../kernel/errors';
import { reachedTarget } from '../../common/targets';
import { qualifiedNames } from '../../common/qualified-names';

/** Requests that may wait for a person's approval at once, from one client and from all of them. */
const MAX_WAITING_PER_CLIENT = 5;
const MAX_WAITING = 20;

export interface ControlDeps {
  fleet: {
    all(): Phone[];
    get(key: string): Phone | undefined;
    runBulk(
      action: ControlAction,
      keys: readonly string[],
      options: StartOptions,
      source: 'cli' | `mcp:${string}`,
    ): string;
    getJob(jobId: string): { state: BulkJobState; results: BulkResult[] } | null;
    markForCheck(keys: Iterable<string>): void;
  };
  accounts(): AccountSummary[];
  /** The one consent gate: plans, and runs only plans (a plan that needs a person, only once one said yes). */
  consent: {
    plan(req: PlanRequest<'cli' | `mcp:${string}`>): ConsentPlan;
    execute(plan: ConsentPlan, confirmed: boolean): string | null;
  };
  open(keys: string[]): Promise<BulkResult[]>;
  activity(since: number): ActivityJob[];
  settings(): { allowedClients: string[] };
  allowClient(client: string): void;
  startOptions(): StartOptions;
  clock: Clock;
  /** Called on every change; `added` is the request that just started waiting (worth a notification). */
  onApprovalsChanged(list: PendingApproval[], added?: PendingApproval): void;
  approvalTimeoutMs?: number;
  waitTimeoutMs?: number;
}

export type Progress = (line: string) => void;

export function toControlPhone(p: Phone, accounts: AccountSummary[]): ControlPhone {
  return {
    key: p.key,
    id: p.id,
    name: p.name,
    account: accounts.find((a) => a.id === p.accountId)?.label ?? p.accountId,
    status: p.status,
    group: p.group,
    tags: p.tags,
  };
}

/**
 * What the CLI and MCP clients may do, on top of the same fleet as the window. Actions a person should
 * see first (every delete, a stop of many phones, anything from a client not yet allowed) are held until
 * the user decides in the window; reads never call the provider directly (they ask the poller to re-read),
 * so an agent looping on status cannot spend the account's rate limit.
 */
export class ControlService {
  private readonly pending = new Map<string, PendingApproval & { decide(approved: boolean): void }>();

  constructor(private readonly d: ControlDeps) {}

  approvals(): PendingApproval[] {
    return [...this.pending.values()].map(({ decide: _d, ...rest }) => rest);
  }

  /** The user's answer from the window; `always` also lets this client start/stop/restart without asking. */
  decide(id: string, approve: boolean, always = false): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    if (approve && always && !p.destructive) this.d.allowClient(p.client);
    p.decide(approve);
    return true;
  }

  async handle(client: 'cli' | `mcp:${string}`, req: ControlRequest, progress: Progress): Promise<unknown> {
    const accounts = this.d.accounts();
    switch (req.method) {
      case 'list':
        return this.matching(req.params, accounts).map((p) => toControlPhone(p, accounts));
      case 'status': {
        const phones = this.resolve(req.params.phones, accounts);
        // Served from what the app knows; the poller reads these first on its next round.
        for (const p of phones) this.d.fleet.markForCheck([p.key]);
        return phones.map((p) => toControlPhone(p, accounts));
      }
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
      case 'open': {
        const [phone] = this.resolve([req.params.phone], accounts);
        if (!this.d.settings().allowedClients.includes(client))
          await this.approve(client, 'open', [phone], null, progress);
        const [r] = await this.d.open([phone.key]);
        return r;
      }
      case 'act':
        return this.act(client, req.params, accounts, progress);
    }
  }

  private async act(
    client: 'cli' | `mcp:${string}`,
    p: Extract<ControlRequest, { method: 'act' }>['params'],
    accounts: AccountSummary[],
    progress: Progress,
  ): Promise<ControlActOutcome> {
    const named = p.phones?.length ? this.resolve(p.phones, accounts) : [];
    const matched = p.match ? this.matching(p.match, accounts) : [];
    const phones = [...new Map([...named, ...matched].map((x) => [x.key, x])).values()];
    if (!phones.length) throw new ProviderError('NOTHING_MATCHES', 'No phone matches; nothing was done');
    const plan = this.d.consent.plan({
      source: client,
      action: p.action,
      keys: phones.map((x) => x.key),
      includeKept: p.includeKept,
    });
    const acting = new Set(plan.act);
    const view = phones.filter((x) => acting.has(x.key)).map((x) => toControlPhone(x, accounts));
    const summary = planSummary(plan);
    // A dry run is the plan itself: what would be done, what left out and why, and whether a person must say yes.
    if (p.dryRun) return { action: p.action, dryRun: true, phones: view, plan: summary, results: [] };
    if (!plan.act.length) return { action: p.action, dryRun: false, phones: [], plan: summary, results: [] };
    const allowed = this.d.settings().allowedClients.includes(client);
    const approvedBy =
      plan.confirm.required || !allowed
        ? await this.approve(
            client,
            p.action,
            phones.filter((x) => acting.has(x.key)),
            plan,
            progress,
          )
        : 'allowed client';
    const started = this.d.clock.now();
    const jobId = this.d.consent.execute(plan, approvedBy === 'person');
    const results = jobId ? await this.follow(jobId, progress) : [];
    if (p.wait)
      await this.waitForTargets(
        p.action,
        results.filter((r) => r.ok).map((r) => r.key),
        progress,
      );
    const seconds = (this.d.clock.now() - started) / 1000;
    return {
      action: p.action,
      dryRun: false,
      phones: view,
      plan: summary,
      approvedBy,
      results: results.map((r) => ({
        key: r.key,
        name: r.name,
        ok: r.ok,
        code: r.ok ? '' : r.code,
        message: r.message,
      })),
      ...(seconds > 2 ? { rateLimitWaitS: Math.round(seconds) } : {}),
    };
  }

  /** Waits for the job, telling how far it got every two seconds (the limiter may be pacing it). */
  private async follow(jobId: string, progress: Progress): Promise<BulkResult[]> {
    let told = this.d.clock.now();
    for (;;) {
      const job = this.d.fleet.getJob(jobId);
      if (!job) throw new ProviderError('INTERNAL', 'The action was lost; see Activity in the window');
      if (job.state.state === 'done') return job.results;
      if (this.d.clock.now() - told >= 2_000) {
        told = this.d.clock.now();
        progress(
          `${job.state.phase}: ${job.state.done} of ${job.state.total} phones answered (the account's rate limiter paces requests)`,
        );
      }
      await this.d.clock.sleep(100);
    }
  }

  private async waitForTargets(action: string, keys: string[], progress: Progress): Promise<void> {
    const until = this.d.clock.now() + (this.d.waitTimeoutMs ?? 120_000);
    progress(
      `Waiting for ${keys.length} phone(s) to be ${action === 'delete' ? 'gone' : action === 'stop' ? 'stopped' : 'running'}…`,
    );
    while (this.d.clock.now() < until) {
      if (keys.every((k) => reachedTarget(action, this.d.fleet.get(k)))) return;
      this.d.fleet.markForCheck(keys);
      await this.d.clock.sleep(500);
    }
    progress('Stopped waiting after 2 minutes; the results above are what the provider accepted.');
  }

  /** Holds the request until a person decides in the window; `plan` says why it must ask. */
  private async approve(
    client: string,
    action: ControlAction | 'open',
    phones: Phone[],
    plan: ConsentPlan | null,
    progress: Progress,
  ): Promise<'person'> {
    const destructive = plan?.confirm.why.some((w) => w.kind === 'alwaysAsks') ?? false;
    // A client cannot queue questions without end (each one is a desktop notification).
    const mine = [...this.pending.values()].filter((p) => p.client === client).length;
    if (mine >= MAX_WAITING_PER_CLIENT || this.pending.size >= MAX_WAITING) {
      throw new ProviderError(
        'TOO_MANY_WAITING',
        `${this.pending.size} requests already wait for approval; decide those first`,
      );
    }
    const id = `appr_${randomBytes(5).toString('hex')}`;
    progress(`Waiting for approval in the Phonedeck window (${action} ${phones.length} phone(s))…`);
    const approved = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.decide(id, false), this.d.approvalTimeoutMs ?? 5 * 60_000);
      const request: PendingApproval = {
        id,
        client,
        action,
        destructive,
        why: plan ? planSummary(plan).approval.why : [],
        names: this.qualified(phones.slice(0, 20)),
        count: phones.length,
        at: this.d.clock.now(),
      };
      this.pending.set(id, {
        ...request,
        decide: (ok) => {
          clearTimeout(timer);
          this.pending.delete(id);
          this.d.onApprovalsChanged(this.approvals());
          resolve(ok);
        },
      });
      this.d.onApprovalsChanged(this.approvals(), request);
    });
    if (!approved)
      throw new ProviderError('DENIED', `The ${action} was not approved in the Phonedeck window; nothing was done`);
    return 'person';
  }

  /** Names as the approval dialog shows them: with the account where another phone has the same name. */
  private qualified(phones: Phone[]): string[] {
    const labels = new Map(this.d.accounts().map((a) => [a.id, a.label]));
    return qualifiedNames(phones, this.d.fleet.all(), (id) => labels.get(id) ?? id);
  }

  /** Phones named by key, id or name; a name two phones share is an error that lists both. */
  private resolve(names: readonly string[], accounts: AccountSummary[]): Phone[] {
    const all = this.d.fleet.all();
    return names.map((n) => {
      const byKey = this.d.fleet.get(n);
      if (byKey) return byKey;
      let found = all.filter((p) => p.id === n);
      if (!found.length) found = all.filter((p) => p.name === n);
      if (!found.length) found = all.filter((p) => p.name.toLowerCase() === n.toLowerCase());
      if (found.length === 1) return found[0];
      if (!found.length) throw new ProviderError('NOT_FOUND', `No phone is called or numbered "${n}"`);
      throw Object.assign(
        new ProviderError(
          'AMBIGUOUS',
          `"${n}" names ${found.length} phones; use one of their keys: ${found.map((p) => p.key).join(', ')}`,
        ),
        {
          matches: found.map((p) => toControlPhone(p, accounts)),
        },
      );
    });
  }

  private matching(
    f: { status?: string; tag?: string; group?: string; account?: string },
    accounts: AccountSummary[],
  ): Phone[] {
    const account = f.account ? accounts.find((a) => a.id === f.account || a.label === f.account) : undefined;
    if (f.account && !account) throw new ProviderError('NOT_FOUND', `No account is called "${f.account}"`);
    return this.d.fleet
      .all()
      .filter(
        (p) =>
          (!f.status || p.status === f.status) &&
          (!f.tag || p.tags.includes(f.tag)) &&
          (!f.group || p.group === f.group) &&
          (!account || p.accountId === account.id),
      );
  }
}
