import { focusSoon } from '../../ui/Dialog';
import { useEffect, useState } from 'react';
import type { PhoneFacts } from '../../../../common/phone';
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
  const setFavorite = useApp((s) => s.setFavorite);
  const showDetails = useApp((s) => s.showDetails);
  const act = useApp((s) => s.act);
  const windowOpen = useApp((s) => (s.detailsKey ? s.openWindows.has(s.detailsKey) : false));
  const loadFacts = useApp((s) => s.phoneFacts);
  const keepRunning = useApp((s) => (s.detailsKey ? !!s.autopilot?.keepRunning.includes(s.detailsKey) : false));
  const changeAutopilot = useApp((s) => s.changeAutopilot);
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
  const account = accounts.find((a) => a.id === phone.accountId);
  const favorite = (favorites ?? []).includes(phone.key);
  const dash = t('common.dash');
  const since = phone.runningSince ? formatTimestamp(phone.runningSince) : null;
  const rows: [string, string][] = [
    [t('details.account'), `${t(`provider.${phone.provider}`)} · ${account?.label ?? phone.accountId}`],
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
            : 'details.billing.unknown',
      ),
    ],
    [
      t('details.seenSince'),
      since === null ? dash : phone.runningSinceExact ? since : t('details.atLeastSince', { when: since }),
    ],
    [t('details.window'), windowOpen ? t('details.windowOpen') : dash],
    // Providers report facts under catalogue keys; values are the provider's own words, or a key for a known one.
    ...facts.map(([k, v]): [string, string] => [t(k), typeof v === 'string' ? v : t(v.key)]),
  ];
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
      </div>
      <dl className="facts">
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
