import { z } from 'zod';
import { channel, none } from './shared';

/** Alone (the default), or in a team through its database, with the connection's state. */
export type TeamState =
  | { mode: 'alone' }
  | { mode: 'team'; url: string; state: 'connecting' }
  | { mode: 'team'; url: string; state: 'online'; role: string; teamRole: string; runsJobs: boolean }
  | { mode: 'team'; url: string; state: 'offline'; since: number; error: string };

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
} as const;

export interface TeamEvents {
  'team:changed': TeamState;
}
