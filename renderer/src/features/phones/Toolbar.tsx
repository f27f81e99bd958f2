import { useMemo, useState } from 'react';
import { AccountOptions } from '../../ui/AccountOptions';
import { PHONE_STATUSES, type Phone, type PhoneStatus } from '../../../../common/phone';
import { download, stamp, toCsv } from '../../lib/csv';
import { formatAgo, formatCount, formatTimestamp, statusText } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { useNow } from '../../lib/use-now';
import { facets } from '../../lib/phone-query';
import { Dropdown, MultiSelect } from '../../ui/Menus';
import { columnLabel, OPTIONAL_COLUMNS } from './columns';
import { MoreFilters } from './MoreFilters';

export function Toolbar({ phones, rows }: { phones: Phone[]; rows: Phone[] }) {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const accounts = useApp((s) => s.accounts);
  const { t } = useI18n();
  const { groups, tags } = useMemo(() => facets(phones), [phones]);
  // Two rows by design: what is looked for and what is shown first, then the narrowing and the tools.
  return (
    <div className="toolbar toolbar-rows">
      <div className="toolbar-row">
        <input
          className="search"
          type="search"
          placeholder={t('toolbar.searchPlaceholder')}
          aria-label={t('toolbar.searchLabel')}
          value={query.text}
          onChange={(e) => setQuery({ text: e.target.value })}
        />
        <StatusChips phones={phones} />
        <span className="spacer" />
        <ListStatus phones={phones} rows={rows} />
      </div>
      <div className="toolbar-row">
        <MultiSelect
          name={t('toolbar.groups')}
          lowerName={t('multi.groupsLower')}
          options={groups}
          picked={query.groups}
          onChange={(g) => setQuery({ groups: g })}
        />
        <MultiSelect
          name={t('toolbar.tags')}
          lowerName={t('multi.tagsLower')}
          options={tags}
          picked={query.tags}
          onChange={(t) => setQuery({ tags: t })}
        />
        {accounts.length > 1 && (
          <select
            aria-label={t('toolbar.accountFilter')}
            value={query.accountId}
            onChange={(e) => setQuery({ accountId: e.target.value })}
          >
            <option value="">{t('common.allAccounts')}</option>
            <AccountOptions />
          </select>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={query.favoritesOnly}
            onChange={(e) => setQuery({ favoritesOnly: e.target.checked })}
          />{' '}
          {t('toolbar.favoritesOnly')}
        </label>
        <MoreFilters />
        <span className="spacer" />
        <SavedViewsMenu />
        <ColumnsMenu />
        <ListTools rows={rows} />
      </div>
    </div>
  );
}

/** One chip per status with its count; pressing chips filters by those statuses. */
function StatusChips({ phones }: { phones: Phone[] }) {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const { t, formatLocale } = useI18n();
  const counts = useMemo(() => {
    const c = new Map<PhoneStatus, number>();
    for (const p of phones) c.set(p.status, (c.get(p.status) ?? 0) + 1);
    return c;
  }, [phones]);
  const toggleStatus = (st: PhoneStatus) =>
    setQuery({
      statuses: query.statuses.includes(st) ? query.statuses.filter((x) => x !== st) : [...query.statuses, st],
    });
  return (
    <div className="status-filter" role="group" aria-label={t('toolbar.statusFilter')}>
      {PHONE_STATUSES.filter((s) => s !== 'unknown').map((st) => (
        <button
          key={st}
          className={`chip chip-${st}${query.statuses.includes(st) ? ' on' : ''}`}
          aria-pressed={query.statuses.includes(st)}
          title={t('toolbar.chipTitle', {
            count: formatCount(counts.get(st) ?? 0),
            status: statusText(st).toLocaleLowerCase(formatLocale),
          })}
          onClick={() => toggleStatus(st)}
        >
          {statusText(st)} <span className="chip-count">{formatCount(counts.get(st) ?? 0)}</span>
        </button>
      ))}
    </div>
  );
}

/** Saved filters and sort, one click away; the current ones saved under a name. */
function SavedViewsMenu() {
  const savedViews = useApp((s) => s.savedViews);
  const saveCurrentView = useApp((s) => s.saveCurrentView);
  const applyView = useApp((s) => s.applyView);
  const deleteView = useApp((s) => s.deleteView);
  const [viewName, setViewName] = useState('');
  const { t } = useI18n();
  return (
    <Dropdown label={t('toolbar.views')} testId="views">
      {savedViews.length === 0 && <p className="muted small-text">{t('toolbar.noViews')}</p>}
      <ul className="views">
        {savedViews.map((v) => (
          <li key={v.name}>
            <button className="link" onClick={() => applyView(v.name)}>
              {v.name}
            </button>
            <button
              className="close"
              aria-label={t('toolbar.deleteView', { name: v.name })}
              onClick={() => deleteView(v.name)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form
        className="save-view"
        onSubmit={(e) => {
          e.preventDefault();
          saveCurrentView(viewName);
          setViewName('');
        }}
      >
        <input
          aria-label={t('toolbar.viewNameLabel')}
          placeholder={t('toolbar.viewNamePlaceholder')}
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
          maxLength={60}
        />
        <button type="submit" disabled={!viewName.trim()}>
          {t('toolbar.saveView')}
        </button>
      </form>
    </Dropdown>
  );
}

function ColumnsMenu() {
  const hiddenColumns = useApp((s) => s.hiddenColumns);
  const setHiddenColumns = useApp((s) => s.setHiddenColumns);
  const { t } = useI18n();
  return (
    <Dropdown label={t('toolbar.columns')}>
      <fieldset className="multi">
        <legend className="sr-only">{t('toolbar.columns')}</legend>
        {OPTIONAL_COLUMNS.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              checked={!hiddenColumns.includes(c.id)}
              onChange={(e) =>
                setHiddenColumns(e.target.checked ? hiddenColumns.filter((x) => x !== c.id) : [...hiddenColumns, c.id])
              }
            />{' '}
            {columnLabel(c)}
          </label>
        ))}
      </fieldset>
    </Dropdown>
  );
}

/** How many phones are shown, how fresh the list is, and refresh. */
function ListStatus({ phones, rows }: { phones: Phone[]; rows: Phone[] }) {
  const refresh = useApp((s) => s.refresh);
  const refreshNow = useApp((s) => s.refreshNow);
  const loadingTotal = useApp((s) => s.loadingTotal);
  const now = useNow(5_000);
  const { t } = useI18n();
  return (
    <span className="toolbar-end">
      <span className="muted" data-testid="shown-count">
        {t('toolbar.shownCount', { shown: formatCount(rows.length), total: formatCount(phones.length) })}
      </span>
      {loadingTotal !== null && (
        <span className="muted" role="status" data-testid="loading-total">
          {t('toolbar.loadingTotal', { n: formatCount(loadingTotal) })}
        </span>
      )}
      <span
        className="muted"
        // The exact time is written when the pointer comes: the first Intl date format costs the first paint its ICU start-up.
        onPointerEnter={(e) =>
          (e.currentTarget.title = refresh.lastRefreshAt ? formatTimestamp(refresh.lastRefreshAt) : '')
        }
        data-testid="last-refresh"
      >
        {t('toolbar.updated', {
          when: refresh.lastRefreshAt ? formatAgo(now - refresh.lastRefreshAt) : t('time.never'),
        })}
      </span>
      <button onClick={() => void refreshNow()} disabled={refresh.refreshing} title={t('toolbar.refreshTitle')}>
        <span aria-hidden>{refresh.refreshing ? '…' : '↻'}</span> {t('toolbar.refresh')}
      </button>
    </span>
  );
}

/** Export the shown phones, and the recent jobs: named in words, the symbol beside them only for the eye. */
function ListTools({ rows }: { rows: Phone[] }) {
  const accounts = useApp((s) => s.accounts);
  const openHistory = useApp((s) => s.openHistory);
  const { t } = useI18n();
  const labels = new Map(accounts.map((a) => [a.id, a.label]));
  const exportList = () =>
    download(
      `phonedeck-phones-${stamp()}.csv`,
      toCsv(
        ['name', 'id', 'status', 'group', 'tags', 'remark', 'account', 'provider', 'billing'],
        rows.map((p) => [
          p.name,
          p.id,
          p.status,
          p.group,
          p.tags.join('; '),
          p.remark,
          labels.get(p.accountId) ?? '',
          p.provider,
          p.billing,
        ]),
      ),
    );
  return (
    <>
      <LayoutToggle />
      <button onClick={exportList} title={t('toolbar.export')}>
        <span aria-hidden>⇩</span> {t('toolbar.exportText')}
      </button>
      <button onClick={() => void openHistory()} title={t('toolbar.historyTitle')} data-testid="open-history">
        <span aria-hidden>☰</span> {t('toolbar.history')}
      </button>
    </>
  );
}

/** The list, or the wall of screens (the same filters, selection and bulk bar). */
function LayoutToggle() {
  const layout = useApp((s) => s.layout);
  const setLayout = useApp((s) => s.setLayout);
  const { t } = useI18n();
  const wall = layout === 'wall';
  return (
    <button
      aria-pressed={wall}
      title={t('wall.toggleTitle')}
      onClick={() => setLayout(wall ? 'list' : 'wall')}
      data-testid="wall-toggle"
    >
      <span aria-hidden>{wall ? '☰' : '▦'}</span> {t(wall ? 'wall.toggleList' : 'wall.toggle')}
    </button>
  );
}
