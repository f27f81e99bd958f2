import { i18n, t } from '../../common/i18n/i18n';
import { PHONE_STATUSES, type Phone, type PhoneStatus } from '../../common/phone';
import { nameQualifier } from '../../common/qualified-names';

export type TrayAction =
  | { type: 'show' }
  | { type: 'quit' }
  | { type: 'start' | 'stop' | 'restart' | 'open'; key: string }
  | { type: 'openRunning' }
  | { type: 'stopStartedHere' }
  | { type: 'pauseAutopilot'; paused: boolean }
  | { type: 'keepRunning' | 'stopPendingNow'; pendingId: string }
  | { type: 'openLogs' }
  | { type: 'checkUpdates' };

export interface TrayItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

export interface TrayState {
  phones: readonly Phone[];
  favorites: readonly string[];
  /** Keys with an open viewer window. */
  openSessions: readonly string[];
  /** Phones this app started and that are still running: the ones that bill if forgotten. */
  startedHere: readonly string[];
  /** Account id → the label a person gave it: a favourite whose name another phone shares is named with it. */
  accountLabels?: ReadonlyMap<string, string>;
  /** Accounts whose phones can be opened in a viewer. */
  viewerAccounts: ReadonlySet<string>;
  /** Accounts whose provider restarts a running phone (GeeLark, Huawei CPH). */
  restartAccounts?: ReadonlySet<string>;
  /** Today's estimated spend over accounts with a price (null: no price set anywhere), with its currency. */
  spendToday?: { amount: number; currency: string } | null;
  /** What the running per-minute phones cost per hour now, per currency (null: no price set anywhere). */
  burnPerHour?: Readonly<Record<string, number>> | null;
  /** The installed app can check for updates (not a development run). */
  canCheckUpdates?: boolean;
  /** Whether the autopilot is paused, and whether it has any policy switched on. */
  autopilot?: { paused: boolean; policies: number };
  /** Stops a policy announced (or that wait for a person), so the tray shows them as the window's banner does. */
  pendingStops?: readonly { id: string; action: 'start' | 'stop'; policyName: string; keys: readonly string[] }[];
}

/** One item per announced stop, with the banner's two answers, then a separator (nothing when none). */
function pendingItems(s: TrayState): TrayItem[] {
  const items: TrayItem[] = (s.pendingStops ?? []).map((p) => ({
    label: t(p.action === 'start' ? 'tray.pendingStart' : 'tray.pendingStop', {
      policy: p.policyName,
      n: p.keys.length,
    }),
    type: 'submenu' as const,
    submenu: [
      {
        label: t(p.action === 'start' ? 'autopilot.skip' : 'autopilot.snooze'),
        action: { type: 'keepRunning', pendingId: p.id },
      },
      {
        label: t(p.action === 'start' ? 'autopilot.startNow' : 'autopilot.stopNow'),
        action: { type: 'stopPendingNow', pendingId: p.id },
      },
    ],
  }));
  return items.length ? [...items, { type: 'separator' }] : [];
}

const statusLabel = (s: PhoneStatus) => t(`status.${s}`);

/**
 * The tray menu as data, rebuilt from state on every change (Podman style), so it can be tested without
 * Electron. It speaks the process's current language (common/i18n), which a settings change switches.
 */
export function buildTrayMenu(s: TrayState): TrayItem[] {
  const counts = countByStatus(s.phones);
  const byKey = new Map(s.phones.map((p) => [p.key, p]));
  const statusRows: TrayItem[] = PHONE_STATUSES.filter((st) => counts[st] > 0 || st === 'running').map((st) => ({
    label: t('tray.statusCount', { status: statusLabel(st), n: i18n().count(counts[st]) }),
    enabled: false,
  }));
  const favorites = s.favorites.map((k) => byKey.get(k)).filter((p): p is Phone => !!p);
  // Named as every decision names phones: with the account where another phone shares the name.
  const named = nameQualifier(s.phones, (id) => s.accountLabels?.get(id) ?? id);
  const favItems: TrayItem[] = favorites.map((p) => ({
    label: t('tray.favoriteLine', { name: named(p), status: statusLabel(p.status) }),
    type: 'submenu',
    submenu: [
      { label: t('action.start'), enabled: p.status === 'stopped', action: { type: 'start', key: p.key } },
      {
        label: t('action.stop'),
        enabled: p.status === 'running' || p.status === 'starting',
        action: { type: 'stop', key: p.key },
      },
      ...(s.restartAccounts?.has(p.accountId)
        ? [
            {
              label: t('action.restart'),
              enabled: p.status === 'running',
              action: { type: 'restart' as const, key: p.key },
            },
          ]
        : []),
      {
        label: s.openSessions.includes(p.key) ? t('tray.showWindow') : t('action.open'),
        enabled: s.viewerAccounts.has(p.accountId) && p.status !== 'expired',
        action: { type: 'open', key: p.key },
      },
    ],
  }));
  const runningViewable = s.phones.filter((p) => p.status === 'running' && s.viewerAccounts.has(p.accountId)).length;
  const startedHere = s.startedHere.filter((k) => byKey.has(k)).length;
  return [
    ...pendingItems(s),
    { label: t('tray.show'), action: { type: 'show' } },
    { type: 'separator' },
    ...statusRows,
    { type: 'separator' },
    favItems.length
      ? { label: t('tray.favorites'), type: 'submenu', submenu: favItems }
      : { label: t('tray.noFavorites'), enabled: false },
    {
      label: t('tray.openRunning', { n: runningViewable }),
      enabled: runningViewable > 0,
      action: { type: 'openRunning' },
    },
    {
      label: t('tray.stopStartedHere', { n: startedHere }),
      enabled: startedHere > 0,
      action: { type: 'stopStartedHere' },
    },
    ...moneyItems(s, counts.running),
    ...(s.autopilot && s.autopilot.policies > 0
      ? [
          {
            label: t(s.autopilot.paused ? 'tray.resumeAutopilot' : 'tray.pauseAutopilot'),
            action: { type: 'pauseAutopilot' as const, paused: !s.autopilot.paused },
          },
        ]
      : []),
    { type: 'separator' },
    ...(s.canCheckUpdates ? [{ label: t('tray.checkUpdates'), action: { type: 'checkUpdates' as const } }] : []),
    { label: t('tray.openLogs'), action: { type: 'openLogs' } },
    { label: t('tray.quit'), action: { type: 'quit' } },
  ];
}

export function countByStatus(phones: readonly Phone[]): Record<PhoneStatus, number> {
  const counts = Object.fromEntries(PHONE_STATUSES.map((s) => [s, 0])) as Record<PhoneStatus, number>;
  for (const p of phones) counts[p.status]++;
  return counts;
}

/** "any running" lights the icon: a running phone is a phone that costs money. */
export function trayIconState(phones: readonly Phone[]): 'running' | 'idle' {
  return phones.some((p) => p.status === 'running' || p.status === 'starting') ? 'running' : 'idle';
}

/** Said once, the first time closing the window leaves the app in the tray: with phones running, that they still run. */
export function hiddenToTrayHint(phones: readonly Phone[]): { title: string; body: string } {
  const running = countByStatus(phones).running;
  return { title: t('tray.hintTitle'), body: running ? t('tray.hintBodyRunning', { n: running }) : t('tray.hintBody') };
}

export function trayTooltip(phones: readonly Phone[]): string {
  const c = countByStatus(phones);
  return t('tray.tooltip', { running: c.running, changing: c.starting + c.stopping, stopped: c.stopped });
}

/** Amounts in several currencies side by side, never added together. */
const moneyList = (amounts: Readonly<Record<string, number>>) =>
  Object.entries(amounts)
    .map(([currency, amount]) => i18n().money(amount, currency))
    .join(' + ');

/** Today's estimated spend and what running phones cost per hour now, where a price is set. */
function moneyItems(s: TrayState, running: number): TrayItem[] {
  return [
    ...(s.spendToday
      ? [
          {
            label: t('tray.spendToday', {
              amount: i18n().money(s.spendToday.amount, s.spendToday.currency),
              n: running,
            }),
            enabled: false,
          },
        ]
      : []),
    ...(s.burnPerHour && running > 0
      ? [{ label: t('tray.burn', { amount: moneyList(s.burnPerHour) }), enabled: false }]
      : []),
  ];
}
