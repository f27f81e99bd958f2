import {
  ALWAYS_ASK,
  isPolicySource,
  SPARES_KEPT,
  type ConfirmWhy,
  type ConsentPlan,
  type ConsentRules,
  type PlanEntry,
  type PlanRequest,
  type SkipReason,
} from '../../common/consent';
import { keptWhy } from '../../common/keep';
import { inScope } from '../../common/scope';
import {
  CAPABILITY_FOR,
  isFileAction,
  splitPhoneKey,
  type JobAction,
  type Phone,
  type ProviderCapabilities,
} from '../../common/phone';

export type { PlanRequest } from '../../common/consent';

/** What the planner reads about the world, all of it given, so the same input gives the same plan. */
export interface PlanWorld {
  id: string;
  at: number;
  phone(key: string): Phone | undefined;
  capabilities(accountId: string): ProviderCapabilities | null;
  favorites: ReadonlySet<string>;
  keepRunning: ReadonlySet<string>;
  openViewers: ReadonlySet<string>;
  /** In a team: phones another person holds (a viewer open elsewhere), with who and since when. */
  heldByOthers: ReadonlyMap<string, { who: string; since: number }>;
  /** Files and apps: whether this account's provider takes the plan's file, app or package that way. */
  takes?(accountId: string): boolean;
  /** Phones the provider reports busy with a task (or that answered 43005 lately). */
  busy: ReadonlySet<string>;
  price(accountId: string): { perMinute: number; currency: string } | null;
  rules: ConsentRules;
  /** Phones this source acted on without a person's confirmation within the rule's window. */
  recent: number;
  qualify(p: Phone): string;
}

/** Why the phone's state alone rules the action out, if it does. */
function stateSkip(action: JobAction, p: Phone): SkipReason | null {
  if (p.status === 'expired' && action !== 'delete' && action !== 'stopThenDelete') return 'expired';
  // Files and apps go into a running phone's system: nothing is sent to one that is not running.
  if (isFileAction(action)) return p.status === 'running' ? null : 'notRunning';
  switch (action) {
    case 'start':
      return p.status === 'running' || p.status === 'starting' ? 'alreadyThere' : null;
    case 'stop':
      return p.status === 'stopped' || p.status === 'stopping' ? 'alreadyThere' : null;
    case 'restart':
      return p.status === 'running' || p.status === 'fault' ? null : 'notRunning';
    case 'delete':
      // A running phone refuses delete (43009): "stop, then delete" is the action for it.
      return p.status === 'running' || p.status === 'starting' || p.status === 'fault' ? 'mustStopFirst' : null;
    default:
      return null;
  }
}

/** Why one phone is left out by its listing, provider, scope or state (null: nothing rules it out), and the phone. */
function skipFor(req: PlanRequest, w: PlanWorld, key: string): { reason: SkipReason | null; phone?: Phone } {
  const p = w.phone(key);
  if (!p) return { reason: 'notListed' };
  const caps = w.capabilities(p.accountId);
  if (!caps) return { reason: 'accountDown', phone: p };
  if (req.scope && !inScope(p, req.scope)) return { reason: 'outOfScope', phone: p };
  if (!caps[CAPABILITY_FOR[req.action]]) return { reason: 'notOffered', phone: p };
  if (w.takes && !w.takes(p.accountId)) return { reason: 'otherWay', phone: p };
  const state = stateSkip(req.action, p);
  if (state) return { reason: state, phone: p };
  if (isPolicySource(req.source) && (w.openViewers.has(key) || w.heldByOthers.has(key)))
    return { reason: 'heldByViewer', phone: p };
  if (isPolicySource(req.source) && w.busy.has(key)) return { reason: 'busy', phone: p };
  return { reason: null, phone: p };
}

/**
 * The plan for one request: pure, so every door, the dry run and the tests get the same answer from the
 * same input. Marked-to-keep phones are left out of delete, reset and stop unless explicitly included.
 */
export function planAction(req: PlanRequest, w: PlanWorld): ConsentPlan {
  const entries: PlanEntry[] = [];
  const act: string[] = [];
  const kept: string[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const perHour = new Map<string, number>();
  let unpriced = 0;
  let keptActed = 0;
  for (const key of new Set(req.keys)) {
    const { reason: first, phone } = skipFor(req, w, key);
    const keptMark = phone && SPARES_KEPT.has(req.action) ? keptWhy(phone, w.favorites, w.keepRunning) : null;
    // A policy never acts on a kept phone; a person or a client may, by including it on purpose.
    const reason = first ?? (keptMark && (!req.includeKept || isPolicySource(req.source)) ? 'kept' : null);
    const name = phone ? w.qualify(phone) : key;
    const accountId = phone?.accountId ?? splitPhoneKey(key).accountId;
    entries.push({
      key,
      name,
      accountId,
      act: reason === null,
      ...(reason ? { reason } : {}),
      ...(keptMark ? { kept: keptMark } : {}),
    });
    if (reason === 'kept') kept.push(key);
    if (reason) {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      continue;
    }
    act.push(key);
    if (keptMark) keptActed++;
    if (req.action === 'start' && phone) {
      const price = w.price(phone.accountId);
      if (price) perHour.set(price.currency, (perHour.get(price.currency) ?? 0) + price.perMinute * 60);
      else unpriced++;
    }
  }
  const addedPerHour = [...perHour].map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 }));
  const why = act.length ? confirmReasons(req, w, act, keptActed, addedPerHour) : [];
  return {
    id: w.id,
    source: req.source,
    action: req.action,
    ...(req.subject ? { subject: req.subject } : {}),
    at: w.at,
    entries,
    act,
    skipped,
    kept: kept.concat(entries.filter((e) => e.kept && e.act).map((e) => e.key)),
    includeKept: !!req.includeKept && !isPolicySource(req.source),
    addedPerHour,
    unpriced,
    confirm: { required: why.length > 0, why },
  };
}

/** Stopping or erasing a phone someone else is viewing cuts them off: a person is asked first, every door. */
function heldWhy(req: PlanRequest, w: PlanWorld, act: readonly string[]): ConfirmWhy | null {
  if (req.action === 'start' || !w.heldByOthers.size) return null;
  const held = act.filter((k) => w.heldByOthers.has(k));
  if (!held.length) return null;
  const first = w.heldByOthers.get(held[0])!;
  const phone = w.phone(held[0]);
  return {
    kind: 'heldByOther',
    who: first.who,
    since: first.since,
    name: phone ? w.qualify(phone) : held[0],
    n: held.length,
  };
}

/** The rule table applied: why a person must confirm this plan (none: it may run as asked). */
function confirmReasons(
  req: PlanRequest,
  w: PlanWorld,
  act: readonly string[],
  keptActed: number,
  addedPerHour: ConsentPlan['addedPerHour'],
): ConfirmWhy[] {
  const why: ConfirmWhy[] = [];
  const { rules } = w;
  if (ALWAYS_ASK.has(req.action)) why.push({ kind: 'alwaysAsks' });
  // A link may filter, select and open a running phone; it never starts, stops or erases on its own.
  if (req.source === 'link') why.push({ kind: 'link' });
  if (keptActed) why.push({ kind: 'keptIncluded', n: keptActed });
  const held = heldWhy(req, w, act);
  if (held) why.push(held);
  const countsApply = !ALWAYS_ASK.has(req.action) && !(isPolicySource(req.source) && req.actAlone);
  const n = act.length;
  if (countsApply && w.recent + n > rules.askAbovePhones) {
    why.push(
      isPolicySource(req.source)
        ? { kind: 'policyOverCount', phones: n, limit: rules.askAbovePhones }
        : { kind: 'overCount', phones: n, recent: w.recent, limit: rules.askAbovePhones, minutes: rules.windowMinutes },
    );
  }
  const costLimit = rules.askAboveCostPerHour;
  if (costLimit !== null && req.action === 'start' && !(isPolicySource(req.source) && req.actAlone)) {
    for (const c of addedPerHour) if (c.amount > costLimit) why.push({ kind: 'overCost', ...c, limit: costLimit });
  }
  return why;
}
