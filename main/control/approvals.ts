import { randomBytes } from 'node:crypto';
import type { PendingApproval } from '../../common/control';
import type { Clock } from '../kernel/clock';
import { ProviderError } from '../kernel/errors';

/** Requests that may wait for a person's approval at once, from one client and from all of them. */
const MAX_WAITING_PER_CLIENT = 5;
const MAX_WAITING = 20;

export type ApprovalEnd = 'approved' | 'denied' | 'timedOut' | 'withdrawn';

export interface ApprovalDeps {
  clock: Clock;
  timeoutMs?: number;
  /** Called on every change; `added` is the request that just started waiting (worth a notification). */
  onChanged(list: PendingApproval[], added?: PendingApproval): void;
  /** A request that ended without a yes, for the activity record (who asked, what, for which phones). */
  onEnded?(request: PendingApproval & { keys: readonly string[] }, end: Exclude<ApprovalEnd, 'approved'>): void;
}

/**
 * What CLI and MCP clients wait on: one question per request, shown in the window. A request lives only as
 * long as its client: when the connection closes (Ctrl-C, an agent that timed out) it is withdrawn, the
 * dialog goes, and approving it later is impossible.
 */
export class ApprovalQueue {
  private readonly pending = new Map<
    string,
    PendingApproval & { keys: readonly string[]; end(e: ApprovalEnd): void }
  >();

  constructor(private readonly d: ApprovalDeps) {}

  list(): PendingApproval[] {
    return [...this.pending.values()].map(({ end: _e, keys: _k, ...rest }) => rest);
  }

  decide(id: string, approve: boolean): PendingApproval | null {
    const p = this.pending.get(id);
    if (!p) return null;
    p.end(approve ? 'approved' : 'denied');
    return p;
  }

  /** Waits for the person; throws DENIED, TIMEOUT or WITHDRAWN unless they say yes. */
  async ask(
    request: Omit<PendingApproval, 'id' | 'at'> & { keys: readonly string[] },
    progress: (line: string) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    if (signal?.aborted) throw new ProviderError('WITHDRAWN', 'The client went away; nothing was done');
    // A client cannot queue questions without end (each one is a desktop notification).
    const mine = [...this.pending.values()].filter((p) => p.client === request.client).length;
    if (mine >= MAX_WAITING_PER_CLIENT || this.pending.size >= MAX_WAITING)
      throw new ProviderError(
        'TOO_MANY_WAITING',
        `${this.pending.size} requests already wait for approval; decide those first`,
      );
    const id = `appr_${randomBytes(5).toString('hex')}`;
    progress(`Waiting for approval in the Phonedeck window (${request.action} ${request.count} phone(s))…`);
    const { keys, ...shown } = request;
    const entry: PendingApproval = { ...shown, id, at: this.d.clock.now() };
    const end = await new Promise<ApprovalEnd>((resolve) => {
      const timer = setTimeout(() => finish('timedOut'), this.d.timeoutMs ?? 5 * 60_000);
      const onAbort = () => finish('withdrawn');
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (e: ApprovalEnd) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.d.onChanged(this.list());
        if (e !== 'approved') this.d.onEnded?.({ ...entry, keys }, e);
        resolve(e);
      };
      this.pending.set(id, { ...entry, keys, end: finish });
      this.d.onChanged(this.list(), entry);
    });
    if (end === 'approved') return;
    if (end === 'withdrawn') throw new ProviderError('WITHDRAWN', 'The client went away; the request was withdrawn');
    if (end === 'timedOut')
      throw new ProviderError('TIMEOUT', `No one decided on the ${request.action} in time; nothing was done`);
    throw new ProviderError(
      'DENIED',
      `The ${request.action} was not approved in the Phonedeck window; nothing was done`,
    );
  }
}
