import type { BulkResult } from '../../common/contract';
import type { ConsentPlan } from '../../common/consent';
import { describePlan, describeSkip, planSummary } from '../../common/consent-words';
import { MAX_WINDOWS_AT_ONCE } from '../../common/phone';
import type { TrayAction } from './tray-menu';
import { t } from '../../common/i18n/i18n';

export interface TrayActionDeps {
  showWindow(): void;
  quit(): void;
  /** The consent gate, as the tray: a plan, then exactly that plan (confirmed when the tray asked). */
  plan(action: 'start' | 'stop' | 'restart', keys: string[], includeKept?: boolean): ConsentPlan;
  execute(plan: ConsentPlan, confirmed: boolean): Promise<BulkResult[]>;
  /** An announced policy stop: keep its phones running (the notice goes), or stop them now. */
  keepPending(pendingId: string): void;
  stopPendingNow(pendingId: string): void;
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
  /** A one-phone action from the tray menu: planned, asked when the rules say so, and said when left out. */
  const actOnOne = async (action: 'start' | 'stop' | 'restart', key: string) => {
    const plan = d.plan(action, [key]);
    if (!plan.act.length) {
      const left = planSummary(plan).leftOut[0];
      return d.notify(t(`action.${action}`), left ? `${left.name}: ${describeSkip(left.reason)}` : t('plan.nothing'));
    }
    if (plan.confirm.required && !(await d.confirm(t(`action.${action}`), describePlan(plan)))) return;
    return summarise(t(`action.${action}`), await d.execute(plan, plan.confirm.required));
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
            // "Stop and quit" names every phone started here: the person's choice, kept ones included.
            const results = await d.execute(d.plan('stop', keys, true), true);
            // A phone that would not stop is exactly what the question was about: stay, and say which.
            if (results.some((r) => !r.ok)) return summarise(t('tray.quitCancelled'), results);
          }
        }
        return d.quit();
      }
      case 'start':
      case 'stop':
      case 'restart':
        return actOnOne(a.type, a.key);
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
        const plan = d.plan('stop', keys);
        if (!plan.act.length) return d.notify(t('tray.stopStartedTitle'), describePlan(plan));
        const detail = `${t('tray.confirmStopDetail')}\n${describePlan(plan)}`;
        if (!(await d.confirm(t('tray.confirmStop', { n: plan.act.length }), detail))) return;
        return summarise(t('tray.stopStartedTitle'), await d.execute(plan, true));
      }
      case 'keepRunning':
        return d.keepPending(a.pendingId);
      case 'stopPendingNow':
        return d.stopPendingNow(a.pendingId);
      case 'pauseAutopilot':
        return d.setAutopilotPaused(a.paused);
      case 'openLogs':
        return d.openLogs();
      case 'checkUpdates':
        return d.checkUpdates();
    }
  };
}
