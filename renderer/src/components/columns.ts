import type { SortColumn } from '../state/phone-query';

/** The list's columns; the optional ones can be hidden (remembered across restarts). */
export interface Column {
  id: 'name' | 'status' | 'group' | 'tags' | 'remark' | 'account' | 'running';
  label: string;
  sort: SortColumn | null;
  /** Its track in the CSS grid. */
  width: string;
  title?: string;
}

export const COLUMNS: Column[] = [
  { id: 'name', label: 'Name', sort: 'name', width: 'minmax(140px, 1.4fr)' },
  { id: 'status', label: 'Status', sort: 'status', width: '116px' },
  { id: 'group', label: 'Group', sort: 'group', width: 'minmax(60px, 0.7fr)' },
  { id: 'tags', label: 'Tags', sort: null, width: 'minmax(80px, 0.9fr)' },
  { id: 'remark', label: 'Remark', sort: 'remark', width: 'minmax(80px, 1fr)' },
  { id: 'account', label: 'Account', sort: 'account', width: 'minmax(130px, 1fr)' },
  // Neither provider says when a phone started, so this is what Phonedeck saw, named as such.
  { id: 'running', label: 'Seen running', sort: 'running', width: '124px', title: 'How long Phonedeck has seen this phone running, and its estimated cost at the account’s price. “≥” means it was already running when first seen.' },
];

export const OPTIONAL_COLUMNS = COLUMNS.filter((c) => c.id !== 'name' && c.id !== 'status');

/** Below this window width the least needed columns step aside, so every row still fits (down to 760 px). */
export const NARROW_WIDTH = 1_000;
export const HIDDEN_WHEN_NARROW: Column['id'][] = ['tags', 'remark'];

/** Widths a person may drag a column to. */
export const MIN_COLUMN_PX = 60;
export const MAX_COLUMN_PX = 600;

/** Check box, star, the shown columns (at the width the person chose, if any), and the Open button. */
export function gridTemplate(shown: readonly Column[], widths: Readonly<Record<string, number>> = {}): string {
  return ['28px', '24px', ...shown.map((c) => (widths[c.id] ? `${widths[c.id]}px` : c.width)), '56px'].join(' ');
}
