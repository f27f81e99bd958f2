import { SKIP_REASONS, type ConfirmWhy, type ConsentPlan, type SkipReason } from './consent';
import { t } from './i18n/i18n';
import { formatMoney } from './money';

/** A plan as the CLI, MCP clients, approvals and notifications read it: counts, and the reasons in words. */
export interface PlanSummary {
  acts: number;
  skipped: { reason: SkipReason; n: number; words: string }[];
  /** Marked-to-keep phones left out (include them with --include-kept / include_kept). */
  keptLeftOut: number;
  keptIncluded: number;
  approval: { required: boolean; why: string[] };
  addedPerHour: string[];
  unpriced: number;
  /** The phones left out, each with its reason (the first 100). */
  leftOut: { key: string; name: string; reason: SkipReason }[];
}

const actionWord = (action: ConsentPlan['action']) => t(`action.${action === 'stopThenDelete' ? 'delete' : action}`);

/** Why a person must confirm, in words. */
export function describeWhy(why: ConfirmWhy, plan: Pick<ConsentPlan, 'action'>): string {
  switch (why.kind) {
    case 'alwaysAsks':
      return t('confirm.alwaysAsks', { action: actionWord(plan.action) });
    case 'overCount':
      return t('confirm.overCount', { total: why.recent + why.phones, minutes: why.minutes, limit: why.limit });
    case 'overCost':
      return t('confirm.overCost', {
        amount: formatMoney(why.amount, why.currency),
        limit: formatMoney(why.limit, why.currency),
      });
    case 'link':
      return t('confirm.link');
    case 'keptIncluded':
      return t('confirm.keptIncluded', { n: why.n });
    case 'policyOverCount':
      return t('confirm.policyOverCount', { n: why.phones, limit: why.limit });
    case 'heldByOther':
      return t(why.n > 1 ? 'team.planHeldMore' : 'team.planHeld', {
        who: why.who,
        name: why.name,
        time: new Date(why.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
        more: why.n - 1,
      });
  }
}

export const describeSkip = (reason: SkipReason): string => t(`skip.${reason}`);

export function planSummary(plan: ConsentPlan): PlanSummary {
  const keptIncluded = plan.includeKept ? plan.kept.length : 0;
  return {
    acts: plan.act.length,
    skipped: SKIP_REASONS.filter((r) => plan.skipped[r]).map((reason) => ({
      reason,
      n: plan.skipped[reason]!,
      words: describeSkip(reason),
    })),
    keptLeftOut: plan.skipped.kept ?? 0,
    keptIncluded,
    approval: { required: plan.confirm.required, why: plan.confirm.why.map((w) => describeWhy(w, plan)) },
    addedPerHour: plan.addedPerHour.map((c) => formatMoney(c.amount, c.currency)),
    unpriced: plan.unpriced,
    leftOut: plan.entries
      .filter((e) => !e.act)
      .slice(0, 100)
      .map((e) => ({ key: e.key, name: e.name, reason: e.reason! })),
  };
}

/** One line for a dry run: "Would stop 10 of 12 phones; left out: 2 already in that state; asks first: …". */
export function describePlan(plan: ConsentPlan): string {
  const s = planSummary(plan);
  const parts = [`${actionWord(plan.action)} ${s.acts} / ${plan.entries.length}`];
  if (s.skipped.length) parts.push(t('plan.leftOut', { list: s.skipped.map((x) => `${x.n} ${x.words}`).join(', ') }));
  if (s.addedPerHour.length) parts.push(t('plan.cost', { amounts: s.addedPerHour.join(' + ') }));
  if (s.approval.required) parts.push(t('plan.why', { reasons: s.approval.why.join('; ') }));
  return parts.join(' ');
}
