import { focusSoon } from './Dialog';
import { useEffect, useState } from 'react';
import { PROVIDER_LABELS, type PhoneFacts } from '../../../common/phone';
import { formatTimestamp } from '../format';
import { useApp } from '../state/context';
import { label, quickActionsFor } from '../state/eligibility';
import { StatusBadge } from './StatusBadge';

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
      <section className="jobpanel" aria-label="Phone details">
        <header>
          <h2 className="panel-title">Phone details</h2>
          <span className="spacer" />
          <button className="close" aria-label="Close details" onClick={close}>
            ✕
          </button>
        </header>
        <p className="empty">This phone is no longer listed.</p>
      </section>
    );
  }
  const account = accounts.find((a) => a.id === phone.accountId);
  const favorite = (favorites ?? []).includes(phone.key);
  const rows: [string, string][] = [
    ['Account', `${PROVIDER_LABELS[phone.provider]} · ${account?.label ?? phone.accountId}`],
    ['Id', phone.id],
    ...(phone.serialNo ? ([['Number', `#${phone.serialNo}`]] as [string, string][]) : []),
    ['Group', phone.group || '—'],
    ['Tags', phone.tags.join(', ') || '—'],
    ['Remark', phone.remark || '—'],
    ['Billing', phone.billing === 'per-minute' ? 'Per minute while running' : phone.billing === 'monthly' ? 'Monthly' : 'Unknown'],
    ['Seen running since', phone.runningSince ? `${phone.runningSinceExact ? '' : 'at least since '}${formatTimestamp(phone.runningSince)}` : '—'],
    ['Window', windowOpen ? 'Open' : '—'],
    ...facts,
  ];
  return (
    <section className="jobpanel" aria-label={`Details of ${phone.name}`} data-testid="detail-panel">
      <header>
        <h2 className="panel-title">{phone.name}</h2>
        <StatusBadge status={phone.status} detail={phone.statusDetail} />
        <span className="spacer" />
        <button className="close" aria-label="Close details" onClick={close}>
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
          {favorite ? '★ Favourite' : '☆ Add to favourites'}
        </button>
        <button
          className="small"
          aria-pressed={keepRunning}
          title="Policies never stop a phone marked to keep running"
          onClick={() => void changeAutopilot('autopilot:keepRunning', { key: phone.key, keep: !keepRunning })}
        >
          {keepRunning ? '⏵ Kept running' : 'Keep running'}
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
