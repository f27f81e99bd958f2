import type { BulkResult, EventChannel, EventContract } from '../../common/contract';
import { phoneKey, splitPhoneKey, type Phone, type PhoneFacts, type ProviderKind } from '../../common/phone';
import type { Clock } from '../kernel/clock';
import { Emitter } from '../kernel/emitter';
import type { ProviderPhone, StatusReading } from '../providers/types';

export type EventSink = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;

/** Removed phones remembered so results can still name them (a delete of 10,000 phones fits). */
const MAX_REMEMBERED_REMOVALS = 20_000;
/** How long an accepted action's transitional status is shown without the provider confirming it. */
const INTENT_MS = 180_000;

/**
 * The phones main knows, and the only writer of them: merged list entries, status readings, the
 * transitional status of accepted actions, and the patches pushed to the window. A phone only becomes
 * "stopped" or disappears when the provider said so; refresh and bulk jobs tell the store, never the map.
 */
export class PhoneStore {
  private readonly phones = new Map<string, Phone>();
  /** Phones whose true state is uncertain (a lost answer, a fresh action): the poller reads them first. */
  private readonly uncertain = new Set<string>();
  /** Phones this app started, so "stop all phones I started" never touches someone else's. */
  private readonly startedHere = new Set<string>();
  /**
   * Accepted actions whose effect the provider has not reported yet. GeeLark keeps saying "started" for a
   * while after a stop was accepted; showing "running" again would read as if the stop failed.
   */
  private readonly intents = new Map<string, { shown: Phone['status']; target: Phone['status']; until: number }>();
  private readonly removedRecently = new Map<string, Phone>();
  /** The provider's extra facts per phone, for the detail panel only. */
  private readonly facts = new Map<string, PhoneFacts>();
  /**
   * How the provider said it bills phones it started (a start answer's chargingMethod): the list only
   * knows the account's charge mode, so this wins until the next start answer says otherwise.
   */
  private readonly billedAs = new Map<string, Phone['billing']>();
  /** One copy of each repeated fact string ("Singapore", "Android 12") instead of one per phone. */
  private readonly strings = new Map<string, string>();
  private pendingUpserts = new Map<string, Phone>();
  private pendingRemovals = new Set<string>();
  private readonly changed = new Emitter<[]>();
  private readonly patched = new Emitter<[upserts: readonly Phone[], removed: readonly string[]]>();
  private readonly removed = new Emitter<[keys: string[]]>();
  /** Called after any change is pushed (the tray rebuilds from this). */
  readonly onChange = this.changed.event;
  /** Called with every patch pushed: the phones that changed and the keys that left. */
  readonly onPatch = this.patched.event;
  /** Called with phones that left the list on the provider's word (deleted, gone, account removed). */
  readonly onRemoved = this.removed.event;

  constructor(private readonly deps: { clock: Clock; emit: EventSink }) {}

  get(key: string): Phone | undefined {
    return this.phones.get(key);
  }
  has(key: string): boolean {
    return this.phones.has(key);
  }
  all(): Phone[] {
    return [...this.phones.values()];
  }
  factsOf(key: string): PhoneFacts {
    return this.facts.get(key) ?? [];
  }

  get needsCheck(): ReadonlySet<string> {
    return this.uncertain;
  }
  /** Marks phones for an early status read (an answer was lost, or an action may have taken effect). */
  markForCheck(keys: Iterable<string>): void {
    for (const k of keys) this.uncertain.add(k);
  }

  startedHereKeys(): string[] {
    return [...this.startedHere].filter((k) => {
      const st = this.phones.get(k)?.status;
      return st === 'running' || st === 'starting';
    });
  }
  noteStartedHere(key: string): void {
    this.startedHere.add(key);
  }
  /** The billing a start answer gave a phone (kept after it stops: its minutes were billed that way). */
  noteBilling(key: string, billing: Phone['billing']): void {
    this.billedAs.set(key, billing);
    const p = this.phones.get(key);
    if (p && p.billing !== billing) this.upsert({ ...p, billing });
  }
  noteNoLongerStartedHere(key: string): void {
    this.startedHere.delete(key);
  }

  /** Every account listing a provider's phone id (more than one means the same account added twice). */
  accountsListing(provider: Phone['provider'], phoneIds: ReadonlySet<string>): Set<string> {
    const owners = new Set<string>();
    for (const p of this.phones.values()) if (p.provider === provider && phoneIds.has(p.id)) owners.add(p.accountId);
    return owners;
  }

  /** One listed phone into the store; returns its key. */
  merge(accountId: string, kind: ProviderKind, p: ProviderPhone): string {
    const key = phoneKey(accountId, p.id);
    const before = this.phones.get(key);
    // GeeLark's list has no "expired" value (it reports 2); keep the status endpoint's finer answer.
    const reported = before?.status === 'expired' && p.status === 'stopped' ? 'expired' : p.status;
    const [status, statusDetail] = this.reconcile(key, reported, p.statusDetail, before?.statusDetail ?? '');
    const { facts, ...listed } = p;
    // Labels are catalogue keys (shared already); values repeat across thousands of phones, so they are interned.
    this.facts.set(
      key,
      (facts ?? []).map(([k, v]) => [k, typeof v === 'string' ? this.intern(v) : v]),
    );
    this.upsert({
      ...listed,
      status,
      statusDetail,
      key,
      accountId,
      provider: kind,
      billing: this.billedAs.get(key) ?? listed.billing,
      runningSince: before?.runningSince ?? null,
      runningSinceExact: before?.runningSinceExact ?? false,
    });
    return key;
  }

  /** Applies status readings from the poller or a wait loop. */
  applyReadings(accountId: string, readings: StatusReading[]): void {
    for (const r of readings) {
      const key = phoneKey(accountId, r.id);
      this.uncertain.delete(key);
      const p = this.phones.get(key);
      if (!p) continue;
      if (!r.found) {
        this.remove(key);
        continue;
      }
      const [status, statusDetail] = this.reconcile(key, r.status, r.statusDetail, p.statusDetail);
      this.upsert({ ...p, status, statusDetail });
    }
    this.flush();
  }

  /** Shows an accepted action's transitional status until the provider reports `target` (or 3 minutes pass). */
  expect(key: string, shown: Phone['status'], target: Phone['status'], detail: string): void {
    const p = this.phones.get(key);
    if (!p) return;
    this.intents.set(key, { shown, target, until: this.deps.clock.now() + INTENT_MS });
    this.upsert({ ...p, status: shown, statusDetail: detail });
  }

  remove(key: string): void {
    this.intents.delete(key);
    this.billedAs.delete(key);
    const gone = this.phones.get(key);
    if (!gone || !this.phones.delete(key)) return;
    this.removedRecently.set(key, gone);
    this.facts.delete(key);
    if (this.removedRecently.size > MAX_REMEMBERED_REMOVALS)
      this.removedRecently.delete(this.removedRecently.keys().next().value!);
    this.uncertain.delete(key);
    this.pendingUpserts.delete(key);
    this.pendingRemovals.add(key);
  }

  /** Pushes what changed since the last flush as one patch. */
  flush(): void {
    if (!this.pendingUpserts.size && !this.pendingRemovals.size) return;
    const removed = [...this.pendingRemovals];
    const upserts = [...this.pendingUpserts.values()];
    this.deps.emit('phones:patch', { upserts, removed });
    this.patched.fire(upserts, removed);
    this.pendingUpserts = new Map();
    this.pendingRemovals = new Set();
    if (removed.length) this.removed.fire(removed);
    this.changed.fire();
  }

  /** A result row keeps the phone's name, account and last status, even after the phone was removed. */
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult {
    const p = this.phones.get(key) ?? this.removedRecently.get(key);
    const parts = splitPhoneKey(key);
    return {
      key,
      name: p?.name ?? parts.id,
      accountId: p?.accountId ?? parts.accountId,
      lastStatus: p?.status ?? null,
      ok,
      code,
      message,
    };
  }

  /**
   * What to show for a reported status, given any accepted action still settling: until the provider
   * reports the target (or a final state, or the intent expires) the transitional status stays.
   */
  private reconcile(
    key: string,
    reported: Phone['status'],
    detail: string,
    shownDetail: string,
  ): [Phone['status'], string] {
    const intent = this.intents.get(key);
    if (
      intent &&
      reported !== intent.target &&
      reported !== 'expired' &&
      reported !== 'fault' &&
      this.deps.clock.now() < intent.until
    ) {
      return [intent.shown, shownDetail];
    }
    this.intents.delete(key);
    return [reported, detail];
  }

  private upsert(next: Phone): void {
    const before = this.phones.get(next.key);
    const running = next.status === 'running';
    const wasRunning = before?.status === 'running';
    next.runningSince = running
      ? wasRunning
        ? (before.runningSince ?? this.deps.clock.now())
        : this.deps.clock.now()
      : null;
    // Exact only when this app saw it go from not running to running; a phone first seen running may have
    // been running for days, so its time is a lower bound.
    next.runningSinceExact = running && (wasRunning ? before.runningSinceExact : !!before);
    if (before && samePhone(before, next)) return;
    this.phones.set(next.key, next);
    this.pendingUpserts.set(next.key, next);
    this.pendingRemovals.delete(next.key);
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size < 200_000) this.strings.set(s, s);
    return s;
  }
}

function samePhone(a: Phone, b: Phone): boolean {
  return (
    a.status === b.status &&
    a.statusDetail === b.statusDetail &&
    a.name === b.name &&
    a.group === b.group &&
    a.remark === b.remark &&
    a.serialNo === b.serialNo &&
    a.billing === b.billing &&
    a.runningSince === b.runningSince &&
    a.runningSinceExact === b.runningSinceExact &&
    a.tags.join('\u0000') === b.tags.join('\u0000')
  );
}
