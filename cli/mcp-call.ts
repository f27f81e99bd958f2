import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ControlRequest } from '../common/control';

/** One shape for every tool's structured result: the app's answer, the progress lines, and failures counted. */
export const ToolOutput = z.object({
  result: z.unknown().optional(),
  progress: z.array(z.string()),
  failed: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string(), matches: z.array(z.unknown()).optional() }).optional(),
});

export type ToolResult = {
  isError: boolean;
  content: { type: 'text'; text: string }[];
  structuredContent: z.infer<typeof ToolOutput>;
};
/** What a tool handler gets from the SDK: the cancel signal, the progress token, and a way to notify. */
export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
/** One request to the running app, as every tool makes it (its own connection, progress, cancel). */
export type Call = (request: ControlRequest, extra: Extra) => Promise<ToolResult>;
