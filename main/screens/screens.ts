import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { t } from '../../common/i18n/i18n';
import { PROVIDER_LABELS, type Phone } from '../../common/phone';
import type { ScreenTile } from '../../common/contract/screens';
import type { Clock } from '../kernel/clock';
import { describeError, ProviderError, type ErrorCode } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { CloudPhoneProvider } from '../providers/types';

export interface ScreensDeps {
  phone(key: string): Phone | undefined;
  provider(accountId: string): CloudPhoneProvider | null;
  /** Where images are kept (the app's data folder); they never leave this machine. */
  dir: string;
  clock: Clock;
  log: Logger;
  onChange(keys: string[]): void;
  /** The cache's size cap (default 64 MB): the oldest images go first. */
  capBytes?: number;
  /** A screen taken this recently is not asked for again (default 15 s). */
  minAgeMs?: number;
}

interface Entry {
  file: string;
  bytes: number;
  takenAt: number;
  contentType: string;
}

/** Screenshots waiting per account at most: about two minutes of GeeLark's per-endpoint budget. */
const MAX_QUEUED = 240;
/**
 * Screenshots under way per account: most of a screenshot's time is waiting for the capture, which holds no
 * connection; the limiter paces the calls and caps the sockets, so this only bounds the waiting.
 */
const WORKERS = 40;

/**
 * Phones' screens for the wall, the CLI and agents: taken only for the phones asked for (the tiles in
 * view, a selection, one phone), never for the whole fleet on its own; kept on disk in the app's folder
 * under a size cap, oldest first out; each with its age and, when the last try failed, why.
 */
export class Screens {
  private readonly entries = new Map<string, Entry>();
  private readonly errors = new Map<string, { code: ErrorCode; message: string; at: number }>();
  private readonly queues = new Map<string, string[]>();
  private readonly busy = new Map<string, number>();
  private readonly pending = new Set<string>();
  private ready: Promise<void> | null = null;

  constructor(private readonly d: ScreensDeps) {}

  /** Asks for these phones' screens; returns at once with what was queued and what was left out, and why. */
  refresh(keys: readonly string[]): { queued: string[]; skipped: { key: string; reason: string }[] } {
    const queued: string[] = [];
    const skipped: { key: string; reason: string }[] = [];
    const now = this.d.clock.now();
    for (const key of new Set(keys)) {
      const why = this.whyNot(key, now);
      if (why) {
        skipped.push({ key, reason: why });
        continue;
      }
      const accountId = this.d.phone(key)!.accountId;
      const q = this.queues.get(accountId) ?? [];
      if (q.length >= MAX_QUEUED) {
        skipped.push({ key, reason: 'busy' });
        continue;
      }
      q.push(key);
      this.queues.set(accountId, q);
      this.pending.add(key);
      queued.push(key);
      this.pump(accountId);
    }
    if (queued.length) this.d.onChange(queued);
    return { queued, skipped };
  }

  private whyNot(key: string, now: number): string | null {
    const p = this.d.phone(key);
    if (!p) return 'notListed';
    if (!this.d.provider(p.accountId)?.screenshot) return 'noScreenshot';
    if (p.status !== 'running') return 'notRunning';
    if (this.pending.has(key)) return 'pending';
    const e = this.entries.get(key);
    if (e && now - e.takenAt < (this.d.minAgeMs ?? 15_000)) return 'fresh';
    return null;
  }

  /** Takes one screen now and waits for it (the CLI and agents); the same cache as the wall. */
  async takeNow(key: string, signal?: AbortSignal): Promise<{ image: Buffer; contentType: string; takenAt: number }> {
    const p = this.d.phone(key);
    const provider = p && this.d.provider(p.accountId);
    if (!p || !provider) throw new ProviderError('NOT_FOUND', t('result.notListed'));
    if (!provider.screenshot)
      throw new ProviderError('UNSUPPORTED', t('err.noScreenshot', { provider: PROVIDER_LABELS[p.provider] }));
    const shot = await provider.screenshot(p.id, signal);
    await this.keep(key, shot);
    this.d.onChange([key]);
    return shot;
  }

  private pump(accountId: string): void {
    const q = this.queues.get(accountId) ?? [];
    while ((this.busy.get(accountId) ?? 0) < WORKERS && q.length) {
      const key = q.shift()!;
      this.busy.set(accountId, (this.busy.get(accountId) ?? 0) + 1);
      void this.takeQueued(key).finally(() => {
        this.busy.set(accountId, (this.busy.get(accountId) ?? 1) - 1);
        this.pending.delete(key);
        this.d.onChange([key]);
        this.pump(accountId);
      });
    }
  }

  private async takeQueued(key: string): Promise<void> {
    const p = this.d.phone(key);
    const provider = p && this.d.provider(p.accountId);
    try {
      if (!p || !provider?.screenshot) throw new Error(t('result.notListed'));
      await this.keep(key, await provider.screenshot(p.id));
      this.errors.delete(key);
    } catch (e) {
      const { code, message } = describeError(e);
      this.errors.set(key, { code, message, at: this.d.clock.now() });
    }
  }

  private async keep(key: string, shot: { image: Buffer; contentType: string; takenAt: number }): Promise<void> {
    await (this.ready ??= mkdir(this.d.dir, { recursive: true, mode: 0o700 }).then(() => chmod(this.d.dir, 0o700)));
    const file = join(this.d.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.img`);
    // Written whole, then renamed: a tile never shows half an image.
    await writeFile(`${file}.tmp`, shot.image, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    this.entries.set(key, { file, bytes: shot.image.length, takenAt: shot.takenAt, contentType: shot.contentType });
    await this.trim();
  }

  /** Over the cap, the oldest images go (and their files). */
  private async trim(): Promise<void> {
    const cap = this.d.capBytes ?? 64 * 1024 * 1024;
    let total = this.keptBytes();
    // Under the cap (nearly always): no sort on every screenshot kept.
    if (total <= cap) return;
    for (const [key, e] of [...this.entries].sort((a, b) => a[1].takenAt - b[1].takenAt)) {
      if (total <= cap) break;
      this.entries.delete(key);
      total -= e.bytes;
      await unlink(e.file).catch(() => undefined);
    }
  }

  /** What the wall shows for these tiles: the image as a data URL, its age, whether one is coming, the last failure. */
  async tiles(keys: readonly string[]): Promise<ScreenTile[]> {
    return Promise.all(
      [...new Set(keys)].map(async (key) => {
        const e = this.entries.get(key);
        const image = e ? await readFile(e.file).catch(() => null) : null;
        const p = this.d.phone(key);
        const provider = p ? this.d.provider(p.accountId) : null;
        return {
          key,
          takenAt: image && e ? e.takenAt : null,
          image: image && e ? `data:${e.contentType};base64,${image.toString('base64')}` : null,
          pending: this.pending.has(key),
          error: this.errors.get(key) ?? null,
          supported: !!provider?.screenshot,
          unsupported: p && !provider?.screenshot ? this.unsupported(p, provider) : null,
        };
      }),
    );
  }

  /** The provider has no screenshot API, or (a team account) only the account's leader may call it. */
  private unsupported(p: Phone, provider: CloudPhoneProvider | null): string {
    return provider?.capabilities.screenshot
      ? t('wall.teamAccount')
      : t('err.noScreenshot', { provider: PROVIDER_LABELS[p.provider] });
  }

  /** Bytes kept on disk now (for the cap's test and the bench). */
  keptBytes(): number {
    return [...this.entries.values()].reduce((a, e) => a + e.bytes, 0);
  }
}
