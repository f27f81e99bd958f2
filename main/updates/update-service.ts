import type { Logger } from '../kernel/redact';
import { t } from '../../common/i18n/i18n';

import type { UpdateState } from '../../common/contract';

export type { UpdateState };

/** The part of electron-updater's AppUpdater this uses (a real one in the app and in the feed tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ updateInfo: { version: string }; isUpdateAvailable?: boolean } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: 'download-progress', l: (p: { percent: number }) => void): unknown;
  on(event: 'error', l: (e: Error) => void): unknown;
}

type Notify = (title: string, body: string, actions?: { label: string; run: () => void }[]) => void;

/**
 * Update checks the way tray apps do them: a quiet check at start (a notification at most, never a
 * window), "Check for updates…" on demand, download only when the user says so, install on quit.
 */
export class UpdateService {
  private current: UpdateState = { state: 'idle' };
  constructor(
    private readonly d: {
      updater: Updater;
      notify: Notify;
      onState(s: UpdateState): void;
      log: Logger;
      currentVersion: string;
    },
  ) {
    d.updater.autoDownload = false;
    d.updater.autoInstallOnAppQuit = true;
    d.updater.on('download-progress', (p) => {
      if (this.current.state === 'downloading') this.set({ ...this.current, percent: Math.round(p.percent) });
    });
    d.updater.on('error', (e) => d.log.warn('updater error', e));
  }

  state(): UpdateState {
    return this.current;
  }

  /** `userAsked`: from the tray or Settings, so "you are up to date" and failures are said too. */
  async check(userAsked: boolean): Promise<UpdateState> {
    if (this.current.state === 'checking' || this.current.state === 'downloading') return this.current;
    this.set({ state: 'checking' });
    try {
      const r = await this.d.updater.checkForUpdates();
      const version = r?.updateInfo.version;
      if (!r || !version || r.isUpdateAvailable === false || version === this.d.currentVersion) {
        this.set({ state: 'up-to-date' });
        if (userAsked)
          this.d.notify(t('notify.upToDate'), t('notify.upToDateBody', { version: this.d.currentVersion }));
      } else {
        this.set({ state: 'available', version });
        this.d.notify(t('notify.updateAvailable'), t('notify.updateAvailableBody', { version }), [
          { label: t('notify.download'), run: () => void this.download() },
        ]);
      }
    } catch (e) {
      this.set({ state: 'error', message: (e as Error).message.split('\n')[0] });
      if (userAsked) this.d.notify(t('notify.checkFailed'), (e as Error).message.split('\n')[0]);
    }
    return this.current;
  }

  /** Only after the user agreed; the update is verified (sha512) by electron-updater and installs on quit. */
  async download(): Promise<UpdateState> {
    if (this.current.state !== 'available') return this.current;
    const version = this.current.version;
    this.set({ state: 'downloading', version, percent: 0 });
    try {
      await this.d.updater.downloadUpdate();
      this.set({ state: 'ready', version });
      this.d.notify(t('notify.updateReady'), t('notify.updateReadyBody', { version }), [
        { label: t('notify.restartNow'), run: () => this.d.updater.quitAndInstall() },
      ]);
    } catch (e) {
      this.set({ state: 'error', message: (e as Error).message.split('\n')[0] });
      this.d.notify(t('notify.downloadFailed'), (e as Error).message.split('\n')[0]);
    }
    return this.current;
  }

  restartNow(): void {
    if (this.current.state === 'ready') this.d.updater.quitAndInstall();
  }

  private set(s: UpdateState): void {
    this.current = s;
    this.d.onState(s);
  }
}
