import type { AccountListState, RefreshState } from '../../common/contract';
import { phoneKey } from '../../common/phone';
import type { Clock } from '../kernel/clock';
import { describeError } from '../kernel/errors';
import type { CloudPhoneProvider } from '../providers/types';
import type { EventSink, PhoneStore } from './phone-store';

export interface AccountDirectory {
  providers(): { accountId: string; provider: CloudPhoneProvider }[];
  provider(accountId: string): CloudPhoneProvider | null;
}

export interface RefreshDeps {
  accounts: AccountDirectory;
  clock: Clock;
  emit: EventSink;
  /** Told after each account's list call: null when it worked, else the problem. */
  onAccountHealth?: (accountId: string, error: string | null) => void;
}

/**
 * Full lists of every account into the store, and how each account's reads are going. A known phone the
 * list no longer shows is removed only on the provider's word, or once two full lists in a row miss it.
 */
export class FleetRefresher {
  private state: RefreshState = { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} };
  /** The accounts the refresh behind `lastRefreshAt` listed in full. */
  private covered = new Set<string>();
  private refreshing: Promise<RefreshState> | null = null;
  private followUp: Promise<RefreshState> | null = null;
  /** Phones missing from the latest full lists of their account with no word on them from a status read: how many lists in a row. */
  private readonly missedLists = new Map<string, number>();

  constructor(
    private readonly store: PhoneStore,
    private readonly deps: RefreshDeps,
  ) {
    store.onRemoved((keys) => {
      for (const k of keys) this.missedLists.delete(k);
    });
  }

  current(): RefreshState {
    return this.state;
  }

  /**
   * Full list from every account. Concurrent callers share one refresh. An aborted refresh (the poller
   * stopping) sends nothing more and changes nothing it has not already read.
   */
  refresh(signal?: AbortSignal): Promise<RefreshState> {
    // A caller gets a refresh that starts after it asked (an account added a moment ago is in it); callers
    // arriving while one runs share the single follow-up instead of each starting their own.
    if (this.refreshing) {
      this.followUp ??= this.refreshing.then(() => {
        this.followUp = null;
        return this.refresh(signal);
      });
      return this.followUp;
    }
    this.refreshing = this.run(signal).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Records how an account's status reads went (the poller calls this): a failure is shown, never hidden. */
  noteStatusHealth(accountId: string, error: string | null): void {
    if (error) return this.setAccountState(accountId, { error: { message: error, during: 'status' } });
    // A good status read clears a status error; a list error stays until a list works again.
    const listError = this.state.accounts[accountId]?.error?.during === 'list';
    this.setAccountState(accountId, { lastGoodAt: this.deps.clock.now(), ...(listError ? {} : { error: null }) });
  }

  private async run(signal?: AbortSignal): Promise<RefreshState> {
    this.state = { ...this.state, refreshing: true };
    this.deps.emit('refresh:state', this.state);
    const errors: RefreshState['errors'] = [];
    const accounts = this.deps.accounts.providers();
    const liveAccounts = new Set(accounts.map((a) => a.accountId));
    for (const id of Object.keys(this.state.accounts)) if (!liveAccounts.has(id)) delete this.state.accounts[id];
    await Promise.all(
      accounts.map(async ({ accountId, provider }) => {
        this.setAccountState(accountId, { loading: true, pagesRead: 0, phonesRead: 0, total: null });
        try {
          await this.listAccount(accountId, provider, signal);
          this.deps.onAccountHealth?.(accountId, null);
        } catch (e) {
          if (signal?.aborted) return;
          // Keep what we had: an outage must not make phones look deleted.
          const { code, message } = describeError(e);
          errors.push({ accountId, message });
          this.setAccountState(accountId, { loading: false, error: { message, during: 'list', code } });
          this.deps.onAccountHealth?.(accountId, message);
        }
      }),
    );
    for (const p of this.store.all()) if (!liveAccounts.has(p.accountId)) this.store.remove(p.key);
    this.state = {
      ...this.state,
      lastRefreshAt: this.lastRefreshAt(accounts, liveAccounts, errors, signal),
      refreshing: false,
      errors,
    };
    this.store.flush();
    this.deps.emit('refresh:state', this.state);
    return this.state;
  }

  /**
   * "Updated 5s ago" must be true of the whole list: a refresh with any failure keeps the last fully good
   * time, but only if that refresh covered every account listed now (one added since has never been read,
   * and a refresh of no accounts at all updated nothing).
   */
  private lastRefreshAt(
    accounts: { accountId: string }[],
    live: Set<string>,
    errors: unknown[],
    signal?: AbortSignal,
  ): number | null {
    if (!errors.length && !signal?.aborted && accounts.length) {
      this.covered = live;
      return this.deps.clock.now();
    }
    if (accounts.some((a) => !this.covered.has(a.accountId))) return null;
    return this.state.lastRefreshAt;
  }

  /**
   * Reads one account's list page by page, showing each page's phones as it arrives (a slow first load
   * fills the table as it goes). A known phone the list no longer shows is removed only once a status read
   * says it is gone: a paged list read while phones are deleted skips the phone that shifts across a page
   * boundary, and a garbled answer must not make a fleet vanish. Where the list cannot tell a stopped phone
   * from an expired one (GeeLark), the stopped phones' status is read in the same call, so expiry is known
   * everywhere and no Start is offered that the provider would refuse.
   */
  private async listAccount(accountId: string, provider: CloudPhoneProvider, signal?: AbortSignal): Promise<void> {
    const seen = await this.readList(accountId, provider, signal);
    this.setAccountState(accountId, { loading: false, lastGoodAt: this.deps.clock.now(), error: null });
    for (const key of seen) this.missedLists.delete(key);
    const missing = this.store
      .all()
      .filter((p) => p.accountId === accountId && !seen.has(p.key))
      .map((p) => p.id);
    const stopped = provider.listHidesExpiry
      ? [...seen]
          .map((k) => this.store.get(k))
          .filter((p) => p?.status === 'stopped' || p?.status === 'expired')
          .map((p) => p!.id)
      : [];
    if (!missing.length && !stopped.length) return;
    const answered = await this.readMissingAndStopped(accountId, provider, [...missing, ...stopped], signal);
    if (signal?.aborted) return;
    // No word either way (a read that failed, or a provider that leaves unknown ids out of its answer):
    // missing from two full lists in a row is proof enough; one list alone is not (a page shift).
    for (const id of missing) {
      const key = phoneKey(accountId, id);
      if (answered.has(id) || !this.store.has(key)) continue;
      const misses = (this.missedLists.get(key) ?? 0) + 1;
      if (misses < 2) this.missedLists.set(key, misses);
      else {
        this.missedLists.delete(key);
        this.store.remove(key);
      }
    }
    this.store.flush();
  }

  /** The list, page by page into the store; returns the keys it showed. */
  private async readList(accountId: string, provider: CloudPhoneProvider, signal?: AbortSignal): Promise<Set<string>> {
    const seen = new Set<string>();
    let pages = 0;
    // A list held by the provider's rate limit says so, instead of looking stuck for up to a minute.
    const stopWatching = provider.limiter.onPause((until) => this.setAccountState(accountId, { waitingUntil: until }));
    const listed = await provider
      .listAll(signal, (page) => {
        pages++;
        for (const p of page.phones) seen.add(this.store.merge(accountId, provider.kind, p));
        this.store.flush();
        this.setAccountState(accountId, {
          pagesRead: pages,
          phonesRead: seen.size,
          total: page.total,
          waitingUntil: null,
        });
      })
      .finally(() => {
        stopWatching();
        this.setAccountState(accountId, { waitingUntil: null });
      });
    // A provider that does not report pages as they come still gives the whole list at the end.
    if (!pages) for (const p of listed) seen.add(this.store.merge(accountId, provider.kind, p));
    this.store.flush();
    return seen;
  }

  /**
   * The list itself was good; a failure here is a status-read problem, shown as such, and a phone that
   * could not be checked stays listed as it was. Returns the ids the provider answered for.
   */
  private async readMissingAndStopped(
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    signal?: AbortSignal,
  ): Promise<Set<string>> {
    try {
      // A phone the provider reports as not found is removed by applyReadings; one it still knows stays.
      const readings = await provider.status(ids, signal);
      this.store.applyReadings(accountId, readings);
      this.noteStatusHealth(accountId, null);
      return new Set(readings.map((r) => r.id));
    } catch (e) {
      if (!signal?.aborted) this.noteStatusHealth(accountId, describeError(e).message);
      return new Set();
    }
  }

  private setAccountState(accountId: string, patch: Partial<AccountListState>): void {
    const cur = this.state.accounts[accountId] ?? {
      loading: false,
      pagesRead: 0,
      phonesRead: 0,
      total: null,
      lastGoodAt: null,
      error: null,
    };
    const next = { ...cur, ...patch };
    if (JSON.stringify(next) === JSON.stringify(cur) && this.state.accounts[accountId]) return;
    this.state = { ...this.state, accounts: { ...this.state.accounts, [accountId]: next } };
    this.deps.emit('refresh:state', this.state);
  }
}
