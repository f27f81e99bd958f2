import type { Phone } from './phone';
import { t } from './i18n/i18n';
import { KEEP_RUNNING_TAG, type Policy, type PolicyDecision } from './policy';
import { describeDays } from './weekdays';
import { ownValue } from './own';
import { hasTag } from './keep';
import { inScope } from './scope';
import { formatMoney } from './money';

/** A phone a person started, opened or acted on this recently is left alone by every policy. */
export const USER_GRACE_MS = 5 * 60_000;
/** How far back a schedule looks for a missed occurrence (a laptop closed over a long weekend). */
const SCHEDULE_LOOKBACK_DAYS = 8;

export interface PolicyInputs {
  /** Wall-clock now: schedules and the provider-side running time follow it. */
  now: number;
  /** Monotonic now: the viewer, action and snooze times below are on this clock, so a clock change moves none. */
  mono: number;
  phones: readonly Phone[];
  openWindows: ReadonlySet<string>;
  /** When each phone's last viewer window closed (monotonic). */
  viewerClosedAt: ReadonlyMap<string, number>;
  /** When a person last started, opened or acted on each phone (window or tray; monotonic). */
  userActionAt: ReadonlyMap<string, number>;
  /** Phones with a task the provider reports waiting or running, or that answered "busy" (43005) lately. */
  busy: ReadonlySet<string>;
  /** Whether the account's provider reports tasks, so "idle" can be proven (GeeLark yes, Huawei CPH no). */
  idleEvidence(accountId: string): boolean;
  startedHere: ReadonlySet<string>;
  snoozedUntil: ReadonlyMap<string, number>;
  keepRunning: ReadonlySet<string>;
  /** Estimated spend today per account (null: no price set), and each account's currency. */
  spendToday: Readonly<Record<string, number | null>>;
  currencyOf(accountId: string): string;
  /** Per schedule: the occurrence it last acted on, or when it was first seen (it never acts on the past before that). */
  scheduleSince: Readonly<Record<string, number>>;
  /** How long a person's action keeps policies off a phone (default USER_GRACE_MS). */
  userGraceMs?: number;
}

/**
 * Phones no policy touches now: tagged or marked to keep running, kept running for a while, or used by a
 * person lately — acted on, or looked at in a viewer closed within the grace period.
 */
export function exemptFromPolicies(p: Phone, i: PolicyInputs): boolean {
  if (hasTag(p, KEEP_RUNNING_TAG) || i.keepRunning.has(p.key)) return true;
  if ((i.snoozedUntil.get(p.key) ?? -Infinity) > i.mono) return true;
  const grace = i.userGraceMs ?? USER_GRACE_MS;
  return i.mono - lastUse(p, i) < grace;
}

/** When a person last used the phone (monotonic): acted on it, or closed its viewer. */
const lastUse = (p: Phone, i: PolicyInputs) =>
  Math.max(i.userActionAt.get(p.key) ?? -Infinity, i.viewerClosedAt.get(p.key) ?? -Infinity);

/**
 * Idle means idle: running for the idle time with no viewer open or closed within it, no person's action,
 * and no task the provider reports. Providers that report no tasks cannot prove idleness, so they are out.
 */
function idleFor(p: Phone, i: PolicyInputs, limitMs: number): boolean {
  if (p.status !== 'running' || !i.idleEvidence(p.accountId) || i.busy.has(p.key) || i.openWindows.has(p.key))
    return false;
  const sinceRunning = i.now - (p.runningSince ?? i.now);
  return Math.min(sinceRunning, i.mono - lastUse(p, i)) >= limitMs;
}

/**
 * What every enabled policy would do now. Pure: the same inputs give the same decisions, so the runner,
 * the dry-run and the tests all use it. Never proposes a delete.
 */
export function evaluatePolicies(policies: readonly Policy[], i: PolicyInputs): PolicyDecision[] {
  const out: PolicyDecision[] = [];
  for (const policy of policies) {
    if (!policy.enabled) continue;
    const d = evaluateOne(policy, i);
    if (d && d.keys.length) out.push(d);
  }
  return out;
}

function evaluateOne(policy: Policy, i: PolicyInputs): PolicyDecision | null {
  const base = { policyId: policy.id, policyName: policy.name, needsConsent: false };
  switch (policy.kind) {
    case 'idleStop': {
      const limit = policy.idleMinutes * 60_000;
      const keys = i.phones
        .filter((p) => inScope(p, policy.scope) && !exemptFromPolicies(p, i) && idleFor(p, i, limit))
        .map((p) => p.key);
      return { ...base, action: 'stop', keys, reason: t('reason.idle', { n: policy.idleMinutes }) };
    }
    case 'runningHours': {
      const limit = policy.hours * 3_600_000;
      const keys = i.phones
        .filter(
          (p) =>
            p.status === 'running' &&
            inScope(p, policy.scope) &&
            !exemptFromPolicies(p, i) &&
            i.now - (p.runningSince ?? i.now) >= limit,
        )
        .map((p) => p.key);
      return { ...base, action: 'stop', keys, reason: t('reason.runningHours', { n: policy.hours }) };
    }
    case 'schedule': {
      const occurrence = latestOccurrence(policy.time, policy.weekdays, i.now);
      const since = ownValue(i.scheduleSince, policy.id) ?? i.now;
      if (occurrence === null || occurrence <= since) return null;
      const wanted =
        policy.action === 'start'
          ? (p: Phone) => p.status === 'stopped'
          : (p: Phone) => p.status === 'running' && !exemptFromPolicies(p, i);
      const keys = i.phones.filter((p) => inScope(p, policy.scope) && wanted(p)).map((p) => p.key);
      // An occurrence with nothing to do is still used up, so the runner records it either way.
      return {
        ...base,
        action: policy.action,
        keys: keys.length ? keys : [],
        reason: t('reason.schedule', { days: describeDays(policy.weekdays), time: policy.time }),
        occurrence,
      };
    }
    case 'budget': {
      const spend = ownValue(i.spendToday, policy.accountId);
      if (spend === null || spend === undefined || spend < policy.warnAt) return null;
      const money = (n: number) => formatMoney(n, i.currencyOf(policy.accountId));
      if (policy.stopAt !== null && spend >= policy.stopAt) {
        // Only phones this app started: a budget guard never stops a phone someone else runs on purpose.
        const keys = i.phones
          .filter(
            (p) =>
              p.accountId === policy.accountId &&
              p.status === 'running' &&
              i.startedHere.has(p.key) &&
              !exemptFromPolicies(p, i),
          )
          .map((p) => p.key);
        return {
          ...base,
          action: 'stop',
          keys,
          reason: t('reason.budget', { spend: money(spend), limit: money(policy.stopAt) }),
          needsConsent: !policy.act,
        };
      }
      const keys = i.phones.filter((p) => p.accountId === policy.accountId && p.status === 'running').map((p) => p.key);
      return {
        ...base,
        action: 'warn',
        keys,
        reason: t('reason.budget', { spend: money(spend), limit: money(policy.warnAt) }),
      };
    }
  }
}

/**
 * The latest local-time occurrence of HH:MM on one of `weekdays` at or before `now`. Built with local
 * Date fields, so a DST change moves it with the wall clock: 02:30 on a spring-forward day is 03:30,
 * and on a fall-back day the first 01:30 is the one (it is acted on once).
 */
export function latestOccurrence(time: string, weekdays: readonly number[], now: number): number | null {
  const [hh, mm] = time.split(':').map(Number);
  const today = new Date(now);
  for (let back = 0; back <= SCHEDULE_LOOKBACK_DAYS; back++) {
    const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, hh, mm, 0, 0);
    if (!weekdays.includes(day.getDay())) continue;
    if (day.getTime() <= now) return day.getTime();
  }
  return null;
}

/** The first local-time occurrence of HH:MM on one of `weekdays` after `now` (what a dry run calls "next"). */
export function nextOccurrence(time: string, weekdays: readonly number[], now: number): number | null {
  const [hh, mm] = time.split(':').map(Number);
  const today = new Date(now);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() + ahead, hh, mm, 0, 0);
    if (weekdays.includes(day.getDay()) && day.getTime() > now) return day.getTime();
  }
  return null;
}
