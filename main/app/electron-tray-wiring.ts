import { join } from 'node:path';
import { app, dialog, shell } from 'electron';
import { t } from '../../common/i18n/i18n';
import { totalBurn, totalSpendToday } from '../../common/money';
import type { DesktopNotify } from '../shell/electron-notify';
import { setupTray } from '../tray/electron-tray';
import { createTrayActionRunner } from '../tray/tray-actions';
import type { AppCore } from './compose';
import type { AppLifecycle } from './electron-lifecycle';

/** The tray: its actions go through the same fleet as the window, and its menu follows every change. */
export function wireTray(
  core: AppCore,
  life: AppLifecycle,
  k: { notify: DesktopNotify; userData: string; iconDir: string },
) {
  const viewerAccounts = () =>
    new Set(
      core.accounts
        .providers()
        .filter((p) => p.provider.capabilities.viewer)
        .map((p) => p.accountId),
    );
  const ask = async (
    type: 'question' | 'warning',
    message: string,
    detail: string,
    buttons: string[],
    defaultId: number,
  ) =>
    (await dialog.showMessageBox({ type, buttons, defaultId, cancelId: buttons.length - 1, message, detail })).response;
  const runTrayAction = createTrayActionRunner({
    showWindow: life.showMainWindow,
    quit: () => {
      life.quitApproved = true;
      app.quit();
    },
    plan: (action, keys, includeKept) => core.gate.plan({ source: 'tray', action, keys, includeKept }),
    execute: (plan, confirmed) => core.gate.executeAndWait(plan, confirmed),
    keepPending: (id) => void core.autopilot.snooze(id),
    stopPendingNow: (id) => void core.autopilot.stopNow(id),
    open: (keys) => core.sessions.open(keys),
    runningViewableKeys: () =>
      core.fleet
        .all()
        .filter((p) => p.status === 'running' && viewerAccounts().has(p.accountId))
        .map((p) => p.key),
    startedHereKeys: () => core.fleet.startedHereKeys(),
    confirm: async (message, detail) =>
      (await ask('question', message, detail, [t('tray.stopThem'), t('common.cancel')], 1)) === 0,
    choose: (message, detail, buttons) => ask('warning', message, detail, buttons, buttons.length - 1),
    notify: k.notify,
    setAutopilotPaused: (paused) => void core.settings.update((s) => void (s.autopilot.paused = paused)),
    openLogs: () => void shell.openPath(join(k.userData, 'logs')),
    checkUpdates: () => void core.updates?.check(true),
  });
  const tray = setupTray({
    iconDir: k.iconDir,
    state: () => {
      const cur = core.settings.get();
      const spend = core.spend.today();
      return {
        phones: core.fleet.all(),
        favorites: cur.favorites,
        openSessions: core.sessions.openKeys(),
        startedHere: core.fleet.startedHereKeys(),
        viewerAccounts: viewerAccounts(),
        accountLabels: new Map(core.accounts.summaries().map((a) => [a.id, a.label])),
        restartAccounts: new Set(
          core.accounts
            .providers()
            .filter((p) => p.provider.capabilities.restart)
            .map((p) => p.accountId),
        ),
        spendToday: totalSpendToday(spend),
        burnPerHour: totalBurn(spend),
        canCheckUpdates: !!core.updates,
        autopilot: { paused: cur.autopilot.paused, policies: cur.autopilot.policies.filter((p) => p.enabled).length },
        pendingStops: core.autopilot.state().pending,
      };
    },
    run: (a) => void runTrayAction(a).catch((e) => core.log.error('tray action failed', e)),
    onClick: life.showMainWindow,
  });
  core.fleet.onChange(tray.schedule);
  core.sessions.onChange(tray.schedule);
  core.settings.onChange(tray.schedule);
  core.accounts.onChange(tray.schedule);
  core.events.subscribe((event) => event === 'autopilot:changed' && tray.schedule());
  return runTrayAction;
}
