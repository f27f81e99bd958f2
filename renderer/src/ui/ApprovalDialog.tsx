import { useState } from 'react';
import { formatCount } from '../lib/format';
import { useApp, useI18n } from '../state/context';
import type { PendingApproval } from '../../../common/control';
import { ConfirmDialog } from './Dialog';
import { actionText } from '../lib/format';

/** A CLI or MCP action held until the user says yes or no here; it names the client, the action and the phones. */
export function ApprovalDialog() {
  const approval = useApp((s) => s.approvals[0]);
  // Keyed by request: "Always allow" ticked for one client never carries over into the next one's dialog.
  return approval ? <ApprovalRequest key={approval.id} approval={approval} /> : null;
}

function ApprovalRequest({ approval }: { approval: PendingApproval }) {
  const decide = useApp((s) => s.decideApproval);
  const [always, setAlways] = useState(false);
  const { t } = useI18n();
  const who = approval.client === 'cli' ? t('approval.cli') : t('approval.mcp', { name: approval.client.slice(4) });
  const shown = approval.names.slice(0, 10);
  const more = approval.count - shown.length;
  if (approval.action === 'pair') return <PairRequest approval={approval} who={who} />;
  return (
    <ConfirmDialog
      key={approval.id}
      title={t('approval.title', { who, action: approval.action, n: approval.count })}
      confirmLabel={
        approval.destructive ? `${actionText(approval.action)} ${formatCount(approval.count)}` : t('approval.allow')
      }
      cancelLabel={t('approval.deny')}
      danger={approval.destructive}
      returnFocusTo="main button, main input"
      onCancel={() => void decide(approval.id, false)}
      onConfirm={() => void decide(approval.id, true, always)}
    >
      {approval.subject && <p data-testid="approval-subject">{t('approval.subject', { subject: approval.subject })}</p>}
      <ul className="approval-phones">
        {shown.map((n) => (
          <li key={n}>{n}</li>
        ))}
        {more > 0 && <li className="muted">{t('common.moreCount', { n: formatCount(more) })}</li>}
      </ul>
      {approval.action === 'delete' && <p className="fail-text">{t('delete.permanent')}</p>}
      {approval.why.length > 0 && (
        <p className="muted" data-testid="approval-why">
          {t('plan.why', { reasons: approval.why.join('; ') })}
        </p>
      )}
      {!approval.destructive && !approval.paired && <p className="muted">{t('approval.unpaired')}</p>}
      {!approval.destructive && approval.paired && (
        <label className="check">
          <input type="checkbox" checked={always} onChange={(e) => setAlways(e.target.checked)} />{' '}
          {t('approval.always', {
            who: approval.client === 'cli' ? t('approval.alwaysCli') : approval.client.slice(4),
          })}
        </label>
      )}
      <p className="muted">{t('approval.timeout')}</p>
    </ConfirmDialog>
  );
}

/** A client asking to be paired: its own key, so its name cannot be borrowed (and only then always allowed). */
function PairRequest({ approval, who }: { approval: PendingApproval; who: string }) {
  const decide = useApp((s) => s.decideApproval);
  const { t } = useI18n();
  return (
    <ConfirmDialog
      key={approval.id}
      title={t('approval.pairTitle', { who })}
      confirmLabel={t('approval.pair')}
      cancelLabel={t('approval.deny')}
      returnFocusTo="main button, main input"
      onCancel={() => void decide(approval.id, false)}
      onConfirm={() => void decide(approval.id, true)}
    >
      <p>{t('approval.pairBody')}</p>
      <p className="muted">{t('approval.timeout')}</p>
    </ConfirmDialog>
  );
}
