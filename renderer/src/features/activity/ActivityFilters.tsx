import { AccountOptions } from '../../ui/AccountOptions';
import type { InvokeInput } from '../../../../common/contract/index';
import { RECORDED_ACTIONS, type RecordedAction } from '../../../../common/phone';
import { actionText } from '../../lib/format';
import { useI18n } from '../../state/context';
import { PERIOD_IDS, type DayRange, type PeriodId } from './periods';

export type Filters = Omit<InvokeInput<'activity:list'>, 'since' | 'until' | 'limit' | 'offset'>;

/** The period (rolling, calendar days or a custom range), the filters, and the export. */
export function ActivityFilters(p: {
  period: PeriodId;
  onPeriod(id: PeriodId): void;
  custom: DayRange;
  onCustom(range: DayRange): void;
  /** False while a custom range is not a pair of days. */
  rangeOk: boolean;
  filters: Filters;
  set(patch: Partial<Filters>): void;
  canExport: boolean;
  onExport(): void;
}) {
  const { filters, set } = p;
  const { t } = useI18n();
  return (
    <div className="toolbar" role="search" aria-label={t('activity.filter')}>
      <PeriodPicker {...p} />
      <select
        aria-label={t('activity.action')}
        value={filters.action ?? ''}
        onChange={(e) => set({ action: (e.target.value || undefined) as RecordedAction | undefined })}
      >
        <option value="">{t('activity.anyAction')}</option>
        {RECORDED_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {actionText(a)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('activity.source')}
        value={filters.source ?? ''}
        onChange={(e) => set({ source: e.target.value || undefined })}
      >
        <option value="">{t('activity.anySource')}</option>
        <option value="window">{t('source.window')}</option>
        <option value="tray">{t('source.tray')}</option>
        <option value="link">{t('source.link')}</option>
        <option value="policy">{t('activity.policies')}</option>
        <option value="cli">{t('source.cli')}</option>
        <option value="mcp">{t('activity.agents')}</option>
      </select>
      <select
        aria-label={t('common.account')}
        value={filters.accountId ?? ''}
        onChange={(e) => set({ accountId: e.target.value || undefined })}
      >
        <option value="">{t('common.allAccounts')}</option>
        <AccountOptions />
      </select>
      <input
        type="search"
        aria-label={t('activity.phoneLabel')}
        placeholder={t('activity.phonePlaceholder')}
        value={filters.phone ?? ''}
        onChange={(e) => set({ phone: e.target.value || undefined })}
      />
      <span className="spacer" />
      <button disabled={!p.canExport} onClick={p.onExport}>
        {t('activity.exportRows')}
      </button>
    </div>
  );
}

/** Rolling periods, calendar days, or two date fields for a custom range. */
function PeriodPicker(p: {
  period: PeriodId;
  onPeriod(id: PeriodId): void;
  custom: DayRange;
  onCustom(range: DayRange): void;
  rangeOk: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <select
        aria-label={t('activity.period')}
        value={p.period}
        onChange={(e) => p.onPeriod(e.target.value as PeriodId)}
      >
        {PERIOD_IDS.map((id) => (
          <option key={id} value={id}>
            {t(`activity.period.${id}`)}
          </option>
        ))}
      </select>
      {p.period === 'custom' && (
        <span className="day-range">
          <label>
            {t('activity.from')}{' '}
            <input
              type="date"
              value={p.custom.from}
              onChange={(e) => p.onCustom({ ...p.custom, from: e.target.value })}
            />
          </label>
          <label>
            {t('activity.to')}{' '}
            <input type="date" value={p.custom.to} onChange={(e) => p.onCustom({ ...p.custom, to: e.target.value })} />
          </label>
          {!p.rangeOk && (
            <span className="fail-text" role="alert">
              {t('activity.badRange')}
            </span>
          )}
        </span>
      )}
    </>
  );
}
