import { failedBatch, type BatchHooks, type PhoneOutcome } from '../types';
import type { GeeLarkClient } from './client';

/**
 * Actions GeeLark takes one phone per call (restart, "new machine"): a call per phone, paced by the
 * account's limiter for that endpoint, each phone reported as soon as its answer comes. The answer is the
 * bare envelope, so code 0 is the proof it was accepted; a refusal names its code; a lost answer is an
 * unknown outcome, re-read and never resent.
 */
export async function onePhonePerCall(
  client: GeeLarkClient,
  path: string,
  ids: readonly string[],
  body: (id: string) => object,
  hooks?: BatchHooks,
): Promise<PhoneOutcome[]> {
  return Promise.all(
    ids.map(async (id) => {
      let outcome: PhoneOutcome;
      try {
        await client.call<unknown>(path, body(id), { safe: false });
        outcome = { id, ok: true };
      } catch (e) {
        [outcome] = failedBatch([id], e, 'GeeLark');
      }
      hooks?.onOutcomes?.([outcome]);
      return outcome;
    }),
  );
}
