import { z } from 'zod';
import { isBuiltInName } from './own';

/** An id or account a policy names: never a name every object inherits ("__proto__", "constructor"). */
const notBuiltIn = (s: string) => !isBuiltInName(s);

export { KEEP_RUNNING_TAG } from './phone';

/** Which phones a policy looks at; every field set must match (none set: every phone). */
export const ScopeSchema = z
  .object({
    accountId: z.string().max(200).refine(notBuiltIn, 'not an account id').optional(),
    group: z.string().max(200).optional(),
    tag: z.string().max(200).optional(),
  })
  .strict();
export type PolicyScope = z.infer<typeof ScopeSchema>;

const base = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'an id of letters, digits, _ or -')
    .refine(notBuiltIn, 'not a policy id'),
  name: z.string().trim().min(1, 'Give the policy a name').max(60, 'Keep the name under 60 characters'),
  enabled: z.boolean(),
};
/** Set by a person: the policy acts on more phones than the rule table's count without asking first. */
const actAlone = z.boolean().optional();

export const PolicySchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...base,
      kind: z.literal('idleStop'),
      scope: ScopeSchema,
      idleMinutes: z.number().int('Whole minutes').min(1, 'At least 1 minute').max(1440, 'At most 24 hours'),
      actAlone,
    })
    .strict(),
  /** For providers that report no evidence of use (Huawei CPH): stop a phone once it has run this long. */
  z
    .object({
      ...base,
      kind: z.literal('runningHours'),
      scope: ScopeSchema,
      hours: z.number().int('Whole hours').min(1, 'At least 1 hour').max(720, 'At most 30 days'),
      actAlone,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('schedule'),
      scope: ScopeSchema,
      action: z.enum(['start', 'stop']),
      /** Local time "HH:MM", 24-hour. */
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 18:30'),
      /** 0 = Sunday … 6 = Saturday. */
      weekdays: z.array(z.number().int().min(0).max(6)).min(1, 'Pick at least one day').max(7),
      actAlone,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('budget'),
      accountId: z.string().min(1, 'Pick an account').max(200).refine(notBuiltIn, 'not an account id'),
      /** Estimated spend today at which to warn, and at which to stop the phones this app started. */
      warnAt: z.number().positive('A positive amount'),
      stopAt: z.number().positive('A positive amount').nullable(),
      /** Stop without asking first. */
      act: z.boolean(),
    })
    .strict(),
]);
export type Policy = z.infer<typeof PolicySchema>;

export const AutopilotSettingsSchema = z.object({
  paused: z.boolean(),
  policies: z.array(PolicySchema),
  /** Per-minute price per account, set by the user (prefilled from the provider where it says). */
  prices: z.record(z.string(), z.number().nonnegative()),
  /** Phone keys marked "keep running". */
  keepRunning: z.array(z.string()),
  /** The scheduled occurrence each schedule last acted on (epoch ms), so a restart never replays it. */
  lastRuns: z.record(z.string(), z.number()),
  /** How long the activity record keeps actions and running periods. */
  retentionDays: z.number().int().min(1).max(3650),
});
export type AutopilotSettings = z.infer<typeof AutopilotSettingsSchema>;

export const defaultAutopilot = (): AutopilotSettings => ({
  paused: false,
  policies: [],
  prices: {},
  keepRunning: [],
  lastRuns: {},
  retentionDays: 90,
});

/** One thing a policy would do now. */
export interface PolicyDecision {
  policyId: string;
  policyName: string;
  action: 'start' | 'stop' | 'warn';
  keys: string[];
  /** Plain words: "idle for 30 min", "Mon–Fri at 19:00", "est. spend today 12.40 ≥ 10.00". */
  reason: string;
  /** A budget stop without "act" set waits for a person. */
  needsConsent: boolean;
  /** For schedules: the occurrence this acts on. */
  occurrence?: number;
}

/** A dry run's step: when the policy would act (null: now), what it would do then, and why it would ask. */
export interface DryRunStep {
  at: number | null;
  action: 'start' | 'stop' | 'warn';
  reason: string;
  phones: { key: string; name: string }[];
  needsConsent: boolean;
  /** Why it would ask, and what it would leave out, in words. */
  asks: string[];
  leftOut: { n: number; words: string }[];
}

/**
 * A stop announced to the user that happens at `dueAt` unless they keep the phones running — or, when it
 * needs a person (a budget stop not set to act, more phones than the rules allow), waits for "Stop now".
 * A scheduled start that needs a person waits the same way (`action: 'start'`).
 */
export interface PendingStop {
  id: string;
  action: 'start' | 'stop';
  /** The policy that announced it: switched off or removed before the stop is due, the stop does not happen. */
  policyId?: string;
  policyName: string;
  keys: string[];
  names: string[];
  reason: string;
  dueAt: number;
  needsConsent: boolean;
}

export interface AutopilotState {
  paused: boolean;
  policies: Policy[];
  pending: PendingStop[];
  /** Phone keys marked "keep running". */
  keepRunning: string[];
}

export interface SpendSummary {
  accountId: string;
  runningNow: number;
  minutesToday: number;
  minutesMonth: number;
  /** Estimated from the per-minute price; null when no price is set. */
  spendToday: number | null;
  spendMonth: number | null;
  /** What the running per-minute phones cost per hour now, at the price; null without one. */
  burnPerHour: number | null;
  /** Running phones billed by the minute (the others cost the same running or not). */
  runningPerMinute: number;
  /** Today's minutes of phones billed monthly or within the plan's parallels: in minutesToday, never priced. */
  notPerMinuteToday: number;
  price: number | null;
  priceFromProvider: boolean;
  currency: string;
  balance: number | null;
  planName: string | null;
  billingReadAt: number | null;
  billingError: string | null;
}
