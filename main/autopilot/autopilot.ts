import { randomBytes } from 'node:crypto';
import { i18n, t } from '../../common/i18n/i18n';
import type { BulkJobState, BulkResult } from '../../common/contract';
import type { Phone } from '../../common/phone';
import {
  type AutopilotSettings,
  type AutopilotState,
  type PendingStop,
  type Policy,
  type PolicyDecision,
} from '../../common/policy';
import type { ConsentPlan, PlanRequest } from '../../common/consent';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/redact';
import { evaluatePolicies, exemptFromPolicies, USER_GRACE_MS, type PolicyInputs } from '../../common/policy-evaluate';
import { BusyEvidence, type TaskReader } from './busy-evidence';

/** How long an announced stop waits for "Keep running" before it happens. */
export const NOTICE_BEFORE_STOP_MS = 60_000;
export const SNOOZE_MS = 30 * 60_000;
export const TICK_MS = 30_000;
/** Task evidence is read at most this often (GeeLark's task history is one request per 100 tasks). */
const EVIDENCE_EVERY_MS = 60_000;

export interface AutopilotDeps {
  clock: Clock;
  log: Logger;
  fleet: {
    all(): Phone[];
    startedHereKeys(): string[];
    onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void): void;
  };
  /** The one consent gate: a policy acts only through a plan, and one that needs a person waits for "Stop now". */
  consent: {
    plan(req: PlanRequest<`policy:${string}`>): ConsentPlan;
    executeAndWait(plan: ConsentPlan, confirmed: boolean): Promise<BulkResult[]>;
  };
  /** Where idle evidence comes from: each account's provider's tasks, where it reports them. */
  tasks?: TaskReader;
  sessions: { openKeys(): string[]; onChange(l: () => void): void };
  settings: {
    get(): AutopilotSettings;
    update(change: (a: AutopilotSettings) => void): void;
  };
  spendToday: () => Record<string, number | null>;
  currencyOf: (accountId: string) => string;
  /** Tells the user (in the window and as a desktop notification). */
  announce: (message: string, pending: PendingStop | null) => void;
  onChange: (state: AutopilotState) => void;
  /** How long a person's action keeps policies off a phone (default 5 min; shorter in tests of the real core). */
  userGraceMs?: number;
}

/**
 * Runs the policies: every tick it evaluates them (a pure function), announces each stop a minute ahead
 * with "Keep running 30 min" and "Stop now", and acts through the same bulk machinery, limiter and
 * ledger as a click, with the policy as the source. It never deletes, and never touches a phone a
 * person started, opened or acted on in the last few minutes.
 */
export class Autopilot {
  /** Monotonic times: how long ago is never changed by setting the clock. */
  private readonly viewerClosedAt = new Map<string, number>();
  private readonly userActionAt = new Map<string, number>();
  private readonly snoozedUntil = new Map<string, number>();
  private readonly warnedToday = new Map<string, string>();
  private readonly evidence: BusyEvidence;
  private pending: PendingStop[] = [];
  private evidenceReadAt = -Infinity;
  private open = new Set<string>();
  private loop: AbortController | null = null;
  private acting = Promise.resolve();

  constructor(private readonly deps: AutopilotDeps) {
    this.evidence = new BusyEvidence(deps.clock, deps.log, deps.tasks);
    deps.sessions.onChange(() => {
      const mono = deps.clock.monotonic();
      const next = new Set(deps.sessions.openKeys());
      for (const k of this.open) if (!next.has(k)) this.viewerClosedAt.set(k, mono);
      for (const k of next) this.userActionAt.set(k, mono);
      this.open = next;
    });
    // What a person does in the window or the tray counts as attention: the policy keeps off for a while.
    deps.fleet.onJobDone((job, results) => {
      this.evidence.noteResults(results);
      if (job.source.startsWith('policy:')) return;
      const mono = deps.clock.monotonic();
      for (const r of results) this.userActionAt.set(r.key, mono);
    });
  }

  state(): AutopilotState {
    const s = this.deps.settings.get();
    return { paused: s.paused, policies: s.policies, pending: this.pending, keepRunning: s.keepRunning };
  }

  /** Phones busy with a task or that answered "busy" lately (the consent gate skips them for policies). */
  busyKeys(): ReadonlySet<string> {
    return this.evidence.keys();
  }

  inputs(): PolicyInputs {
    const s = this.deps.settings.get();
    return {
      now: this.deps.clock.now(),
      mono: this.deps.clock.monotonic(),
      phones: this.deps.fleet.all(),
      openWindows: new Set(this.deps.sessions.openKeys()),
      viewerClosedAt: this.viewerClosedAt,
      userActionAt: this.userActionAt,
      busy: this.evidence.keys(),
      idleEvidence: (accountId) => this.evidence.hasEvidence(accountId),
      startedHere: new Set(this.deps.fleet.startedHereKeys()),
      snoozedUntil: this.snoozedUntil,
      keepRunning: new Set(s.keepRunning),
      spendToday: this.deps.spendToday(),
      currencyOf: this.deps.currencyOf,
      scheduleSince: s.lastRuns,
      userGraceMs: this.deps.userGraceMs ?? USER_GRACE_MS,
    };
  }

  /** The plan a policy's decision makes: through the same gate as every other door. */
  planFor(policy: Policy | undefined, d: Pick<PolicyDecision, 'policyName' | 'keys'>, action: 'start' | 'stop') {
    return this.deps.consent.plan({
      source: `policy:${d.policyName}`,
      action,
      keys: d.keys,
      ...(policy && policy.kind !== 'budget' ? { scope: policy.scope, actAlone: !!policy.actAlone } : {}),
      ...(policy?.kind === 'budget' ? { actAlone: policy.act } : {}),
    });
  }

  /** What the policies would do now, for the dry run (dryRun() in dry-run.ts adds the next runs). */
  decide(policies: readonly Policy[], inputs: PolicyInputs = this.inputs()): PolicyDecision[] {
    return evaluatePolicies(
      policies.map((p) => ({ ...p, enabled: true })),
      inputs,
    );
  }

  /**
   * Reads task evidence only when an idle policy has phones it would stop were they proven idle, and at most
   * once a minute: a policy with nothing to do costs the account no requests.
   */
  async refreshEvidence(): Promise<void> {
    const idle = this.deps.settings.get().policies.filter((p) => p.enabled && p.kind === 'idleStop');
    if (!idle.length) return;
    const mono = this.deps.clock.monotonic();
    if (mono - this.evidenceReadAt < EVIDENCE_EVERY_MS) return;
    const unproven = { ...this.inputs(), busy: new Set<string>(), idleEvidence: () => true };
    if (!evaluatePolicies(idle, unproven).some((d) => d.keys.length)) return;
    this.evidenceReadAt = mono;
    await this.evidence.refresh();
  }

  async tick(): Promise<void> {
    const s = this.deps.settings.get();
    const now = this.deps.clock.now();
    // A schedule first seen now starts from now: it never acts on occurrences before it existed.
    const unseen = s.policies.filter((p) => p.kind === 'schedule' && !Object.hasOwn(s.lastRuns, p.id));
    if (unseen.length) this.deps.settings.update((a) => void unseen.forEach((p) => (a.lastRuns[p.id] = now)));
    // Disabled, removed or paused since announced: those notices go, and their stops never happen.
    this.dropWithdrawn();
    if (s.paused) return this.setPending([]);
    await this.refreshEvidence();
    const decisions = evaluatePolicies(s.policies, this.inputs());
    const used = decisions.filter((d) => d.occurrence !== undefined);
    // Used up whether or not it found phones, so a wake after a long sleep acts once, not once per missed tick.
    if (used.length)
      this.deps.settings.update((a) => void used.forEach((d) => (a.lastRuns[d.policyId] = d.occurrence!)));
    const announced = new Set(this.pending.flatMap((p) => p.keys));
    for (const d of decisions) {
      const keys = d.keys.filter((k) => !announced.has(k));
      if (d.action === 'warn') this.warnOnce(d, now);
      else if (keys.length) await this.announceOrAct(d, keys, now);
    }
    const due = this.pending.filter((p) => !p.needsConsent && p.dueAt <= now);
    for (const p of due) await this.actOnPending(p, false);
  }

  /** Keeps the announced phones running for 30 minutes (or skips an announced start), and the notice goes. */
  snooze(pendingId: string): boolean {
    const p = this.pending.find((x) => x.id === pendingId);
    if (!p) return false;
    const until = this.deps.clock.monotonic() + SNOOZE_MS;
    if (p.action === 'stop') for (const k of p.keys) this.snoozedUntil.set(k, until);
    this.setPending(this.pending.filter((x) => x !== p));
    return true;
  }

  /** "Stop now" (or "Start now"): a person's yes, so a plan that needed one runs. */
  async stopNow(pendingId: string): Promise<boolean> {
    const p = this.pending.find((x) => x.id === pendingId);
    if (!p) return false;
    await this.actOnPending(p, true);
    return true;
  }

  start(): void {
    if (this.loop) return;
    const loop = (this.loop = new AbortController());
    void (async () => {
      while (!loop.signal.aborted) {
        await this.tick().catch((e) => this.deps.log.warn('autopilot tick failed', e));
        await this.deps.clock.sleep(TICK_MS, loop.signal);
      }
    })();
  }
  stop(): void {
    this.loop?.abort();
    this.loop = null;
  }

  private dropWithdrawn(): void {
    const s = this.deps.settings.get();
    const live = (p: PendingStop) =>
      !s.paused && (p.policyId === undefined || !!s.policies.find((x) => x.id === p.policyId && x.enabled));
    if (this.pending.some((p) => !live(p))) this.setPending(this.pending.filter(live));
  }

  /** Stops are announced a minute ahead; a start that needs a person waits for one; other starts act now. */
  private async announceOrAct(d: PolicyDecision, keys: string[], now: number): Promise<void> {
    const policy = this.deps.settings.get().policies.find((p) => p.id === d.policyId);
    const action = d.action === 'start' ? 'start' : 'stop';
    const plan = this.planFor(policy, { ...d, keys }, action);
    if (!plan.act.length) return;
    const needsConsent = d.needsConsent || plan.confirm.required;
    if (action === 'start' && !needsConsent) return this.act(d.policyName, plan, false);
    this.announce(d, plan, needsConsent, now);
  }

  private async actOnPending(p: PendingStop, confirmed: boolean): Promise<void> {
    this.setPending(this.pending.filter((x) => x !== p));
    // The policy must still want it: paused, switched off or removed since the notice, nothing is done.
    const s = this.deps.settings.get();
    const policy = s.policies.find((x) => x.id === p.policyId);
    if (s.paused || (p.policyId !== undefined && !policy?.enabled)) return;
    // Checked again at the moment of acting: a phone opened, stopped, tagged or marked to keep, snoozed or
    // used by a person meanwhile is spared, and the plan is made again with the rules as they are now.
    const inputs = this.inputs();
    const byKey = new Map(inputs.phones.map((ph) => [ph.key, ph]));
    const keys = p.keys.filter((k) => {
      const ph = byKey.get(k);
      return !!ph && !exemptFromPolicies(ph, inputs);
    });
    const plan = this.planFor(policy, { policyName: p.policyName, keys }, p.action);
    if (plan.confirm.required && !confirmed) {
      // Grew past what the policy may do alone: it waits for a person instead.
      if (plan.act.length) this.setPending([...this.pending, { ...p, keys: plan.act, needsConsent: true }]);
      return;
    }
    await this.act(p.policyName, plan, confirmed);
  }

  private act(policyName: string, plan: ConsentPlan, confirmed: boolean): Promise<void> {
    if (!plan.act.length) return Promise.resolve();
    // One action at a time: two policies never race over the same phones.
    this.acting = this.acting.then(async () => {
      const results = await this.deps.consent.executeAndWait(plan, confirmed);
      const failed = results.filter((r) => !r.ok).length;
      this.deps.announce(
        t('notify.autopilotDone', { policy: policyName, action: plan.action, n: results.length - failed, failed }),
        null,
      );
    });
    return this.acting;
  }

  private announce(d: PolicyDecision, plan: ConsentPlan, needsConsent: boolean, now: number): void {
    const names = new Map(plan.entries.map((e) => [e.key, e.name]));
    const pending: PendingStop = {
      id: `stop_${randomBytes(4).toString('hex')}`,
      action: plan.action === 'start' ? 'start' : 'stop',
      policyId: d.policyId,
      policyName: d.policyName,
      keys: plan.act,
      names: plan.act.map((k) => names.get(k) ?? k),
      reason: d.reason,
      dueAt: now + NOTICE_BEFORE_STOP_MS,
      needsConsent,
    };
    this.setPending([...this.pending, pending]);
    const list =
      i18n().items(pending.names.slice(0, 5)) +
      (plan.act.length > 5 ? ` ${t('common.moreCount', { n: plan.act.length - 5 })}` : '');
    this.deps.announce(
      t(pending.action === 'start' ? 'notify.autopilotStart' : 'notify.autopilotStop', {
        policy: d.policyName,
        consent: needsConsent ? 'yes' : 'no',
        names: list,
        reason: d.reason,
      }),
      pending,
    );
  }

  private warnOnce(d: PolicyDecision, now: number): void {
    const day = new Date(now).toDateString();
    if (this.warnedToday.get(d.policyId) === day) return;
    this.warnedToday.set(d.policyId, day);
    this.deps.announce(t('notify.autopilotWarn', { policy: d.policyName, reason: d.reason }), null);
  }

  private setPending(next: PendingStop[]): void {
    if (next.length === 0 && this.pending.length === 0) return;
    this.pending = next;
    this.deps.onChange(this.state());
  }
}
