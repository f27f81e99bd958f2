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
import type { StartOptions } from '../../common/start-options';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/redact';
import { evaluatePolicies, exemptFromPolicies, USER_GRACE_MS, type PolicyInputs } from './evaluate';

/** How long an announced stop waits for "Keep running" before it happens. */
export const NOTICE_BEFORE_STOP_MS = 60_000;
export const SNOOZE_MS = 30 * 60_000;
export const TICK_MS = 30_000;

export interface AutopilotDeps {
  clock: Clock;
  log: Logger;
  fleet: {
    all(): Phone[];
    startedHereKeys(): string[];
    onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void): void;
    runAndWait(
      action: 'start' | 'stop',
      keys: readonly string[],
      options: StartOptions,
      source: `policy:${string}`,
    ): Promise<BulkResult[]>;
  };
  sessions: { openKeys(): string[]; onChange(l: () => void): void };
  settings: {
    get(): AutopilotSettings;
    update(change: (a: AutopilotSettings) => void): void;
    startOptions(): StartOptions;
  };
  spendToday: () => Record<string, number | null>;
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
  private readonly viewerClosedAt = new Map<string, number>();
  private readonly userActionAt = new Map<string, number>();
  private readonly snoozedUntil = new Map<string, number>();
  private readonly warnedToday = new Map<string, string>();
  private pending: PendingStop[] = [];
  private open = new Set<string>();
  private loop: AbortController | null = null;
  private acting = Promise.resolve();

  constructor(private readonly deps: AutopilotDeps) {
    deps.sessions.onChange(() => {
      const now = deps.clock.now();
      const next = new Set(deps.sessions.openKeys());
      for (const k of this.open) if (!next.has(k)) this.viewerClosedAt.set(k, now);
      for (const k of next) this.userActionAt.set(k, now);
      this.open = next;
    });
    // What a person does in the window or the tray counts as attention: the policy keeps off for a while.
    deps.fleet.onJobDone((job, results) => {
      if (job.source.startsWith('policy:')) return;
      const now = deps.clock.now();
      for (const r of results) this.userActionAt.set(r.key, now);
    });
  }

  state(): AutopilotState {
    const s = this.deps.settings.get();
    return { paused: s.paused, policies: s.policies, pending: this.pending, keepRunning: s.keepRunning };
  }

  inputs(): PolicyInputs {
    const s = this.deps.settings.get();
    return {
      now: this.deps.clock.now(),
      phones: this.deps.fleet.all(),
      openWindows: new Set(this.deps.sessions.openKeys()),
      viewerClosedAt: this.viewerClosedAt,
      userActionAt: this.userActionAt,
      startedHere: new Set(this.deps.fleet.startedHereKeys()),
      snoozedUntil: this.snoozedUntil,
      keepRunning: new Set(s.keepRunning),
      spendToday: this.deps.spendToday(),
      scheduleSince: s.lastRuns,
      userGraceMs: this.deps.userGraceMs ?? USER_GRACE_MS,
    };
  }

  /** What the policies would do now, for the dry-run ("this would stop 12 phones now: …"). */
  dryRun(policies: readonly Policy[]): PolicyDecision[] {
    return evaluatePolicies(
      policies.map((p) => ({ ...p, enabled: true })),
      this.inputs(),
    );
  }

  async tick(): Promise<void> {
    const s = this.deps.settings.get();
    const now = this.deps.clock.now();
    // A schedule first seen now starts from now: it never acts on occurrences before it existed.
    const unseen = s.policies.filter((p) => p.kind === 'schedule' && !Object.hasOwn(s.lastRuns, p.id));
    if (unseen.length) this.deps.settings.update((a) => void unseen.forEach((p) => (a.lastRuns[p.id] = now)));
    if (s.paused) return this.setPending([]);
    const decisions = evaluatePolicies(s.policies, this.inputs());
    const used = decisions.filter((d) => d.occurrence !== undefined);
    // Used up whether or not it found phones, so a wake after a long sleep acts once, not once per missed tick.
    if (used.length)
      this.deps.settings.update((a) => void used.forEach((d) => (a.lastRuns[d.policyId] = d.occurrence!)));
    const announced = new Set(this.pending.flatMap((p) => p.keys));
    for (const d of decisions) {
      if (d.action === 'warn') this.warnOnce(d, now);
      else if (d.action === 'start') await this.act(d.policyName, 'start', d.keys);
      else {
        const keys = d.keys.filter((k) => !announced.has(k));
        if (keys.length) this.announce(d, keys, now);
      }
    }
    const due = this.pending.filter((p) => !p.needsConsent && p.dueAt <= now);
    for (const p of due) await this.stopPending(p);
  }

  /** Keeps the announced phones running for 30 minutes. */
  snooze(pendingId: string): boolean {
    const p = this.pending.find((x) => x.id === pendingId);
    if (!p) return false;
    const until = this.deps.clock.now() + SNOOZE_MS;
    for (const k of p.keys) this.snoozedUntil.set(k, until);
    this.setPending(this.pending.filter((x) => x !== p));
    return true;
  }

  async stopNow(pendingId: string): Promise<boolean> {
    const p = this.pending.find((x) => x.id === pendingId);
    if (!p) return false;
    await this.stopPending(p);
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

  private async stopPending(p: PendingStop): Promise<void> {
    this.setPending(this.pending.filter((x) => x !== p));
    // The policy must still want it: paused, switched off or removed since the notice, nothing is stopped.
    const s = this.deps.settings.get();
    const policy = s.policies.find((x) => x.id === p.policyId);
    if (s.paused || (p.policyId !== undefined && !policy?.enabled)) return;
    // Checked again at the moment of acting, with the same rules as when it was announced: a phone opened,
    // stopped, tagged or marked to keep running, or used by a person meanwhile, is spared.
    const inputs = this.inputs();
    const byKey = new Map(inputs.phones.map((ph) => [ph.key, ph]));
    const keys = p.keys.filter((k) => {
      const ph = byKey.get(k);
      return ph?.status === 'running' && !inputs.openWindows.has(k) && !exemptFromPolicies(ph, inputs);
    });
    await this.act(p.policyName, 'stop', keys);
  }

  private act(policyName: string, action: 'start' | 'stop', keys: string[]): Promise<void> {
    if (!keys.length) return Promise.resolve();
    // One action at a time: two policies never race over the same phones.
    this.acting = this.acting.then(async () => {
      const results = await this.deps.fleet.runAndWait(
        action,
        keys,
        this.deps.settings.startOptions(),
        `policy:${policyName}`,
      );
      const failed = results.filter((r) => !r.ok).length;
      this.deps.announce(
        t('notify.autopilotDone', { policy: policyName, action, n: results.length - failed, failed }),
        null,
      );
    });
    return this.acting;
  }

  private announce(d: PolicyDecision, keys: string[], now: number): void {
    const names = new Map(this.deps.fleet.all().map((p) => [p.key, p.name]));
    const pending: PendingStop = {
      id: `stop_${randomBytes(4).toString('hex')}`,
      policyId: d.policyId,
      policyName: d.policyName,
      keys,
      names: keys.map((k) => names.get(k) ?? k),
      reason: d.reason,
      dueAt: now + NOTICE_BEFORE_STOP_MS,
      needsConsent: d.needsConsent,
    };
    this.setPending([...this.pending, pending]);
    const list =
      i18n().items(pending.names.slice(0, 5)) +
      (keys.length > 5 ? ` ${t('common.moreCount', { n: keys.length - 5 })}` : '');
    this.deps.announce(
      t('notify.autopilotStop', {
        policy: d.policyName,
        consent: d.needsConsent ? 'yes' : 'no',
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
