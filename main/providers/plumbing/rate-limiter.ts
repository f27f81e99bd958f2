import { throwIfAborted, type Clock } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';
import { currentWaitMeter } from '../../kernel/wait-meter';

export interface RateLimiterOptions {
  /** Requests allowed per bucket in any sliding 60 s window. GeeLark allows 200; we stay well under. */
  perMinute: number;
  /** Requests in flight at once for the whole account, so a bulk action cannot open hundreds of sockets. */
  maxConcurrent: number;
  /** Optional cap across all endpoints, for providers that throttle per user rather than per API. */
  globalPerMinute?: number;
  /** Endpoints with their own, lower limit (GeeLark's wallet: 10/min, plan: 1/min). */
  bucketLimits?: Readonly<Record<string, number>>;
  windowMs?: number;
}

interface Bucket {
  sent: number[];
  /** Promise chain that serialises admission so callers are served in order. */
  queue: Promise<void>;
  count: number;
}

/**
 * One limiter per account, shared by the list, the poller and every bulk action, with a bucket per
 * endpoint (GeeLark counts each API separately). A sliding window admits at most `perMinute` in any
 * 60 s, which also keeps every calendar minute under the provider's limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private pausedUntil = 0;
  private lockedReason: string | null = null;
  private lockedUntilMs = 0;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly pauseListeners = new Set<(until: number) => void>();
  private readonly windowMs: number;

  constructor(
    private readonly clock: Clock,
    readonly options: RateLimiterOptions,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
  }

  /**
   * Runs fn when the bucket and the account have room. A call whose signal aborts while it waits is
   * never sent: it leaves the queue with the abort's error.
   */
  async run<T>(bucketName: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const queuedAt = this.clock.now();
    await this.admit(bucketName, signal);
    await this.acquireSlot();
    // The time held back here is what a job reports as paced by the limiter, and only this.
    currentWaitMeter()?.note(queuedAt, this.clock.now());
    try {
      throwIfAborted(signal);
      return await fn();
    } finally {
      this.releaseSlot();
    }
  }

  /** The provider said "too many": hold every bucket until `ms` from now. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    for (const listener of this.pauseListeners) listener(this.pausedUntil);
  }

  /** Tells `listener` each time a "too many" holds this account's calls, and until when; returns an unsubscribe. */
  onPause(listener: (until: number) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  /**
   * The provider locked the key (GeeLark 40014, two hours): refuse everything, without sending, until
   * `untilMs`. Sending during the lock would only prolong it.
   */
  lock(reason: string, untilMs: number): void {
    this.lockedReason = reason;
    this.lockedUntilMs = Math.max(this.lockedUntilMs, untilMs);
  }

  /** The lock's reason while it lasts; null once it has expired. */
  get locked(): string | null {
    if (this.lockedReason && this.clock.now() >= this.lockedUntilMs) this.lockedReason = null;
    return this.lockedReason;
  }

  /** When the current lock ends (epoch ms), or null when not locked. */
  get lockedUntil(): number | null {
    return this.locked ? this.lockedUntilMs : null;
  }

  callsMade(bucketName?: string): number {
    if (bucketName) return this.buckets.get(bucketName)?.count ?? 0;
    let total = 0;
    for (const [name, b] of this.buckets) if (name !== '\u0000all') total += b.count;
    return total;
  }

  private bucket(name: string): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = { sent: [], queue: Promise.resolve(), count: 0 };
      this.buckets.set(name, b);
    }
    return b;
  }

  private async admit(name: string, signal?: AbortSignal): Promise<void> {
    await this.admitTo(this.bucket(name), this.options.bucketLimits?.[name] ?? this.options.perMinute, signal);
    if (this.options.globalPerMinute)
      await this.admitTo(this.bucket('\u0000all'), this.options.globalPerMinute, signal);
  }

  private admitTo(b: Bucket, limit: number, signal?: AbortSignal): Promise<void> {
    const turn = b.queue.then(() => this.waitForRoom(b, limit, signal));
    b.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(b: Bucket, limit: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      if (this.locked)
        throw new ProviderError('KEY_LOCKED', this.lockedReason!, {
          retryAfterMs: this.lockedUntilMs - this.clock.now(),
        });
      const now = this.clock.now();
      while (b.sent.length && b.sent[0] <= now - this.windowMs) b.sent.shift();
      const pauseLeft = this.pausedUntil - now;
      if (pauseLeft > 0) {
        await this.clock.sleep(pauseLeft, signal);
        continue;
      }
      if (b.sent.length < limit) {
        b.sent.push(now);
        b.count++;
        return;
      }
      await this.clock.sleep(b.sent[0] + this.windowMs - now, signal);
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.inFlight < this.options.maxConcurrent) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }
}
