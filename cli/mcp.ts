import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import type { ControlRequest } from '../common/control';
import { PHONE_STATUSES } from '../common/phone';
import { AppNotRunning, connectControl, type ControlClient } from './client';

const phones = z.array(z.string().min(1)).describe('Phones by id, key ("account/id") or exact name');
const filter = {
  status: z.enum(PHONE_STATUSES).optional().describe('Only phones with this status'),
  tag: z.string().optional().describe('Only phones with this tag'),
  group: z.string().optional().describe('Only phones in this group'),
  account: z.string().optional().describe('Only phones of this account (id or label)'),
};
const actInput = {
  phones: phones.optional(),
  ...filter,
  all_matching: z
    .boolean()
    .optional()
    .describe('Act on every phone matching the filters (required when no phones or filters are given)'),
  dry_run: z
    .boolean()
    .optional()
    .describe('Only return the plan: phones acted on, those left out and why, and whether a person must approve'),
  include_kept: z
    .boolean()
    .optional()
    .describe('Also act on phones marked to keep (left out of stop, reset and delete otherwise); a person approves'),
  wait: z.boolean().optional().describe('Wait until the provider confirms the final state (up to 2 minutes)'),
};

type ToolResult = {
  isError: boolean;
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
};
type Call = (request: ControlRequest) => Promise<ToolResult>;
type ActArgs = {
  phones?: string[];
  status?: (typeof PHONE_STATUSES)[number];
  tag?: string;
  group?: string;
  account?: string;
  all_matching?: boolean;
  dry_run?: boolean;
  include_kept?: boolean;
  wait?: boolean;
};

/** A failed call: a refusal from the app carries its code (and any matches); a local failure only its words. */
const failure = (message: string, code: string, progress: string[], reply?: { matches: unknown[] }): ToolResult => ({
  isError: true,
  content: [{ type: 'text', text: reply ? `${message} (${code})` : message }],
  structuredContent: { error: { code, message, ...(reply ? { matches: reply.matches } : {}) }, progress },
});

/** One connection to the running app, opened on first use and again after the app went away. */
function controlCaller(server: McpServer): Call {
  let client: ControlClient | null = null;
  return async (request) => {
    const progress: string[] = [];
    try {
      const name =
        (server.server.getClientVersion()?.name ?? 'agent').replace(/[^\w .@/-]/g, '').slice(0, 60) || 'agent';
      client ??= await connectControl(`mcp:${name}`);
      const reply = await client.request(request, (line) => progress.push(line));
      if (!reply.ok && reply.code === 'APP_GONE') client = null;
      if (!reply.ok) return failure(reply.message, reply.code, progress, { matches: reply.matches ?? [] });
      const failed = (reply.value as { results?: { ok: boolean }[] })?.results?.filter((r) => !r.ok).length ?? 0;
      const summary = progress.length ? `${progress.join('\n')}\n` : '';
      return {
        isError: false,
        content: [{ type: 'text' as const, text: `${summary}${JSON.stringify(reply.value, null, 2)}` }],
        structuredContent: { result: reply.value, progress, failed },
      };
    } catch (e) {
      client = null;
      const notRunning = e instanceof AppNotRunning;
      const message = notRunning ? `${e.message}. Ask the user to start the Phonedeck app.` : (e as Error).message;
      return failure(message, notRunning ? 'APP_NOT_RUNNING' : 'ERROR', progress);
    }
  };
}

/** An action tool: phones by name or filters, sent as one `act` request. */
const actOn =
  (call: Call, action: 'start' | 'stop' | 'restart' | 'reset' | 'delete') =>
  async (a: ActArgs): Promise<ToolResult> => {
    const match = {
      ...(a.status ? { status: a.status } : {}),
      ...(a.tag ? { tag: a.tag } : {}),
      ...(a.group ? { group: a.group } : {}),
      ...(a.account ? { account: a.account } : {}),
    };
    const hasMatch = Object.keys(match).length > 0 || a.all_matching;
    return call({
      method: 'act',
      params: {
        action,
        ...(a.phones?.length ? { phones: a.phones } : {}),
        ...(hasMatch ? { match } : {}),
        ...(a.dry_run ? { dryRun: true } : {}),
        ...(a.include_kept ? { includeKept: true } : {}),
        ...(a.wait ? { wait: true } : {}),
      },
    });
  };

const NOTE =
  " Per-phone results are structured; the account's rate limiter paces large batches (reported as rateLimitWaitS).";

function registerReadTools(server: McpServer, call: Call): void {
  server.registerTool(
    'list_phones',
    {
      title: 'List phones',
      description: 'Cloud phones in the Phonedeck app, optionally filtered by status, tag, group or account.',
      inputSchema: filter,
    },
    async (a) => call({ method: 'list', params: a }),
  );
  server.registerTool(
    'get_phone_status',
    {
      title: 'Phone status',
      description:
        'The status of phones as the app knows it; asks the app to re-read them soon (never calls the provider directly).',
      inputSchema: { phones },
    },
    async (a) => call({ method: 'status', params: { phones: a.phones } }),
  );
  server.registerTool(
    'get_activity',
    {
      title: 'Activity',
      description:
        'What the app did recently: actions from the window, tray, policies, CLI and MCP clients, with counts.',
      inputSchema: {
        since_minutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 90)
          .optional()
          .describe('How far back (default 60)'),
      },
    },
    async (a) => call({ method: 'activity', params: { sinceMs: (a.since_minutes ?? 60) * 60_000 } }),
  );
}

function registerActionTools(server: McpServer, call: Call): void {
  const tool = (
    name: string,
    title: string,
    description: string,
    action: Parameters<typeof actOn>[1],
    destructive = false,
  ) =>
    server.registerTool(
      name,
      { title, description, inputSchema: actInput, ...(destructive ? { annotations: { destructiveHint: true } } : {}) },
      actOn(call, action),
    );
  tool(
    'start_phones',
    'Start phones',
    `Start phones (billed per minute while running). The user may have to approve in the app.${NOTE}`,
    'start',
  );
  tool(
    'stop_phones',
    'Stop phones',
    `Stop phones. Stopping many at once waits for the user's approval in the app.${NOTE}`,
    'stop',
  );
  tool('restart_phones', 'Restart phones', `Restart running phones (GeeLark and Huawei CPH).${NOTE}`, 'restart');
  tool(
    'reset_phones',
    'Reset phones',
    `Erase phones' apps and data (on GeeLark a "new machine" with a new device identity). Always waits for the user's approval in the Phonedeck window; use dry_run first.${NOTE}`,
    'reset',
    true,
  );
  tool(
    'delete_phones',
    'Delete phones',
    `Delete phones for good. Always waits for the user's approval in the Phonedeck window; use dry_run first.${NOTE}`,
    'delete',
    true,
  );
  server.registerTool(
    'open_phone',
    {
      title: 'Open a phone',
      description: "Open a phone's viewer window in the app (starts it if needed).",
      inputSchema: { phone: z.string().min(1).describe('Phone id, key or name') },
    },
    async (a) => call({ method: 'open', params: { phone: a.phone } }),
  );
}

/**
 * `phonedeck mcp`: an MCP server on stdio whose every tool is a request to the running app, so agents share
 * its rate limiter, approvals and activity record instead of calling the provider directly.
 */
export async function runMcpServer(): Promise<void> {
  const server = new McpServer({ name: 'phonedeck', version: '0.1.0' });
  const call = controlCaller(server);
  registerReadTools(server, call);
  registerActionTools(server, call);
  await server.connect(new StdioServerTransport());
}
