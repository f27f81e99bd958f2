import { useApp } from '../state/context';

export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  const refreshErrors = useApp((s) => s.refresh.errors);
  const accounts = useApp((s) => s.accounts);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  return (
    <div className="notices" aria-live="polite">
      {refreshErrors.map((e) => (
        <div key={e.accountId} className="notice notice-warning" role="status">
          {label(e.accountId)}: {e.message}. Showing the last known list.
        </div>
      ))}
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          {n.message}
          <button className="close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
