import { randomBytes } from 'node:crypto';
import type { ActionSource } from '../../common/activity';
import type { ConsentPlan, ConsentRules } from '../../common/consent';
import type { BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { nameQualifier } from '../../common/qualified-names';
import type { FileWhat } from '../../common/files';
import {
  isFileAction,
  type BulkAction,
  type FileAction,
  type Phone,
  type ProviderCapabilities,
} from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { Clock } from '../kernel/clock';
import { ProviderError } from '../kernel/errors';
import { planAction, type PlanRequest } from './planner';

/** What the gate reads and does, handed in by the composition root. */
export interface ConsentDeps {
  clock: Clock;
  phones(): readonly Phone[];
  phone(key: string): Phone | undefined;
  capabilities(accountId: string): ProviderCapabilities | null;
  /** Account id → the label a person gave it. */
  accountLabels(): ReadonlyMap<string, string>;
  favorites(): readonly string[];
  keepRunning(): readonly string[];
  openViewers(): readonly string[];
  /** In a team: phones other people hold now (absent when working alone). */
  heldByOthers?(): ReadonlyMap<string, { who: string; since: number }>;
  busy(): ReadonlySet<string>;
  price(accountId: string): { perMinute: number; currency: string } | null;
  rules(): ConsentRules;
  run(action: BulkAction, keys: readonly string[], options: StartOptions, source: ActionSource): string;
  /** Files and apps: whether an account's provider takes this file, app or package that way (CPH: from OBS). */
  takesFiles?(accountId: string, action: FileAction, what: FileWhat): boolean;
  /** Files and apps: the same kind of job, with what it acts with (checked when it was planned). */
  runFiles(action: FileAction, keys: readonly string[], source: ActionSource, what: FileWhat): string;
  waitForJob(jobId: string): Promise<BulkResult[]>;
  /** Starts and opens viewers (one start call: a GeeLark viewer URL comes with the start answer). */
  startAndOpen(keys: readonly string[], source: ActionSource): Promise<BulkResult[]>;
  startOptions(): StartOptions;
}

/** How long a plan shown to a person stays good: after that it is planned again, the world having moved. */
export const PLAN_TTL_MS = 10 * 60_000;
const PLANS_KEPT = 100;

/**
 * The one gate every door acts through: it plans (the planner is pure), keeps each door's count of phones
 * acted on without a person's confirmation over the sliding window, and runs only plans — a plan that needs
 * a person runs only once one confirmed it.
 */
export class ConsentGate {
  private readonly plans = new Map<string, ConsentPlan & { madeAt: number }>();
  /** What file and app plans act with, kept here (main) and never sent to a window with the plan. */
  private readonly whats = new Map<string, FileWhat>();
  /** Per source: when (monotonic) it acted without confirmation, on how many phones. */
  private readonly acted = new Map<string, { at: number; n: number }[]>();

  constructor(private readonly d: ConsentDeps) {}

  /** Phones this source acted on without a person's confirmation within the rule's window. */
  recentCount(source: string): number {
    const since = this.d.clock.monotonic() - this.d.rules().windowMinutes * 60_000;
    const kept = (this.acted.get(source) ?? []).filter((x) => x.at > since);
    this.acted.set(source, kept);
    return kept.reduce((a, x) => a + x.n, 0);
  }

  plan(req: PlanRequest & { what?: FileWhat }): ConsentPlan {
    const labels = this.d.accountLabels();
    const plan = planAction(req, {
      id: `plan_${randomBytes(6).toString('hex')}`,
      at: this.d.clock.now(),
      phone: (k) => this.d.phone(k),
      capabilities: (a) => this.d.capabilities(a),
      favorites: new Set(this.d.favorites()),
      keepRunning: new Set(this.d.keepRunning()),
      openViewers: new Set(this.d.openViewers()),
      heldByOthers: this.d.heldByOthers?.() ?? new Map(),
      busy: this.d.busy(),
      price: (a) => this.d.price(a),
      rules: this.d.rules(),
      recent: this.recentCount(req.source),
      qualify: nameQualifier(this.d.phones(), (id) => labels.get(id) ?? id),
      ...(req.what && isFileAction(req.action) && this.d.takesFiles
        ? { takes: this.takesFor(req.action, req.what, this.d.takesFiles) }
        : {}),
    });
    this.plans.set(plan.id, { ...plan, madeAt: this.d.clock.monotonic() });
    for (const old of [...this.plans.keys()].slice(0, -PLANS_KEPT)) this.plans.delete(old);
    if (req.what) this.whats.set(plan.id, req.what);
    for (const old of [...this.whats.keys()].slice(0, -PLANS_KEPT)) this.whats.delete(old);
    return plan;
  }

  /** Whether each account takes this file or app that way, asked once per account however many phones. */
  private takesFor(
    action: FileAction,
    what: FileWhat,
    takes: NonNullable<ConsentDeps['takesFiles']>,
  ): (accountId: string) => boolean {
    const known = new Map<string, boolean>();
    return (accountId) => {
      if (!known.has(accountId)) known.set(accountId, takes(accountId, action, what));
      return known.get(accountId)!;
    };
  }

  /** A plan made earlier and not yet run (each runs once). */
  take(planId: string): ConsentPlan {
    const plan = this.plans.get(planId);
    this.plans.delete(planId);
    if (!plan || this.d.clock.monotonic() - plan.madeAt > PLAN_TTL_MS)
      throw new ProviderError('PLAN_EXPIRED', t('consent.planExpired'));
    const { madeAt: _m, ...rest } = plan;
    return rest;
  }

  /**
   * Runs a plan: exactly its phones, as its source. One that needs a person runs only with `confirmed`
   * (the window's dialog, the tray's question, an approval, "Stop now"); one that did not is counted.
   */
  execute(plan: ConsentPlan, confirmed: boolean, options?: StartOptions): string | null {
    const what = this.whats.get(plan.id);
    this.whats.delete(plan.id);
    if (!this.admit(plan, confirmed)) return null;
    if (isFileAction(plan.action)) {
      if (!what) throw new ProviderError('PLAN_EXPIRED', t('consent.planExpired'));
      return this.d.runFiles(plan.action, plan.act, plan.source, what);
    }
    return this.d.run(plan.action, plan.act, options ?? this.d.startOptions(), plan.source);
  }

  /**
   * Runs a start plan by opening its phones' viewers (what a link asks for): the same rules, the same count,
   * and the start is recorded with the plan's source.
   */
  async executeByOpening(plan: ConsentPlan, confirmed: boolean): Promise<BulkResult[]> {
    if (plan.action !== 'start') throw new ProviderError('BAD_REQUEST', t('consent.openOnlyStarts'));
    if (!this.admit(plan, confirmed)) return [];
    return this.d.startAndOpen(plan.act, plan.source);
  }

  /**
   * Whether a plan may run now (false: it has nothing to do); throws when it needs a person and none confirmed.
   * What runs without a person's confirmation counts towards its source's window.
   */
  private admit(plan: ConsentPlan, confirmed: boolean): boolean {
    if (plan.confirm.required && !confirmed) throw new ProviderError('NEEDS_CONFIRMATION', t('consent.needsPerson'));
    if (!plan.act.length) return false;
    if (!confirmed) {
      const list = this.acted.get(plan.source) ?? [];
      list.push({ at: this.d.clock.monotonic(), n: plan.act.length });
      this.acted.set(plan.source, list);
    }
    return true;
  }

  /** Runs a plan and waits for every phone's result (nothing to do: no results). */
  async executeAndWait(plan: ConsentPlan, confirmed: boolean, options?: StartOptions): Promise<BulkResult[]> {
    const jobId = this.execute(plan, confirmed, options);
    return jobId ? this.d.waitForJob(jobId) : [];
  }
}
