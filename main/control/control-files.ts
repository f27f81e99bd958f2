import type { AccountSummary, BulkResult } from '../../common/contract';
import type { ControlRequest, ControlScreenshot } from '../../common/control';
import type { Phone } from '../../common/phone';
import { toControlPhone, type PhoneLookup } from './phone-lookup';

type Client = 'cli' | `mcp:${string}`;
/** What these requests need of the app (the control service's deps fit it). */
interface FileOps {
  pushFile(keys: string[], file: string, source: Client): Promise<BulkResult[]>;
  installApp(keys: string[], file: string, source: Client): Promise<BulkResult[]>;
  uninstallApp(keys: string[], packageName: string, source: Client): Promise<BulkResult[]>;
  askAbovePhones(): number;
  screenshot(key: string, signal?: AbortSignal): Promise<{ image: Buffer; contentType: string; takenAt: number }>;
}
/** Who asks, as the control service knows them. */
interface Who {
  client: Client;
  allowed: boolean;
}
type Ask = (action: 'push' | 'install' | 'uninstall', phones: Phone[]) => Promise<unknown>;

/** A file onto named phones: a client not allowed to act alone waits for a person, as for any action. */
export async function pushTo(
  d: FileOps,
  who: Who,
  lookup: PhoneLookup,
  p: { file: string; phones: string[] },
  ask: Ask,
): Promise<{ results: BulkResult[] }> {
  const phones = lookup.resolveAll(p.phones);
  if (!who.allowed) await ask('push', phones);
  return {
    results: await d.pushFile(
      phones.map((x) => x.key),
      p.file,
      who.client,
    ),
  };
}

/**
 * An app on or off phones, the rule table's way: an install to more phones than its count and every
 * uninstall wait for a person, whoever asks; a client not allowed to act alone always does.
 */
export async function appOn(
  d: FileOps,
  who: Who,
  lookup: PhoneLookup,
  p: Extract<ControlRequest, { method: 'app' }>['params'],
  accounts: AccountSummary[],
  ask: Ask,
): Promise<{ results: BulkResult[] }> {
  const named = p.phones?.length ? lookup.resolveAll(p.phones) : [];
  const matched = p.match ? lookup.matching(p.match, accounts) : [];
  const phones = [...new Map([...named, ...matched].map((x) => [x.key, x])).values()];
  if (p.action === 'uninstall' || phones.length > d.askAbovePhones() || !who.allowed) await ask(p.action, phones);
  const keys = phones.map((x) => x.key);
  const results =
    p.action === 'install'
      ? await d.installApp(keys, p.file!, who.client)
      : await d.uninstallApp(keys, p.package!, who.client);
  return { results };
}

/** A read of one named phone's screen (two provider calls, paced by the account's limiter); no consent needed. */
export async function screenshotOf(
  d: FileOps,
  lookup: PhoneLookup,
  name: string,
  signal?: AbortSignal,
): Promise<ControlScreenshot> {
  const r = lookup.find(name);
  if (!('phone' in r)) throw r.error;
  const shot = await d.screenshot(r.phone.key, signal);
  return {
    key: r.phone.key,
    name: toControlPhone(r.phone, lookup.labels).name,
    takenAt: shot.takenAt,
    contentType: shot.contentType,
    image: shot.image.toString('base64'),
  };
}
