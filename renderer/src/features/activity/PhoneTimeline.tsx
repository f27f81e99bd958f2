import { useEffect, useState } from 'react';
import type { PhoneActionEntry, PhoneTimeline as Timeline, RunningPeriod } from '../../../../common/activity';
import { RECORDED_ACTIONS, type RecordedAction } from '../../../../common/phone';
import { describeSource, formatDuration, formatMoney, formatTimestamp, actionText } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';

type Entry = { at: number; action: PhoneActionEntry } | { at: number; run: RunningPeriod };

const actionLabel = (a: string) =>
  (RECORDED_ACTIONS as readonly string[]).includes(a) ? actionText(a as RecordedAction) : a;

/** Actions and running periods in one list, newest first: what happened to this phone, in order. */
function entriesOf(tl: Timeline): Entry[] {
  const all: Entry[] = [
    ...tl.actions.map((action) => ({ at: action.at, action })),
    ...tl.runs.map((run) => ({ at: run.start, run })),
  ];
  return all.sort((a, b) => b.at - a.at);
}

/** One phone's timeline for the Activity tab's period: actions with source and outcome, running periods, cost. */
export function PhoneTimeline({ phoneKey, range }: { phoneKey: string; range: { since?: number; until?: number } }) {
  const request = useApp((s) => s.request);
  const close = useApp((s) => s.showTimeline);
  const accounts = useApp((s) => s.accounts);
  const [tl, setTl] = useState<Timeline | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    let current = true;
    const load = () =>
      void request('activity:phone', {
        key: phoneKey,
        since: range.since ?? 0,
        until: range.until ?? Date.now(),
      }).then((v) => current && v && setTl(v));
    load();
    const timer = setInterval(load, 5_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [request, phoneKey, range.since, range.until]);
  if (!tl) return null;
  const entries = entriesOf(tl);
  const cost = tl.cost
    ? t('timeline.cost', { amount: formatMoney(tl.cost.amount, tl.cost.currency) })
    : t(tl.costNote === 'notPerMinute' ? 'timeline.notPerMinute' : 'timeline.noPrice');
  return (
    <section className="activity-job card" aria-label={t('timeline.label', { name: tl.name })} data-testid="timeline">
      <header>
        <h2 className="panel-title">{t('timeline.label', { name: tl.name })}</h2>
        <span className="muted ellipsis">{accounts.find((a) => a.id === tl.accountId)?.label ?? tl.accountId}</span>
        <span className="spacer" />
        <button className="close" aria-label={t('timeline.close')} onClick={() => close(null)}>
          ✕
        </button>
      </header>
      <p data-testid="timeline-summary">
        {t('timeline.summary', { duration: formatDuration(tl.runningMs) })} · {cost}
      </p>
      {entries.length === 0 ? (
        <p className="empty">{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" tabIndex={0} aria-label={t('timeline.label', { name: tl.name })}>
          {entries.map((e) => (
            <li key={'run' in e ? `run${e.at}` : `job${e.action.jobId}`} className={entryClass(e)}>
              <span className="muted">{formatTimestamp(e.at)}</span> <TimelineText entry={e} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const entryClass = (e: Entry) => ('run' in e ? 'run' : e.action.ok ? 'ok' : 'fail');

function TimelineText({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  if ('run' in entry) {
    const { start, end, exact } = entry.run;
    const text =
      end === null
        ? t('timeline.running', { from: formatTimestamp(start), duration: formatDuration(Date.now() - start) })
        : t('timeline.ran', {
            from: formatTimestamp(start),
            to: formatTimestamp(end),
            duration: formatDuration(end - start),
          });
    return (
      <span>
        {text}
        {!exact && t('timeline.estimated')}
      </span>
    );
  }
  const a = entry.action;
  return (
    <span>
      {t('timeline.action', {
        action: a.subject ? `${actionLabel(a.action)} · ${a.subject}` : actionLabel(a.action),
        source: describeSource(a.source),
        outcome: a.ok ? t('timeline.outcomeOk') : t('timeline.outcomeFailed', { message: a.message, code: a.code }),
      })}
      {a.ok && (
        <span className="muted">
          {' · '}
          {a.confirmedAt ? t('timeline.confirmed', { when: formatTimestamp(a.confirmedAt) }) : t('timeline.awaiting')}
        </span>
      )}
    </span>
  );
}
