import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { Dropdown } from '../../ui/Menus';

const HOURS = [1, 4, 8, 24] as const;

/**
 * Filters an operator reaches for when money is at stake: phones running longer than N hours, phones that
 * cost more than an amount today, and the phones that failed in the last action (to retry or look at).
 */
export function MoreFilters() {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const lastFailed = useApp((s) => s.lastFailed);
  const { t } = useI18n();
  const active = [query.minRunningHours !== null, query.minCostToday !== null, query.failedInLastJob].filter(Boolean);
  return (
    <Dropdown
      label={active.length ? t('filters.labelActive', { n: active.length }) : t('filters.label')}
      testId="more-filters"
    >
      <div className="more-filters">
        <label>
          {t('filters.runningLonger')}{' '}
          <select
            value={query.minRunningHours ?? ''}
            onChange={(e) => setQuery({ minRunningHours: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('filters.any')}</option>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {t('filters.hours', { n: h })}
              </option>
            ))}
          </select>
        </label>
        <CostOver />
        <label className="check">
          <input
            type="checkbox"
            checked={query.failedInLastJob}
            disabled={!query.failedInLastJob && lastFailed.size === 0}
            onChange={(e) => setQuery({ failedInLastJob: e.target.checked })}
          />{' '}
          {t('filters.failedInLast', { n: formatCount(lastFailed.size) })}
        </label>
      </div>
    </Dropdown>
  );
}

/** "Cost today over": applied on Enter or leaving the field; a value that is not an amount says so and changes nothing. */
function CostOver() {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const [text, setText] = useState(query.minCostToday === null ? '' : String(query.minCostToday));
  const { t } = useI18n();
  const parsed = text.trim() === '' ? null : Number(text);
  const invalid = parsed !== null && (!Number.isFinite(parsed) || parsed < 0);
  const apply = () => {
    if (!invalid) setQuery({ minCostToday: parsed });
  };
  return (
    <label>
      {t('filters.costOver')}{' '}
      <input
        inputMode="decimal"
        size={6}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'cost-over-error' : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
      {invalid && (
        <span id="cost-over-error" className="fail-text small-text" role="alert">
          {' '}
          {t('filters.costInvalid')}
        </span>
      )}
    </label>
  );
}
