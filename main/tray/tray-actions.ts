import type { BulkResult } from '../../common/contract';
import { MAX_WINDOWS_AT_ONCE } from '../../common/phone';
import type { TrayAction } from './tray-menu';
import { t } from '../../common/i18n/i18n';

export interface TrayActionDeps {
  showWindow(): void;
  quit(): void;
  runAndWait(action: 'start' | 'stop' | 'restart', keys: string[]): Promise<BulkResult[]>;
  open(keys: string[]): Promise<BulkResult[]>;
  runningViewableKeys(): string[];
  startedHereKeys(): string[];
  confirm(message: string, detail: string): Promise<boolean>;
  /** A question with several answers; resolves to the index of the button chosen (the last one cancels). */
  choose(message: string, detail: string, buttons: string[]): Promise<number>;
  notify(title: string, body: string): void;
  setAutopilotPaused(paused: boolean): void;
  openLogs(): void;
  checkUpdates(): void;
}

/** What each tray item does. Kept apart from Electron so the wiring is testable. */
export function createTrayActionRunner(d: TrayActionDeps) {
  const summarise = (title: string, results: BulkResult[]) => {
    const failed = results.filter((r) => !r.ok);
    d.notify(
      title,
      failed.length
        ? t('notify.trayJobFailed', {
            ok: results.length - failed.length,
            failed: failed.length,
            name: failed[0].name,
            message: failed[0].message,
          })
        : t('notify.trayJobDone', { n: results.length }),
    );
  };
  return async (a: TrayAction): Promise<void> => {
    switch (a.type) {
      case 'show':
        return d.showWindow();
      case 'quit': {
        // Phones this app started run, and bill, after it quits, with no autopilot watching: ask first.
        const keys = d.startedHereKeys();
        if (keys.length) {
          const choice = await d.choose(t('tray.quitRunning', { n: keys.length }), t('tray.quitRunningDetail'), [
            t('tray.stopAndQuit'),
            t('tray.quitAnyway'),
            t('common.cancel'),
          ]);
          if (choice !== 0 && choice !== 1) return;
          if (choice === 0) {
            const results = await d.runAndWait('stop', keys);
            // A phone that would not stop is exactly what the question was about: stay, and say which.
            if (results.some((r) => !r.ok)) return summarise(t('tray.quitCancelled'), results);
          }
        }
        return d.quit();
      }
      case 'start':
      case 'stop':
      case 'restart':
        return summarise(t(`action.${a.type}`), await d.runAndWait(a.type, [a.key]));
      case 'open': {
        const [r] = await d.open([a.key]);
        if (r && !r.ok) d.notify(t('notify.couldNotOpen', { name: r.name }), r.message);
        return;
      }
      case 'openRunning':
        await d.open(d.runningViewableKeys().slice(0, MAX_WINDOWS_AT_ONCE));
        return;
      case 'stopStartedHere': {
        const keys = d.startedHereKeys();
        if (!keys.length) return;
        if (!(await d.confirm(t('tray.confirmStop', { n: keys.length }), t('tray.confirmStopDetail')))) return;
        return summarise(t('tray.stopStartedTitle'), await d.runAndWait('stop', keys));
      }
      case 'pauseAutopilot':
        return d.setAutopilotPaused(a.paused);
      case 'openLogs':
        return d.openLogs();
      case 'checkUpdates':
        return d.checkUpdates();
    }
  };
}
