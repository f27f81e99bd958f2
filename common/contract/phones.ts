import { z } from 'zod';
import type { ActionSource } from '../activity';
import type { ErrorCode } from '../error-codes';
import { BULK_ACTIONS, type JobAction, type Phone, type PhoneFacts } from '../phone';
import { StartOptionsSchema } from '../start-options';
import { channel, MAX_KEYS, none, PhoneKeySchema } from './shared';

export interface PhonesSnapshot {
  /** The phones from `offset` (all of them, or `limit` many when asked for a part). */
  phones: Phone[];
  /** How many phones there are in all, so the window knows when it has every part. */
  total: number;
  refresh: RefreshState;
  /** Phones whose viewer window is open now. */
  openWindows: string[];
}

/** How one account's reads are going: what the list shows is only as true as this. */
export interface AccountListState {
  /** Its list is being read now. */
  loading: boolean;
  /** Progress of the current (or last) list: pages and phones read, and the provider's count once known. */
  pagesRead: number;
  phonesRead: number;
  total: number | null;
  /** When a list or status read of this account last succeeded; a failed read never sets it. */
  lastGoodAt: number | null;
  /**
   * The last failed read, in plain words (cleared by the next good one), which kind of read failed, and its
   * code: the window decides what helps (Settings or Retry) from the code, never from the words.
   */
  error: { message: string; during: 'list' | 'status'; code?: ErrorCode } | null;
  /** The provider said "too many" while the list was being read: its calls wait until then (epoch ms). */
  waitingUntil?: number | null;
}

export interface RefreshState {
  /** When every account's list was last read successfully; a refresh with any failure leaves it as it was. */
  lastRefreshAt: number | null;
  refreshing: boolean;
  /** Per-account problems from the last refresh, in plain words. */
  errors: { accountId: string; message: string }[];
  accounts: Record<string, AccountListState>;
}

export interface PhonesPatch {
  upserts: Phone[];
  removed: string[];
}

export interface BulkResult {
  key: string;
  /** Name, account and status as they were when the job reported this phone (a deleted phone keeps its name). */
  name: string;
  accountId: string;
  lastStatus: Phone['status'] | null;
  ok: boolean;
  /** Provider or app error code when !ok, e.g. "43009" or "OUTCOME_UNKNOWN" (an ErrorCode; tests and old records may carry others). */
  code: string;
  message: string;
}

/** Where a bulk job is; the window says it in the person's language. */
export const JOB_PHASES = ['sending', 'stopping', 'waiting', 'deleting', 'done'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export interface BulkJobState {
  jobId: string;
  action: JobAction;
  /** Who asked: the window, the tray, or a policy ("policy:<name>"). */
  source: ActionSource;
  total: number;
  done: number;
  phase: JobPhase;
  state: 'running' | 'done';
  startedAt: number;
  finishedAt: number | null;
  /** Files and apps: what the job acts with (the app's file name, an OBS path, a package). */
  subject?: string;
  /** A start made to open viewers: the record says "open", since that is what the person did. */
  opened?: true;
  /** Once done: how long the job was held back by the account's rate limiter (overlapping waits count once). */
  limiterWaitMs?: number;
}

export interface JobSummary {
  job: BulkJobState;
  succeeded: number;
  failed: number;
}

export interface BulkUpdate {
  job: BulkJobState;
  /** Results that arrived since the previous update (never resent, so 10,000 results stay cheap). */
  newResults: BulkResult[];
}

const keys = z.array(PhoneKeySchema).min(1).max(MAX_KEYS);

/** The list and bulk actions (main/fleet). */
export const phonesChannels = {
  /** Every phone, or a part of them (the window loads the first screenful first, then the rest). */
  'phones:snapshot': channel(
    z
      .object({
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(MAX_KEYS).optional(),
      })
      .strict(),
  ).returns<PhonesSnapshot>(),
  'phones:refresh': channel(none).returns<RefreshState>(),
  /** The provider's facts about one phone, for its detail panel. */
  'phones:details': channel(z.object({ key: PhoneKeySchema }).strict()).returns<{ facts: PhoneFacts }>(),
  /** The rows on screen, so the poller reads them more often than the rest. */
  'phones:visible': channel(z.object({ keys: z.array(PhoneKeySchema).max(500) }).strict()).returns<null>(),
  'bulk:run': channel(
    z.object({ action: z.enum(BULK_ACTIONS), keys, options: StartOptionsSchema.optional() }).strict(),
  ).returns<{ jobId: string | null }>(),
  /** The recent bulk jobs, newest first, with their counts (their rows come from bulk:get). */
  'bulk:list': channel(none).returns<JobSummary[]>(),
  'bulk:get': channel(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<{
    job: BulkJobState;
    results: BulkResult[];
  } | null>(),
} as const;

export interface PhonesEvents {
  'phones:patch': PhonesPatch;
  'refresh:state': RefreshState;
  'bulk:update': BulkUpdate;
}
