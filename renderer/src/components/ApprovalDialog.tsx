import { useState } from 'react';
import { formatCount } from '../format';
import { useApp } from '../state/context';
import { ConfirmDialog } from './Dialog';

const VERB: Record<string, string> = { start: 'start', stop: 'stop', restart: 'restart', delete: 'delete', open: 'open' };

/** A CLI or MCP action held until the user says yes or no here; it names the client, the action and the phones. */
export function ApprovalDialog() {
  const approval = useApp((s) => s.approvals[0]);
  const decide = useApp((s) => s.decideApproval);
  const [always, setAlways] = useState(false);
  if (!approval) return null;
  const who = approval.client === 'cli' ? 'The phonedeck command line' : `The AI agent “${approval.client.slice(4)}” (MCP)`;
  const verb = VERB[approval.action] ?? approval.action;
  const shown = approval.names.slice(0, 10);
  const more = approval.count - shown.length;
  return (
    <ConfirmDialog
      key={approval.id}
      title={`${who} wants to ${verb} ${formatCount(approval.count)} phone${approval.count === 1 ? '' : 's'}`}
      confirmLabel={approval.destructive ? `${verb[0].toUpperCase()}${verb.slice(1)} ${formatCount(approval.count)}` : 'Allow'}
      cancelLabel="Deny"
      danger={approval.destructive}
      returnFocusTo="main button, main input"
      onCancel={() => void decide(approval.id, false)}
      onConfirm={() => void decide(approval.id, true, always)}
    >
      <ul className="approval-phones">
        {shown.map((n) => (
          <li key={n}>{n}</li>
        ))}
        {more > 0 && <li className="muted">+{formatCount(more)} more</li>}
      </ul>
      {approval.action === 'delete' && <p className="fail-text">Deleted phones and their data cannot be recovered.</p>}
      {!approval.destructive && (
        <label className="check">
          <input type="checkbox" checked={always} onChange={(e) => setAlways(e.target.checked)} /> Always allow {approval.client === 'cli' ? 'the command line' : approval.client.slice(4)} to start, stop and
          restart without asking (deletes always ask)
        </label>
      )}
      <p className="muted">Nothing happens until you decide; without an answer the request is refused after 5 minutes.</p>
    </ConfirmDialog>
  );
}
