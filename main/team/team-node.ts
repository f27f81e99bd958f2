import type pg from 'pg';
import type { StartOptions } from '../../common/start-options';
import type { CloudPhoneProvider } from '../providers/types';
import { AccountLeader } from './account-leader';
import { TeamPolicies } from './team-policies';

export interface TeamNodeOptions {
  /** This node's own login role (a `node` member): what it runs is recorded under that name. */
  url: string | pg.ClientConfig;
  /** How this node is named in `claimed_by` (host and process). */
  node: string;
  /** The accounts whose credentials this node holds: it may lead only those. */
  accounts: readonly { accountId: string; provider: CloudPhoneProvider; label?: string }[];
  startOptions: StartOptions;
  checkMs?: number;
  /** `phonedeck serve` runs the team's policies for the accounts it holds (a desktop does not). */
  policies?: { everyMs?: number };
  log: { info(m: string, d?: unknown): void; warn(m: string, d?: unknown): void };
}

/** One node of a team: a leader-or-follower per account it holds the key of. */
export class TeamNode {
  private readonly leaders = new Map<string, AccountLeader>();
  private readonly policies = new Map<string, TeamPolicies>();
  private started = false;
  constructor(private readonly o: TeamNodeOptions) {
    for (const a of o.accounts) this.hold(a.accountId, a.provider, a.label);
  }

  /** This node now holds the account's key: it may lead it (a desktop adding an account in a team). */
  hold(accountId: string, provider: CloudPhoneProvider, label?: string): void {
    if (this.leaders.has(accountId)) return;
    const o = this.o;
    const leader = new AccountLeader({
      url: o.url,
      node: o.node,
      accountId,
      label,
      provider,
      startOptions: o.startOptions,
      checkMs: o.checkMs ?? 1_000,
      log: o.log,
    });
    this.leaders.set(accountId, leader);
    if (o.policies)
      this.policies.set(
        accountId,
        new TeamPolicies({ url: o.url, accountId, everyMs: o.policies.everyMs, log: o.log }),
      );
    if (this.started) {
      leader.start();
      this.policies.get(accountId)?.start();
    }
  }

  /** The key is gone from this node: it finishes what it runs and lets the lease go. */
  async drop(accountId: string): Promise<void> {
    const leader = this.leaders.get(accountId);
    const policies = this.policies.get(accountId);
    this.leaders.delete(accountId);
    this.policies.delete(accountId);
    await Promise.all([leader?.stop(), policies?.stop()]);
  }

  start(): void {
    this.started = true;
    for (const l of this.leaders.values()) l.start();
    for (const p of this.policies.values()) p.start();
  }

  /** The accounts this node leads now. */
  leading(): number {
    return [...this.leaders.values()].filter((l) => l.leading).length;
  }

  /** Lets every lease go at once, as a lost connection would (the failover tests and bench use it). */
  async loseLeases(): Promise<void> {
    await Promise.all([...this.leaders.values()].map((l) => l.loseLease()));
  }

  /** SIGTERM: no new claims, the running job finished and recorded, the leases let go. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.leaders.values(), ...this.policies.values()].map((l) => l.stop()));
  }
}
