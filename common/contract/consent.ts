import { z } from 'zod';
import type { ConsentPlan } from '../consent';
import type { BulkResult } from './phones';
import { isFileAction, JOB_ACTIONS } from '../phone';
import { FileWhatSchema } from './files';
import { StartOptionsSchema } from '../start-options';
import { channel, MAX_KEYS, PhoneKeySchema } from './shared';

const PlanIdSchema = z.string().regex(/^plan_[0-9a-f]{12}$/, 'not a plan id');

/** The window's door to acting: plan first (what would happen, and whether to ask), then run that plan. */
export const consentChannels = {
  'consent:plan': channel(
    z
      .object({
        action: z.enum(JOB_ACTIONS),
        keys: z.array(PhoneKeySchema).min(1).max(MAX_KEYS),
        includeKept: z.boolean().optional(),
        /** A phonedeck:// link asked: it never starts, stops or deletes without the person's yes. */
        fromLink: z.boolean().optional(),
        /** For files and apps: what to put on the phones or take off them. */
        what: FileWhatSchema.optional(),
      })
      .strict()
      .refine((p) => isFileAction(p.action) === !!p.what, 'files and apps say what with; other actions do not'),
  ).returns<ConsentPlan>(),
  /** Runs a plan; `confirmed` says a person saw it and said yes (the window's dialog). */
  'consent:run': channel(
    z
      .object({
        planId: PlanIdSchema,
        confirmed: z.boolean(),
        options: StartOptionsSchema.optional(),
        /** A start plan run by opening the phones' viewers (one start call brings the viewer URL). */
        open: z.boolean().optional(),
      })
      .strict(),
  ).returns<{ jobId: string | null; opened?: BulkResult[] }>(),
} as const;

export interface ConsentEvents {
  /** A link asks the window to confirm a plan (a stopped phone to start and open). */
  'consent:ask': { plan: ConsentPlan; thenOpen: boolean };
}
