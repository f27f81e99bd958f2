import { planSummary } from '../../common/consent-words';
import type { DryRunStep, Policy, PolicyDecision } from '../../common/policy';
import type { Autopilot } from './autopilot';
import { nextOccurrence } from '../../common/policy-evaluate';

/**
 * What a policy would do, exactly as it would do it: each step is the plan the consent gate makes (what it
 * leaves out and why, whether it would ask). A schedule that has nothing to do now shows its next run and
 * what it would do then, with the phones as they are now.
 */
export function dryRunPolicy(autopilot: Autopilot, policy: Policy): DryRunStep[] {
  const inputs = autopilot.inputs();
  const now = autopilot.decide([policy], inputs).map((d) => step(autopilot, policy, d, null));
  if (now.length || policy.kind !== 'schedule') return now;
  const next = nextOccurrence(policy.time, policy.weekdays, inputs.now);
  if (next === null) return [];
  const then = {
    ...inputs,
    now: next,
    mono: inputs.mono + (next - inputs.now),
    scheduleSince: { [policy.id]: next - 1 },
  };
  const steps = autopilot.decide([policy], then).map((d) => step(autopilot, policy, d, next));
  // Nothing to do then either: still say when it runs.
  return steps.length
    ? steps
    : [{ at: next, action: policy.action, reason: '', phones: [], needsConsent: false, asks: [], leftOut: [] }];
}

function step(autopilot: Autopilot, policy: Policy, d: PolicyDecision, at: number | null): DryRunStep {
  if (d.action === 'warn')
    return { at, action: 'warn', reason: d.reason, phones: [], needsConsent: false, asks: [], leftOut: [] };
  const plan = autopilot.planFor(policy, d, d.action);
  const summary = planSummary(plan);
  const names = new Map(plan.entries.map((e) => [e.key, e.name]));
  return {
    at,
    action: d.action,
    reason: d.reason,
    phones: plan.act.map((key) => ({ key, name: names.get(key) ?? key })),
    needsConsent: d.needsConsent || plan.confirm.required,
    asks: summary.approval.why,
    leftOut: summary.skipped.map(({ n, words }) => ({ n, words })),
  };
}
