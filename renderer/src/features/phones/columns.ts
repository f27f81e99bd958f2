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

/**
 * When the list is narrower than its columns need (a small window, or the results or details beside it),
 * these step aside in this order, least needed first, so every row fits and no panel covers a column.
 */
export const GIVE_WAY_ORDER: Column['id'][] = ['tags', 'remark', 'cost', 'group', 'account', 'running'];

/** Check box, star and Open, the row's padding, and the gap between cells (see .row in styles.css). */
const FIXED_PX = 28 + 24 + 56 + 2 * 12;
const GAP_PX = 8;

/** The least width a column takes: its own px, a minmax's minimum, or the width the person dragged it to. */
const minPx = (c: Column, widths: Readonly<Record<string, number>>) =>
  widths[c.id] ?? Number(/(\d+)px/.exec(c.width)?.[1] ?? 60);

/** The columns that fit in `available` px, dropping the least needed first (name and status always stay). */
export function columnsThatFit(
  columns: readonly Column[],
  available: number,
  widths: Readonly<Record<string, number>> = {},
): Column[] {
  const shown = [...columns];
  const need = () => FIXED_PX + shown.reduce((a, c) => a + minPx(c, widths) + GAP_PX, GAP_PX * 2);
  for (const id of GIVE_WAY_ORDER) {
    if (need() <= available) break;
    const i = shown.findIndex((c) => c.id === id);
    if (i >= 0) shown.splice(i, 1);
  }
  return shown;
}

/** Widths a person may drag a column to. */
export const MIN_COLUMN_PX = 60;
export const MAX_COLUMN_PX = 600;
export const clampColumn = (px: number) => Math.max(MIN_COLUMN_PX, Math.min(MAX_COLUMN_PX, Math.round(px)));

/** Check box, star, the shown columns (at the width the person chose, if any), and the Open button. */
export function gridTemplate(shown: readonly Column[], widths: Readonly<Record<string, number>> = {}): string {
  return ['28px', '24px', ...shown.map((c) => (widths[c.id] ? `${widths[c.id]}px` : c.width)), '56px'].join(' ');
}
