import { parseArgs } from 'node:util';
import type { ControlActOutcome, ControlPhone, ControlReply, ControlRequest } from '../common/control';
import { PHONE_STATUSES } from '../common/phone';
import { AppNotRunning, connectControl } from './client';

/** Exit codes, as scripts expect them. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, notRunning: 3 } as const;

const HELP: Record<string, string> = {
  main: `phonedeck — control the running Phonedeck app from scripts and AI agents

Usage: phonedeck <command> [options]

Commands:
  list                        phones, filtered (--status, --tag, --group, --account)
  status <phone…>             status of phones (by id, key or name)
  start|stop|restart|reset|delete
                              act on phones: <phone…> and/or --tag/--group/--status/--account, or --all-matching
                              (reset erases apps and data; on GeeLark it is a "new machine" with a new identity)
  open <phone>                open a phone's viewer window in the app
  activity [--since 1h]       what the app did (window, tray, policies, CLI, MCP)
  accounts                    accounts and their health
  mcp                         run as an MCP server on stdio (for AI agents)

Every command takes --json and --help. Exit codes: 0 ok, 1 some phones failed, 2 usage, 3 app not running.
Deletes, resets, and more start/stop/restart than the app's rules allow wait for approval in the app's window
(Settings → When Phonedeck asks first). Phones marked to keep are left out of delete, reset and stop unless
--include-kept. --dry-run shows the exact plan: what would be done, what is left out and why, and whether it asks.`,
  list: 'Usage: phonedeck list [--status running] [--tag t] [--group g] [--account a] [--json]',
  status: 'Usage: phonedeck status <phone…> [--json]',
  act: 'Usage: phonedeck start|stop|restart|reset|delete <phone…> [--tag t] [--group g] [--status s] [--account a] [--all-matching] [--include-kept] [--dry-run] [--wait] [--json]',
  open: 'Usage: phonedeck open <phone> [--json]',
  activity: 'Usage: phonedeck activity [--since 30m|1h|2d] [--json]',
  accounts: 'Usage: phonedeck accounts [--json]',
  mcp: 'Usage: phonedeck mcp   (an MCP server on stdin/stdout; configure your MCP client to run this command)',
};

class UsageError extends Error {}

interface Io {
  out(s: string): void;
  err(s: string): void;
  tty: boolean;
}

export function parseSince(text: string): number {
  const m = /^(\d+)\s*(m|min|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`--since takes a duration like 30m, 1h or 2d, not "${text}"`);
  return Number(m[1]) * { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm']!;
}

/** Turns argv into one control request (or help), or throws a UsageError. */
export function toRequest(
  argv: string[],
): { help: string } | { request: ControlRequest; json: boolean; command: string } {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return { help: HELP.main };
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      status: { type: 'string' },
      tag: { type: 'string' },
      group: { type: 'string' },
      account: { type: 'string' },
      'all-matching': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'include-kept': { type: 'boolean' },
      wait: { type: 'boolean' },
      since: { type: 'string' },
    },
  });
  const act = ['start', 'stop', 'restart', 'reset', 'delete'].includes(command);
  if (values.help) return { help: HELP[act ? 'act' : command] ?? HELP.main };
  if (values.status && !(PHONE_STATUSES as readonly string[]).includes(values.status))
    throw new UsageError(`--status is one of ${PHONE_STATUSES.join(', ')}`);
  const filter = {
    ...(values.status ? { status: values.status as ControlPhone['status'] as never } : {}),
    ...(values.tag ? { tag: values.tag } : {}),
    ...(values.group ? { group: values.group } : {}),
    ...(values.account ? { account: values.account } : {}),
  };
  const json = !!values.json;
  const need = (n: number, what: string) => {
    if (positionals.length < n) throw new UsageError(`${command} needs ${what}\n${HELP[act ? 'act' : command]}`);
  };
  switch (command) {
    case 'list':
      return { command, json, request: { method: 'list', params: filter } };
    case 'status':
      need(1, 'at least one phone');
      return { command, json, request: { method: 'status', params: { phones: positionals } } };
    case 'open':
      need(1, 'a phone');
      if (positionals.length > 1) throw new UsageError('open takes one phone');
      return { command, json, request: { method: 'open', params: { phone: positionals[0] } } };
    case 'activity':
      return {
        command,
        json,
        request: { method: 'activity', params: values.since ? { sinceMs: parseSince(values.since) } : {} },
      };
    case 'accounts':
      return { command, json, request: { method: 'accounts', params: {} } };
    default: {
      if (!act) throw new UsageError(`Unknown command "${command}"\n\n${HELP.main}`);
      const hasFilter = Object.keys(filter).length > 0;
      if (!positionals.length && !hasFilter && !values['all-matching'])
        throw new UsageError(`${command} needs phones, a filter, or --all-matching (every phone)\n${HELP.act}`);
      return {
        command,
        json,
        request: {
          method: 'act',
          params: {
            action: command as 'start',
            ...(positionals.length ? { phones: positionals } : {}),
            ...(hasFilter || values['all-matching'] ? { match: filter } : {}),
            ...(values['dry-run'] ? { dryRun: true } : {}),
            ...(values['include-kept'] ? { includeKept: true } : {}),
            ...(values.wait ? { wait: true } : {}),
          },
        },
      };
    }
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function render(command: string, value: unknown): { text: string; failed: boolean } {
  if (command === 'list' || command === 'status') {
    const phones = value as ControlPhone[];
    return {
      text: phones.length
        ? table([
            ['NAME', 'STATUS', 'ACCOUNT', 'GROUP', 'KEY'],
            ...phones.map((p) => [p.name, p.status, p.account, p.group, p.key]),
          ])
        : 'No phones match.',
      failed: false,
    };
  }
  if (command === 'open') {
    const r = value as { ok: boolean; name: string; message: string; code: string };
    return { text: `${r.ok ? '✓' : '✗'} ${r.name}  ${r.message}${r.ok ? '' : ` (${r.code})`}`, failed: !r.ok };
  }
  if (command === 'activity') {
    const jobs = value as {
      at: number;
      source: string;
      action: string;
      total: number;
      succeeded: number;
      failed: number;
    }[];
    return {
      text: jobs.length
        ? table([
            ['WHEN', 'SOURCE', 'ACTION', 'PHONES', 'OK', 'FAILED'],
            ...jobs.map((j) => [
              new Date(j.at).toLocaleString(),
              j.source,
              j.action,
              String(j.total),
              String(j.succeeded),
              String(j.failed),
            ]),
          ])
        : 'Nothing in this period.',
      failed: false,
    };
  }
  if (command === 'accounts') {
    const accs = value as {
      id: string;
      label: string;
      provider: string;
      health: string;
      message: string;
      lockedUntil: number | null;
    }[];
    return {
      text: table([
        ['ACCOUNT', 'PROVIDER', 'HEALTH', 'ID'],
        ...accs.map((a) => [
          a.label,
          a.provider,
          a.lockedUntil ? `locked until ${new Date(a.lockedUntil).toLocaleTimeString()}` : a.health,
          a.id,
        ]),
      ]),
      failed: false,
    };
  }
  return renderAct(value as ControlActOutcome);
}

/** An action's outcome: the plan for a dry run, else one line per phone, what was left out, and the totals. */
function renderAct(o: ControlActOutcome): { text: string; failed: boolean } {
  if (o.dryRun)
    return {
      text: [
        `Would ${o.action} ${o.phones.length} phone(s):`,
        ...o.phones.map((p) => `  ${p.name}  (${p.status}, ${p.account})`),
        ...planLines(o),
      ].join('\n'),
      failed: false,
    };
  const failed = o.results.filter((r) => !r.ok);
  const lines = o.results.map((r) => `${r.ok ? '✓' : '✗'} ${r.name}  ${r.message}${r.ok ? '' : ` (${r.code})`}`);
  lines.push(...planLines(o).filter((l) => !l.startsWith('Asks')));
  lines.push(
    `${o.action}: ${o.results.length - failed.length} done, ${failed.length} failed${o.approvedBy === 'person' ? ' (approved in the app)' : ''}${o.rateLimitWaitS ? `; paced by the rate limiter for ${o.rateLimitWaitS} s` : ''}`,
  );
  return { text: lines.join('\n'), failed: failed.length > 0 };
}

/** What the plan left out and why, what it adds per hour, and why a person must approve. */
function planLines(o: ControlActOutcome): string[] {
  const p = o.plan;
  const lines: string[] = [];
  if (p.skipped.length) lines.push(`Left out: ${p.skipped.map((s) => `${s.n} ${s.words}`).join(', ')}`);
  if (p.keptLeftOut) lines.push(`  (add --include-kept to act on the ${p.keptLeftOut} marked to keep too)`);
  if (p.addedPerHour.length) lines.push(`Adds about ${p.addedPerHour.join(' + ')} per hour`);
  if (p.approval.required) lines.push(`Asks first in the app: ${p.approval.why.join('; ')}`);
  return lines;
}

/** Runs one CLI invocation; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof toRequest>;
  try {
    parsed = toRequest(argv);
  } catch (e) {
    io.err(`phonedeck: ${(e as Error).message}`);
    return EXIT.usage;
  }
  if ('help' in parsed) {
    io.out(parsed.help);
    return EXIT.ok;
  }
  let reply: ControlReply;
  try {
    const client = await connectControl('cli', undefined);
    try {
      reply = await client.request(parsed.request, (line) => io.tty && io.err(`… ${line}`));
    } finally {
      client.close();
    }
  } catch (e) {
    if (e instanceof AppNotRunning) {
      io.err(`phonedeck: ${e.message}. Start the Phonedeck app first.`);
      return EXIT.notRunning;
    }
    throw e;
  }
  if (!reply.ok) {
    if (parsed.json)
      io.out(
        JSON.stringify(
          { ok: false, code: reply.code, message: reply.message, ...(reply.matches ? { matches: reply.matches } : {}) },
          null,
          2,
        ),
      );
    else io.err(`phonedeck: ${reply.message} (${reply.code})`);
    if (reply.code === 'APP_GONE') return EXIT.notRunning;
    return reply.code === 'BAD_REQUEST' ? EXIT.usage : EXIT.someFailed;
  }
  const shown = render(parsed.command, reply.value);
  io.out(parsed.json ? JSON.stringify(reply.value, null, 2) : shown.text);
  return shown.failed ? EXIT.someFailed : EXIT.ok;
}
