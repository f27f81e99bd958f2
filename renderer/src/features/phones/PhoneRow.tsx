import { memo } from 'react';
import type { Phone } from '../../../../common/phone';
import type { I18n } from '../../../../common/i18n/i18n';
import { formatDuration, formatMoney } from '../../lib/format';
import { StatusBadge } from '../../ui/StatusBadge';
import type { Column } from './columns';

/** A DOM id for a row (aria-activedescendant needs one). */
export const rowId = (key: string) => `row-${key}`;

export interface RowProps {
  phone: Phone;
  shown: ReadonlySet<Column['id']>;
  index: number;
  selected: boolean;
  active: boolean;
  favorite: boolean;
  accountLabel: string;
  canOpen: boolean;
  opening: boolean;
  windowOpen: boolean;
  now: number;
  /** The language, so rows re-render when it changes (they are memoised). */
  i18n: I18n;
  /** The account's per-minute price and currency, when set: a running per-minute phone shows its estimated cost. */
  price: { perMinute: number; currency: string } | null;
  /** Today's running time and estimated cost, from the record (absent: it has not run today). */
  costToday: { ms: number; cost: number | null; currency: string } | undefined;
  onSelect(key: string, e: { shiftKey: boolean }): void;
  onFavorite(key: string, fav: boolean): void;
  onOpen(key: string): void;
  onMenu(key: string, x: number, y: number): void;
}

/** One phone's row; memoised, so it re-renders only when its own phone or state changes. */
export const Row = memo(function Row(r: RowProps) {
  const {
    phone: p,
    i18n: { t },
  } = r;
  return (
    <div
      id={rowId(p.key)}
      className={`row${r.selected ? ' selected' : ''}${r.active ? ' active' : ''}`}
      role="row"
      aria-rowindex={r.index + 2}
      aria-selected={r.selected}
      data-key={p.key}
      onClick={(e) => r.onSelect(p.key, e)}
      onDoubleClick={() => r.canOpen && r.onOpen(p.key)}
      onContextMenu={(e) => {
        e.preventDefault();
        r.onMenu(p.key, e.clientX, e.clientY);
      }}
    >
      <div role="gridcell" className="cell-check">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={t('table.selectRow', { name: p.name })}
          checked={r.selected}
          onChange={() => undefined}
        />
      </div>
      <div role="gridcell">
        <button
          tabIndex={-1}
          className={`star${r.favorite ? ' on' : ''}`}
          aria-label={t(r.favorite ? 'table.unfavorite' : 'table.addFavorite', { name: p.name })}
          aria-pressed={r.favorite}
          onClick={(e) => {
            e.stopPropagation();
            r.onFavorite(p.key, !r.favorite);
          }}
        >
          {r.favorite ? '★' : '☆'}
        </button>
      </div>
      {nameCell(p, r)}
      <div role="gridcell">
        <StatusBadge status={p.status} detail={p.statusDetail} />
      </div>
      {optionalCells(p, r)}
      {openCell(p, r)}
    </div>
  );
});

/**
 * "Seen running" and the estimated cost of this run so far. A per-minute bill counts each started minute, so
 * a phone that has just started costs a minute already (never "$0.00"). A lower bound (the app first saw it
 * already running) under a minute says "just seen" rather than "≥ 0m". `now` ticks every 30 s, so a phone seen
 * starting since the last tick began "after now": that is its first minute, never a negative time or cost.
 */
function runningText(p: Phone, r: RowProps): { seen: string; cost: string } {
  const { t } = r.i18n;
  const ran = p.runningSince ? Math.max(0, r.now - p.runningSince) : 0;
  const atLeast = (d: string) => (p.runningSinceExact ? d : t('table.atLeast', { d }));
  const seen = !p.runningSince
    ? t('common.dash')
    : ran < 60_000 && !p.runningSinceExact
      ? t('table.justSeen')
      : atLeast(formatDuration(ran));
  const startedMinutes = Math.floor(ran / 60_000) + 1;
  const cost =
    p.runningSince && r.price && (p.billing === 'per-minute' || p.billing === 'unknown')
      ? ` · ${atLeast(formatMoney(startedMinutes * r.price.perMinute, r.price.currency))}`
      : '';
  return { seen, cost };
}

function nameCell(p: Phone, r: RowProps) {
  const { t } = r.i18n;
  return (
    <div role="gridcell" className="cell-name" title={p.name}>
      <span className="name">{p.name}</span>
      {p.serialNo && <span className="serial">#{p.serialNo}</span>}
      {p.billing === 'per-minute' && (
        <span className="billing" title={t('table.perMinuteTitle')}>
          {t('table.perMinute')}
        </span>
      )}
      {r.windowOpen && (
        <span className="window-mark" title={t('table.windowOpenTitle')}>
          {t('table.windowOpen')}
        </span>
      )}
    </div>
  );
}

/** The columns a person may hide: group, tags, remark, account, seen running. */
function optionalCells(p: Phone, r: RowProps) {
  const { t } = r.i18n;
  const provider = t(`provider.${p.provider}`);
  const { seen, cost } = runningText(p, r);
  return (
    <>
      {r.shown.has('group') && (
        <div role="gridcell" className="ellipsis" title={p.group}>
          {p.group}
        </div>
      )}
      {r.shown.has('tags') && (
        <div role="gridcell" className="tags" title={p.tags.join(', ')}>
          {p.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </div>
      )}
      {r.shown.has('remark') && (
        <div role="gridcell" className="ellipsis muted" title={p.remark}>
          {p.remark}
        </div>
      )}
      {r.shown.has('account') && (
        <div role="gridcell" className="ellipsis" title={`${provider} ${r.accountLabel}`}>
          <span className={`provider provider-${p.provider}`}>{provider}</span> {r.accountLabel}
        </div>
      )}
      {r.shown.has('running') && (
        <div
          role="gridcell"
          className="muted ellipsis"
          title={
            p.runningSince
              ? p.runningSinceExact
                ? `${seen}${cost}`
                : t('table.seenEstimate', { seen: `${seen}${cost}` })
              : undefined
          }
        >
          {seen}
          {cost}
        </div>
      )}
      {r.shown.has('cost') && (
        <div role="gridcell" className="muted ellipsis num">
          {r.costToday?.cost != null ? formatMoney(r.costToday.cost, r.costToday.currency) : t('common.dash')}
        </div>
      )}
    </>
  );
}

/** Open (or "Opening…") for phones whose provider has a viewer. */
function openCell(p: Phone, r: RowProps) {
  const { t } = r.i18n;
  return (
    <div role="gridcell">
      {r.canOpen &&
        (r.opening ? (
          <span className="muted small-text" role="status">
            {t('table.opening')}
          </span>
        ) : (
          <button
            tabIndex={-1}
            className="small"
            aria-label={t('table.openName', { name: p.name })}
            disabled={p.status === 'expired' || p.status === 'stopping'}
            title={t(
              p.status === 'expired'
                ? 'table.openExpired'
                : p.status === 'stopped'
                  ? 'table.openStopped'
                  : 'table.openRunning',
            )}
            onClick={(e) => {
              e.stopPropagation();
              r.onOpen(p.key);
            }}
          >
            {t('action.open')}
          </button>
        ))}
    </div>
  );
}
