import { z } from 'zod';
import type { ConsentRules } from './consent';

/** The rule table, in Settings. */
export const ConsentRulesSchema = z
  .object({
    /** Stop, restart and start ask above this many phones per door within the window. */
    askAbovePhones: z.number().int('A whole number').min(0).max(10_000),
    /** Starts ask above this added cost per hour (in each account's currency); null: never for cost. */
    askAboveCostPerHour: z.number().nonnegative().max(1_000_000).nullable(),
    /** The sliding window the counts are kept over. */
    windowMinutes: z.number().int('Whole minutes').min(1).max(1440),
  })
  .strict();

export const defaultConsentRules = (): ConsentRules => ({
  askAbovePhones: 10,
  askAboveCostPerHour: null,
  windowMinutes: 5,
});

// The schema and the zod-free type describe one shape: a change to either alone fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof ConsentRulesSchema>, ConsentRules> = true;
void sameShape;
