import type { MessageKey } from './i18n/en';
/**
 * The provider-neutral phone model shared by main and renderer.
 * Providers map their own status codes onto PhoneStatus; the raw detail stays in statusDetail.
 */
/** A phone with this tag (or marked "keep running") is never stopped by a policy. */
export const KEEP_RUNNING_TAG = 'keep-running';

export const PHONE_STATUSES = ['running', 'starting', 'stopping', 'stopped', 'expired', 'fault', 'unknown'] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

export const PROVIDER_KINDS = ['geelark', 'huawei'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  geelark: 'GeeLark',
  huawei: 'Huawei CPH',
};

/** Statuses that change on their own soon, so the poller watches them closely. */
export const TRANSITIONAL_STATUSES: ReadonlySet<PhoneStatus> = new Set(['starting', 'stopping']);

export interface Phone {
  /** Unique across accounts: `${accountId}/${id}`. Provider ids are strings (GeeLark ids exceed 2^53). */
  key: string;
  id: string;
  accountId: string;
  provider: ProviderKind;
  name: string;
  serialNo: string;
  group: string;
  tags: string[];
  remark: string;
  status: PhoneStatus;
  /** Provider wording of the status, e.g. "restart failed". */
  statusDetail: string;
  /**
   * Epoch ms when this phone was first seen running in its current run; null when not running. Neither
   * provider reports when a phone started, so this is what the app observed.
   */
  runningSince: number | null;
  /** True when the app saw the phone start; false when it was already running when first seen (a lower bound). */
  runningSinceExact: boolean;
  /**
   * 'per-minute' phones cost money while running; shown so users know what is billing. 'parallels': the
   * provider's start answer said it runs within the plan's parallel phones (no extra per-minute cost).
   */
  billing: 'per-minute' | 'monthly' | 'parallels' | 'unknown';
}

/**
 * What else a provider said about a phone, for the detail panel (never a secret): a catalogue key for the
 * label, and the provider's own value, or a catalogue key when the value is one of a few known words.
 */
export type PhoneFacts = [MessageKey, string | { key: MessageKey }][];

export function phoneKey(accountId: string, id: string): string {
  return `${accountId}/${id}`;
}

/** The account and the provider's id inside a phone key (account ids hold no '/'; a phone id may). */
export function splitPhoneKey(key: string): { accountId: string; id: string } {
  const slash = key.indexOf('/');
  return { accountId: key.slice(0, slash), id: key.slice(slash + 1) };
}

export interface ProviderCapabilities {
  start: boolean;
  stop: boolean;
  delete: boolean;
  restart: boolean;
  reset: boolean;
  /** Whether a started phone can be opened in a viewer window. */
  viewer: boolean;
  /** Whether start accepts GeeLark-style display options. */
  startOptions: boolean;
  /** Whether the API gives a running phone's screen as an image (GeeLark yes; Huawei CPH has no such API). */
  screenshot: boolean;
  /** Whether files can be put on running phones (GeeLark from this computer; Huawei a .tar from OBS). */
  files: boolean;
  /** Whether apps can be installed, removed, started and stopped on running phones. */
  apps: boolean;
}

export const BULK_ACTIONS = ['start', 'stop', 'delete', 'restart', 'reset', 'stopThenDelete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/**
 * Actions on what runs inside phones (files and apps): they need a running phone and something to act with
 * (a file, an app, a package name), and go through the same plan, jobs and record as the bulk actions.
 */
export const FILE_ACTIONS = ['push', 'install', 'uninstall', 'appStart', 'appStop'] as const;
export type FileAction = (typeof FILE_ACTIONS)[number];
/** Everything a job (and so a plan) can do to phones. */
export const JOB_ACTIONS = [...BULK_ACTIONS, ...FILE_ACTIONS] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];
export const isFileAction = (a: string): a is FileAction => (FILE_ACTIONS as readonly string[]).includes(a);
/** What the activity record holds: every job's action, and opening a viewer (which starts a billed phone). */
export const RECORDED_ACTIONS = [...BULK_ACTIONS, 'open', ...FILE_ACTIONS] as const;
export type RecordedAction = (typeof RECORDED_ACTIONS)[number];

/** Which provider capability each bulk action needs (stop-then-delete needs delete). */
export const CAPABILITY_FOR: Record<JobAction, keyof ProviderCapabilities> = {
  start: 'start',
  stop: 'stop',
  delete: 'delete',
  restart: 'restart',
  reset: 'reset',
  stopThenDelete: 'delete',
  push: 'files',
  install: 'apps',
  uninstall: 'apps',
  appStart: 'apps',
  appStop: 'apps',
};

export const BULK_ACTION_LABELS: Record<BulkAction, string> = {
  start: 'Start',
  stop: 'Stop',
  delete: 'Delete',
  restart: 'Restart',
  reset: 'Reset',
  stopThenDelete: 'Stop, then delete',
};

/** Each open viewer is a live stream (and a running, billed phone): opening hundreds at once helps nobody. */
export const MAX_WINDOWS_AT_ONCE = 24;
