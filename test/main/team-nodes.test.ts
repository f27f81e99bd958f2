import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { systemClock } from '../../main/kernel/clock';
import { GeeLarkProvider } from '../../main/providers/geelark/provider';
import { GeeLarkSim } from '../../main/sim/geelark-sim';
import { memberSql, migrate } from '../../main/team/migrations';
import { TeamNode } from '../../main/team/team-node';
import { jobOutcomes, submitJob } from '../../main/team/team-sql';
import { waitFor } from '../helpers/core';
import { startPostgres, type TestPostgres } from '../support/postgres';

const ROOT = join(import.meta.dirname, '../..');
const quiet = { info() {}, warn() {} };
let db: TestPostgres;
let admin: pg.Client;
const closers: (() => Promise<unknown> | unknown)[] = [];

async function role(name: string, teamRole: Parameters<typeof memberSql>[1]): Promise<string> {
  await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${name}-pw'`);
  await admin.query(memberSql(name, teamRole));
  return db.urlFor(name, `${name}-pw`);
}
async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client(url);
  // A restarted server ends every connection: the test's own ones are replaced, never left to throw.
  c.on('error', () => undefined);
  await c.connect();
  closers.push(() => c.end().catch(() => undefined));
  return c;
}
async function sim(phones: number, latencyMs = 0): Promise<{ sim: GeeLarkSim; url: string }> {
  const s = new GeeLarkSim({ phones, startDelayMs: 0, stopDelayMs: 0 });
  s.http.latencyMs = latencyMs;
  const url = await s.listen();
  closers.push(() => s.close());
  for (const p of s.phones.values()) Object.assign(p, { status: 0, expired: false, busyTask: false });
  return { sim: s, url };
}
const provider = (s: GeeLarkSim, url: string) =>
  new GeeLarkProvider({
    auth: { mode: 'token', token: s.opts.token },
    baseUrl: url,
    fetch,
    clock: systemClock,
    timeoutMs: 10_000,
  });
/** Nodes (each its own role, and its own provider for the account), started; stopped after the file. */
async function startNodes(names: string[], accountId: string, s: GeeLarkSim, url: string) {
  return Promise.all(
    names.map(async (n) => {
      const node = new TeamNode({
        url: await role(n, 'node'),
        node: n,
        accounts: [{ accountId, provider: provider(s, url) }],
        startOptions: DEFAULT_START_OPTIONS,
        checkMs: 100,
        log: quiet,
      });
      node.start();
      closers.push(() => node.stop());
      return { n, node };
    }),
  );
}
const jobState = async (id: string) =>
  (await admin.query('SELECT state, claimed_by FROM phonedeck.jobs WHERE id = $1', [id])).rows[0] as {
    state: string;
    claimed_by: string | null;
  };
async function adminClient(): Promise<pg.Client> {
  const c = new pg.Client(db.adminUrl);
  c.on('error', () => undefined);
  await c.connect();
  return c;
}
const stopCalls = (s: GeeLarkSim) => s.calls.filter((c) => c.path.endsWith('/stop'));

beforeAll(async () => {
  db = await startPostgres();
  admin = await adminClient();
  await migrate(admin);
}, 60_000);
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await admin?.end().catch(() => undefined);
  await db?.stop();
});

describe('one caller per provider account across the team (#24.3)', () => {
  it('three nodes on one account make the provider calls of one node, and every job runs once', async () => {
    const { sim: s, url } = await sim(600);
    const nodes = (await startNodes(['n1', 'n2', 'n3'], 'g', s, url)).map((x) => x.node);
    await waitFor(
      () => nodes.reduce((a, n) => a + n.leading(), 0),
      (n) => n === 1,
    );
    const lin = await client(await role('lin', 'operator'));
    const keys = [...s.phones.keys()].map((id) => `g/${id}`);
    const jobs: string[] = [];
    for (let i = 0; i < 6; i++)
      jobs.push(await submitJob(lin, { accountId: 'g', action: i % 2 ? 'start' : 'stop', keys: keys.slice(0, 300) }));
    await waitFor(
      () => Promise.all(jobs.map(jobState)),
      (all) => all.every((j) => j.state === 'done'),
      20_000,
    );
    // 6 jobs × ⌈300/100⌉ calls each: exactly what one node sends; no other node called at all.
    const actionCalls = s.calls.filter((c) => /\/(start|stop)$/.test(c.path));
    expect(actionCalls).toHaveLength(18);
    expect(nodes.reduce((a, n) => a + n.leading(), 0)).toBe(1);
    const claimers = new Set((await Promise.all(jobs.map(jobState))).map((j) => j.claimed_by));
    expect(claimers.size).toBe(1);
    const outcomes = await jobOutcomes(lin, jobs[0]);
    expect(outcomes).toHaveLength(300);
    expect(outcomes.every((o) => o.ok && /^n[123]$/.test(o.recordedBy))).toBe(true);
  });
});

describe('phonedeck serve (#24.1, #24.3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phonedeck-serve-'));
  const config = (name: string, database: string, url: string, token: string) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        database,
        node: name,
        accounts: [{ id: 'k', credentials: { provider: 'geelark', auth: 'token', token, baseUrl: url } }],
      }),
      { mode: 0o600 },
    );
    return file;
  };
  const start = (file: string): ChildProcess & { out: string } => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/app/serve-main.ts'), '--config', file], {
      cwd: ROOT,
      env: { ...process.env, PHONEDECK_LEASE_CHECK_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as ChildProcess & { out: string };
    child.out = '';
    child.stdout!.on('data', (d) => (child.out += d));
    child.stderr!.on('data', (d) => (child.out += d));
    closers.push(() => child.exitCode === null && child.kill('SIGKILL'));
    return child;
  };
  const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.once('exit', (code) => r(code)));

  it('refuses a config file others can read, and never logs the key', async () => {
    const { sim: s, url } = await sim(1);
    const file = config('loose', db.adminUrl, url, s.opts.token);
    chmodSync(file, 0o644);
    const child = start(file);
    expect(await exited(child)).toBe(2);
    expect(child.out).toMatch(/can be read by others \(mode 644\): chmod 600/);
    expect(child.out).not.toContain(s.opts.token);
  });

  it('kill -9 of the leader during a 500-phone stop: the other node takes over within 15 s, reads status, resends only stops, and every phone ends stopped', async () => {
    const { sim: s, url } = await sim(500, 600);
    const a = start(config('srv-a', await role('srv_a', 'node'), url, s.opts.token));
    const b = start(config('srv-b', await role('srv_b', 'node'), url, s.opts.token));
    const byName = { 'srv-a': a, 'srv-b': b } as Record<string, ChildProcess & { out: string }>;
    await waitFor(
      () => a.out + b.out,
      (o) => /team: leading/.test(o),
      20_000,
    );
    const ann = await client(await role('ann', 'manager'));
    const keys = [...s.phones.keys()].map((id) => `k/${id}`);
    const job = await submitJob(ann, { accountId: 'k', action: 'stop', keys });
    // Mid-job: claimed, and at least one chunk sent.
    const claimed = await waitFor(
      () => jobState(job),
      (j) => j.state === 'claimed' && stopCalls(s).length >= 1,
      20_000,
    );
    const leader = byName[claimed.claimed_by!];
    const killedAt = Date.now();
    leader.kill('SIGKILL');
    await waitFor(
      () => jobState(job),
      (j) => j.state === 'done',
      30_000,
    );
    const failover = Date.now() - killedAt;
    expect(failover).toBeLessThan(15_000);
    const outcomes = await jobOutcomes(ann, job);
    expect(outcomes).toHaveLength(500);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    // Never a start or a delete; every phone stopped in the end.
    expect(s.calls.filter((c) => /\/(start|delete)$/.test(c.path))).toEqual([]);
    const readings = await provider(s, url).status([...s.phones.keys()]);
    expect(readings.filter((r) => !r.found || r.status !== 'stopped')).toEqual([]);
    const survivor = Object.values(byName).find((c) => c !== leader)!;
    expect(survivor.out).toMatch(/team: took over a job/);
    // SIGTERM: the survivor stops cleanly.
    survivor.kill('SIGTERM');
    expect(await exited(survivor)).toBe(0);
  }, 90_000);
});

describe('phonedeck serve stopping (#24.1)', () => {
  it('SIGTERM during a 500-phone stop: the job is finished and recorded, nothing is left claimed, exit 0', async () => {
    const { sim: s, url } = await sim(500, 300);
    const dir = mkdtempSync(join(tmpdir(), 'phonedeck-serve-term-'));
    const file = join(dir, 'serve.json');
    writeFileSync(
      file,
      JSON.stringify({
        database: await role('term_node', 'node'),
        node: 'term',
        accounts: [{ id: 't', credentials: { provider: 'geelark', auth: 'token', token: s.opts.token, baseUrl: url } }],
      }),
      { mode: 0o600 },
    );
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/app/serve-main.ts'), '--config', file], {
      cwd: ROOT,
      env: { ...process.env, PHONEDECK_LEASE_CHECK_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    closers.push(() => child.exitCode === null && child.kill('SIGKILL'));
    await waitFor(
      () => out,
      (o) => /team: leading/.test(o),
      20_000,
    );
    const boss = await client(await role('term_boss', 'manager'));
    const job = await submitJob(boss, {
      accountId: 't',
      action: 'stop',
      keys: [...s.phones.keys()].map((id) => `t/${id}`),
    });
    await waitFor(
      () => jobState(job),
      (j) => j.state === 'claimed' && stopCalls(s).length >= 1,
      20_000,
    );
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect((await jobState(job)).state).toBe('done');
    expect(await jobOutcomes(boss, job)).toHaveLength(500);
  }, 60_000);
});

describe('the team database restarting under running nodes (#24.3)', () => {
  it('nodes reconnect by themselves; no job is lost or run twice', async () => {
    const { sim: s, url } = await sim(200, 100);
    const nodes = (await startNodes(['r1', 'r2'], 'r', s, url)).map((x) => x.node);
    await waitFor(
      () => nodes.reduce((a, n) => a + n.leading(), 0),
      (n) => n === 1,
    );
    const keys = [...s.phones.keys()].map((id) => `r/${id}`);
    const submit = async (action: string) => {
      const c = new pg.Client(await role(`boss_${action}`, 'manager'));
      c.on('error', () => undefined);
      await c.connect();
      try {
        return await submitJob(c, { accountId: 'r', action, keys });
      } finally {
        await c.end();
      }
    };
    // A follower's view, open across the restart: it reconnects and catches up by itself.
    const { TeamView } = await import('../../main/team/team-view');
    const watcherUrl = await role('r_watch', 'viewer');
    await admin.query("UPDATE phonedeck.members SET accounts = ARRAY['r'] WHERE role_name = 'r_watch'");
    const statuses = new Map<string, string>();
    const view = new TeamView(watcherUrl);
    view.onPhones((phones) => phones.forEach((p) => statuses.set(p.key, p.status)));
    await view.start();
    closers.push(() => view.close());
    const first = await submit('stop');
    await db.restart();
    admin = await adminClient();
    const second = await submit('start');
    await waitFor(
      () => Promise.all([first, second].map(jobState)),
      (all) => all.every((j) => j.state === 'done'),
      30_000,
    );
    await waitFor(
      () => nodes.reduce((a, n) => a + n.leading(), 0),
      (n) => n === 1,
      10_000,
    );
    await waitFor(
      () => keys.filter((k) => statuses.get(k) === 'running' || statuses.get(k) === 'starting').length,
      (n) => n === 200,
      15_000,
    );
    // Each job's phones have one outcome each (the key is unique per job), and no phone was started twice.
    for (const job of [first, second]) expect((await jobOutcomes(admin, job)).length).toBe(200);
    const started = s.batchIds.filter((c) => c.path.endsWith('/start')).flatMap((c) => c.ids);
    expect(started.length).toBe(new Set(started).size);
    // A stop may be sent again after a status read (never blindly): at most once more per phone.
    expect(s.batchIds.filter((c) => c.path.endsWith('/stop')).flatMap((c) => c.ids).length).toBeLessThanOrEqual(400);
  }, 60_000);
});

describe('a leader killed during a start (#24.3)', () => {
  it('no phone is started twice: what the new leader cannot prove is reported unconfirmed, never resent', async () => {
    const { sim: s, url } = await sim(400, 500);
    for (const p of s.phones.values()) p.status = 2;
    const nodes = await startNodes(['s1', 's2'], 'st', s, url);
    await waitFor(
      () => nodes.filter((x) => x.node.leading()).length,
      (n) => n === 1,
    );
    const boss = await client(await role('chief', 'manager'));
    const job = await submitJob(boss, {
      accountId: 'st',
      action: 'start',
      keys: [...s.phones.keys()].map((id) => `st/${id}`),
    });
    const claimed = await waitFor(
      () => jobState(job),
      (j) => j.state === 'claimed' && s.startCalls.length >= 1,
      20_000,
    );
    // The leader goes away mid-job without finishing (its process would simply die; here its lease is dropped).
    const leader = nodes.find((x) => x.n === claimed.claimed_by)!;
    await leader.node.loseLeases();
    await waitFor(
      () => jobState(job),
      (j) => j.state === 'done',
      30_000,
    );
    const started = s.startCalls.flatMap((c) => c.ids);
    expect(started.length).toBe(new Set(started).size);
    // The old leader sent nothing after it lost the lease: every start call came before the drop, or from none.
    expect(s.startCalls.length).toBeLessThanOrEqual(4);
    const outcomes = await jobOutcomes(boss, job);
    expect(outcomes).toHaveLength(400);
    expect(outcomes.every((o) => o.ok || o.code === 'UNCONFIRMED')).toBe(true);
  }, 60_000);
});

describe('statuses reach every node (#24.3)', () => {
  it('a follower sees the leader’s list by LISTEN/NOTIFY, only for the accounts in its scope', async () => {
    const { sim: s, url } = await sim(300);

    const { TeamView } = await import('../../main/team/team-view');
    const viewerUrl = await role('fan_viewer', 'viewer');
    const outsiderUrl = await role('fan_outsider', 'viewer');
    await admin.query("UPDATE phonedeck.members SET accounts = ARRAY['other'] WHERE role_name = 'fan_outsider'");
    await admin.query("UPDATE phonedeck.members SET accounts = ARRAY['fan'] WHERE role_name = 'fan_viewer'");
    const seen = new Map<string, string>();
    const view = new TeamView(viewerUrl);
    view.onPhones((phones) => phones.forEach((p) => seen.set(p.key, `${p.name}:${p.status}`)));
    await view.start();
    const outsider = new TeamView(outsiderUrl);
    const outsiderSaw: string[] = [];
    outsider.onPhones((phones) => outsiderSaw.push(...phones.map((p) => p.key)));
    await outsider.start();
    closers.push(
      () => view.close(),
      () => outsider.close(),
    );
    await startNodes(['fan_leader'], 'fan', s, url);
    await waitFor(
      () => seen.size,
      (n) => n === 300,
      10_000,
    );
    const first = [...s.phones.values()][0];
    const before = seen.get(`fan/${first.id}`)!;
    expect(before).toMatch(/^[A-Z][a-z]+-\d{4}:running$/); // named as the provider names it
    const name = before.split(':')[0];
    // A stop run by the leader: the follower sees the phone stopping, its name kept.
    const boss = await client(await role('fan_boss', 'manager'));
    await submitJob(boss, { accountId: 'fan', action: 'stop', keys: [`fan/${first.id}`] });
    await waitFor(
      () => seen.get(`fan/${first.id}`),
      (v) => v !== before,
      10_000,
    );
    expect(seen.get(`fan/${first.id}`)).toMatch(new RegExp(`^${name}:(stopping|stopped)$`));
    expect(outsiderSaw).toEqual([]);
  }, 30_000);
});
