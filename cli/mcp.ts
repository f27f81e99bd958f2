import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { PHONE_STATUSES } from '../common/phone';
import { AppNotRunning, connectControl } from './client';
import { ToolOutput as Output, type Call, type Extra, type ToolResult } from './mcp-call';
import { registerInstallTool } from './mcp-install';
import { registerScreenshotTool } from './mcp-screenshot';

const phones = z
  .array(z.string().min(1).max(200))
  .max(10_000)
  .describe('Phones by id, key ("account/id") or exact name');
const filter = {
  status: z.enum(PHONE_STATUSES).optional().describe('Only phones with this status'),
  tag: z.string().max(200).optional().describe('Only phones with this tag'),
  group: z.string().max(200).optional().describe('Only phones in this group'),
  account: z.string().max(200).optional().describe('Only phones of this account (id or label)'),
};
// Every input is strict: an argument the tool does not know ("dryRun", "groups") is refused, never dropped.
const ActInput = z
  .object({
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
    wait: z.boolean().optional().describe('Wait until the provider confirms each phone reached its target'),
    timeout_s: z.number().int().min(1).max(3_600).optional().describe('How long wait waits (default 120 s)'),
    background: z
      .boolean()
      .optional()
      .describe('Return the jobId as soon as the job starts; follow it with get_job (wait: true)'),
  })
  .strict();
type ActArgs = z.infer<typeof ActInput>;

/** A failed call: a refusal from the app carries its code (and any matches); a local failure only its words. */
const failure = (message: string, code: string, progress: string[], matches?: unknown[]): ToolResult => ({
  isError: true,
  content: [{ type: 'text', text: `${message} (${code})` }],
  structuredContent: { progress, error: { code, message, ...(matches?.length ? { matches } : {}) } },
});

/**
 * Each tool call is its own connection to the running app: after an app restart the next call simply
 * connects again, and when the client cancels (notifications/cancelled) or goes away the connection closes,
 * which withdraws any approval it was waiting for. Progress lines go out as progress notifications when the
 * client gave a progressToken.
 */
function controlCaller(server: McpServer): Call {
  return async (request, extra) => {
    const progress: string[] = [];
    const token = extra._meta?.progressToken;
    const tell = (line: string) => {
      progress.push(line);
      if (token !== undefined)
        void extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: progress.length, message: line },
          })
          .catch(() => undefined);
    };
    const name = (server.server.getClientVersion()?.name ?? 'agent').replace(/[^\w .@/-]/g, '').slice(0, 60) || 'agent';
    let client: Awaited<ReturnType<typeof connectControl>> | null = null;
    try {
      client = await connectControl(`mcp:${name}`);
      const onAbort = () => client?.close();
      extra.signal.addEventListener('abort', onAbort, { once: true });
      const reply = await client.request(request, tell);
      extra.signal.removeEventListener('abort', onAbort);
      if (!reply.ok) return failure(reply.message, reply.code, progress, reply.matches);
      const failed = (reply.value as { results?: { ok: boolean }[] })?.results?.filter((r) => !r.ok).length ?? 0;
      const summary = progress.length ? `${progress.join('\n')}\n` : '';
      return {
        isError: false,
        content: [{ type: 'text' as const, text: `${summary}${JSON.stringify(reply.value)}` }],
        structuredContent: { result: reply.value, progress, failed },
      };
    } catch (e) {
      const notRunning = e instanceof AppNotRunning;
      const message = notRunning ? `${e.message}. Ask the user to start the Phonedeck app.` : (e as Error).message;
      return failure(message, notRunning ? 'APP_NOT_RUNNING' : 'ERROR', progress);
    } finally {
      client?.close();
    }
  };
}

/** An action tool: phones by name or filters, sent as one `act` request. */
const actOn =
  (call: Call, action: 'start' | 'stop' | 'restart' | 'reset' | 'delete') =>
  async (a: ActArgs, extra: Extra): Promise<ToolResult> => {
    const match = {
      ...(a.status ? { status: a.status } : {}),
      ...(a.tag ? { tag: a.tag } : {}),
      ...(a.group ? { group: a.group } : {}),
      ...(a.account ? { account: a.account } : {}),
    };
    const hasMatch = Object.keys(match).length > 0 || a.all_matching;
    if (!a.phones?.length && !hasMatch)
      return failure('Name phones, or give status, tag, group, account or all_matching', 'BAD_REQUEST', []);
    return call(
      {
        method: 'act',
        params: {
          action,
          ...(a.phones?.length ? { phones: a.phones } : {}),
          ...(hasMatch ? { match } : {}),
          ...(a.dry_run ? { dryRun: true } : {}),
          ...(a.include_kept ? { includeKept: true } : {}),
          ...(a.wait ? { wait: true, ...(a.timeout_s ? { timeoutS: a.timeout_s } : {}) } : {}),
          ...(a.background ? { background: true } : {}),
        },
      },
      extra,
    );
  };

const NOTE =
  ' Per-phone results are structured and carry a jobId (get_job); progress is sent as notifications when you give a progressToken.';

/** Only the fields asked for, so a page of phones costs an agent few tokens. */
const pick = (value: unknown, fields: readonly string[] | undefined) => {
  if (!fields?.length) return value;
  const page = value as { phones: Record<string, unknown>[] };
  return { ...page, phones: page.phones.map((p) => Object.fromEntries(fields.map((f) => [f, p[f]]))) };
};

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

/** list_phones: a small page by default (10,000 phones at once would be a million tokens), with chosen fields. */
function registerListTool(server: McpServer, call: Call): void {
  const ListInput = z
    .object({
      ...filter,
      limit: z.number().int().min(1).max(500).optional().describe('Phones per page (default 50, at most 500)'),
      cursor: z.string().max(10).optional().describe('nextCursor from the previous page'),
      fields: z
        .array(z.enum(['key', 'id', 'name', 'account', 'status', 'group', 'tags']))
        .max(7)
        .optional()
        .describe('Only these fields of each phone'),
    })
    .strict();
  server.registerTool(
    'list_phones',
    {
      title: 'List phones',
      description:
        'A page of the cloud phones in the Phonedeck app (default 50), optionally filtered; the result has total and nextCursor.',
      inputSchema: ListInput,
      outputSchema: Output,
      annotations: readOnly,
    },
    async ({ fields, limit, ...params }, extra) => {
      const r = await call({ method: 'list', params: { ...params, limit: limit ?? 50 } }, extra);
      return r.isError
        ? r
        : { ...r, structuredContent: { ...r.structuredContent, result: pick(r.structuredContent.result, fields) } };
    },
  );
}

function registerReadTools(server: McpServer, call: Call): void {
  registerListTool(server, call);
  server.registerTool(
    'get_phone_status',
    {
      title: 'Phone status',
      description:
        'The status of phones as the app knows it; asks the app to re-read them soon (never calls the provider directly).',
      inputSchema: z.object({ phones: phones.min(1) }).strict(),
      outputSchema: Output,
      annotations: readOnly,
    },
    async (a, extra) => call({ method: 'status', params: { phones: a.phones } }, extra),
  );
  server.registerTool(
    'get_job',
    {
      title: 'Job',
      description: "A job's state and per-phone results, by the jobId an action returned; wait until it is done.",
      inputSchema: z
        .object({
          job_id: z.string().max(64).describe('The jobId from an action result'),
          wait: z.boolean().optional(),
          timeout_s: z.number().int().min(1).max(3_600).optional(),
        })
        .strict(),
      outputSchema: Output,
      annotations: readOnly,
    },
    async (a, extra) =>
      call(
        {
          method: 'job',
          params: {
            jobId: a.job_id,
            ...(a.wait ? { wait: true } : {}),
            ...(a.timeout_s ? { timeoutS: a.timeout_s } : {}),
          },
        },
        extra,
      ),
  );
  server.registerTool(
    'get_activity',
    {
      title: 'Activity',
      description:
        'What the app did recently: actions from the window, tray, policies, CLI and MCP clients, with counts.',
      inputSchema: z
        .object({
          since_minutes: z
            .number()
            .int()
            .min(1)
            .max(60 * 24 * 90)
            .optional()
            .describe('How far back (default 60)'),
        })
        .strict(),
      outputSchema: Output,
      annotations: readOnly,
    },
    async (a, extra) => call({ method: 'activity', params: { sinceMs: (a.since_minutes ?? 60) * 60_000 } }, extra),
  );
}

function registerActionTools(server: McpServer, call: Call): void {
  const tool = (name: string, title: string, description: string, action: Parameters<typeof actOn>[1], hints: object) =>
    server.registerTool(
      name,
      {
        title,
        description,
        inputSchema: ActInput,
        outputSchema: Output,
        annotations: { openWorldHint: true, ...hints },
      },
      (a, extra) => actOn(call, action)(a, extra),
    );
  const safe = { destructiveHint: false, idempotentHint: true };
  tool(
    'start_phones',
    'Start phones',
    `Start phones (billed per minute while running). The rules may ask the user in the app.${NOTE}`,
    'start',
    safe,
  );
  tool(
    'stop_phones',
    'Stop phones',
    `Stop phones. Many at once waits for the user's approval in the app.${NOTE}`,
    'stop',
    safe,
  );
  tool('restart_phones', 'Restart phones', `Restart running phones (GeeLark and Huawei CPH).${NOTE}`, 'restart', {
    destructiveHint: false,
  });
  tool(
    'reset_phones',
    'Reset phones',
    `Erase phones' apps and data (on GeeLark a "new machine" with a new device identity). Always waits for the user's approval in the Phonedeck window; use dry_run first.${NOTE}`,
    'reset',
    { destructiveHint: true },
  );
  tool(
    'delete_phones',
    'Delete phones',
    `Delete phones for good. Always waits for the user's approval in the Phonedeck window; use dry_run first.${NOTE}`,
    'delete',
    { destructiveHint: true, idempotentHint: true },
  );
  server.registerTool(
    'open_phone',
    {
      title: 'Open a phone',
      description: "Open a phone's viewer window in the app (starting it if needed, which may ask the user).",
      inputSchema: z.object({ phone: z.string().min(1).max(200).describe('Phone id, key or name') }).strict(),
      outputSchema: Output,
      annotations: { destructiveHint: false, openWorldHint: true },
    },
    async (a, extra) => call({ method: 'open', params: { phone: a.phone } }, extra),
  );
}

/**
 * `phonedeck mcp`: an MCP server on stdio whose every tool is a request to the running app, so agents share
 * its rate limiter, approvals and activity record instead of calling the provider directly. `--read-only`
 * offers only the tools that look.
 */
export async function runMcpServer(opts: { readOnly?: boolean } = {}): Promise<void> {
  const server = new McpServer({ name: 'phonedeck', version: '0.1.0' });
  const call = controlCaller(server);
  registerReadTools(server, call);
  registerScreenshotTool(server, call);
  if (!opts.readOnly) {
    registerActionTools(server, call);
    registerInstallTool(server, call);
  }
  // The tool list never changes while the server runs: say so, rather than the SDK's default promise of changes.
  server.server.registerCapabilities({ tools: { listChanged: false } });
  await server.connect(new StdioServerTransport());
}
