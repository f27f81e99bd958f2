import { describeSkip } from '../../common/consent-words';
import type { ConsentPlan, SkipReason } from '../../common/consent';
import type { ErrorCode } from '../../common/error-codes';
import type { AccountSummary, BulkResult } from '../../common/contract';
import type { ControlRequest, ControlScreenshot } from '../../common/control';
import { subjectOf, type FileWhat } from '../../common/files';
import type { FileAction, Phone } from '../../common/phone';
import type { PlanRequest } from '../../common/consent';
import { toControlPhone, type PhoneLookup } from './phone-lookup';

type Client = 'cli' | `mcp:${string}`;
/** What these requests need of the app (the control service's deps fit it). */
interface FileOps {
  /** What the client typed, checked (a file there and not too large, a package, an app's URL) before any plan. */
  fileWhat(action: FileAction, given: string): Promise<FileWhat>;
  consent: {
    plan(req: PlanRequest<Client> & { what?: FileWhat }): ConsentPlan;
    execute(plan: ConsentPlan, confirmed: boolean): string | null;
  };
  screenshot(key: string, signal?: AbortSignal): Promise<{ image: Buffer; contentType: string; takenAt: number }>;
}
/** Who asks, as the control service knows them. */
interface Who {
  client: Client;
  allowed: boolean;
}
type Ask = (action: FileAction, phones: Phone[], plan: ConsentPlan) => Promise<unknown>;
type Follow = (jobId: string) => Promise<{ results: BulkResult[] }>;
type FileRequest = Extract<ControlRequest, { method: 'push' } | { method: 'app' }>;

const APP_VERBS = { install: 'install', uninstall: 'uninstall', start: 'appStart', stop: 'appStop' } as const;

/**
 * A file or an app onto phones (or off them), through the same plan and rules as every action: phones that
 * are not running are left out by the plan, more phones than the rule's count and every uninstall wait for a
 * person, and a client not allowed to act alone always does. Each phone gets a line, the left-out ones too.
 */
export async function filesOn(
  d: FileOps,
  who: Who,
  lookup: PhoneLookup,
  req: FileRequest,
  accounts: AccountSummary[],
  ask: Ask,
  follow: Follow,
): Promise<{ results: BulkResult[] }> {
  const action: FileAction = req.method === 'push' ? 'push' : APP_VERBS[req.params.action];
  const given = req.method === 'push' ? req.params.file : (req.params.file ?? req.params.package ?? '');
  const what = await d.fileWhat(action, given);
  const p = req.params;
  const named = p.phones?.length ? lookup.resolveAll(p.phones) : [];
  const matched = 'match' in p && p.match ? lookup.matching(p.match, accounts) : [];
  const phones = [...new Map([...named, ...matched].map((x) => [x.key, x])).values()];
  const plan = d.consent.plan({
    source: who.client,
    action,
    keys: phones.map((x) => x.key),
    what,
    subject: subjectOf(what),
  });
  const left = leftOut(plan, lookup);
  if (!plan.act.length) return { results: left };
  const acting = new Set(plan.act);
  // A person's yes runs it as confirmed; an allowed client within the rules runs it counted against them.
  const asked = plan.confirm.required || !who.allowed;
  if (asked)
    await ask(
      action,
      phones.filter((x) => acting.has(x.key)),
      plan,
    );
  const jobId = d.consent.execute(plan, asked);
  const { results } = jobId ? await follow(jobId) : { results: [] };
  return { results: [...left, ...results] };
}

const SKIP_CODES: Partial<Record<SkipReason, ErrorCode>> = {
  notListed: 'NOT_FOUND',
  accountDown: 'ACCOUNT_UNAVAILABLE',
  notOffered: 'UNSUPPORTED',
  otherWay: 'UNSUPPORTED',
  notRunning: 'NOT_RUNNING',
  expired: 'NOT_RUNNING',
};

/** A line for each phone the plan left out, with the plan's own words for why (not running, not offered…). */
function leftOut(plan: ConsentPlan, lookup: PhoneLookup): BulkResult[] {
  return plan.entries
    .filter((e) => !e.act)
    .map((e) => {
      const found = lookup.find(e.key);
      return {
        key: e.key,
        name: e.name,
        accountId: e.accountId,
        lastStatus: 'phone' in found ? found.phone.status : null,
        ok: false,
        code: SKIP_CODES[e.reason!] ?? 'SKIPPED',
        message: describeSkip(e.reason!),
      };
    });
}

/** A read of one named phone's screen (two provider calls, paced by the account's limiter); no consent needed. */
export async function screenshotOf(
  d: Pick<FileOps, 'screenshot'>,
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
