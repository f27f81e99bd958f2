import { useApp, useI18n } from '../state/context';

/** Dismissable notices, each with the action that helps when there is one (problems with accounts' reads are shown in the list itself). */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  const setView = useApp((s) => s.setView);
  const refreshNow = useApp((s) => s.refreshNow);
  const { t } = useI18n();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.message}</span>
          {n.action === 'openSettings' && (
            <button className="small" onClick={() => (setView('settings'), dismiss(n.id))}>
              {t('common.openSettings')}
            </button>
          )}
          {n.action === 'retry' && (
            <button className="small" onClick={() => (void refreshNow(), dismiss(n.id))}>
              {t('common.retry')}
            </button>
          )}
          <button className="close" aria-label={t('common.dismiss')} onClick={() => dismiss(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
