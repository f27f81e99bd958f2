import type { StartOptions } from '../../common/start-options';
import type { CloudPhoneProvider } from '../providers/types';
import { AccountLeader } from './account-leader';

export interface TeamNodeOptions {
  /** This node's own login role (a `node` member): what it runs is recorded under that name. */
  url: string;
  /** How this node is named in `claimed_by` (host and process). */
  node: string;
  /** The accounts whose credentials this node holds: it may lead only those. */
  accounts: readonly { accountId: string; provider: CloudPhoneProvider }[];
  startOptions: StartOptions;
  checkMs?: number;
  log: { info(m: string, d?: unknown): void; warn(m: string, d?: unknown): void };
}

/** One node of a team: a leader-or-follower per account it holds the key of. */
export class TeamNode {
  private readonly leaders: AccountLeader[];
  constructor(o: TeamNodeOptions) {
    this.leaders = o.accounts.map(
      ({ accountId, provider }) =>
        new AccountLeader({
          url: o.url,
          node: o.node,
          accountId,
          provider,
          startOptions: o.startOptions,
          checkMs: o.checkMs ?? 1_000,
          log: o.log,
        }),
    );
  }

  start(): void {
    for (const l of this.leaders) l.start();
  }

  /** The accounts this node leads now. */
  leading(): number {
    return this.leaders.filter((l) => l.leading).length;
  }

  /** SIGTERM: no new claims, the running job finished and recorded, the leases let go. */
  async stop(): Promise<void> {
    await Promise.all(this.leaders.map((l) => l.stop()));
  }
}
