/**
 * The one IPC contract. Main, preload and renderer all import it, so renaming a channel or changing a
 * payload fails to compile on every side. Inputs carry zod schemas because main validates every payload
 * from the renderer; outputs are types only (main is trusted to produce them).
 */
import { z } from 'zod';
import { BULK_ACTIONS, MAX_WINDOWS_AT_ONCE, PROVIDER_KINDS, type BulkAction, type Phone, type PhoneFacts, type ProviderCapabilities, type ProviderKind } from './phone';
import { StartOptionsSchema, type StartOptions } from './start-options';
import { EVENT_CHANNEL_NAMES, HUAWEI_REGIONS, INVOKE_CHANNEL_NAMES, ipcChannelName } from './channels';
import { isCredentialSafeUrl } from './hosts';
import type { ActionSource, ActivityJob, ActivityPhoneRow } from './activity';
import { PolicySchema, type AutopilotState, type SpendSummary } from './policy';
import type { PendingApproval } from './control';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from './i18n/locales';
import { t, type MessageKey } from './i18n/i18n';

export { HUAWEI_REGIONS, ipcChannelName };

// ---------- shared shapes ----------

const MAX_KEYS = 20_000;
/** `${accountId}/${phoneId}`; bounded so hostile payloads cannot make main allocate much. */
export const PhoneKeySchema = z.string().min(3).max(200).regex(/^[A-Za-z0-9_-]+\/[A-Za-z0-9_.:-]+$/, 'not a phone key');
const AccountIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not an account id');
// Messages are functions: zod asks for them when validating, so they come in the language of that moment.
const secret = (label: MessageKey) => z.string().trim().min(1, { error: () => t('err.required', { field: t(label) }) }).max(4096);
/** Where credentials may be sent: https, or plain http only to this computer (a local simulator). */
const httpUrl = z.string().max(2048).refine(isCredentialSafeUrl, { error: () => t('err.httpsOnly') });

export const CredentialsSchema = z.discriminatedUnion('auth', [
  z.object({ provider: z.literal('geelark'), auth: z.literal('token'), token: secret('form.token'), baseUrl: httpUrl.optional() }).strict(),
  z
    .object({ provider: z.literal('geelark'), auth: z.literal('key'), appId: secret('form.appId'), apiKey: secret('form.apiKey'), baseUrl: httpUrl.optional() })
    .strict(),
  z
    .object({
      provider: z.literal('huawei'),
      auth: z.literal('aksk'),
      ak: secret('form.ak'),
      sk: secret('form.sk'),
      region: z.enum(HUAWEI_REGIONS),
      projectId: z.string().regex(/^[0-9a-f]{32}$/i, 'project id is 32 hex characters').optional(),
      baseUrl: httpUrl.optional(),
      iamUrl: httpUrl.optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('huawei'),
      auth: z.literal('password'),
      domainName: secret('form.domainName'),
      userName: secret('form.userName'),
      password: secret('form.password'),
      region: z.enum(HUAWEI_REGIONS),
      projectId: z.string().regex(/^[0-9a-f]{32}$/i, 'project id is 32 hex characters').optional(),
      baseUrl: httpUrl.optional(),
      iamUrl: httpUrl.optional(),
    })
    .strict(),
]);
export type Credentials = z.infer<typeof CredentialsSchema>;
export type AuthMode = Credentials['auth'];

export interface AccountSummary {
  id: string;
  provider: ProviderKind;
  label: string;
  auth: AuthMode;
  /** Demo accounts talk to the built-in simulator. */
  demo: boolean;
  capabilities: ProviderCapabilities;
  health: { state: 'ok' | 'error' | 'untested'; message: string };
  /** The provider locked the key (GeeLark 40014) until this time (epoch ms): nothing is sent before it. */
  lockedUntil: number | null;
}

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface PublicSettings {
  theme: ThemeSetting;
  /** The language chosen in Settings; "system" follows the OS (main and the window each resolve it). */
  language: LanguagePreference;
  defaultStartOptions: StartOptions;
  favorites: string[];
  closeToTray: boolean;
  /** How long the activity record keeps actions and running periods. */
  activityRetentionDays: number;
  /** The CLI/MCP control plane: stops of more phones than this always ask; these clients start/stop/restart without asking. */
  control: { approveStopOver: number; allowedClients: string[] };
  /** Starting with the OS session, as the OS reports it (not what was last asked for). */
  startAtLogin: { supported: boolean; enabled: boolean; hidden: boolean };
}

export type UpdateState =
  | { state: 'idle' | 'checking' | 'up-to-date' }
  | { state: 'available'; version: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

export interface AboutInfo {
  version: string;
  versions: Record<string, string>;
  platform: string;
  dataFolder: string;
  logFolder: string;
}

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
  /** The last failed read, in plain words (cleared by the next good one), and which kind of read failed. */
  error: { message: string; during: 'list' | 'status' } | null;
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
  /** Provider or app error code when !ok, e.g. "43009" or "OUTCOME_UNKNOWN". */
  code: string;
  message: string;
}

/** Where a bulk job is; the window says it in the person's language. */
export const JOB_PHASES = ['sending', 'stopping', 'waiting', 'deleting', 'done'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export interface BulkJobState {
  jobId: string;
  action: BulkAction;
  /** Who asked: the window, the tray, or a policy ("policy:<name>"). */
  source: ActionSource;
  total: number;
  done: number;
  phase: JobPhase;
  state: 'running' | 'done';
  startedAt: number;
  finishedAt: number | null;
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

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** A way to act on it right there. */
  action?: 'openSettings' | 'retry';
}

// ---------- channel maps ----------

/** Declares a request/response channel: the input schema, then the output type as a phantom. */
function channel<I extends z.ZodType>(input: I) {
  return { returns: <O>() => ({ input, output: undefined as unknown as O }) };
}
const none = z.object({}).strict();
const keys = z.object({ keys: z.array(PhoneKeySchema).min(1).max(MAX_KEYS) }).strict();

export const invokeContract = {
  /** Every phone, or a part of them (the window loads the first screenful first, then the rest). */
  'phones:snapshot': channel(
    z.object({ offset: z.number().int().min(0).max(10_000_000).optional(), limit: z.number().int().min(1).max(MAX_KEYS).optional() }).strict(),
  ).returns<PhonesSnapshot>(),
  'phones:refresh': channel(none).returns<RefreshState>(),
  /** The provider's facts about one phone, for its detail panel. */
  'phones:details': channel(z.object({ key: PhoneKeySchema }).strict()).returns<{ facts: PhoneFacts }>(),
  /** The rows on screen, so the poller reads them more often than the rest. */
  'phones:visible': channel(z.object({ keys: z.array(PhoneKeySchema).max(500) }).strict()).returns<null>(),
  'bulk:run': channel(
    z.object({ action: z.enum(BULK_ACTIONS), keys: keys.shape.keys, options: StartOptionsSchema.optional() }).strict(),
  ).returns<{ jobId: string }>(),
  /** The recent bulk jobs, newest first, with their counts (their rows come from bulk:get). */
  'bulk:list': channel(none).returns<JobSummary[]>(),
  'bulk:get': channel(
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
  ).returns<{ job: BulkJobState; results: BulkResult[] } | null>(),
  'sessions:open': channel(
    z.object({ keys: z.array(PhoneKeySchema).min(1).max(MAX_WINDOWS_AT_ONCE, `open at most ${MAX_WINDOWS_AT_ONCE} phones at once`) }).strict(),
  ).returns<{ opened: BulkResult[] }>(),
  'accounts:list': channel(none).returns<AccountSummary[]>(),
  'accounts:add': channel(
    z.object({ label: z.string().trim().min(1, { error: () => t('err.nameAccount') }).max(80), credentials: CredentialsSchema }).strict(),
  ).returns<AccountSummary>(),
  'accounts:test': channel(z.object({ accountId: AccountIdSchema }).strict()).returns<AccountSummary>(),
  /** Stops the connection test in progress (adding or testing an account); nothing is saved. */
  'accounts:cancelTest': channel(none).returns<null>(),
  'accounts:remove': channel(z.object({ accountId: AccountIdSchema }).strict()).returns<AccountSummary[]>(),
  'demo:enable': channel(none).returns<AccountSummary[]>(),
  'settings:get': channel(none).returns<PublicSettings>(),
  'settings:update': channel(
    z
      .object({
        theme: z.enum(['system', 'light', 'dark']).optional(),
        language: z.enum(LANGUAGE_PREFERENCES).optional(),
        defaultStartOptions: StartOptionsSchema.optional(),
        closeToTray: z.boolean().optional(),
        activityRetentionDays: z.number().int('Whole days').min(1, 'At least 1 day').max(3650, 'At most 10 years').optional(),
        startAtLogin: z.object({ enabled: z.boolean(), hidden: z.boolean() }).strict().optional(),
        control: z
          .object({ approveStopOver: z.number().int('A whole number').min(0).max(10_000).optional(), allowedClients: z.array(z.string().max(80)).max(100).optional() })
          .strict()
          .optional(),
      })
      .strict(),
  ).returns<PublicSettings>(),
  'favorites:set': channel(z.object({ key: PhoneKeySchema, favorite: z.boolean() }).strict()).returns<PublicSettings>(),
  /** The activity ledger: actions newest first, filtered; then one action's per-phone rows. */
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
  /** Running minutes and estimated spend per account; `refresh` re-reads balance and plan from the provider. */
  'spend:get': channel(z.object({ refresh: z.boolean().optional() }).strict()).returns<SpendSummary[]>(),
  'spend:setPrice': channel(z.object({ accountId: AccountIdSchema, price: z.number().nonnegative().max(1000).nullable() }).strict()).returns<SpendSummary[]>(),
  /** Running minutes per account, group and tag, today or this month (local time). */
  'spend:running': channel(z.object({ period: z.enum(['today', 'month']) }).strict()).returns<{ byAccount: Record<string, number>; byGroup: Record<string, number>; byTag: Record<string, number> }>(),
  'autopilot:get': channel(none).returns<AutopilotState>(),
  'autopilot:save': channel(z.object({ policy: PolicySchema }).strict()).returns<AutopilotState>(),
  'autopilot:remove': channel(z.object({ id: z.string().min(1).max(40) }).strict()).returns<AutopilotState>(),
  'autopilot:pause': channel(z.object({ paused: z.boolean() }).strict()).returns<AutopilotState>(),
  /** What a policy would do right now, without doing it. */
  'autopilot:dryRun': channel(z.object({ policy: PolicySchema }).strict()).returns<{ action: string; reason: string; phones: { key: string; name: string }[]; needsConsent: boolean }[]>(),
  'autopilot:snooze': channel(z.object({ pendingId: z.string().min(1).max(64) }).strict()).returns<AutopilotState>(),
  'autopilot:stopNow': channel(z.object({ pendingId: z.string().min(1).max(64) }).strict()).returns<AutopilotState>(),
  /** Versions and folders, for the About section. */
  'app:about': channel(none).returns<AboutInfo>(),
  /** A plain-text report for support: versions, accounts (never their keys), counts, health and recent errors, redacted. */
  'app:diagnostics': channel(none).returns<{ text: string }>(),
  /** A view of the window stopped on an error: written to the log (redacted), so diagnostics carry it. */
  'app:reportError': channel(
    z.object({ where: z.string().max(80), message: z.string().max(2_000), stack: z.string().max(8_000).optional() }).strict(),
  ).returns<null>(),
  /** Update checks: the state, a check the user asked for, the download they agreed to, restart to install. */
  'update:get': channel(none).returns<UpdateState | null>(),
  'update:check': channel(none).returns<UpdateState>(),
  'update:download': channel(none).returns<UpdateState>(),
  'update:restart': channel(none).returns<null>(),
  'app:openFolder': channel(z.object({ which: z.enum(['logs', 'data']) }).strict()).returns<null>(),
  /** The user's answer to a CLI/MCP action held for approval; `always` lets that client start/stop/restart without asking. */
  'control:decide': channel(z.object({ id: z.string().min(1).max(64), approve: z.boolean(), always: z.boolean().optional() }).strict()).returns<PendingApproval[]>(),
  'control:pending': channel(none).returns<PendingApproval[]>(),
  'autopilot:keepRunning': channel(z.object({ key: PhoneKeySchema, keep: z.boolean() }).strict()).returns<AutopilotState>(),
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = (typeof invokeContract)[C]['output'];

/** Main → renderer pushes. */
export interface EventContract {
  'phones:patch': PhonesPatch;
  'refresh:state': RefreshState;
  'bulk:update': BulkUpdate;
  'accounts:changed': AccountSummary[];
  'settings:changed': PublicSettings;
  /** The phones whose viewer window is open, after every open or close. */
  'sessions:changed': { open: string[] };
  /** Policies, pause and the stops announced but not yet made. */
  'autopilot:changed': AutopilotState;
  /** CLI/MCP actions waiting for the user's approval. */
  'control:approvals': PendingApproval[];
  'update:state': UpdateState;
  /** A phonedeck://filter link: show the list with these filters (the rest cleared). */
  'view:apply': { text?: string; statuses?: string[]; groups?: string[]; tags?: string[]; accountId?: string };
  notice: Notice;
}
export type EventChannel = keyof EventContract;
export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES;

// Compile-time proof that the zod-free name lists and the channel maps agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const invokeNamesMatch: Same<InvokeChannel, (typeof INVOKE_CHANNEL_NAMES)[number]> = true;
const eventNamesMatch: Same<EventChannel, (typeof EVENT_CHANNEL_NAMES)[number]> = true;
void invokeNamesMatch;
void eventNamesMatch;

/**
 * Errors cross IPC as values, never as thrown Error objects (invoke would flatten their fields). An invalid
 * input names the field it is about (`credentials.token`), so a form can show the message at that field.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string; field?: string };

/**
 * The whole surface the renderer may use. The preload implements it over ipcRenderer;
 * the browser implementation (tests, e2e) implements it over HTTP.
 */
export interface Bridge {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<IpcResult<InvokeOutput<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void): () => void;
}


export type { BulkAction, Phone, ProviderKind, StartOptions };
export { PROVIDER_KINDS };
