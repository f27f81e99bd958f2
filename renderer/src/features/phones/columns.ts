import { t } from '../../../../common/i18n/i18n';
import type { SortColumn } from '../../lib/phone-query';

/** The list's columns; the optional ones can be hidden (remembered across restarts). */
export interface Column {
  id: 'name' | 'status' | 'group' | 'tags' | 'remark' | 'account' | 'running' | 'cost';
  sort: SortColumn | null;
  /** Its track in the CSS grid. */
  width: string;
}

export const COLUMNS: Column[] = [
  { id: 'name', sort: 'name', width: 'minmax(140px, 1.4fr)' },
  { id: 'status', sort: 'status', width: '116px' },
  { id: 'group', sort: 'group', width: 'minmax(60px, 0.7fr)' },
  { id: 'tags', sort: null, width: 'minmax(80px, 0.9fr)' },
  { id: 'remark', sort: 'remark', width: 'minmax(80px, 1fr)' },
  { id: 'account', sort: 'account', width: 'minmax(130px, 1fr)' },
  // Neither provider says when a phone started, so this is what Phonedeck saw, named as such.
  { id: 'running', sort: 'running', width: '124px' },
  // Today's estimate from the record: each started minute at the account's price (monthly phones: a dash).
  { id: 'cost', sort: 'cost', width: '84px' },
];

export const columnLabel = (c: Column): string => t(`column.${c.id}`);
/** The header's tooltip, for the column that needs explaining. */
export const columnTitle = (c: Column): string | undefined =>
  c.id === 'running' ? t('column.runningTitle') : c.id === 'cost' ? t('column.costTitle') : undefined;

export const OPTIONAL_COLUMNS = COLUMNS.filter((c) => c.id !== 'name' && c.id !== 'status');

/** Below this window width the least needed columns step aside, so every row still fits (down to 760 px). */
export const NARROW_WIDTH = 1_000;
export const HIDDEN_WHEN_NARROW: Column['id'][] = ['tags', 'remark', 'cost'];

/** Widths a person may drag a column to. */
export const MIN_COLUMN_PX = 60;
export const MAX_COLUMN_PX = 600;

/** Check box, star, the shown columns (at the width the person chose, if any), and the Open button. */
export function gridTemplate(shown: readonly Column[], widths: Readonly<Record<string, number>> = {}): string {
  return ['28px', '24px', ...shown.map((c) => (widths[c.id] ? `${widths[c.id]}px` : c.width)), '56px'].join(' ');
}
