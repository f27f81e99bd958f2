import { memo, useMemo, useState } from 'react';
import type { Phone } from '../../../common/phone';
import { formatCount } from '../format';
import { useApp } from '../state/context';
import { eligibleFor, label, type UiAction } from '../state/eligibility';
import { ConfirmDelete } from './ConfirmDelete';
import { ConfirmDialog } from './Dialog';

const ACTIONS: UiAction[] = ['start', 'stop', 'restart', 'reset', 'open', 'delete'];
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Actions for the selection. Each button acts only on the phones it applies to and says why when it
 * cannot. A selection the filters partly hide says so, with a way to see those phones.
 */
export const BulkBar = memo(function BulkBar({ selected, matching, shownKeys }: { selected: Phone[]; matching: Phone[]; shownKeys: ReadonlySet<string> }) {
  const accounts = useApp((s) => s.accounts);
  const runBulk = useApp((s) => s.runBulk);
  const act = useApp((s) => s.act);
  const select = useApp((s) => s.select);
  const clear = useApp((s) => s.clearSelection);
  // Only "show selected" matters here; the bar must not re-render on every keystroke in the search box.
  const selectedOnly = useApp((s) => s.query.selectedOnly);
  const setQuery = useApp((s) => s.setQuery);
  const favorites = useApp((s) => s.settings?.favorites);
  const busy = useApp((s) => s.job?.job.state === 'running');
  const [confirming, setConfirming] = useState<'delete' | 'reset' | null>(null);
  // Restart and reset appear only when some account's provider offers them (Huawei CPH does, GeeLark does not).
  const offered = (a: UiAction) => (a !== 'restart' && a !== 'reset') || accounts.some((acc) => acc.capabilities[a]);
  const shownActions = ACTIONS.filter(offered);
  const hiddenCount = useMemo(() => selected.filter((p) => !shownKeys.has(p.key)).length, [selected, shownKeys]);
  const hiddenAmong = (keys: string[]) => keys.filter((k) => !shownKeys.has(k)).length;

  const run = (a: UiAction) => {
    const { keys } = eligibleFor(a, selected, accounts);
    if (a === 'delete' || a === 'reset') setConfirming(a);
    else void act(a, keys);
  };
  const resetKeys = eligibleFor('reset', selected, accounts).keys;

  return (
    <div className="bulkbar" role="toolbar" aria-label="Bulk actions">
      <span className="count" data-testid="selected-count">
        {selected.length ? `${formatCount(selected.length)} selected` : 'Nothing selected'}
        {hiddenCount > 0 && <span className="hidden-note"> ({formatCount(hiddenCount)} not shown)</span>}
      </span>
      {hiddenCount > 0 && !selectedOnly && (
        <button className="link" onClick={() => setQuery({ selectedOnly: true })} data-testid="show-selected">
          Show selected
        </button>
      )}
      {selectedOnly && (
        <button className="link" onClick={() => setQuery({ selectedOnly: false })}>
          Show all
        </button>
      )}
      {matching.length > selected.length && (
        <button className="link" onClick={() => select(matching.map((p) => p.key), 'add')}>
          Select all {formatCount(matching.length)} matching
        </button>
      )}
      {selected.length > 0 && (
        <button className="link" onClick={clear}>
          Clear
        </button>
      )}
      <span className="spacer" />
      {shownActions.map((a) => {
        const e = eligibleFor(a, selected, accounts);
        const disabled = busy || e.keys.length === 0;
        const title = busy ? 'Wait for the running action to finish' : e.reason || `${label(a)} ${plural(e.keys.length, 'phone')}`;
        return (
          <span key={a} title={title} className="tip">
            <button
              className={`action action-${a}`}
              disabled={disabled}
              onClick={() => run(a)}
              aria-label={e.keys.length ? `${label(a)} ${plural(e.keys.length, 'phone')}` : `${label(a)}: ${title}`}
              data-reason={title}
            >
              {label(a)}
              {e.keys.length > 0 ? ` ${formatCount(e.keys.length)}` : ''}
            </button>
          </span>
        );
      })}
      {confirming === 'delete' && (
        <ConfirmDelete
          phones={selected.filter((p) => eligibleFor('delete', [p], accounts).keys.length)}
          hidden={hiddenAmong(eligibleFor('delete', selected, accounts).keys)}
          favorites={new Set(favorites ?? [])}
          onCancel={() => setConfirming(null)}
          onConfirm={(stopFirst, keys) => {
            setConfirming(null);
            void runBulk(stopFirst ? 'stopThenDelete' : 'delete', keys);
          }}
        />
      )}
      {confirming === 'reset' && (
        <ConfirmDialog
          title={`Reset ${plural(resetKeys.length, 'phone')} to factory state?`}
          confirmLabel={`Reset ${formatCount(resetKeys.length)}`}
          danger
          returnFocusTo='[role="grid"]'
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void runBulk('reset', resetKeys);
          }}
        >
          <p>Apps and data on {resetKeys.length === 1 ? 'it' : 'them'} are erased. This cannot be undone.</p>
          {hiddenAmong(resetKeys) > 0 && <p className="warn">{formatCount(hiddenAmong(resetKeys))} of these are not shown in the list because of your filters.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
});
