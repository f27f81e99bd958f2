import type { PhoneStatus } from '../../../common/phone';
import { statusText } from '../lib/format';
import { useI18n } from '../state/context';

/** Colour plus a label and a distinct shape, so status never depends on colour alone. */
export function StatusBadge({ status, detail }: { status: PhoneStatus; detail?: string }) {
  const { t } = useI18n();
  const text = statusText(status);
  const title = detail && detail !== text ? t('status.faultDetail', { status: text, detail }) : text;
  return (
    <span className={`badge badge-${status}`} title={title} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {text}
      {status === 'fault' && detail ? <span className="badge-detail">: {detail}</span> : null}
    </span>
  );
}
