import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl } from '../../cli/client';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { controlCore, testCore, waitFor } from '../helpers/core';
import { notKept } from '../helpers/phones';

const CLI = join(import.meta.dirname, '../../out/cli/phonedeck.mjs');
let env: Awaited<ReturnType<typeof testCore>>;
let where: { socket: string; tokenFile: string; socketDir: string };
let close: () => Promise<void>;
const notified: string[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('Build the CLI first (npm run build)');
  ({ env, where, close } = await controlCore('pd-control-', {
    notify: (title, body) => void notified.push(`${title}: ${body}`),
  }));
});
afterAll(async () => {
  await close();
});

function cli(
  args: string[],
  extraEnv: Record<string, string> = {},
  runAs?: { user: string; cli: string },
): Promise<{ code: number; out: string; err: string }> {
  const cmd = runAs ? 'runuser' : process.execPath;
  const argv = runAs ? ['-u', runAs.user, '--', process.execPath, runAs.cli, ...args] : [CLI, ...args];
  return new Promise((resolve) => {
    execFile(
      cmd,
      argv,
      {
        env: { ...process.env, PHONEDECK_SOCKET: where.socket, PHONEDECK_TOKEN_FILE: where.tokenFile, ...extraEnv },
        timeout: 60_000,
      },
      (error, out, err) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

/** Answers the next approval the app shows (as the user would in the window). */
async function decideNext(approve: boolean, always = false) {
  const [pending] = await waitFor(
    () => env.core.control.approvals(),
    (l) => l.length > 0,
    20_000,
  );
  expect(env.events.some((e) => e.event === 'control:approvals')).toBe(true);
  env.core.control.decide(pending.id, approve, always);
  return pending;
}

// Phones an action touches without an extra yes: the sim marks some "do not delete" (kept phones are tested apart).
const geelark = () => env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && notKept(p));

describe('the local control plane', () => {
  it('is a socket and token only this user can open', async () => {
    expect(statSync(where.socket).mode & 0o777).toBe(0o600);
    expect(statSync(where.socketDir).mode & 0o777).toBe(0o700);
    expect(statSync(where.tokenFile).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'another OS user cannot reach it (run as nobody: not even the socket is visible)',
    async () => {
      // The bundle is self-contained: a world-readable copy is all the other user needs to run it.
      const pub = mkdtempSync(join(tmpdir(), 'pd-cli-'));
      chmodSync(pub, 0o755);
      copyFileSync(CLI, join(pub, 'phonedeck.mjs'));
      chmodSync(join(pub, 'phonedeck.mjs'), 0o644);
      const r = await cli(['list'], {}, { user: 'nobody', cli: join(pub, 'phonedeck.mjs') });
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/not running/);
    },
  );

  it('answers hostile input with BAD_REQUEST and keeps serving', async () => {
    const { connect } = await import('node:net');
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(where.tokenFile, 'utf8');
    // The CLI is paired here, so its requests carry its own key too.
    const clientToken = readFileSync(join(dirname(where.tokenFile), 'clients', 'cli.token'), 'utf8');
    const talk = (payload: string) =>
      new Promise<string[]>((resolve) => {
        const sock = connect(where.socket);
        let got = '';
        sock.setEncoding('utf8');
        sock.on('error', () => undefined); // the server may close while a too-large line is still being written
        sock.on('data', (c: string) => (got += c));
        sock.on('close', () => resolve(got.trim().split('\n').filter(Boolean)));
        sock.write(payload, () => setTimeout(() => sock.end(), 300));
      });
    const replies = await talk(
      [
        'not json',
        JSON.stringify({ id: 1, token, clientToken, client: 'cli', request: { method: 'rm -rf', params: {} } }),
        JSON.stringify({ id: 2, token, client: 'evil client!', request: { method: 'list', params: {} } }),
        JSON.stringify({
          id: 3,
          token,
          clientToken,
          client: 'cli',
          request: { method: 'act', params: { action: 'delete' } },
        }),
        JSON.stringify({
          id: 4,
          token,
          clientToken,
          client: 'cli',
          request: { method: 'list', params: { status: 'running', extra: 1 } },
        }),
        JSON.stringify({ id: 5, token, clientToken, client: 'cli', request: { method: 'list', params: {} } }),
      ].join('\n') + '\n',
    );
    const parsed = replies.map((r) => JSON.parse(r) as { id: number; ok: boolean; code?: string });
    expect(parsed.filter((r) => !r.ok).map((r) => r.code)).toEqual([
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
    expect(parsed.find((r) => r.id === 5)?.ok).toBe(true);
    // A line past the size limit is refused and the connection closed; the next client is served.
    const huge = await talk('x'.repeat(3 * 1024 * 1024));
    expect(JSON.parse(huge[0]).code).toBe('TOO_LARGE');
    expect((await cli(['list', '--json'])).code).toBe(0);
  });

  it('refuses a wrong token', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'pd-token-')), 'token');
    writeFileSync(bad, 'f'.repeat(64));
    const r = await cli(['list'], { PHONEDECK_TOKEN_FILE: bad });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Wrong token.*UNAUTHORIZED/);
  });

  it('exits 3 when the app is not running, 2 on bad usage, with help everywhere', async () => {
    expect((await cli(['list'], { PHONEDECK_SOCKET: join(tmpdir(), 'nothing-here.sock') })).code).toBe(3);
    const usage = await cli(['stop']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/needs phones, a filter, or --all-matching/);
    expect((await cli(['list', '--status', 'sleepy'])).code).toBe(2);
    const help = await cli(['delete', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--dry-run/);
  });

  it('lists phones as JSON and as a table, filtered', async () => {
    const all = await cli(['list', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toHaveLength(env.core.fleet.all().length);
    const running = await cli(['list', '--status', 'running', '--account', 'Demo GeeLark team']);
    expect(running.out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ACCOUNT/);
    const listed = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running');
    expect(running.out.trim().split('\n')).toHaveLength(1 + listed.length);
  });

  it('starts phones after the user approves (then always), and one injected failure gives exit 1 with per-phone lines', async () => {
    const sims = await env.demo.sims();
    const [a, b] = geelark().filter((p) => p.status === 'stopped');
    sims.geelark.failPhone('start', b.id, 47001, 1, 'concurrency');
    const running = cli(['start', a.name, b.id]);
    const pending = await decideNext(true, true);
    expect(pending).toMatchObject({ client: 'cli', action: 'start', count: 2, destructive: false });
    const r = await running;
    expect(r.code).toBe(1);
    expect(r.out).toContain(`✓ ${a.name}`);
    expect(r.out).toMatch(new RegExp(`✗ ${b.name}.*\\(47001\\)`));
    // Allowed from now on: no approval for this client's next start.
    const again = await cli(['start', b.key, '--json', '--wait']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).results).toEqual([expect.objectContaining({ key: b.key, ok: true })]);
    expect(env.core.fleet.get(b.key)?.status).toBe('running'); // --wait returned once the provider said so
    // More phones than the rules allow asks even an allowed client, and says why.
    const many = cli(['start', '--account', DEMO_GEELARK_ID, '--status', 'stopped']);
    const big = await decideNext(false);
    expect(big).toMatchObject({ client: 'cli', action: 'start', destructive: false });
    expect(big.count).toBeGreaterThan(10);
    expect(big.why.join(' ')).toMatch(/phones within 5 min is more than 10/);
    expect((await many).code).toBe(4);
    // Recorded with its source: the two starts, and the refused one with how it ended.
    const jobs = env.core.ledger.jobs({ source: 'cli' });
    expect(jobs.length).toBe(3);
    expect(env.core.ledger.jobPhones(jobs[0].id).every((p) => p.code === 'DENIED')).toBe(true);
  });

  it('resets (a GeeLark "new machine") only after the person approves, even for an allowed client; MCP marks it destructive', async () => {
    const sims = await env.demo.sims();
    const [a] = geelark().filter((p) => p.status === 'stopped' && !sims.geelark.phones.get(p.id)!.expired);
    env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
    try {
      const before = sims.geelark.calls.filter((c) => c.path === '/open/v2/phone/newOne').length;
      const asked = cli(['reset', a.key]);
      expect((await decideNext(true)).destructive).toBe(true);
      expect((await asked).code).toBe(0);
      expect(sims.geelark.calls.filter((c) => c.path === '/open/v2/phone/newOne').length).toBe(before + 1);
      const refused = cli(['reset', a.key]);
      await decideNext(false);
      expect((await refused).code).toBe(4);
    } finally {
      env.core.settings.update((s) => void (s.control.allowedClients = []));
    }
  });

  it('holds a delete for approval: approved it deletes, denied it does nothing; dry-run only tells', async () => {
    const [a, b] = geelark()
      .filter((p) => p.status === 'stopped')
      .slice(-2);
    const dry = await cli(['delete', a.key, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(new RegExp(`Would delete 1 phone\\(s\\):\\n  ${a.name}`));
    expect(env.core.control.approvals()).toEqual([]);

    const approved = cli(['delete', a.key]);
    expect((await decideNext(true)).destructive).toBe(true);
    expect((await approved).code).toBe(0);
    await waitFor(
      () => env.core.fleet.get(a.key),
      (p) => p === undefined,
      10_000,
    );

    // Two requests waiting at once; both denied.
    const c = geelark().filter((p) => p.status === 'stopped' && p.key !== b.key)[0];
    const denied = [cli(['delete', b.key]), cli(['delete', c.key])];
    await waitFor(
      () => env.core.control.approvals(),
      (l) => l.length === 2,
    );
    const shown = notified.length;
    expect(notified.slice(-2)).toEqual([
      expect.stringMatching(/^Phonedeck: approval needed: Command line wants to delete 1 phone/),
      expect.stringMatching(/Command line wants to delete 1 phone/),
    ]);
    for (const p of env.core.control.approvals()) env.core.control.decide(p.id, false);
    // One desktop notification per new request: deciding one does not announce the other again.
    expect(notified.length).toBe(shown);
    for (const r of await Promise.all(denied)) {
      expect(r.code).toBe(4);
      expect(r.err).toMatch(/not approved.*DENIED/);
    }
    expect(env.core.fleet.get(b.key)).toBeDefined();
    expect(env.core.fleet.get(c.key)).toBeDefined();
  });

  it('names phones by name; an ambiguous name lists the matches', async () => {
    const sims = await env.demo.sims();
    const [x, y] = [...sims.geelark.phones.values()].slice(10, 12);
    x.serialName = 'Twin';
    y.serialName = 'Twin';
    await env.core.fleet.refresh();
    const r = await cli(['status', 'Twin', '--json']);
    expect(r.code).toBe(6);
    const body = JSON.parse(r.out);
    expect(body.code).toBe('AMBIGUOUS');
    expect(body.matches.map((m: { id: string }) => m.id).sort()).toEqual([x.id, y.id].sort());
  });

  it('1,000 rapid requests from an agent loop stay within the account limiter (counted at the simulator)', async () => {
    const sims = await env.demo.sims();
    const phone = geelark()[0];
    // Without the poller, any provider call counted here would come from the requests themselves.
    env.core.poller.stop();
    const client = await connectControl('mcp:loop', where);
    const before = sims.geelark.calls.length;
    const replies = await Promise.all(
      Array.from({ length: 1000 }, () => client.request({ method: 'status', params: { phones: [phone.key] } })),
    );
    client.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(sims.geelark.calls.slice(before)).toEqual([]);
    // They asked for a fresh read: the poller does it, once, at its own limited pace.
    expect(env.core.fleet.needsCheck.has(phone.key)).toBe(true);
    env.core.poller.start();
    await waitFor(
      () => env.core.fleet.needsCheck.has(phone.key),
      (pending) => !pending,
      10_000,
    );
  });

  it('serves MCP over stdio to a real SDK client: tools, list, and an approval-gated delete', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      env: { ...process.env, PHONEDECK_SOCKET: where.socket, PHONEDECK_TOKEN_FILE: where.tokenFile } as Record<
        string,
        string
      >,
    });
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'delete_phones',
        'get_activity',
        'get_job',
        'get_phone_status',
        'install_app',
        'list_phones',
        'open_phone',
        'reset_phones',
        'restart_phones',
        'start_phones',
        'stop_phones',
        'take_screenshot',
      ]);
      expect(tools.find((t) => t.name === 'delete_phones')!.inputSchema.properties).toHaveProperty('dry_run');
      expect(tools.find((t) => t.name === 'reset_phones')!.annotations?.destructiveHint).toBe(true);
      const listed = await client.callTool({ name: 'list_phones', arguments: { status: 'running' } });
      expect(listed.isError).toBe(false);
      const phones = (listed.structuredContent as { result: { phones: { key: string; status: string }[] } }).result
        .phones;
      expect(phones.length).toBeGreaterThan(0);
      expect(phones.every((p) => p.status === 'running')).toBe(true);

      const victim = geelark().find((p) => p.status === 'stopped')!;
      const call = client.callTool({ name: 'delete_phones', arguments: { phones: [victim.key] } });
      const pending = await decideNext(false);
      expect(pending.client).toBe('mcp:test-agent');
      const denied = await call;
      expect(denied.isError).toBe(true);
      expect((denied.structuredContent as { error: { code: string } }).error.code).toBe('DENIED');
      expect((denied.structuredContent as { progress: string[] }).progress.join()).toMatch(/Waiting for approval/);
      const activity = await client.callTool({ name: 'get_activity', arguments: { since_minutes: 10 } });
      expect(
        (activity.structuredContent as { result: { source: string }[] }).result.some((j) => j.source === 'cli'),
      ).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('one consent model (#20): the count is per client over 5 minutes, not per request; a dry run is the exact plan', async () => {
    // The rule table's count lowered to 5 (Settings), so a small fleet shows it.
    env.core.settings.update((st) => {
      st.control.allowedClients = ['cli'];
      st.consent.askAbovePhones = 5;
    });
    try {
      const stopped = geelark().filter((p) => p.status === 'stopped');
      expect(stopped.length).toBeGreaterThanOrEqual(6);
      // A dry run of a stop over phones already stopped and kept says so, and sends nothing.
      const all = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
      const dry = await cli(['stop', '--account', DEMO_GEELARK_ID, '--all-matching', '--dry-run', '--json']);
      const plan = JSON.parse(dry.out).plan as {
        acts: number;
        skipped: { reason: string; n: number }[];
        keptLeftOut: number;
      };
      const there = (p: (typeof all)[number]) => p.status === 'stopped' || p.status === 'stopping';
      const stoppable = all.filter((p) => !there(p) && p.status !== 'expired');
      expect(plan.acts).toBe(stoppable.filter(notKept).length);
      expect(plan.skipped.find((x) => x.reason === 'alreadyThere')!.n).toBe(all.filter(there).length);
      expect(plan.keptLeftOut).toBe(stoppable.filter((p) => !notKept(p)).length);
      expect(plan.acts + plan.skipped.reduce((a, x) => a + x.n, 0)).toBe(all.length);
      // Three starts of two: the first two run at once (an allowed client within the rules), the third asks.
      // (What this client started earlier in this file, within the 5 minutes, counts too.)
      const earlier = env.core.gate.recentCount('cli');
      expect(earlier).toBeLessThan(2);
      const total = earlier + 6;
      const batch = (i: number) => stopped.slice(i * 2, i * 2 + 2).map((p) => p.key);
      expect((await cli(['start', ...batch(0)])).code).toBe(0);
      expect((await cli(['start', ...batch(1)])).code).toBe(0);
      const dryThird = await cli(['start', ...batch(2), '--dry-run']);
      expect(dryThird.out).toContain(`Asks first in the app: ${total} phones within 5 min is more than 5`);
      const third = cli(['start', ...batch(2)]);
      const asked = await decideNext(false);
      expect(asked.why.join(' ')).toContain(`${total} phones within 5 min is more than 5`);
      expect((await third).code).toBe(4);
    } finally {
      env.core.settings.update((st) => {
        st.control.allowedClients = [];
        st.consent.askAbovePhones = 10;
      });
    }
  });
});
