import { useEffect, useRef, useState } from 'react';
import type { Phone } from '../../../common/phone';

/**
 * Delete is permanent, so it names the count and asks. Running phones cannot be deleted (43009); the
 * dialog offers to stop them, wait until they read stopped, then delete them.
 */
export function ConfirmDelete({ phones, onCancel, onConfirm }: { phones: Phone[]; onCancel(): void; onConfirm(stopFirst: boolean, keys: string[]): void }) {
  const running = phones.filter((p) => p.status === 'running' || p.status === 'fault');
  const [stopFirst, setStopFirst] = useState(true);
  const [typed, setTyped] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const keys = stopFirst ? phones.map((p) => p.key) : phones.filter((p) => !running.includes(p)).map((p) => p.key);
  // Large deletes ask for the count to be typed, so a stray Enter cannot wipe a fleet.
  const needsTyping = keys.length >= 20;
  const canDelete = keys.length > 0 && (!needsTyping || typed.trim() === String(keys.length));
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="confirm-title" onCancel={onCancel}>
      <h2 id="confirm-title">
        Delete {keys.length} phone{keys.length === 1 ? '' : 's'}?
      </h2>
      <p>Deleted phones and their data cannot be recovered.</p>
      {running.length > 0 && (
        <label className="check">
          <input type="checkbox" checked={stopFirst} onChange={(e) => setStopFirst(e.target.checked)} />
          {running.length} {running.length === 1 ? 'is' : 'are'} running: stop, wait until stopped, then delete
          {stopFirst ? '' : ` (otherwise ${running.length === 1 ? 'it is' : 'they are'} skipped)`}
        </label>
      )}
      {needsTyping && (
        <label>
          Type {keys.length} to confirm
          <input aria-label="Type the number of phones to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </label>
      )}
      <div className="dialog-buttons">
        <button onClick={onCancel} autoFocus={!needsTyping}>
          Cancel
        </button>
        <button className="danger" disabled={!canDelete} onClick={() => onConfirm(stopFirst && running.length > 0, keys)}>
          Delete {keys.length}
        </button>
      </div>
    </dialog>
  );
}
