import { useState } from 'react';
import type { Phone } from '../../../common/phone';
import { formatCount } from '../format';
import { useApp } from '../state/context';
import { eligibleFor, label, type UiAction } from '../state/eligibility';
import { ConfirmDelete } from './ConfirmDelete';

const ACTIONS: UiAction[] = ['start', 'stop', 'restart', 'reset', 'open', 'delete'];

/** Actions for the selection. Each button acts only on the phones it applies to and says why when it cannot. */
export function BulkBar({ selected, matching }: { selected: Phone[]; matching: Phone[] }) {
  const accounts = useApp((s) => s.accounts);
  const runBulk = useApp((s) => s.runBulk);
  const openSessions = useApp((s) => s.openSessions);
  const select = useApp((s) => s.select);
  const clear = useApp((s) => s.clearSelection);
  const busy = useApp((s) => s.job?.job.state === 'running');
  const [confirming, setConfirming] = useState(false);
  // Restart and reset appear only when some account's provider offers them (Huawei CPH does, GeeLark does not).
  const offered = (a: UiAction) => (a !== 'restart' && a !== 'reset') || accounts.some((acc) => acc.capabilities[a]);
  const shownActions = ACTIONS.filter(offered);

  const run = (a: UiAction) => {
    const { keys } = eligibleFor(a, selected, accounts);
    if (a === 'delete') setConfirming(true);
    else if (a === 'reset') {
      // A reset wipes the phone back to factory state: ask, naming the count.
      if (confirm(`Reset ${keys.length} phone${keys.length === 1 ? '' : 's'} to factory state? Apps and data on ${keys.length === 1 ? 'it' : 'them'} are erased.`)) void runBulk('reset', keys);
    }
    else if (a === 'open') void openSessions(keys);
    else void runBulk(a, keys);
  };

  return (
    <div className="bulkbar" role="toolbar" aria-label="Bulk actions">
      <span className="count" data-testid="selected-count">
        {selected.length ? `${formatCount(selected.length)} selected` : 'Nothing selected'}
      </span>
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
        const title = busy ? 'Wait for the running action to finish' : e.reason || `${label(a)} ${e.keys.length} phone${e.keys.length === 1 ? '' : 's'}`;
        return (
          <span key={a} title={title} className="tip">
            <button className={`action action-${a}`} disabled={disabled} onClick={() => run(a)} aria-label={`${label(a)} selected`} data-reason={title}>
              {label(a)}
              {e.keys.length > 0 ? ` ${formatCount(e.keys.length)}` : ''}
            </button>
          </span>
        );
      })}
      {confirming && (
        <ConfirmDelete
          phones={selected.filter((p) => eligibleFor('delete', [p], accounts).keys.length)}
          onCancel={() => setConfirming(false)}
          onConfirm={(stopFirst, keys) => {
            setConfirming(false);
            void runBulk(stopFirst ? 'stopThenDelete' : 'delete', keys);
          }}
        />
      )}
    </div>
  );
}
