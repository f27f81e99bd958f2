import { z } from 'zod';
import type { PlanSummary } from './consent-words';
import type { BulkJobState, BulkResult } from './contract/phones';
import { PHONE_STATUSES, type FileAction } from './phone';

/**
 * The local control plane's requests (CLI and MCP → main), one JSON object per line over a socket only the
 * current user can open. Validated with zod like IPC; every action goes through the same fleet, limiter,
 * results and activity record as the window.
 */
const phones = z.array(z.string().min(1).max(200)).max(10_000);
/** One value, or several (any of them matches): `--status running --status stopped`. */
const oneOrMore = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1).max(50)]).optional();
const filter = z
  .object({
    status: oneOrMore(z.enum(PHONE_STATUSES)),
    tag: oneOrMore(z.string().max(200)),
    group: oneOrMore(z.string().max(200)),
    account: oneOrMore(z.string().max(200)),
  })
  .strict();
export type ControlFilter = z.infer<typeof filter>;

/** What the CLI and MCP may ask for. */
export const CONTROL_ACTIONS = ['start', 'stop', 'restart', 'reset', 'delete'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export const ControlRequestSchema = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('list'),
      params: filter
        .extend({
          /** A page of this many (the answer then carries the total and the next cursor). */
          limit: z.number().int().min(1).max(10_000).optional(),
          cursor: z
            .string()
            .regex(/^\d{1,7}$/, 'a cursor from the previous page')
            .optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ method: z.literal('status'), params: z.object({ phones: phones.min(1) }).strict() }).strict(),
  z
    .object({
      method: z.literal('act'),
      params: z
        .object({
          action: z.enum(CONTROL_ACTIONS),
          /** Named phones (id, key or name) and/or everything matching a filter. */
          phones: phones.optional(),
          match: filter.optional(),
          dryRun: z.boolean().optional(),
          /** Act on phones marked to keep too (they are left out otherwise); a person always confirms it. */
          includeKept: z.boolean().optional(),
          /** Wait until the provider confirms every phone reached the target (or `timeoutS` passes). */
          wait: z.boolean().optional(),
          timeoutS: z.number().int().min(1).max(3_600).optional(),
          /** Return the job id as soon as it starts (follow it with `job wait` / get_job). */
          background: z.boolean().optional(),
        })
        .strict()
        .refine(
          (p) => (p.phones?.length ?? 0) > 0 || p.match !== undefined,
          'Name phones, or give --tag, --group, --status or --all-matching',
        ),
    })
    .strict(),
  z.object({ method: z.literal('open'), params: z.object({ phone: z.string().min(1).max(200) }).strict() }).strict(),
  /** One file onto running phones: GeeLark from this computer (the app reads it by its path), CPH a .tar in OBS. */
  z
    .object({
      method: z.literal('push'),
      params: z
        .object({ file: z.string().min(1).max(4_096), phones: z.array(z.string().min(1).max(200)).min(1).max(1_000) })
        .strict(),
    })
    .strict(),
  /**
   * An app onto phones (install: an APK/XAPK path, an https URL, or an OBS .apk), off them (uninstall), or
   * started / stopped on them (by package), on phones named or matched.
   */
  z
    .object({
      method: z.literal('app'),
      params: z
        .object({
          action: z.enum(['install', 'uninstall', 'start', 'stop']),
          file: z.string().min(1).max(4_096).optional(),
          package: z
            .string()
            .regex(/^[A-Za-z][\w.]{0,199}$/, 'a package name such as com.example.app')
            .optional(),
          phones: phones.optional(),
          match: filter.optional(),
        })
        .strict()
        .refine((p) => (p.action === 'install' ? !!p.file : !!p.package), 'install takes a file; the others a package')
        .refine((p) => (p.phones?.length ?? 0) > 0 || p.match !== undefined, 'Name phones, or give --tag, --group…'),
    })
    .strict(),
  /** One running phone's screen, taken now (GeeLark); the image comes back as base64. */
  z
    .object({ method: z.literal('screenshot'), params: z.object({ phone: z.string().min(1).max(200) }).strict() })
    .strict(),
  z
    .object({
      method: z.literal('activity'),
      params: z.object({ sinceMs: z.number().int().min(0).optional() }).strict(),
    })
    .strict(),
  z.object({ method: z.literal('accounts'), params: z.object({}).strict() }).strict(),
  /** Asks the person to pair this client: on a yes the answer carries its own token (shown once). */
  z.object({ method: z.literal('pair'), params: z.object({}).strict() }).strict(),
  /** A job's state and results (every action result carries its job id); `wait` until it is done. */
  z
    .object({
      method: z.literal('job'),
      params: z
        .object({
          jobId: z.string().regex(/^[a-z]+_[0-9a-f]{6,20}$/, 'a job id from an action result'),
          wait: z.boolean().optional(),
          timeoutS: z.number().int().min(1).max(3_600).optional(),
        })
        .strict(),
    })
    .strict(),
]);
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

/** One line from a client: who it is, its token, and the request. */
export const ControlEnvelopeSchema = z
  .object({
    id: z.union([z.string().max(64), z.number()]),
    token: z.string().max(200),
    /** "cli", or "mcp:<client name>". */
    client: z.string().regex(/^(cli|mcp:[\w .@/-]{1,60})$/, 'client is "cli" or "mcp:<name>"'),
    /** The client's own token from `phonedeck pair`: required once that client name is paired. */
    clientToken: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    request: z.unknown(),
  })
  .strict();

/** A screenshot as the CLI and MCP get it. */
export interface ControlScreenshot {
  key: string;
  name: string;
  takenAt: number;
  contentType: string;
  /** The image, base64. */
  image: string;
}

export interface ControlPhone {
  key: string;
  id: string;
  name: string;
  account: string;
  status: string;
  group: string;
  tags: string[];
}
export interface ControlResult {
  key: string;
  name: string;
  ok: boolean;
  code: string;
  message: string;
}
/** What the CLI and MCP get back for an action. */
export interface ControlActOutcome {
  action: string;
  dryRun: boolean;
  /** Set when a person had to approve it (and did). */
  approvedBy?: 'person' | 'allowed client';
  /** The phones acted on (or that would be, in a dry run). */
  phones: ControlPhone[];
  /** The plan: what is left out and why, and whether a person must approve and why. A dry run is exactly it. */
  plan: PlanSummary;
  results: ControlResult[];
  /** Seconds the account's rate limiter held the job back (only that), reported rather than hidden. */
  rateLimitWaitS?: number;
  /** Names given that match no phone (reported one by one; the rest were acted on). */
  notFound?: string[];
  /** The job that ran it (`phonedeck job show <id>`, the get_job tool). */
  jobId?: string;
  /** With --wait: each accepted phone's final state, and whether the wait ran out first. */
  waited?: ControlWaited;
}

export interface ControlWaited {
  target: 'running' | 'stopped' | 'gone';
  timedOut: boolean;
  phones: { key: string; name: string; status: string; reached: boolean }[];
}

/** A job as `phonedeck job` and get_job show it. */
export interface ControlJob {
  job: BulkJobState;
  results: BulkResult[];
  done: boolean;
}

/** An action held until the user decides in the window. */
export interface PendingApproval {
  id: string;
  client: string;
  action: ControlAction | 'open' | 'pair' | FileAction;
  names: string[];
  count: number;
  destructive: boolean;
  /** The client proved its name with its own token (`phonedeck pair`): only then can it be always allowed. */
  paired: boolean;
  /** Why it asks, in words (the rule table's reasons). */
  why: string[];
  /** Files and apps: what would be put on or taken off the phones (the app's file name, OBS path, URL, package). */
  subject?: string;
  at: number;
}

export type ControlReply =
  | { id: string | number; ok: true; value: unknown }
  | { id: string | number; ok: false; code: string; message: string; matches?: ControlPhone[] };
/** Progress lines sent before the reply (waiting for approval, per-phone results). */
export type ControlProgress = { id: string | number; progress: string };
