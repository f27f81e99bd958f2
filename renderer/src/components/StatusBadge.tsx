import type { PhoneStatus } from '../../../common/phone';

export const STATUS_TEXT: Record<PhoneStatus, string> = {
  running: 'Running', starting: 'Starting', stopping: 'Stopping', stopped: 'Stopped', expired: 'Expired', fault: 'Fault', unknown: 'Unknown',
};

/** Colour plus a label and a distinct shape, so status never depends on colour alone. */
export function StatusBadge({ status, detail }: { status: PhoneStatus; detail?: string }) {
  const title = detail && detail !== STATUS_TEXT[status] ? `${STATUS_TEXT[status]} — ${detail}` : STATUS_TEXT[status];
  return (
    <span className={`badge badge-${status}`} title={title} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {STATUS_TEXT[status]}
      {status === 'fault' && detail ? <span className="badge-detail">: {detail}</span> : null}
    </span>
  );
}
