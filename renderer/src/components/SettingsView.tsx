import { useState } from 'react';
import { PROVIDER_LABELS } from '../../../common/phone';
import type { StartOptions } from '../../../common/start-options';
import { describeSource, formatClock, formatCount } from '../format';
import { useApp } from '../state/context';
import { AboutSection } from './AboutSection';
import { AccountForm } from './AccountForm';
import { ConfirmDialog } from './Dialog';

export function SettingsView() {
  const accounts = useApp((s) => s.accounts);
  const settings = useApp((s) => s.settings);
  const testAccount = useApp((s) => s.testAccount);
  const removeAccount = useApp((s) => s.removeAccount);
  const update = useApp((s) => s.updateSettings);
  const [adding, setAdding] = useState(false);
  const [testing, setTesting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const phones = useApp((s) => s.phones);
  const phonesOf = (accountId: string) => {
    let n = 0;
    for (const p of phones.values()) if (p.accountId === accountId) n++;
    return n;
  };
  const removingAccount = accounts.find((a) => a.id === removing);
  if (!settings) return null;
  const o = settings.defaultStartOptions;
  const setOption = (patch: Partial<StartOptions>) => void update({ defaultStartOptions: { ...o, ...patch } });
  return (
    <div className="settings">
      <section>
        <h2>Accounts</h2>
        <p className="muted">Keys are encrypted with your system keychain and never leave this computer's main process; they cannot be displayed again.</p>
        <ul className="accounts">
          {accounts.map((a) => (
            <li key={a.id} className="card" data-testid={`account-${a.id}`}>
              <div>
                <strong>{a.label}</strong> <span className={`provider provider-${a.provider}`}>{PROVIDER_LABELS[a.provider]}</span>
                {a.demo && <span className="tag">demo</span>}
                <div className={`health health-${a.lockedUntil ? 'error' : a.health.state}`} data-testid="account-health">
                  {a.lockedUntil
                    ? `● Locked by the provider until ${formatClock(a.lockedUntil)} after too many requests; nothing is sent until then`
                    : a.health.state === 'ok' ? '● Connected' : a.health.state === 'error' ? `● ${a.health.message}` : '○ Not tested yet'}
                </div>
                <div className="muted small-text">
                  Can: {Object.entries(a.capabilities).filter(([, v]) => v).map(([k]) => k).join(', ') || 'nothing until connected'}
                </div>
              </div>
              <span className="spacer" />
              <button
                disabled={testing === a.id}
                onClick={async () => {
                  setTesting(a.id);
                  await testAccount(a.id);
                  setTesting(null);
                }}
              >
                {testing === a.id ? 'Testing…' : 'Test'}
              </button>
              <button className="danger" onClick={() => setRemoving(a.id)} aria-label={`Remove ${a.label}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {adding ? (
          <AccountForm onDone={() => setAdding(false)} />
        ) : (
          <button className="primary" data-testid="add-account" onClick={() => setAdding(true)}>
            Add account
          </button>
        )}
        {removingAccount && (
          <ConfirmDialog
            title={`Remove “${removingAccount.label}”?`}
            confirmLabel="Remove account"
            danger
            returnFocusTo='[data-testid="add-account"]'
            onCancel={() => setRemoving(null)}
            onConfirm={() => {
              setRemoving(null);
              void removeAccount(removingAccount.id);
            }}
          >
            <p>What goes with it:</p>
            <ul>
              <li>its saved key, deleted from this computer;</li>
              <li>its {formatCount(phonesOf(removingAccount.id))} phones from this list, with their favourites and window positions.</li>
            </ul>
            <p>
              The phones themselves are not stopped or deleted at {PROVIDER_LABELS[removingAccount.provider]}: running ones keep running, and billing.
            </p>
          </ConfirmDialog>
        )}
      </section>
      <section>
        <h2>Phone windows</h2>
        <p className="muted">Used when a GeeLark phone is started and opened. Each window remembers where you put it.</p>
        <div className="card form">
          <label>
            Width: {o.width}px
            <input type="range" min={200} max={600} step={8} value={o.width} aria-label="Phone width" onChange={(e) => setOption({ width: Number(e.target.value) })} />
          </label>
          {(
            [
              ['hideSideBar', 'Hide the sidebar'],
              ['displayTimer', 'Show the usage timer'],
              ['center', 'Centre the phone in its window'],
              ['hideLibrary', 'Hide the asset library'],
              ['hideMirror', 'Hide the mirror entry'],
            ] as const
          ).map(([k, text]) => (
            <label key={k} className="check">
              <input type="checkbox" checked={o[k]} onChange={(e) => setOption({ [k]: e.target.checked })} /> {text}
            </label>
          ))}
        </div>
      </section>
      <section>
        <h2>App</h2>
        <div className="card form">
          <label>
            Theme
            <select value={settings.theme} aria-label="Theme" onChange={(e) => void update({ theme: e.target.value as 'system' | 'light' | 'dark' })}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.closeToTray} onChange={(e) => void update({ closeToTray: e.target.checked })} /> Closing the window keeps Phonedeck in the tray
          </label>
          {settings.startAtLogin.supported && (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.startAtLogin.enabled}
                  onChange={(e) => void update({ startAtLogin: { enabled: e.target.checked, hidden: settings.startAtLogin.hidden } })}
                />{' '}
                Start Phonedeck when I log in
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  disabled={!settings.startAtLogin.enabled}
                  checked={settings.startAtLogin.hidden}
                  onChange={(e) => void update({ startAtLogin: { enabled: true, hidden: e.target.checked } })}
                />{' '}
                …in the tray, without opening the window
              </label>
            </>
          )}
          <label>
            CLI and AI agents (MCP) must ask before stopping more than{' '}
            <select value={settings.control.approveStopOver} onChange={(e) => void update({ control: { approveStopOver: Number(e.target.value) } })}>
              {[...new Set([0, 1, 5, 10, 25, 100, settings.control.approveStopOver])].sort((a, b) => a - b).map((n) => (
                <option key={n} value={n}>{n} phones</option>
              ))}
            </select>
            ; deletes always ask.
          </label>
          {settings.control.allowedClients.length > 0 && (
            <ul className="allowed-clients" aria-label="Clients allowed to start, stop and restart without asking">
              {settings.control.allowedClients.map((c) => (
                <li key={c}>
                  {describeSource(c)} may start, stop and restart without asking{' '}
                  <button className="small" onClick={() => void update({ control: { allowedClients: settings.control.allowedClients.filter((x) => x !== c) } })}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label>
            Keep the activity record for{' '}
            <select value={settings.activityRetentionDays} onChange={(e) => void update({ activityRetentionDays: Number(e.target.value) })}>
              {[...new Set([7, 30, 90, 180, 365, settings.activityRetentionDays])].sort((a, b) => a - b).map((d) => (
                <option key={d} value={d}>{d} days</option>
              ))}
            </select>
          </label>
        </div>
      </section>
      <AboutSection />
    </div>
  );
}
