import type { PhoneStatus } from '../../common/phone';
import { reachedTarget } from '../../common/targets';

/** What a new leader does with one phone of a job its predecessor claimed and did not finish. */
export type Reconciled = { kind: 'confirmed' } | { kind: 'resend' } | { kind: 'unconfirmed' };

/**
 * Decided from a status read, never by resending blindly: a phone already in the action's target state is
 * done; a stop whose phone still runs (or is stopping) is sent again, since a second stop cannot start or
 * delete anything; a start, delete, restart or reset that cannot be proven is reported as unconfirmed for a
 * person to look at, never sent twice (a second start bills, a second delete cannot be undone).
 */
export function reconcilePhone(action: string, status: PhoneStatus | 'gone'): Reconciled {
  const phone = status === 'gone' ? undefined : ({ status } as Parameters<typeof reachedTarget>[1]);
  if (reachedTarget(action, phone)) return { kind: 'confirmed' };
  if (action === 'stop' && status === 'stopping') return { kind: 'confirmed' };
  if (action === 'stop' && (status === 'running' || status === 'starting')) return { kind: 'resend' };
  return { kind: 'unconfirmed' };
}
