import { useEffect } from 'react';
import { Notices } from './components/Notices';
import { Onboarding } from './components/Onboarding';
import { PhonesView } from './components/PhonesView';
import { SettingsView } from './components/SettingsView';
import { useApp } from './state/context';

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
  const setView = useApp((s) => s.setView);
  const accounts = useApp((s) => s.accounts);
  const phones = useApp((s) => s.phones);
  useTheme();
  let running = 0;
  for (const p of phones.values()) if (p.status === 'running') running++;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">▣ Phonedeck</span>
        <nav>
          <button className={view === 'phones' ? 'tab on' : 'tab'} aria-current={view === 'phones'} onClick={() => setView('phones')}>
            Phones
          </button>
          <button className={view === 'settings' ? 'tab on' : 'tab'} aria-current={view === 'settings'} onClick={() => setView('settings')}>
            Settings
          </button>
        </nav>
        <span className="spacer" />
        {running > 0 && (
          <span className="billing-note" title="Running phones are billed per minute by most plans">
            {running} running
          </span>
        )}
      </header>
      <Notices />
      <main>{!ready ? <div className="empty">Loading…</div> : view === 'settings' ? <SettingsView /> : accounts.length === 0 ? <Onboarding /> : <PhonesView />}</main>
    </div>
  );
}
