import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ControlFilter, ControlPhone, ControlReply, ControlRequest, ControlScreenshot } from '../common/control';
import { PHONE_STATUSES } from '../common/phone';
import { AppNotRunning, connectControl, saveClientToken } from './client';
import { completionScript } from './completion';
import { EXIT, exitFor, HELP } from './help';
import { render, type OutputFormat } from './render';

export { EXIT } from './help';

/** The version the CLI reports (the app's, as the build stamps it). */
const VERSION = typeof __PHONEDECK_VERSION__ === 'string' ? __PHONEDECK_VERSION__ : '0.1.0';
declare const __PHONEDECK_VERSION__: string | undefined;

class UsageError extends Error {}

interface Io {
  out(s: string): void;
  err(s: string): void;
  tty: boolean;
  stdoutTty?: boolean;
  /** Standard input, for `-` in place of phone names (one per line). */
  stdin?: () => Promise<string>;
}

export function parseSince(text: string): number {
  const m = /^(\d+)\s*(m|min|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`--since takes a duration like 30m, 1h or 2d, not "${text}"`);
  return Number(m[1]) * { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm']!;
}

const FIELDS = ['name', 'status', 'account', 'group', 'key', 'id', 'tags'] as const;

/** -o table|json|ndjson|name (--json is -o json), --fields a,b, --no-headers: kubectl's and gh's conventions. */
function outputFormat(values: {
  json?: boolean;
  output?: string;
  fields?: string;
  'no-headers'?: boolean;
}): OutputFormat {
  const output = values.json ? 'json' : (values.output ?? 'table');
  if (!['table', 'json', 'ndjson', 'name'].includes(output))
    throw new UsageError(`-o is table, json, ndjson or name, not "${output}"`);
  const fields = values.fields?.split(',').map((f) => f.trim());
  const unknown = fields?.find((f) => !(FIELDS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`--fields takes ${FIELDS.join(', ')}, not "${unknown}"`);
  return { output: output as OutputFormat['output'], fields, noHeaders: !!values['no-headers'] };
}

/** Who `phonedeck pair` pairs: this CLI ("cli"), or an MCP client by the name it gives ("mcp:<name>"). */
function pairName(name = 'cli'): string {
  if (!/^(cli|mcp:[\w .@/-]{1,60})$/.test(name))
    throw new UsageError(`--name is "cli" or "mcp:<the name your MCP client gives>", not "${name}"`);
  return name;
}

function parseTimeout(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 3_600)
    throw new UsageError(`--timeout takes whole seconds, 1 to 3600, not "${text}"`);
  return n;
}

/** start|stop|restart|reset|delete: named phones and/or a filter, with the plan's options. */
function actRequest(
  command: string,
  positionals: string[],
  filter: Extract<ControlRequest, { method: 'list' }>['params'],
  values: {
    'all-matching'?: boolean;
    'dry-run'?: boolean;
    'include-kept'?: boolean;
    wait?: boolean;
    background?: boolean;
  },
  timeoutS: number | undefined,
): ControlRequest {
  const hasFilter = Object.keys(filter).length > 0;
  if (!positionals.length && !hasFilter && !values['all-matching'])
    throw new UsageError(`${command} needs phones, a filter, or --all-matching (every phone)\n${HELP.act}`);
  return {
    method: 'act',
    params: {
      action: command as 'start',
      ...(positionals.length ? { phones: positionals } : {}),
      ...(hasFilter || values['all-matching'] ? { match: filter } : {}),
      ...(values['dry-run'] ? { dryRun: true } : {}),
      ...(values['include-kept'] ? { includeKept: true } : {}),
      ...(values.wait ? { wait: true, ...(timeoutS ? { timeoutS } : {}) } : {}),
      ...(values.background ? { background: true } : {}),
    },
  };
}

/** Every option any command takes (strict: an unknown one is a usage error). */
const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  status: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  fields: { type: 'string' },
  'no-headers': { type: 'boolean' },
  'all-matching': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'include-kept': { type: 'boolean' },
  wait: { type: 'boolean' },
  background: { type: 'boolean' },
  timeout: { type: 'string' },
  since: { type: 'string' },
  name: { type: 'string' },
} as const;

/** Turns argv into one control request (or help), or throws a UsageError. */
export function toRequest(argv: string[]):
  | {
      help: string;
    }
  | {
      request: ControlRequest;
      json: boolean;
      command: string;
      client?: string;
      format?: OutputFormat;
      /** Where `screenshot` writes the image. */
      file?: string;
    } {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return { help: HELP.main };
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: OPTIONS });
  const timeoutS = values.timeout === undefined ? undefined : parseTimeout(values.timeout);
  const act = ['start', 'stop', 'restart', 'reset', 'delete'].includes(command);
  if (values.help) return { help: HELP[act ? 'act' : command] ?? HELP.main };
  const bad = values.status?.find((st) => !(PHONE_STATUSES as readonly string[]).includes(st));
  if (bad) throw new UsageError(`--status is one of ${PHONE_STATUSES.join(', ')}, not "${bad}"`);
  // A filter given twice matches either value (--status running --status stopped).
  const one = <T>(v: T[] | undefined) => (v === undefined ? undefined : v.length === 1 ? v[0] : v);
  const filter = Object.fromEntries(
    Object.entries({
      status: one(values.status as ControlPhone['status'][] | undefined),
      tag: one(values.tag),
      group: one(values.group),
      account: one(values.account),
    }).filter(([, v]) => v !== undefined),
  ) as ControlFilter;
  const withFile = fileCommand(command, positionals, values, filter);
  if (withFile) return withFile;
  const format = outputFormat(values);
  const json = format.output === 'json';
  const need = (n: number, what: string) => {
    if (positionals.length < n) throw new UsageError(`${command} needs ${what}\n${HELP[act ? 'act' : command]}`);
  };
  // A stray word is a mistake to say, not to ignore (`phonedeck list running` means nothing).
  const none = () => {
    if (positionals.length) throw new UsageError(`${command} takes no "${positionals[0]}"\n${HELP[command]}`);
  };
  switch (command) {
    case 'list':
      none();
      return { command, json, format, request: { method: 'list', params: filter } };
    case 'pair':
      none();
      return { command, json, client: pairName(values.name), request: { method: 'pair', params: {} } };
    case 'job': {
      const [verb, jobId, ...more] = positionals;
      if ((verb !== 'show' && verb !== 'wait') || !jobId || more.length) throw new UsageError(HELP.job);
      const params = { jobId, ...(verb === 'wait' ? { wait: true, ...(timeoutS ? { timeoutS } : {}) } : {}) };
      return { command: verb === 'wait' ? 'job wait' : 'job', json, request: { method: 'job', params } };
    }
    case 'status':
      need(1, 'at least one phone');
      return { command, json, format, request: { method: 'status', params: { phones: positionals } } };
    case 'open':
      need(1, 'a phone');
      if (positionals.length > 1) throw new UsageError('open takes one phone');
      return { command, json, request: { method: 'open', params: { phone: positionals[0] } } };
    case 'activity':
      none();
      return {
        command,
        json,
        request: { method: 'activity', params: values.since ? { sinceMs: parseSince(values.since) } : {} },
      };
    case 'accounts':
      none();
      return { command, json, request: { method: 'accounts', params: {} } };
    default:
      if (!act) throw new UsageError(`Unknown command "${command}"\n\n${HELP.main}`);
      return { command, json, request: actRequest(command, positionals, filter, values, timeoutS) };
  }
}

/** The person said yes: the client's own token goes to an owner-only file, and is never printed. */
function savePairing(p: { client: string; token: string }, json: boolean, io: Io): number {
  const file = saveClientToken(p.client, p.token);
  if (json) io.out(JSON.stringify({ ok: true, client: p.client, tokenFile: file }));
  else io.out(`Paired ${p.client}: its own key is in ${file} (owner-only). Unpair it in Phonedeck's Settings.`);
  return EXIT.ok;
}

/** The two commands that name a file (`push` reads one, `screenshot` writes one): `-o` is a file there. */
function fileCommand(
  command: string,
  positionals: string[],
  values: { output?: string; json?: boolean; 'all-matching'?: boolean },
  filter: ControlFilter,
) {
  if (command === 'app') {
    const [verb, target, ...phones] = positionals;
    if (!['install', 'uninstall', 'start', 'stop'].includes(verb) || !target) throw new UsageError(HELP.app);
    const match = Object.keys(filter).length || values['all-matching'] ? { match: filter } : {};
    if (!phones.length && !('match' in match))
      throw new UsageError(`app ${verb} needs phones, or --group/--tag…\n${HELP.app}`);
    const params =
      verb === 'install'
        ? {
            action: verb,
            // An OBS path or a web address is taken as typed; a file is made absolute here, where it was typed.
            file: /^(obs|https?):\/\//i.test(target) ? target : resolve(target),
            ...(phones.length ? { phones } : {}),
            ...match,
          }
        : {
            action: verb as 'uninstall' | 'start' | 'stop',
            package: target,
            ...(phones.length ? { phones } : {}),
            ...match,
          };
    return { command, json: !!values.json, request: { method: 'app', params } as ControlRequest };
  }
  if (command === 'push') {
    if (positionals.length < 2) throw new UsageError(`push needs a file and at least one phone\n${HELP.push}`);
    // The app reads the file by its path: made absolute here, where the person typed it.
    const [file, ...phones] = positionals;
    const request: ControlRequest = {
      method: 'push',
      params: { file: file.startsWith('obs://') ? file : resolve(file), phones },
    };
    return { command, json: !!values.json, request };
  }
  if (command === 'screenshot') {
    if (positionals.length !== 1) throw new UsageError(`screenshot takes one phone\n${HELP.screenshot}`);
    const file = values.output ?? `${positionals[0].replace(/[^\w.-]+/g, '_')}.png`;
    const request: ControlRequest = { method: 'screenshot', params: { phone: positionals[0] } };
    return { command, json: !!values.json, file, request };
  }
  return null;
}

/** The image to the file named (owner-only: a screen can show anything), and what was saved. */
function saveScreenshot(shot: ControlScreenshot, file: string, json: boolean, io: Io): number {
  const image = Buffer.from(shot.image, 'base64');
  writeFileSync(file, image, { mode: 0o600 });
  const at = new Date(shot.takenAt).toISOString();
  if (json)
    io.out(JSON.stringify({ ok: true, file, key: shot.key, name: shot.name, takenAt: at, bytes: image.length }));
  else io.out(`Saved ${shot.name}'s screen to ${file} (${image.length} bytes, taken ${at})`);
  return EXIT.ok;
}

/** Runs one CLI invocation; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.out(VERSION);
    return EXIT.ok;
  }
  if (argv[0] === 'completion') {
    const script = completionScript(argv[1] ?? '');
    if (!script || argv.length > 2) {
      io.err('phonedeck: usage: phonedeck completion bash|zsh|fish');
      return EXIT.usage;
    }
    io.out(script);
    return EXIT.ok;
  }
  // `-` in place of phone names reads them from standard input, one per line.
  if (argv.slice(1).includes('-') && io.stdin) {
    const names = (await io.stdin())
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    argv = [argv[0], ...argv.slice(1).flatMap((a) => (a === '-' ? names : [a]))];
  }
  // With --json every failure is JSON on stdout too (usage, not running), so a script parses one thing.
  const asJson = argv.includes('--json') || argv.join(' ').includes('-o json') || argv.includes('--output=json');
  const fail = (code: string, message: string, exit: number) => {
    if (asJson) io.out(JSON.stringify({ ok: false, code, message }));
    else io.err(`phonedeck: ${message}`);
    return exit;
  };
  let parsed: ReturnType<typeof toRequest>;
  try {
    parsed = toRequest(argv);
  } catch (e) {
    return fail('USAGE', (e as Error).message, EXIT.usage);
  }
  if ('help' in parsed) {
    io.out(parsed.help);
    return EXIT.ok;
  }
  let reply: ControlReply;
  try {
    const client = await connectControl(parsed.client ?? 'cli', undefined);
    try {
      reply = await client.request(parsed.request, (line) => io.tty && io.err(`… ${line}`));
    } finally {
      client.close();
    }
  } catch (e) {
    if (e instanceof AppNotRunning)
      return fail('APP_NOT_RUNNING', `${e.message}. Start the Phonedeck app first.`, EXIT.notRunning);
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
    return exitFor(reply.code);
  }
  if (parsed.command === 'pair') return savePairing(reply.value as { client: string; token: string }, parsed.json, io);
  if (parsed.command === 'screenshot')
    return saveScreenshot(reply.value as ControlScreenshot, parsed.file!, parsed.json, io);
  const shown = render(parsed.command, reply.value, parsed.format);
  // JSON for a person is indented; for a pipe it is one compact line.
  io.out(parsed.json ? JSON.stringify(reply.value, null, io.stdoutTty ? 2 : undefined) : shown.text);
  return shown.exit;
}
