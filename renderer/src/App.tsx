import { useEffect } from 'react';
import { totalBurn, totalSpendToday } from '../../common/money';
import { formatAmounts, formatCount, formatMoney } from './lib/format';
import { ActivityView } from './features/activity/ActivityView';
import { ApprovalDialog } from './ui/ApprovalDialog';
import { PendingBanner } from './ui/PendingBanner';
import { TeamBadge, TeamBanner } from './ui/TeamBanner';
import { PlanDialog } from './ui/PlanDialog';
import { AutopilotView } from './features/autopilot/AutopilotView';
import { Notices } from './ui/Notices';
import { Onboarding } from './features/settings/Onboarding';
import { PhonesView } from './features/phones/PhonesView';
import { SettingsView } from './features/settings/SettingsView';
import { ViewBoundary } from './ui/ViewBoundary';
import { useApp, useI18n } from './state/context';

function useTheme() {
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function App() {
  const ready = useApp((s) => s.ready);
  const view = useApp((s) => s.view);
  const accounts = useApp((s) => s.accounts);
  const { t, locale } = useI18n();
  // Screen readers pick their voice, and Chromium its CJK fonts, from the page's language.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useTheme();
  return (
    <div className="app">
      <TopBar />
      <TeamBanner />
      <PendingBanner />
      <Notices />
      <ApprovalDialog />
      <PlanDialog />
      <main>
        {!ready ? (
          <div className="empty">{t('common.loading')}</div>
        ) : (
          <ViewBoundary where={view}>
            {view === 'settings' ? (
              <SettingsView />
            ) : view === 'activity' ? (
              <ActivityView />
            ) : view === 'autopilot' ? (
              <AutopilotView />
            ) : accounts.length === 0 ? (
              <Onboarding />
            ) : (
              <PhonesView />
            )}
          </ViewBoundary>
        )}
      </main>
    </div>
  );
}

/** The tabs, and what is running and billing now. */
function TopBar() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const paused = useApp((s) => !!s.autopilot?.paused);
  const pendingCount = useApp((s) => s.autopilot?.pending.length ?? 0);
  const { t } = useI18n();
  return (
    <header className="topbar">
      <span className="brand">{t('app.brand')}</span>
      <nav>
        <button
          className={view === 'phones' ? 'tab on' : 'tab'}
          aria-current={view === 'phones'}
          onClick={() => setView('phones')}
        >
          {t('app.tab.phones')}
        </button>
        <button
          className={view === 'activity' ? 'tab on' : 'tab'}
          aria-current={view === 'activity'}
          onClick={() => setView('activity')}
        >
          {t('app.tab.activity')}
        </button>
        <button
          className={view === 'autopilot' ? 'tab on' : 'tab'}
          aria-current={view === 'autopilot'}
          onClick={() => setView('autopilot')}
        >
          {t(paused ? 'app.tab.autopilotPaused' : 'app.tab.autopilot')}
          {pendingCount > 0 && (
            <span
              className="badge"
              data-testid="autopilot-badge"
              aria-label={t('app.tab.pending', { n: pendingCount })}
            >
              {pendingCount}
            </span>
          )}
        </button>
        <button
          className={view === 'settings' ? 'tab on' : 'tab'}
          aria-current={view === 'settings'}
          onClick={() => setView('settings')}
        >
          {t('app.tab.settings')}
        </button>
      </nav>
      <span className="spacer" />
      <TeamBadge />
      <BillingNotes />
    </header>
  );
}

/** What is running and billing now: the count (so far, while a first load goes on), $/h now, and today's estimate. */
function BillingNotes() {
  const phones = useApp((s) => s.phones);
  const spend = useApp((s) => s.spend);
  const setView = useApp((s) => s.setView);
  // During a first load the count is of the phones listed so far: it says so instead of a wrong total.
  const loading = useApp((s) => s.loadingTotal !== null);
  const { t } = useI18n();
  const today = totalSpendToday(spend);
  const burn = totalBurn(spend);
  let running = 0;
  for (const p of phones.values()) if (p.status === 'running') running++;
  return (
    <>
      {running > 0 && (
        <span
          className="billing-note"
          data-testid="running-count"
          title={t(loading ? 'app.runningSoFarTitle' : 'app.runningNoteTitle')}
        >
          {t(loading ? 'app.runningSoFar' : 'app.runningNote', { n: formatCount(running) })}
        </span>
      )}
      {burn && running > 0 && (
        <span className="billing-note" data-testid="burn-rate" title={t('app.burnTitle')}>
          {t('app.burn', { amount: formatAmounts(burn) })}
        </span>
      )}
      {today && (
        <button
          className="billing-note link"
          data-testid="spend-today-total"
          title={t('app.spendTodayTitle')}
          onClick={() => setView('autopilot')}
        >
          {t('app.spendToday', { amount: formatMoney(today.amount, today.currency) })}
        </button>
      )}
    </>
  );
}
