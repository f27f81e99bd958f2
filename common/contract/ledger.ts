import { z } from 'zod';
import type { ActivityExportRow, ActivityJob, ActivityPhoneRow, PhoneTimeline } from '../activity';
import { RECORDED_ACTIONS } from '../phone';
import { AccountIdSchema, PhoneKeySchema, channel } from './shared';

const filterFields = {
  since: z.number().int().min(0).optional(),
  until: z.number().int().min(0).optional(),
  action: z.enum([...RECORDED_ACTIONS]).optional(),
  source: z.string().max(80).optional(),
  accountId: AccountIdSchema.optional(),
  phone: z.string().max(200).optional(),
};

/**
 * The activity record (main/ledger): actions newest first, filtered; one action's per-phone rows; every
 * phone-action row for a CSV; and one phone's timeline.
 */
export const ledgerChannels = {
  'activity:list': channel(
    z
      .object({
        ...filterFields,
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
  ).returns<ActivityJob[]>(),
  'activity:job': channel(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<ActivityPhoneRow[]>(),
  'activity:export': channel(z.object(filterFields).strict()).returns<{
    rows: ActivityExportRow[];
    /** True when the period held more rows than one export carries: narrow the period or filters. */
    truncated: boolean;
  }>(),
  'activity:phone': channel(
    z
      .object({ key: PhoneKeySchema, since: z.number().int().min(0), until: z.number().int().min(0) })
      .strict()
      .refine((q) => q.since <= q.until, { message: 'since must not be after until' }),
  ).returns<PhoneTimeline>(),
} as const;
