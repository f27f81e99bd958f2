import { phoneContentSize, viewerWidthForArea } from '../../../../common/phone-window-size';
import { ConsentRules } from './ConsentRules';
import type { StartOptions } from '../../../../common/start-options';
import { describeSource } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../../../../common/i18n/i18n';
import { AboutSection } from './AboutSection';
import { AccountsSection } from './AccountsSection';
import { TeamSection } from './TeamSection';

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  if (!settings) return null;
  return (
    <div className="settings">
      <AccountsSection />
      <TeamSection />
      <PhoneWindowsSection />
      <AppSection />
      <AboutSection />
    </div>
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
