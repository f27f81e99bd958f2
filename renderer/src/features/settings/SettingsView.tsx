import { focusWhenShown } from '../../ui/Dialog';
import { phoneContentSize, viewerWidthForArea } from '../../../../common/phone-window-size';
import { useState } from 'react';
import { ConsentRules } from './ConsentRules';
import type { StartOptions } from '../../../../common/start-options';
import { describeSource, formatAgo, formatClock } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useApp, useI18n } from '../../state/context';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../../../../common/i18n/i18n';
import type { AccountSummary } from '../../../../common/contract';
import type { ProviderCapabilities } from '../../../../common/phone';
import { AboutSection } from './AboutSection';
import { AccountForm } from './AccountForm';
import { ConfirmDialog } from '../../ui/Dialog';
import { PriceField } from '../../ui/PriceField';

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  if (!settings) return null;
  return (
    <div className="settings">
      <AccountsSection />
      <PhoneWindowsSection />
      <AppSection />
      <AboutSection />
    </div>
  );
}

/** The accounts, each with its health and what its provider offers; add, test and remove. */
function AccountsSection() {
  const accounts = useApp((s) => s.accounts);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const { t } = useI18n();
  const removingAccount = accounts.find((a) => a.id === removing);
  return (
    <section>
      <h2>{t('settings.accounts')}</h2>
      <p className="muted">{t('settings.keysNote')}</p>
      <ul className="accounts">
        {accounts.map((a) => (
          <AccountCard key={a.id} account={a} onRemove={() => setRemoving(a.id)} />
        ))}
      </ul>
      {adding ? (
        <AccountForm
          onDone={(addedId) => {
            setAdding(false);
            // Saved: focus goes to the new account's card; cancelled: back to "Add account".
            focusWhenShown(addedId ? `[data-testid="account-${addedId}"] button` : '[data-testid="add-account"]');
          }}
        />
      ) : (
        <button className="primary" data-testid="add-account" onClick={() => setAdding(true)}>
          {t('settings.addAccount')}
        </button>
      )}
      {removingAccount && <RemoveAccountDialog account={removingAccount} onClose={() => setRemoving(null)} />}
    </section>
  );
}

function AccountCard({ account: a, onRemove }: { account: AccountSummary; onRemove: () => void }) {
  const testAccount = useApp((s) => s.testAccount);
  // GeeLark bills by the minute and never says at what price: the account asks the person for it here too.
  const spend = useApp((s) => (a.provider === 'geelark' ? s.spend.find((x) => x.accountId === a.id) : undefined));
  const [testing, setTesting] = useState<string | null>(null);
  // A list read that worked is proof the account works, whether or not "Test" was pressed.
  const listedAt = useApp((s) => s.refresh.accounts[a.id]?.lastGoodAt ?? null);
  const now = useNow(30_000);
  const { t } = useI18n();
  return (
    <li className="card" data-testid={`account-${a.id}`}>
      <div>
        <strong>{a.label}</strong>{' '}
        <span className={`provider provider-${a.provider}`}>{t(`provider.${a.provider}`)}</span>
        {a.demo && <span className="tag">{t('settings.demo')}</span>}
        <div className={`health health-${a.lockedUntil ? 'error' : a.health.state}`} data-testid="account-health">
          {a.lockedUntil
            ? t('settings.locked', { time: formatClock(a.lockedUntil) })
            : a.health.state === 'ok'
              ? t('settings.connected')
              : a.health.state === 'error'
                ? t('settings.healthError', { message: a.health.message })
                : listedAt !== null
                  ? t('settings.listedOk', { when: formatAgo(now - listedAt) })
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
        {spend && (
          <div className="row-actions">
            <PriceField s={spend} />
          </div>
        )}
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
      <button className="danger" onClick={onRemove} aria-label={t('settings.removeLabel', { name: a.label })}>
        {t('settings.remove')}
      </button>
    </li>
  );
}

/** Removing an account says what goes (its key, its phones from the list) and what stays running. */
function RemoveAccountDialog({ account, onClose }: { account: AccountSummary; onClose: () => void }) {
  const removeAccount = useApp((s) => s.removeAccount);
  const phones = useApp((s) => s.phones);
  const { t } = useI18n();
  const phonesOf = (accountId: string) => {
    let n = 0;
    for (const p of phones.values()) if (p.accountId === accountId) n++;
    return n;
  };
  return (
    <ConfirmDialog
      title={t('settings.removeTitle', { name: account.label })}
      confirmLabel={t('settings.removeConfirm')}
      danger
      returnFocusTo='[data-testid="add-account"]'
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        void removeAccount(account.id);
      }}
    >
      <p>{t('settings.removeWhat')}</p>
      <ul>
        <li>{t('settings.removeKey')}</li>
        <li>{t('settings.removePhones', { n: phonesOf(account.id) })}</li>
      </ul>
      <p>{t('settings.removeKeepsRunning', { provider: t(`provider.${account.provider}`) })}</p>
    </ConfirmDialog>
  );
}

/** How phone windows open: the viewer's width and sidebar, and the viewer's own options. */
function PhoneWindowsSection() {
  const settings = useApp((s) => s.settings)!;
  const update = useApp((s) => s.updateSettings);
  const { t } = useI18n();
  const o = settings.defaultStartOptions;
  const setOption = (patch: Partial<StartOptions>) => void update({ defaultStartOptions: { ...o, ...patch } });
  return (
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
        <WindowSizeNote o={o} />
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
  );
}

/** The window a phone opens in on this screen: the width shrinks when the phone would be taller than the screen. */
function WindowSizeNote({ o }: { o: StartOptions }) {
  const { t } = useI18n();
  const area = { width: screen.availWidth, height: screen.availHeight };
  const width = viewerWidthForArea(o, area);
  const size = phoneContentSize({ ...o, width });
  return (
    <p className="muted small-text" data-testid="window-size" aria-live="polite">
      {t('settings.windowSize', { w: size.width, h: size.height })}
      {width < o.width && ` ${t('settings.widthFitted', { asked: o.width, px: width })}`}
    </p>
  );
}

/** Language, theme, tray and login behaviour, CLI/MCP approvals and how long the record is kept. */
function AppSection() {
  const settings = useApp((s) => s.settings)!;
  const update = useApp((s) => s.updateSettings);
  const { t } = useI18n();
  return (
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
        <LoginPreferences />
        <ControlPreferences />
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
  );
}

/** The rule table every door follows, and the CLI/MCP clients allowed to act within it without asking. */
function ControlPreferences() {
  const settings = useApp((s) => s.settings)!;
  const update = useApp((s) => s.updateSettings);
  const { t } = useI18n();
  return (
    <>
      <ConsentRules />
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
      {settings.control.paired.length > 0 && (
        <ul className="allowed-clients" aria-label={t('settings.pairedLabel')}>
          {settings.control.paired.map(({ client }) => (
            <li key={client}>
              {t('settings.paired', { who: describeSource(client) })}{' '}
              <button className="small" onClick={() => void update({ control: { unpair: [client] } })}>
                {t('settings.unpair')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Starting with the OS session, as the OS reports it; optionally straight to the tray. */
function LoginPreferences() {
  const settings = useApp((s) => s.settings)!;
  const update = useApp((s) => s.updateSettings);
  const { t } = useI18n();
  if (!settings.startAtLogin.supported) return null;
  return (
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
  );
}
