import { focusSoon } from '../../ui/Dialog';
import { useEffect, useState } from 'react';
import type { Phone, PhoneFacts } from '../../../../common/phone';
import { t } from '../../../../common/i18n/i18n';
import { formatTimestamp } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { label, quickActionsFor } from '../../lib/eligibility';
import { StatusBadge } from '../../ui/StatusBadge';

/** Everything known about one phone: what the provider reported, and what Phonedeck saw. */
export function DetailPanel() {
  const key = useApp((s) => s.detailsKey);
  const phone = useApp((s) => (s.detailsKey ? s.phones.get(s.detailsKey) : undefined));
  const accounts = useApp((s) => s.accounts);
  const favorites = useApp((s) => s.settings?.favorites);
  const showDetails = useApp((s) => s.showDetails);
  const windowOpen = useApp((s) => (s.detailsKey ? s.openWindows.has(s.detailsKey) : false));
  const loadFacts = useApp((s) => s.phoneFacts);
  const [facts, setFacts] = useState<PhoneFacts>([]);
  const { t } = useI18n();
  useEffect(() => {
    setFacts([]);
    if (key) void loadFacts(key).then(setFacts);
  }, [key, loadFacts]);
  if (!key) return null;
  const close = () => {
    showDetails(null);
    focusSoon('[role="grid"]');
  };
  if (!phone) {
    return (
      <section className="jobpanel" aria-label={t('details.label')}>
        <header>
          <h2 className="panel-title">{t('details.label')}</h2>
          <span className="spacer" />
          <button className="close" aria-label={t('details.close')} onClick={close}>
            ✕
          </button>
        </header>
        <p className="empty">{t('details.gone')}</p>
      </section>
    );
  }
  const rows = factRows(phone, { account: accounts.find((a) => a.id === phone.accountId)?.label, windowOpen, facts });
  const favorite = (favorites ?? []).includes(phone.key);
  return (
    <section className="jobpanel" aria-label={t('details.labelOf', { name: phone.name })} data-testid="detail-panel">
      <header>
        <h2 className="panel-title">{phone.name}</h2>
        <StatusBadge status={phone.status} detail={phone.statusDetail} />
        <span className="spacer" />
        <button className="close" aria-label={t('details.close')} onClick={close}>
          ✕
        </button>
      </header>
      <PhoneActions phone={phone} favorite={favorite} />
      {/* Focusable: the list scrolls when a provider reports many facts, and keyboards must reach it. */}
      <dl className="facts" tabIndex={0} aria-label={t('details.factsLabel')}>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** What the panel lists: the phone as Phonedeck knows it, then the provider's own facts. */
function factRows(
  phone: Phone,
  k: { account: string | undefined; windowOpen: boolean; facts: PhoneFacts },
): [string, string][] {
  const dash = t('common.dash');
  const since = phone.runningSince ? formatTimestamp(phone.runningSince) : null;
  return [
    [t('details.account'), `${t(`provider.${phone.provider}`)} · ${k.account ?? phone.accountId}`],
    [t('details.id'), phone.id],
    ...(phone.serialNo ? ([[t('details.number'), `#${phone.serialNo}`]] as [string, string][]) : []),
    [t('details.group'), phone.group || dash],
    [t('details.tags'), phone.tags.join(', ') || dash],
    [t('details.remark'), phone.remark || dash],
    [
      t('details.billing'),
      t(
        phone.billing === 'per-minute'
          ? 'details.billing.perMinute'
          : phone.billing === 'monthly'
            ? 'details.billing.monthly'
            : phone.billing === 'parallels'
              ? 'details.billing.parallels'
              : 'details.billing.unknown',
      ),
    ],
    [
      t('details.seenSince'),
      since === null ? dash : phone.runningSinceExact ? since : t('details.atLeastSince', { when: since }),
    ],
    [t('details.window'), k.windowOpen ? t('details.windowOpen') : dash],
    // Providers report facts under catalogue keys; values are the provider's own words, or a key for a known one.
    ...k.facts.map(([k, v]): [string, string] => [t(k), typeof v === 'string' ? v : t(v.key)]),
  ];
}

/** The phone's own actions, its favourite star and "keep running" (policies leave it alone). */
function PhoneActions({ phone, favorite }: { phone: Phone; favorite: boolean }) {
  const accounts = useApp((s) => s.accounts);
  const setFavorite = useApp((s) => s.setFavorite);
  const act = useApp((s) => s.act);
  const keepRunning = useApp((s) => !!s.autopilot?.keepRunning.includes(phone.key));
  const changeAutopilot = useApp((s) => s.changeAutopilot);
  const showTimeline = useApp((s) => s.showTimeline);
  const { t } = useI18n();
  return (
    <div className="summary">
      {quickActionsFor(phone, accounts).map((a) => (
        <button key={a} className="small" onClick={() => void act(a, [phone.key])}>
          {label(a)}
        </button>
      ))}
      <button className="small" aria-pressed={favorite} onClick={() => void setFavorite(phone.key, !favorite)}>
        {t(favorite ? 'details.favorite' : 'details.addFavorite')}
      </button>
      <button
        className="small"
        aria-pressed={keepRunning}
        title={t('details.keepRunningTitle')}
        onClick={() => void changeAutopilot('autopilot:keepRunning', { key: phone.key, keep: !keepRunning })}
      >
        {t(keepRunning ? 'details.keptRunning' : 'details.keepRunning')}
      </button>
      <button className="small" onClick={() => showTimeline(phone.key)}>
        {t('details.timeline')}
      </button>
    </div>
  );
}
