import { z } from 'zod';
import type { Policy } from '../policy';
import { channel, none } from './shared';

/** Alone (the default), or in a team through its database, with the connection's state. */
export type TeamState =
  | { mode: 'alone' }
  | { mode: 'team'; url: string; state: 'connecting' }
  | { mode: 'team'; url: string; state: 'online'; role: string; teamRole: string; runsJobs: boolean }
  | { mode: 'team'; url: string; state: 'offline'; since: number; error: string };

/** A job in the team's record: who submitted it (as the database knows them), what, and how it went. */
export interface TeamJobSummary {
  id: string;
  /** This desktop's id for the account (the window's account list names it). */
  accountId: string;
  action: string;
  source: string;
  phones: number;
  submittedBy: string;
  submittedAt: number;
  state: 'queued' | 'claimed' | 'done';
  claimedBy: string | null;
  ok: number;
  failed: number;
}

/** A policy the team's server runs, with who set it and when (policy null: its body is not a policy). */
export interface TeamPolicySummary {
  id: string;
  policy: Policy | null;
  setBy: string;
  setAt: number;
}

/** Team mode (main/team): the state, joining a team database, and going back to working alone. */
export const teamChannels = {
  'team:get': channel(none).returns<TeamState>(),
  /** The password goes to the keychain; omitted, the one saved before is kept. It never comes back. */
  'team:join': channel(
    z
      .object({
        url: z.string().trim().min(1).max(2000),
        password: z.string().min(1).max(1000).optional(),
      })
      .strict(),
  ).returns<TeamState>(),
  'team:leave': channel(none).returns<TeamState>(),
  /** The team's newest jobs in this person's scope (empty when working alone). */
  'team:jobs': channel(none).returns<TeamJobSummary[]>(),
  /** The team's policies (run 24/7 by `phonedeck serve`; managers change them). */
  'team:policies': channel(none).returns<TeamPolicySummary[]>(),
} as const;

export interface TeamEvents {
  'team:changed': TeamState;
}
