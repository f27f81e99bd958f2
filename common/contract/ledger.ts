import { z } from 'zod';
import type { ActivityJob, ActivityPhoneRow } from '../activity';
import { BULK_ACTIONS } from '../phone';
import { AccountIdSchema, channel } from './shared';

/** The activity record (main/ledger): actions newest first, filtered; then one action's per-phone rows. */
export const ledgerChannels = {
  'activity:list': channel(
    z
      .object({
        since: z.number().int().min(0).optional(),
        until: z.number().int().min(0).optional(),
        action: z.enum([...BULK_ACTIONS]).optional(),
        source: z.string().max(80).optional(),
        accountId: AccountIdSchema.optional(),
        phone: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
  ).returns<ActivityJob[]>(),
  'activity:job': channel(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<ActivityPhoneRow[]>(),
} as const;
