import type { ActionSource } from '../../common/activity';
import { pushTo } from '../kernel/collections';
import { t } from '../../common/i18n/i18n';
import type { BulkResult } from '../../common/contract';
import { phoneKey, type Phone } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { ErrorCode } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { CloudPhoneProvider, PhoneOutcome } from '../providers/types';
import { fittedToArea, phoneContentSize, tileGrid, viewerWidthFor, type Rect } from './geometry';
import { phoneWindowSpec, type PhoneWindowSpec } from './phone-window-spec';
import { checkViewerUrl } from '../platform/url-policy';

export interface PhoneWindowHandle {
  focus(): void;
  close(): void;
  onClosed(listener: () => void): void;
  onBoundsChanged(listener: (bounds: Rect) => void): void;
}

/** Creates real windows (Electron) or recorded ones (tests, browser e2e). */
export interface WindowFactory {
  open(spec: PhoneWindowSpec): PhoneWindowHandle;
  workArea(): Rect;
}

/** What phone windows need of the fleet: the phones, result rows, and starting a phone to view it. */
export interface SessionFleet {
  get(key: string): Phone | undefined;
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult;
  startForViewing(
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    options: StartOptions,
    source?: ActionSource,
  ): Promise<PhoneOutcome[]>;
}

/** The settings phone windows read and write: default start options, and where each window was left. */
export interface SessionSettings {
  get(): { defaultStartOptions: StartOptions; windowBounds: Record<string, Rect> };
  update(change: (s: { windowBounds: Record<string, Rect> }) => void): unknown;
}

/**
 * One viewer window per phone. Opening always calls start first (the viewer URL's token lives only
 * seconds), focuses an existing window instead of opening a second, remembers where the user put each
 * window, and tiles several new ones in a grid.
 */
export class SessionManager {
  private readonly windows = new Map<string, PhoneWindowHandle>();
  /** Phones being started for a window right now, so a double click cannot open two windows. */
  private readonly opening = new Set<string>();
  private readonly closedWaiters = new Map<string, (() => void)[]>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly deps: {
      fleet: SessionFleet;
      accounts: { provider(accountId: string): CloudPhoneProvider | null };
      settings: SessionSettings;
      factory: WindowFactory;
      log: Logger;
      /** Whether an account's API runs on this machine (a simulator), the only case plain-http viewers are allowed. */
      isLocalAccount: (accountId: string) => boolean;
      /**
       * In a team: a viewer takes a claim on its phone first, so a colleague sees who holds it instead of the
       * provider's refusal; a phone someone else holds is not opened (the answer names them).
       */
      claims?: {
        take(key: string): Promise<{ ok: true } | { ok: false; code: ErrorCode; message: string }>;
        release(key: string): void;
      };
    },
  ) {}

  openKeys(): string[] {
    return [...this.windows.keys()];
  }
  onChange(l: () => void): void {
    this.listeners.push(l);
  }

  /** Opens viewers (a GeeLark viewer URL comes from a start call); `source` is who asked, for the record. */
  async open(keys: readonly string[], source: ActionSource = 'window'): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    const toStart = new Map<string, string[]>();
    for (const key of new Set(keys)) {
      const phone = this.deps.fleet.get(key);
      const existing = this.windows.get(key);
      if (existing) {
        existing.focus();
        results.push(this.deps.fleet.resultFor(key, true, 'OK', t('result.windowFocused')));
        continue;
      }
      if (!phone) {
        results.push(this.deps.fleet.resultFor(key, false, 'NOT_FOUND', t('result.gone')));
        continue;
      }
      if (this.opening.has(key)) {
        results.push(this.deps.fleet.resultFor(key, true, 'OK', t('result.alreadyOpening')));
        continue;
      }
      const provider = this.deps.accounts.provider(phone.accountId);
      if (!provider?.capabilities.viewer) {
        results.push(this.deps.fleet.resultFor(key, false, 'NO_VIEWER', t('result.noViewer')));
        continue;
      }
      this.opening.add(key);
      const claim = (await this.deps.claims?.take(key)) ?? { ok: true };
      if (!claim.ok) {
        this.opening.delete(key);
        results.push(this.deps.fleet.resultFor(key, false, claim.code, claim.message));
        continue;
      }
      pushTo(toStart, phone.accountId, phone.id);
    }
    try {
      return await this.startAndOpen(toStart, results, source);
    } finally {
      for (const [accountId, ids] of toStart)
        for (const id of ids) {
          const key = phoneKey(accountId, id);
          this.opening.delete(key);
          // A viewer that did not open holds nothing.
          if (!this.windows.has(key)) this.deps.claims?.release(key);
        }
    }
  }

  private async startAndOpen(
    toStart: Map<string, string[]>,
    results: BulkResult[],
    source: ActionSource,
  ): Promise<BulkResult[]> {
    const settings = this.deps.settings.get();
    const area = this.deps.factory.workArea();
    // The whole phone fits the display: a width too tall for the work area shrinks, keeping 9:16.
    const defaults = fittedToArea(settings.defaultStartOptions, area);
    // A window the user resized asks the viewer for the width that fills it; others use the defaults.
    const optionsFor = (key: string): StartOptions => {
      const remembered = settings.windowBounds[key];
      return remembered
        ? fittedToArea({ ...defaults, width: viewerWidthFor(remembered.width, defaults) }, area)
        : defaults;
    };
    const started: { key: string; url: string }[] = [];
    // One start call per account and width (GeeLark takes one width per call).
    const calls = new Map<string, string[]>();
    for (const [accountId, ids] of toStart)
      for (const id of ids) pushTo(calls, `${accountId}\u0000${optionsFor(phoneKey(accountId, id)).width}`, id);
    for (const [group, ids] of calls) {
      const accountId = group.split('\u0000')[0];
      const provider = this.deps.accounts.provider(accountId)!;
      const outcomes = await this.deps.fleet.startForViewing(
        accountId,
        provider,
        ids,
        optionsFor(phoneKey(accountId, ids[0])),
        source,
      );
      for (const o of outcomes) {
        const key = phoneKey(accountId, o.id);
        if (!o.ok) {
          results.push(this.deps.fleet.resultFor(key, false, o.code, o.message));
          continue;
        }
        if (!o.url) {
          results.push(this.deps.fleet.resultFor(key, false, 'NO_URL', t('result.noUrl')));
          continue;
        }
        // Whatever a start answer carries is checked before it can reach a window.
        const verdict = checkViewerUrl(o.url, { loopbackHttpAllowed: this.deps.isLocalAccount(accountId) });
        if (verdict.ok) started.push({ key, url: verdict.url.href });
        else {
          this.deps.log.warn('refused a viewer URL', { accountId, reason: verdict.reason });
          results.push(this.deps.fleet.resultFor(key, false, 'UNSAFE_VIEWER_URL', verdict.reason));
        }
      }
    }
    const fresh = started.filter((s) => !settings.windowBounds[s.key]);
    const grid = fresh.length > 1 ? tileGrid(fresh.length, phoneContentSize(defaults), area) : [];
    for (const s of started) {
      const phone = this.deps.fleet.get(s.key);
      if (!phone) continue;
      const spec = phoneWindowSpec({
        phone,
        url: s.url,
        options: optionsFor(s.key),
        remembered: settings.windowBounds[s.key],
        placed: grid[fresh.indexOf(s)],
        workArea: area,
      });
      this.track(s.key, this.deps.factory.open(spec));
      results.push(this.deps.fleet.resultFor(s.key, true, 'OK', t('result.opened')));
    }
    this.changed();
    return results;
  }

  /** Closes viewers and waits until they are gone: an open viewer makes stop fail (43006) and delete (43021). */
  async closeFor(keys: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const key of keys) {
      const w = this.windows.get(key);
      if (!w) continue;
      waits.push(
        new Promise<void>((resolve) => {
          pushTo(this.closedWaiters, key, resolve);
          setTimeout(resolve, 3_000);
        }),
      );
      w.close();
    }
    await Promise.all(waits);
  }

  private track(key: string, w: PhoneWindowHandle): void {
    this.windows.set(key, w);
    w.onBoundsChanged((bounds) => this.deps.settings.update((s) => void (s.windowBounds[key] = bounds)));
    w.onClosed(() => {
      this.windows.delete(key);
      this.deps.claims?.release(key);
      for (const done of this.closedWaiters.get(key) ?? []) done();
      this.closedWaiters.delete(key);
      this.changed();
    });
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
