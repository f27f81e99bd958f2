import { z } from 'zod';
import type { PendingApproval } from '../control';
import { channel, none } from './shared';

/** CLI/MCP requests held for the person (main/control). */
export const controlChannels = {
  /** The user's answer to a CLI/MCP action held for approval; `always` lets that client start/stop/restart without asking. */
  'control:decide': channel(
    z.object({ id: z.string().min(1).max(64), approve: z.boolean(), always: z.boolean().optional() }).strict(),
  ).returns<PendingApproval[]>(),
  'control:pending': channel(none).returns<PendingApproval[]>(),
} as const;

export interface ControlEvents {
  /** CLI/MCP actions waiting for the user's approval. */
  'control:approvals': PendingApproval[];
}
