import { z } from 'zod';
import type { MoneyBreakdown, PhoneCosts, SpendHistory } from '../money';
import { PolicySchema, type AutopilotState, type DryRunStep, type SpendSummary } from '../policy';
import { AccountIdSchema, channel, none, PhoneKeySchema } from './shared';

const pendingId = z.object({ pendingId: z.string().min(1).max(64) }).strict();

/** Spend and policies (main/autopilot). */
export const autopilotChannels = {
  /** Running minutes and estimated spend per account; `refresh` re-reads balance and plan from the provider. */
  'spend:get': channel(z.object({ refresh: z.boolean().optional() }).strict()).returns<SpendSummary[]>(),
  'spend:setPrice': channel(
    z.object({ accountId: AccountIdSchema, price: z.number().nonnegative().max(1000).nullable() }).strict(),
  ).returns<SpendSummary[]>(),
  /** Running minutes and estimated spend per account, group and tag, today or this month (local time). */
  'spend:breakdown': channel(z.object({ period: z.enum(['today', 'month']) }).strict()).returns<MoneyBreakdown>(),
  /** Spend per day for the last 30 days, and phones running through today (the charts). */
  'spend:history': channel(none).returns<SpendHistory>(),
  /** Today's running time and estimated cost per phone (the list's cost column). */
  'spend:phones': channel(none).returns<PhoneCosts>(),
  'autopilot:get': channel(none).returns<AutopilotState>(),
  'autopilot:save': channel(z.object({ policy: PolicySchema }).strict()).returns<AutopilotState>(),
  'autopilot:remove': channel(z.object({ id: z.string().min(1).max(40) }).strict()).returns<AutopilotState>(),
  'autopilot:pause': channel(z.object({ paused: z.boolean() }).strict()).returns<AutopilotState>(),
  /** What a policy would do right now, without doing it. */
  'autopilot:dryRun': channel(z.object({ policy: PolicySchema }).strict()).returns<DryRunStep[]>(),
  'autopilot:snooze': channel(pendingId).returns<AutopilotState>(),
  'autopilot:stopNow': channel(pendingId).returns<AutopilotState>(),
  'autopilot:keepRunning': channel(
    z.object({ key: PhoneKeySchema, keep: z.boolean() }).strict(),
  ).returns<AutopilotState>(),
} as const;

export interface AutopilotEvents {
  /** Policies, pause and the stops announced but not yet made. */
  'autopilot:changed': AutopilotState;
}
