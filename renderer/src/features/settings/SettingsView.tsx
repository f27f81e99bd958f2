import { useState } from 'react';
import type { StartOptions } from '../../../../common/start-options';
import { describeSource, formatClock } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../../../../common/i18n/i18n';
import type { ProviderCapabilities } from '../../../../common/phone';
import { AboutSection } from './AboutSection';
import { AccountForm } from './AccountForm';
import { ConfirmDialog } from '../../ui/Dialog';

export function SettingsView() {
  const accounts = useApp((s) => s.accounts);
  const settings = useApp((s) => s.settings);
  const testAccount = useApp((s) => s.testAccount);
  const removeAccount = useApp((s) => s.removeAccount);
  const update = useApp((s) => s.updateSettings);
  const [adding, setAdding] = useState(false);
  const { t } = useI18n();
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
        <h2>{t('settings.accounts')}</h2>
        <p className="muted">{t('settings.keysNote')}</p>
        <ul className="accounts">
          {accounts.map((a) => (
            <li key={a.id} className="card" data-testid={`account-${a.id}`}>
              <div>
                <strong>{a.label}</strong>{' '}
                <span className={`provider provider-${a.provider}`}>{t(`provider.${a.provider}`)}</span>
                {a.demo && <span className="tag">{t('settings.demo')}</span>}
                <div
                  className={`health health-${a.lockedUntil ? 'error' : a.health.state}`}
                  data-testid="account-health"
                >
                  {a.lockedUntil
                    ? t('settings.locked', { time: formatClock(a.lockedUntil) })
                    : a.health.state === 'ok'
                      ? t('settings.connected')
                      : a.health.state === 'error'
                        ? t('settings.healthError', { message: a.health.message })
                        : t('settings.notTested')}
                </div>
                <div className="muted small-text">
                  {t('settings.can', {
                    what:
                      (Object.keys(a.capabilities) as (keyof ProviderCapabilities)[])
                        .filter((k) => a.capabilities[k])
                        .map((k) => t(`settings.cap.${k}`))
                        .join(t('common.separator')) || t('settings.canNothing'),
                  })}
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
                {testing === a.id ? t('settings.testing') : t('settings.test')}
              </button>
              <button
                className="danger"
                onClick={() => setRemoving(a.id)}
                aria-label={t('settings.removeLabel', { name: a.label })}
              >
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
        {adding ? (
          <AccountForm onDone={() => setAdding(false)} />
        ) : (
          <button className="primary" data-testid="add-account" onClick={() => setAdding(true)}>
            {t('settings.addAccount')}
          </button>
        )}
        {removingAccount && (
          <ConfirmDialog
            title={t('settings.removeTitle', { name: removingAccount.label })}
            confirmLabel={t('settings.removeConfirm')}
            danger
            returnFocusTo='[data-testid="add-account"]'
            onCancel={() => setRemoving(null)}
            onConfirm={() => {
              setRemoving(null);
              void removeAccount(removingAccount.id);
            }}
          >
            <p>{t('settings.removeWhat')}</p>
            <ul>
              <li>{t('settings.removeKey')}</li>
              <li>{t('settings.removePhones', { n: phonesOf(removingAccount.id) })}</li>
            </ul>
            <p>{t('settings.removeKeepsRunning', { provider: t(`provider.${removingAccount.provider}`) })}</p>
          </ConfirmDialog>
        )}
      </section>
      <section>
        <h2>{t('settings.windows')}</h2>
        <p className="muted">{t('settings.windowsNote')}</p>
        <div className="card form">
          <label>
            {t('settings.width', { px: o.width })}
            <input
              type="range"
              min={200}
              max={600}
              step={8}
              value={o.width}
              aria-label={t('settings.widthLabel')}
              onChange={(e) => setOption({ width: Number(e.target.value) })}
            />
          </label>
          {(
            [
              ['hideSideBar', 'settings.hideSideBar'],
              ['displayTimer', 'settings.displayTimer'],
              ['center', 'settings.center'],
              ['hideLibrary', 'settings.hideLibrary'],
              ['hideMirror', 'settings.hideMirror'],
            ] as const
          ).map(([k, text]) => (
            <label key={k} className="check">
              <input type="checkbox" checked={o[k]} onChange={(e) => setOption({ [k]: e.target.checked })} /> {t(text)}
            </label>
          ))}
        </div>
      </section>
      <section>
        <h2>{t('settings.app')}</h2>
        <div className="card form">
          <label>
            {t('settings.language')}
            <select
              value={settings.language}
              aria-label={t('settings.language')}
              onChange={(e) => void update({ language: e.target.value as LanguagePreference })}
            >
              {LANGUAGE_PREFERENCES.map((l) => (
                // Each language is named in itself too, so someone who cannot read the current one still finds theirs.
                <option key={l} value={l} lang={l === 'system' ? undefined : l}>
                  {t(`settings.language.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('settings.theme')}
            <select
              value={settings.theme}
              aria-label={t('settings.theme')}
              onChange={(e) => void update({ theme: e.target.value as 'system' | 'light' | 'dark' })}
            >
              <option value="system">{t('settings.theme.system')}</option>
              <option value="light">{t('settings.theme.light')}</option>
              <option value="dark">{t('settings.theme.dark')}</option>
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.closeToTray}
              onChange={(e) => void update({ closeToTray: e.target.checked })}
            />{' '}
            {t('settings.closeToTray')}
          </label>
          {settings.startAtLogin.supported && (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.startAtLogin.enabled}
                  onChange={(e) =>
                    void update({ startAtLogin: { enabled: e.target.checked, hidden: settings.startAtLogin.hidden } })
                  }
                />{' '}
                {t('settings.startAtLogin')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  disabled={!settings.startAtLogin.enabled}
                  checked={settings.startAtLogin.hidden}
                  onChange={(e) => void update({ startAtLogin: { enabled: true, hidden: e.target.checked } })}
                />{' '}
                {t('settings.startHidden')}
              </label>
            </>
          )}
          <label>
            {t('settings.approveBefore')}{' '}
            <select
              value={settings.control.approveStopOver}
              onChange={(e) => void update({ control: { approveStopOver: Number(e.target.value) } })}
            >
              {[...new Set([0, 1, 5, 10, 25, 100, settings.control.approveStopOver])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    {t('settings.approvePhones', { n })}
                  </option>
                ))}
            </select>
            {t('settings.approveAfter')}
          </label>
          {settings.control.allowedClients.length > 0 && (
            <ul className="allowed-clients" aria-label={t('settings.allowedLabel')}>
              {settings.control.allowedClients.map((c) => (
                <li key={c}>
                  {t('settings.allowed', { who: describeSource(c) })}{' '}
                  <button
                    className="small"
                    onClick={() =>
                      void update({
                        control: { allowedClients: settings.control.allowedClients.filter((x) => x !== c) },
                      })
                    }
                  >
                    {t('settings.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label>
            {t('settings.retention')}{' '}
            <select
              value={settings.activityRetentionDays}
              onChange={(e) => void update({ activityRetentionDays: Number(e.target.value) })}
            >
              {[...new Set([7, 30, 90, 180, 365, settings.activityRetentionDays])]
                .sort((a, b) => a - b)
                .map((d) => (
                  <option key={d} value={d}>
                    {t('settings.retentionDays', { n: d })}
                  </option>
                ))}
            </select>
          </label>
        </div>
      </section>
      <AboutSection />
    </div>
  );
}
