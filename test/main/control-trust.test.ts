import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl } from '../../cli/client';
import { startControlServer } from '../../main/control/control-server';
import { PhoneLookup } from '../../main/control/phone-lookup';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { controlCore, testCore, waitFor } from '../helpers/core';
import { makePhone, notKept } from '../helpers/phones';

const CLI = join(import.meta.dirname, '../../out/cli/phonedeck.mjs');
let env: Awaited<ReturnType<typeof testCore>>;
let where: { socket: string; tokenFile: string; socketDir: string };
let close: () => Promise<void>;
const cliEnv = () => ({ ...process.env, PHONEDECK_SOCKET: where.socket, PHONEDECK_TOKEN_FILE: where.tokenFile });

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('Build the CLI first (npm run build)');
  // Slow-booting phones: a start takes 3 s to read running.
  ({ env, where, close } = await controlCore('pd-trust-', { startDelayMs: 3_000 }));
});
afterAll(async () => {
  await close();
});

const cli = (args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) =>
    execFile(process.execPath, [CLI, ...args], { env: cliEnv(), timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    ),
  );
const stoppedPhones = () =>
  env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p));

async function mcpClient(extraArgs: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...extraArgs],
    env: cliEnv() as Record<string, string>,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'trust-agent', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('an approval lives only as long as its requester (#22.1)', () => {
  it('Ctrl-C on `phonedeck delete X` withdraws it: the dialog goes, the record says withdrawn, nothing is deleted', async () => {
    const victim = stoppedPhones()[0];
    const child = spawn(process.execPath, [CLI, 'delete', victim.key], { env: cliEnv(), stdio: 'ignore' });
    const [pending] = await waitFor(
      () => env.core.control.approvals(),
      (l) => l.length === 1,
      10_000,
    );
    child.kill('SIGINT');
    await waitFor(
      () => env.core.control.approvals(),
      (l) => l.length === 0,
      10_000,
    );
    // Approving it now is impossible: the request is gone.
    expect(env.core.control.decide(pending.id, true)).toBe(false);
    expect(env.core.fleet.get(victim.key)).toBeDefined();
    const [job] = env.core.ledger.jobs({ source: 'cli', action: 'delete' });
    expect(job).toMatchObject({ id: pending.id, total: 1, failed: 1 });
    expect(env.core.ledger.jobPhones(job.id)).toEqual([
      expect.objectContaining({ key: victim.key, code: 'WITHDRAWN', message: expect.stringMatching(/withdrawn/) }),
    ]);
  });

  it('an MCP client that gives up (timeout → notifications/cancelled) withdraws its approval', async () => {
    const client = await mcpClient();
    try {
      const victim = stoppedPhones()[1];
      const progress: string[] = [];
      const call = client.callTool({ name: 'delete_phones', arguments: { phones: [victim.key] } }, undefined, {
        timeout: 1_500,
        // A progressToken is sent with the call: the approval wait arrives as progress notifications (#22.5).
        onprogress: (p) => void progress.push(String(p.message)),
      });
      await waitFor(
        () => env.core.control.approvals(),
        (l) => l.length === 1,
        10_000,
      );
      await expect(call).rejects.toThrow(/timed out/i);
      expect(progress.join('\n')).toMatch(/Waiting for approval in the Phonedeck window \(delete 1 phone/);
      await waitFor(
        () => env.core.control.approvals(),
        (l) => l.length === 0,
        10_000,
      );
      expect(env.core.fleet.get(victim.key)).toBeDefined();
    } finally {
      await client.close();
    }
  });
});

describe('MCP takes no argument it does not know (#22.2)', () => {
  it('`dryRun` (not dry_run) and `groups` are refused, and nothing is stopped', async () => {
    const client = await mcpClient();
    try {
      const running = env.core.fleet.all().find((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running')!;
      const stops = (await env.demo.sims()).geelark.calls.filter((c) => c.path.endsWith('/stop')).length;
      const wrong = await client.callTool({ name: 'stop_phones', arguments: { phones: [running.key], dryRun: true } });
      expect(wrong.isError).toBe(true);
      expect(JSON.stringify(wrong.content)).toMatch(/dryRun/);
      const groups = await client.callTool({ name: 'stop_phones', arguments: { groups: 'QA', all_matching: true } });
      expect(groups.isError).toBe(true);
      expect((await env.demo.sims()).geelark.calls.filter((c) => c.path.endsWith('/stop')).length).toBe(stops);
      const { tools } = await client.listTools();
      for (const t of tools) expect(t.inputSchema.additionalProperties, t.name).toBe(false);
      for (const t of tools) expect(t.outputSchema, t.name).toBeDefined();
      expect(tools.find((t) => t.name === 'list_phones')!.annotations?.readOnlyHint).toBe(true);
      expect(client.getServerCapabilities()?.tools?.listChanged).toBeFalsy();
      // Every answer, a success or a refusal, has the one shape the tool's outputSchema declares (checked with Ajv).
      const ajv = new Ajv({ strict: false });
      const shapeOf = (name: string) => ajv.compile(tools.find((t) => t.name === name)!.outputSchema!);
      const answers = [
        ['list_phones', await client.callTool({ name: 'list_phones', arguments: { limit: 3 } })],
        [
          'stop_phones',
          await client.callTool({ name: 'stop_phones', arguments: { phones: [running.key], dry_run: true } }),
        ],
        ['get_job', await client.callTool({ name: 'get_job', arguments: { job_id: 'job_0000000000' } })],
        ['get_phone_status', await client.callTool({ name: 'get_phone_status', arguments: { phones: ['nope'] } })],
      ] as const;
      for (const [name, answer] of answers) {
        const valid = shapeOf(name);
        expect(valid(answer.structuredContent), `${name}: ${JSON.stringify(valid.errors)}`).toBe(true);
      }
    } finally {
      await client.close();
    }
  });
});

describe('--wait tells a timeout from a success (#22.3) and every action has a job (#22.5)', () => {
  it('a start that has not booted within --timeout exits 5 naming each phone not running; job show has it', async () => {
    env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
    try {
      const [phone] = stoppedPhones();
      const r = await cli(['start', phone.key, '--wait', '--timeout', '1', '--json']);
      expect(r.code).toBe(5);
      const body = JSON.parse(r.out);
      expect(body.waited).toMatchObject({ target: 'running', timedOut: true });
      expect(body.waited.phones).toEqual([expect.objectContaining({ key: phone.key, reached: false })]);
      const shown = await cli(['job', 'show', body.jobId, '--json']);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.out)).toMatchObject({ done: true, job: { jobId: body.jobId, action: 'start' } });
      // Once it has booted, waiting again succeeds.
      await waitFor(
        () => env.core.fleet.get(phone.key)?.status,
        (s) => s === 'running',
        15_000,
      );
      expect((await cli(['status', phone.key, '--json'])).code).toBe(0);
    } finally {
      env.core.settings.update((s) => void (s.control.allowedClients = []));
    }
  });

  it('exit codes are distinct: usage 2, not found 6, nothing to do 0 with a notice; --json errors are JSON', async () => {
    expect((await cli(['list', 'running'])).code).toBe(2);
    const usage = await cli(['start', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.out)).toMatchObject({ ok: false, code: 'USAGE' });
    expect((await cli(['status', 'no-such-phone'])).code).toBe(6);
    const nothing = await cli(['stop', '--status', 'stopped', '--account', DEMO_GEELARK_ID]);
    expect(nothing.code).toBe(0);
    expect(nothing.out).toMatch(/Nothing to do\.\nLeft out: \d+ already in that state/);
    expect((await cli(['job', 'show', 'job_0123456789', '--json'])).code).toBe(6);
    expect((await cli(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('resolving names is linear (#22.4)', () => {
  it('2,000 names against 2,000 phones read each phone name a bounded number of times, not once per name', () => {
    let reads = 0;
    const phones = Array.from({ length: 2_000 }, (_, i) => {
      const p = makePhone({ key: `a/${i}`, id: String(i), accountId: 'a', name: `Ava-${i}` });
      let name = p.name;
      return Object.defineProperty(p, 'name', {
        get: () => (reads++, name),
        set: (v: string) => (name = v),
      });
    });
    const lookup = new PhoneLookup(phones, new Map());
    const names = phones.map((p, i) => (i % 2 ? `Ava-${i}` : p.key));
    reads = 0;
    expect(lookup.resolveAll(names)).toHaveLength(2_000);
    expect(reads).toBeLessThan(phones.length * 3);
  });
});

describe('each client its own key (#22.7)', () => {
  it('`phonedeck pair` asks in the window, keeps the key owner-only; another process using the name is refused', async () => {
    const pairing = cli(['pair', '--name', 'mcp:pair-bot', '--json']);
    const [asked] = await waitFor(
      () => env.core.control.approvals(),
      (l) => l.length === 1,
      10_000,
    );
    expect(asked).toMatchObject({ client: 'mcp:pair-bot', action: 'pair' });
    env.core.control.decide(asked.id, true);
    const r = await pairing;
    expect(r.code).toBe(0);
    const { tokenFile } = JSON.parse(r.out) as { tokenFile: string };
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    // The app keeps only a hash: the key is nowhere in its settings.
    const stored = env.core.settings.get().control.pairedClients.find((p) => p.client === 'mcp:pair-bot')!;
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(env.core.settings.get())).not.toContain(token);
    // With its key it is itself; a process that only borrows the name is refused.
    const real = await connectControl('mcp:pair-bot', where);
    expect((await real.request({ method: 'accounts', params: {} })).ok).toBe(true);
    real.close();
    const fake = await connectControl('mcp:pair-bot', { ...where, tokenFile: where.tokenFile });
    process.env.PHONEDECK_CLIENT_TOKEN_FILE = join(tmpdir(), 'no-such-client.token');
    try {
      const impostor = await connectControl('mcp:pair-bot', where);
      const refused = await impostor.request({ method: 'accounts', params: {} });
      expect(refused).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
      impostor.close();
    } finally {
      delete process.env.PHONEDECK_CLIENT_TOKEN_FILE;
      fake.close();
    }
  });

  it('"Always allow" is granted only to a paired client: an unpaired name that asks again is asked again', async () => {
    const client = await connectControl('mcp:unpaired-agent', where);
    try {
      const [phone] = stoppedPhones();
      const first = client.request({ method: 'act', params: { action: 'start', phones: [phone.key], dryRun: false } });
      const [asked] = await waitFor(
        () => env.core.control.approvals(),
        (l) => l.length === 1,
        10_000,
      );
      expect(asked.paired).toBe(false);
      env.core.control.decide(asked.id, true, true);
      expect((await first).ok).toBe(true);
      expect(env.core.settings.get().control.allowedClients).not.toContain('mcp:unpaired-agent');
    } finally {
      client.close();
    }
  });
});

describe('the MCP server survives an app restart (#22.6)', () => {
  it('a call after the control socket went away and came back connects again', async () => {
    const client = await mcpClient();
    try {
      expect((await client.callTool({ name: 'list_phones', arguments: { limit: 2 } })).isError).toBe(false);
      await env.core.controlServer!.close();
      const down = await client.callTool({ name: 'list_phones', arguments: { limit: 2 } });
      expect(down.isError).toBe(true);
      expect((down.structuredContent as { error: { code: string } }).error.code).toBe('APP_NOT_RUNNING');
      const again = await startControlServer({ ...where, service: env.core.control, log: env.core.log });
      // The restarted socket is the app's from now on (afterAll closes it).
      Object.assign(env.core, { controlServer: again });
      {
        const up = await client.callTool({ name: 'list_phones', arguments: { limit: 2, fields: ['key', 'status'] } });
        expect(up.isError).toBe(false);
        const page = (up.structuredContent as { result: { phones: object[]; total: number; nextCursor?: string } })
          .result;
        expect(page.phones).toHaveLength(2);
        expect(Object.keys(page.phones[0]).sort()).toEqual(['key', 'status']);
        expect(page.total).toBe(env.core.fleet.all().length);
        expect(page.nextCursor).toBe('2');
      }
    } finally {
      await client.close();
    }
  });
});

describe('scriptable output (#22 conventions)', () => {
  const withStdin = (args: string[], input: string) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv() });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
      child.stdin.end(input);
    });

  it('-o name|ndjson, --fields, --no-headers; a filter given twice matches either; stray values are usage errors', async () => {
    const geelark = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
    const names = await cli([
      'list',
      '--account',
      DEMO_GEELARK_ID,
      '--status',
      'running',
      '--status',
      'stopped',
      '-o',
      'name',
    ]);
    expect(names.code).toBe(0);
    const expected = geelark.filter((p) => p.status === 'running' || p.status === 'stopped').map((p) => p.key);
    expect(names.out.trim().split('\n').sort()).toEqual(expected.sort());
    const nd = await cli(['list', '--account', DEMO_GEELARK_ID, '-o', 'ndjson', '--fields', 'name,status']);
    const rows = nd.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(geelark.length);
    expect(Object.keys(rows[0])).toEqual(['name', 'status']);
    const bare = await cli(['list', '--account', DEMO_GEELARK_ID, '--fields', 'key', '--no-headers']);
    expect(bare.out.trim().split('\n').sort()).toEqual(geelark.map((p) => p.key).sort());
    expect((await cli(['list', '-o', 'yaml'])).code).toBe(2);
    expect((await cli(['list', '--fields', 'secret'])).code).toBe(2);
    // Compact JSON when stdout is not a terminal (a pipe here): one line.
    expect((await cli(['accounts', '--json'])).out.trim().split('\n')).toHaveLength(1);
  });

  it('"-" reads phone names from standard input; a name given twice prints once', async () => {
    const [a, b] = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
    const r = await withStdin(['status', '-', a.key, '-o', 'name'], `${a.key}\n${b.id}\n\n`);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([a.key, b.key]);
  });

  it('a name that matches nothing is reported on its own line; the others are still acted on (exit 6)', async () => {
    const [phone] = stoppedPhones();
    const r = await cli(['start', phone.key, 'no-such-phone', '--dry-run', '--json']);
    expect(r.code).toBe(6); // the exit code does not depend on the format
    expect(JSON.parse(r.out)).toMatchObject({ notFound: ['no-such-phone'], plan: { acts: 1 } });
    const text = await cli(['start', phone.key, 'no-such-phone', '--dry-run']);
    expect(text.code).toBe(6);
    expect(text.out).toMatch(
      /✗ no-such-phone {2}No phone is called or numbered "no-such-phone" \(NOT_FOUND\)\nWould start 1 phone/,
    );
  });

  it('status reports a name that matches nothing on its own row, and still shows the others (exit 6)', async () => {
    const [a] = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
    const r = await cli(['status', a.key, 'ghost-phone', '--json']);
    expect(r.code).toBe(6);
    expect(JSON.parse(r.out)).toEqual([
      expect.objectContaining({ key: a.key }),
      expect.objectContaining({ name: 'ghost-phone', status: 'not found' }),
    ]);
  });

  it('--background prints the job id as soon as it starts; job wait follows it to the end', async () => {
    env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
    try {
      const [phone] = stoppedPhones();
      const r = await cli(['start', phone.key, '--background']);
      expect(r.code).toBe(0);
      const jobId = /\[job (\w+)\]/.exec(r.out)![1];
      expect(r.out).toContain(`phonedeck job wait ${jobId}`);
      const waited = await cli(['job', 'wait', jobId, '--json']);
      expect(waited.code).toBe(0);
      expect(JSON.parse(waited.out)).toMatchObject({
        done: true,
        results: [expect.objectContaining({ key: phone.key, ok: true })],
      });
    } finally {
      env.core.settings.update((s) => void (s.control.allowedClients = []));
    }
  });

  it('`phonedeck mcp --read-only` offers only the tools that look', async () => {
    const client = await mcpClient(['--read-only']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_activity',
        'get_job',
        'get_phone_status',
        'list_phones',
        'take_screenshot',
      ]);
      expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('output nobody can receive (a closed pipe) is a failure: exit 1, not 0', async () => {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'list', '-o', 'ndjson'], { env: cliEnv() });
      child.stdout.destroy();
      child.on('close', (c) => resolve(c ?? 1));
    });
    expect(code).toBe(1);
  });

  it('completion scripts for bash, zsh and fish; anything else is a usage error', async () => {
    expect((await cli(['completion', 'bash'])).out).toContain('complete -F _phonedeck phonedeck');
    expect((await cli(['completion', 'zsh'])).out).toContain('compdef _phonedeck phonedeck');
    expect((await cli(['completion', 'fish'])).out).toContain("complete -c phonedeck -l status -xa 'running");
    expect((await cli(['completion', 'tcsh'])).code).toBe(2);
  });
});
