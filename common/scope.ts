import { hasTag } from './keep';
import type { Phone } from './phone';
import type { PolicyScope } from './policy';

/** Whether a phone is among a policy's phones: every field of the scope that is set must match (tags in any case). */
export function inScope(p: Phone, scope: PolicyScope): boolean {
  return (
    (!scope.accountId || p.accountId === scope.accountId) &&
    (!scope.group || p.group === scope.group) &&
    (!scope.tag || hasTag(p, scope.tag))
  );
}
