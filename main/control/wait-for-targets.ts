import type { ControlWaited } from '../../common/control';
import type { Phone } from '../../common/phone';
import { reachedTarget } from '../../common/targets';
import type { Clock } from '../kernel/clock';

/**
 * `--wait`: until every phone the provider accepted reads its target (running, stopped, gone), or the
 * timeout. Each phone's final confirmed state is reported, and a timeout is a timeout, never a success.
 */
export async function waitForTargets(
  d: { clock: Clock; fleet: { get(key: string): Phone | undefined; markForCheck(keys: Iterable<string>): void } },
  action: string,
  keys: readonly string[],
  timeoutMs: number,
  progress: (line: string) => void,
  signal?: AbortSignal,
): Promise<ControlWaited> {
  const until = d.clock.now() + timeoutMs;
  const target = action === 'delete' ? 'gone' : action === 'stop' ? 'stopped' : 'running';
  progress(`Waiting up to ${Math.round(timeoutMs / 1000)} s for ${keys.length} phone(s) to be ${target}…`);
  let pending = [...keys];
  while (pending.length && d.clock.now() < until && !signal?.aborted) {
    pending = pending.filter((k) => !reachedTarget(action, d.fleet.get(k)));
    if (!pending.length) break;
    d.fleet.markForCheck(pending);
    await d.clock.sleep(500);
  }
  const phones = keys.map((key) => {
    const p = d.fleet.get(key);
    return { key, name: p?.name ?? key, status: p ? p.status : 'gone', reached: reachedTarget(action, p) };
  });
  const timedOut = phones.some((p) => !p.reached);
  if (timedOut) progress(`Stopped waiting after ${Math.round(timeoutMs / 1000)} s: not every phone is ${target}.`);
  return { target, timedOut, phones };
}
