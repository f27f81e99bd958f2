import { failedBatch, type BatchHooks, type PhoneOutcome } from '../types';
import type { GeeLarkClient } from './client';

/**
 * Actions GeeLark takes one phone per call (restart, "new machine", installs, shell): a call per phone,
 * paced by the account's limiter for that endpoint, each phone reported as soon as its answer comes. Code 0
 * is the proof it was accepted, unless `proof` reads the answer's data (a shell line's output); a refusal
 * names its code; a lost answer is an unknown outcome, re-read and never resent.
 */
export async function onePhonePerCall(
  client: GeeLarkClient,
  path: string,
  ids: readonly string[],
  body: (id: string) => object,
  hooks?: BatchHooks,
  /** Where code 0 is not proof enough: what the answer's data says about the phone. */
  proof: (data: unknown, id: string) => PhoneOutcome = (_data, id) => ({ id, ok: true }),
): Promise<PhoneOutcome[]> {
  return Promise.all(
    ids.map(async (id) => {
      let outcome: PhoneOutcome;
      try {
        outcome = proof(await client.call<unknown>(path, body(id), { safe: false }), id);
      } catch (e) {
        [outcome] = failedBatch([id], e, 'GeeLark');
      }
      hooks?.onOutcomes?.([outcome]);
      return outcome;
    }),
  );
}
