import type { Phone } from '../../../common/phone';
import type { PhoneOutcome } from '../types';
import { t } from '../../../common/i18n/i18n';
import { arrayOf, exactId, objectOf } from '../ids';
import { geelarkMessage } from './codes';

interface Failure {
  code: string;
  message: string;
}

const unconfirmed = (
  id: string,
  why: 'err.geelark.nothing' | 'err.geelark.both' | 'err.geelark.silent',
): PhoneOutcome => ({
  id,
  ok: false,
  code: 'UNCONFIRMED',
  message: t(why),
  maybeApplied: true,
});

/**
 * Turns one batch answer (start, stop, delete) into one outcome per phone that was sent. GeeLark answers
 * code 0 even when every id failed, so the details are the truth, and a phone counts as done only with
 * proof: it is listed in successDetails, or the answer's own counts show that every phone not listed as
 * failed succeeded. Anything less (no data, unreadable ids, counts that do not add up, contradictions)
 * makes the phone UNCONFIRMED, to be re-read — never "Deleted" on a guess.
 */
export function readBatchAnswer(
  part: readonly string[],
  raw: unknown,
  opts: { needsSuccessDetail: boolean },
): PhoneOutcome[] {
  const data = objectOf(raw);
  if (!data) return part.map((id) => unconfirmed(id, 'err.geelark.nothing'));
  const sent = new Set(part);
  const failed = new Map<string, Failure>();
  const succeeded = new Map<string, { url?: string; billing?: Phone['billing'] }>();
  let unmatched = 0;
  for (const item of arrayOf(data.failDetails)) {
    const f = objectOf(item);
    const id = exactId(f?.id);
    if (!f || !id || !sent.has(id)) {
      unmatched++;
      continue;
    }
    const code = typeof f.code === 'number' || typeof f.code === 'string' ? String(f.code) : 'UNKNOWN';
    failed.set(id, { code, message: geelarkMessage(Number(code), typeof f.msg === 'string' ? f.msg : '') });
  }
  for (const item of arrayOf(data.successDetails)) {
    const s = objectOf(item);
    const id = exactId(s?.id);
    if (!s || !id || !sent.has(id)) continue;
    succeeded.set(id, { url: typeof s.url === 'string' ? s.url : undefined, billing: billingOf(s.chargingMethod) });
  }
  const listOrAbsent = (v: unknown) => v === undefined || Array.isArray(v);
  const countsProveTheRest =
    unmatched === 0 &&
    listOrAbsent(data.failDetails) &&
    listOrAbsent(data.successDetails) &&
    data.totalAmount === part.length &&
    data.failAmount === failed.size &&
    data.successAmount === part.length - failed.size;
  return part.map((id): PhoneOutcome => {
    const f = failed.get(id);
    const s = succeeded.get(id);
    if (f && s) return unconfirmed(id, 'err.geelark.both');
    if (f) return { id, ok: false, code: f.code, message: f.message };
    if (s) return { id, ok: true, url: s.url, ...(s.billing ? { billing: s.billing } : {}) };
    if (!opts.needsSuccessDetail && countsProveTheRest) return { id, ok: true };
    return unconfirmed(id, 'err.geelark.silent');
  });
}

/** GeeLark's chargingMethod in a start answer: what the phone it started costs while it runs. */
function billingOf(method: unknown): Phone['billing'] | undefined {
  if (method === 'Parallels') return 'parallels';
  if (method === 'Monthly rental') return 'monthly';
  if (method === 'Per-minute usage') return 'per-minute';
  return undefined;
}
