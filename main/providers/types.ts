import type { AccountBilling } from '../../common/activity';
import type { Phone, PhoneFacts, PhoneStatus, ProviderCapabilities, ProviderKind } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { HUAWEI_REGIONS } from '../../common/channels';
import type { RateLimiter } from './plumbing/rate-limiter';
import { describeError, isProviderError, ProviderError } from '../kernel/errors';
import { t, type MessageKey } from '../../common/i18n/i18n';

/** A phone as a provider reports it; the fleet adds the account, key and running clock. */
export type ProviderPhone = Omit<Phone, 'key' | 'accountId' | 'runningSince' | 'runningSinceExact' | 'provider'> & {
  /** Shown in the detail panel, fetched on demand: kept out of snapshots and patches (10,000 phones' worth). */
  facts?: PhoneFacts;
};

/** One phone's outcome in a batch. Batches are never all-or-nothing, so this is the unit of truth. */
export type PhoneOutcome =
  | {
      id: string;
      ok: true;
      url?: string;
      /** How the provider bills the phone it just started (GeeLark's chargingMethod), when it says. */
      billing?: Phone['billing'];
    }
  | {
      id: string;
      ok: false;
      code: string;
      message: string;
      /** The request may have reached the provider (timeout, dropped connection): re-read, never repeat blindly. */
      maybeApplied?: boolean;
    };

export type StatusReading =
  { id: string; found: true; status: PhoneStatus; statusDetail: string } | { id: string; found: false };

export interface BatchHooks {
  /** Called as each chunk (or job) settles, so the UI can show progress. */
  onOutcomes?: (outcomes: PhoneOutcome[]) => void;
}

/** A phone's screen as an image, with when the provider took it. */
export interface Screenshot {
  image: Buffer;
  contentType: string;
  takenAt: number;
}

export interface PhonePage {
  phones: ProviderPhone[];
  total: number;
}

/** What every provider offers. Provider code knows nothing of Electron or of the UI. */
export interface CloudPhoneProvider {
  readonly kind: ProviderKind;
  readonly capabilities: ProviderCapabilities;
  /** Shared by every call this account makes: lists, polls and bulk actions. */
  readonly limiter: RateLimiter;
  /** Largest id batch one call accepts. */
  readonly batchSize: number;
  /** Origin the viewer pages are served from, for navigation guards; null without a viewer. */
  viewerOrigin(): string | null;
  /** Reads take an optional signal: a stopping poller or a cancelled connection test sends nothing more. */
  testConnection(signal?: AbortSignal): Promise<void>;
  listPage(page: number, signal?: AbortSignal): Promise<PhonePage>;
  /** Every page; `onPage` sees each one as it arrives, so a slow first load can show rows as they come. */
  listAll(signal?: AbortSignal, onPage?: (page: PhonePage) => void): Promise<ProviderPhone[]>;
  /** The list reports expired phones as stopped; only a status read tells them apart (GeeLark). */
  readonly listHidesExpiry: boolean;
  status(ids: readonly string[], signal?: AbortSignal): Promise<StatusReading[]>;
  /**
   * Ids of phones with a task waiting or running, where the provider reports tasks (GeeLark); absent
   * otherwise, and then no phone of the account can be proven idle.
   */
  activeTaskPhones?(signal?: AbortSignal): Promise<Set<string>>;
  /** Balance and plan, where the provider has an API for them (GeeLark); absent otherwise. */
  billing?(signal?: AbortSignal): Promise<AccountBilling>;
  /**
   * One file into each phone's Downloads (GeeLark), with the resource URL to retry the failed phones without
   * uploading again; absent where the provider pushes files differently (Huawei: a .tar from OBS).
   */
  pushFile?(
    ids: readonly string[],
    source: { bytes: Buffer; name: string } | { resourceUrl: string },
    hooks?: BatchHooks,
  ): Promise<{ resourceUrl: string | null; outcomes: PhoneOutcome[] }>;
  /** An APK/XAPK into the team's app library, through the provider's review (GeeLark); absent otherwise. */
  uploadApp?(
    file: { bytes: Buffer; name: string } | { url: string },
    desc: string,
  ): Promise<{ versionId: string; appName: string }>;
  /** Installs an app version on each phone, one phone per call (GeeLark). */
  installApp?(ids: readonly string[], versionId: string, hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  uninstallApp?(ids: readonly string[], packageName: string, hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  /** Starts (its launcher activity) or force-stops an installed app on each phone. */
  controlApp?(
    ids: readonly string[],
    verb: 'start' | 'stop',
    packageName: string,
    hooks?: BatchHooks,
  ): Promise<PhoneOutcome[]>;
  /**
   * An ADB command on each phone (Huawei CPH `phones/commands`): install an APK or push a .tar from OBS,
   * uninstall a package, or a shell line within CPH's character rules.
   */
  command?(
    ids: readonly string[],
    command: 'install' | 'uninstall' | 'push' | 'shell',
    content: string,
    hooks?: BatchHooks,
  ): Promise<PhoneOutcome[]>;
  /** A running phone's screen, where the provider's API gives one (GeeLark); absent otherwise. */
  screenshot?(id: string, signal?: AbortSignal): Promise<Screenshot>;
  start(ids: readonly string[], options: StartOptions, hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  delete(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  restart(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]>;
  reset(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]>;
}

/**
 * Every phone's outcome when a whole batch call failed. If the request may have reached the provider
 * (timeout, dropped connection, 5xx), the outcome is unknown: the phones are re-read, never resent.
 */
export function failedBatch(ids: readonly string[], error: unknown, provider: string): PhoneOutcome[] {
  const { code, message } = describeError(error);
  const maybeApplied = isProviderError(error) && error.maybeApplied;
  return ids.map((id) => ({
    id,
    ok: false as const,
    code: maybeApplied ? 'OUTCOME_UNKNOWN' : code,
    message: maybeApplied ? t('err.mayHaveActed', { message, provider }) : message,
    maybeApplied,
  }));
}

/**
 * A provider's status code as the app's status and the provider's own state in words (in the language of
 * the moment it was read); a code the table does not know is named by its value.
 */
export function statusFrom(
  table: Readonly<Record<number, readonly [PhoneStatus, MessageKey]>>,
  code: unknown,
): [PhoneStatus, string] {
  const known = Object.hasOwn(table, String(code)) ? table[code as number] : undefined;
  return known ? [known[0], t(known[1])] : ['unknown', t('pstatus.unknown', { code: String(code) })];
}

export function unsupported(ids: readonly string[], action: 'restart' | 'reset' | 'delete'): PhoneOutcome[] {
  const message = t('result.unsupported', { action: t(`action.${action}`) });
  return ids.map((id) => ({ id, ok: false as const, code: 'UNSUPPORTED', message }));
}

/**
 * Reads every page. Stops on a short page as well as on the reported total, so a fleet that shrinks
 * while it is being paged cannot make this loop forever.
 */
export async function listAllPages(
  listPage: (page: number) => Promise<PhonePage>,
  pageSize: number,
  onPage?: (page: PhonePage) => void,
): Promise<ProviderPhone[]> {
  const all = new Map<string, ProviderPhone>();
  let lastPage = Infinity;
  for (let page = 1; ; page++) {
    const read = await listPage(page);
    const { phones, total } = read;
    if (!Number.isSafeInteger(total) || total < 0)
      throw new ProviderError('BAD_RESPONSE', t('err.badListTotal', { total: String(total) }), { retryable: true });
    // The pages the first answer promised, and one more for phones added meanwhile: a provider that
    // ignores the page number, or keeps inventing phones, cannot keep the list reading forever.
    if (page === 1) lastPage = Math.ceil(total / pageSize) + 1;
    onPage?.(read);
    const before = all.size;
    // A phone shifted onto the next page while reading comes twice; it is one phone.
    for (const p of phones) all.set(p.id, p);
    if (phones.length < pageSize || all.size >= total || all.size === before || page >= lastPage)
      return [...all.values()];
  }
}

/** What a provider needs to know of an account to reach it (the stored, non-secret fields). */
export interface ProviderAccount {
  provider: ProviderKind;
  auth: 'token' | 'key' | 'aksk' | 'password';
  appId?: string;
  ak?: string;
  domainName?: string;
  userName?: string;
  region?: (typeof HUAWEI_REGIONS)[number];
  projectId?: string;
  baseUrl?: string;
  iamUrl?: string;
}

/** Builds an account's provider from its stored fields and its decrypted secret fields. */
export type ProviderFactory = (account: ProviderAccount, secret: Record<string, string>) => CloudPhoneProvider;
