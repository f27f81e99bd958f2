import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamState } from '../../common/contract/team';
import { GeeLarkSim } from '../../main/sim/geelark-sim';
import { memberSql, migrate, type MemberScope, type TeamRole } from '../../main/team/migrations';
import { submitJob } from '../../main/team/team-sql';
import { testCore, waitFor } from '../helpers/core';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { JsonFileSettingsStore } from '../../main/settings/settings-file';

/**
 * Desktops in a team (#24.2, #24.3, #24.4, #24.5): two desktop cores and one real `phonedeck serve` hold the
 * same GeeLark key; whichever leads, the simulator sees one node's calls. Real PostgreSQL, real roles.
 */
const ROOT = join(import.meta.dirname, '../..');
const TEAM_TIMING = { retryMs: 100, jobWaitMs: 20_000, checkMs: 100 };
let db: TestPostgres;
let admin: pg.Client;
let sim: GeeLarkSim;
let simUrl: string;
let serve: ChildProcess;
const closers: (() => Promise<unknown> | unknown)[] = [];

async function member(name: string, teamRole: TeamRole, scope: MemberScope = {}) {
  await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${name}-pw'`);
  await admin.query(memberSql(name, teamRole, scope));
}
const urlOf = (role: string) => `postgres://${role}@127.0.0.1:${db.port}/postgres`;

/** A desktop core holding the shared key, joined to the team as `role`. */
async function desktop(role: string, settingsFile?: string) {
  const env = await testCore({
    team: TEAM_TIMING,
    ...(settingsFile ? { settingsStore: new JsonFileSettingsStore(settingsFile) } : {}),
  });
  closers.push(async () => {
    env.core.poller.stop();
    await env.core.team.shutdown();
    await env.close();
  });
  const added = await env.core.dispatch('accounts:add', {
    label: 'Shared GeeLark',
    credentials: { provider: 'geelark', auth: 'token', token: sim.opts.token, baseUrl: simUrl },
  });
  if (!added.ok) throw new Error(added.message);
  const joined = await env.core.dispatch('team:join', { url: urlOf(role), password: `${role}-pw` });
  if (!joined.ok) throw new Error(joined.message);
  return env;
}
type Env = Awaited<ReturnType<typeof desktop>>;
const teamState = (env: Env) => env.core.team.state() as TeamState & { state?: string };
const byName = (env: Env, name: string) => env.core.fleet.all().find((p) => p.name === name)!;

async function adminClient(): Promise<pg.Client> {
  const c = new pg.Client(db.adminUrl);
  c.on('error', () => undefined);
  await c.connect();
  closers.push(() => c.end().catch(() => undefined));
  return c;
}

beforeAll(async () => {
  db = await startPostgres();
  admin = await adminClient();
  await migrate(admin);
  sim = new GeeLarkSim({ phones: 40, startDelayMs: 0, stopDelayMs: 0 });
  simUrl = await sim.listen();
  closers.push(() => sim.close());
  // The first ten run, the rest are stopped.
  [...sim.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 10 ? 0 : 2, expired: false, busyTask: false }),
  );
  await member('srv', 'node');
  await member('lin', 'operator', { runsJobs: true });
  await member('max', 'operator', { runsJobs: true });
  await member('lin3', 'operator', { runsJobs: true });
  // The server: its config names no account id, so it derives the same team id the desktops derive.
  const dir = mkdtempSync(join(tmpdir(), 'phonedeck-desk-'));
  const file = join(dir, 'serve.json');
  const credentials = { provider: 'geelark', auth: 'token', token: sim.opts.token, baseUrl: simUrl };
  writeFileSync(
    file,
    JSON.stringify({ database: db.urlFor('srv', 'srv-pw'), node: 'srv', accounts: [{ credentials }] }),
    { mode: 0o600 },
  );
  serve = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/app/serve-main.ts'), '--config', file], {
    env: { ...process.env, PHONEDECK_LEASE_CHECK_MS: '100' },
    stdio: 'ignore',
  });
  closers.push(() => serve.kill('SIGKILL'));
}, 60_000);
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await db?.stop();
});

describe('desktops in a team', () => {
  let lin: Env;
  let max: Env;

  it('two desktops and a serve on one key: one leader, one caller, and each job run once (#24.3)', async () => {
    lin = await desktop('lin');
    max = await desktop('max');
    await waitFor(
      async () => (await admin.query('SELECT 1 FROM phonedeck.accounts')).rowCount,
      (n) => n === 1,
      10_000,
    );
    for (const env of [lin, max]) {
      await waitFor(
        () => teamState(env),
        (s) => s.state === 'online',
        10_000,
      );
      await waitFor(
        () => env.core.fleet.all().length,
        (n) => n === 40,
        10_000,
      );
      env.core.poller.start();
    }
    // One account in the team, led by exactly one of the three nodes that hold its key.
    const accounts = await admin.query('SELECT id, led_by FROM phonedeck.accounts');
    expect(accounts.rows).toHaveLength(1);
    expect(['srv', expect.stringContaining(':')]).toContainEqual(accounts.rows[0].led_by);
    // Both desktops poll (visible every second), yet nothing reaches the provider: they read the team's list.
    await new Promise((r) => setTimeout(r, 500));
    sim.calls.length = 0;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(sim.calls.filter((c) => /list|status/.test(c.path))).toEqual([]);

    const running = lin.core.fleet
      .all()
      .filter((p) => p.status === 'running')
      .map((p) => p.key);
    const stopped = max.core.fleet
      .all()
      .filter((p) => p.status === 'stopped')
      .slice(0, 5)
      .map((p) => p.key);
    expect(running).toHaveLength(10);
    const [stops, starts] = await Promise.all([
      lin.core.gate.executeAndWait(
        lin.core.gate.plan({ source: 'window', action: 'stop', keys: running, includeKept: true }),
        true,
      ),
      max.core.gate.executeAndWait(max.core.gate.plan({ source: 'window', action: 'start', keys: stopped }), true),
    ]);
    expect(stops.map((r) => [r.ok, r.code])).toEqual(running.map(() => [true, 'OK']));
    expect(starts.every((r) => r.ok)).toBe(true);
    // One stop call and one start call: what one node alone sends for these two actions.
    expect(sim.calls.filter((c) => /\/stop$/.test(c.path))).toHaveLength(1);
    expect(sim.calls.filter((c) => /\/start$/.test(c.path))).toHaveLength(1);
    // The record says who, as the database knows them, and one node ran both.
    const jobs = await admin.query('SELECT submitted_by, claimed_by, state FROM phonedeck.jobs ORDER BY id');
    expect(jobs.rows.map((j) => j.submitted_by).sort()).toEqual(['lin', 'max']);
    expect(new Set(jobs.rows.map((j) => j.claimed_by)).size).toBe(1);
    // Each desktop sees the other's changes.
    const linStopped = running.map((k) => lin.core.fleet.get(k)!.name);
    await waitFor(
      () => linStopped.map((n) => byName(max, n).status),
      (s) => s.every((x) => x === 'stopped'),
      10_000,
    );
    const maxStarted = stopped.map((k) => max.core.fleet.get(k)!.name);
    await waitFor(
      () => maxStarted.map((n) => byName(lin, n).status),
      (s) => s.every((x) => x === 'running'),
      10_000,
    );
  }, 60_000);

  it('a viewer claims its phone: a colleague is told who holds it, and stopping it asks first (#24.5)', async () => {
    const phone = lin.core.fleet.all().find((p) => p.status === 'running')!;
    const opened = await lin.core.sessions.open([phone.key]);
    expect(opened.map((r) => r.code)).toEqual(['OK']);
    // The viewer URL's token was handed over once and is gone from the database.
    const urls = await admin.query('SELECT count(*)::int AS n FROM phonedeck.job_phones WHERE url IS NOT NULL');
    expect(urls.rows[0].n).toBe(0);
    const theirs = byName(max, phone.name);
    const refused = await max.core.sessions.open([theirs.key]);
    expect(refused[0]).toMatchObject({ ok: false, code: 'HELD_BY_OTHER' });
    expect(refused[0].message).toMatch(new RegExp(`^lin is viewing ${phone.name} since \\d\\d:\\d\\d`));
    await waitFor(() => max.core.team.heldByOthers().has(theirs.key), Boolean);
    const plan = max.core.gate.plan({ source: 'window', action: 'stop', keys: [theirs.key], includeKept: true });
    expect(plan.confirm.required).toBe(true);
    expect(plan.confirm.why).toContainEqual(expect.objectContaining({ kind: 'heldByOther', who: 'lin', n: 1 }));
    // Closed, the claim is let go: the colleague may open it now.
    await lin.core.sessions.closeFor([phone.key]);
    await waitFor(
      () => max.core.team.heldByOthers().has(theirs.key),
      (held) => !held,
    );
    expect((await max.core.sessions.open([theirs.key]))[0].code).toBe('OK');
  }, 30_000);

  it('a job holds its phones while it runs: a colleague opening one is told, and they are free after (#24.5)', async () => {
    // A running phone nobody holds (the previous test left one open in max's window).
    const held = lin.core.team.heldByOthers();
    const target = lin.core.fleet.all().find((p) => p.status === 'running' && !held.has(p.key))!;
    sim.http.latencyMs = 600;
    try {
      const stopping = lin.core.gate.executeAndWait(
        lin.core.gate.plan({ source: 'window', action: 'stop', keys: [target.key], includeKept: true }),
        true,
      );
      await waitFor(
        async () =>
          (await admin.query("SELECT count(*)::int AS n FROM phonedeck.phone_claims WHERE kind = 'job'")).rows[0].n,
        (n) => n === 1,
      );
      const theirs = byName(max, target.name);
      const refused = await max.core.sessions.open([theirs.key]);
      expect(refused[0]).toMatchObject({ ok: false, code: 'HELD_BY_OTHER' });
      expect(refused[0].message).toMatch(new RegExp(`is running a job on ${target.name} since \\d\\d:\\d\\d`));
      expect((await stopping).map((r) => r.ok)).toEqual([true]);
    } finally {
      sim.http.latencyMs = 0;
    }
    const left = await admin.query("SELECT count(*)::int AS n FROM phonedeck.phone_claims WHERE kind = 'job'");
    expect(left.rows[0].n).toBe(0);
  }, 30_000);

  it('a desktop cut off from the team says so, stays read-only, and reconnects by itself (#24.2)', async () => {
    const keys = lin.core.fleet
      .all()
      .filter((p) => p.status === 'running')
      .map((p) => p.key);
    await db.down();
    try {
      await waitFor(
        () => teamState(lin).state,
        (s) => s === 'offline',
        10_000,
      );
      expect(
        lin.events.some(
          (e) => e.event === 'team:changed' && (e.payload as TeamState & { state: string }).state === 'offline',
        ),
      ).toBe(true);
      // The list stays as it was last known; acting is refused with the reason, nothing sent.
      expect(lin.core.fleet.all()).toHaveLength(40);
      sim.calls.length = 0;
      const results = await lin.core.gate.executeAndWait(
        lin.core.gate.plan({ source: 'window', action: 'stop', keys: keys.slice(0, 1), includeKept: true }),
        true,
      );
      expect(results.map((r) => r.code)).toEqual(['TEAM_OFFLINE']);
      expect(results[0].message).toMatch(/Offline from the team: read-only/);
    } finally {
      await db.up();
      admin = await adminClient();
    }
    await waitFor(
      () => teamState(lin).state,
      (s) => s === 'online',
      15_000,
    );
    const again = await lin.core.gate.executeAndWait(
      lin.core.gate.plan({ source: 'window', action: 'stop', keys: keys.slice(0, 1), includeKept: true }),
      true,
    );
    expect(again.map((r) => r.ok)).toEqual([true]);
  }, 60_000);
});

describe('a key removed from a desktop in a team', () => {
  it('is no longer led from it: its lease goes, and another node that holds the key runs the next job', async () => {
    const [lin] = [await desktop('lin3')];
    await waitFor(
      () => lin.core.fleet.all().length,
      (n) => n === 40,
      10_000,
    );
    const own = lin.core.accounts.summaries().find((a) => !a.team)!;
    expect((await lin.core.dispatch('accounts:remove', { accountId: own.id })).ok).toBe(true);
    await waitFor(
      () => lin.core.team.leading(),
      (n) => n === 0,
    );
    // The team's account is still there, now as the team's (its key elsewhere), and acting works.
    await waitFor(
      () => lin.core.accounts.summaries().filter((a) => a.team).length,
      (n) => n === 1,
      10_000,
    );
    const key = (await waitFor(() => lin.core.fleet.all().find((p) => p.status === 'running'), Boolean, 10_000))!.key;
    const r = await lin.core.gate.executeAndWait(
      lin.core.gate.plan({ source: 'window', action: 'stop', keys: [key], includeKept: true }),
      true,
    );
    expect(r.map((x) => x.ok)).toEqual([true]);
  }, 30_000);
});

describe('joining a team from Settings', () => {
  it('keeps the password with the keychain, never in the settings file or the window, and refuses plain TCP to a remote host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonedeck-join-'));
    const file = join(dir, 'settings.json');
    await member('ada', 'viewer');
    const env = await testCore({ team: TEAM_TIMING, settingsStore: new JsonFileSettingsStore(file) });
    closers.push(async () => {
      await env.core.team.shutdown();
      await env.close();
    });
    const remote = await env.core.dispatch('team:join', {
      url: 'postgres://ada@db.example.com/phonedeck?sslmode=disable',
      password: 'x',
    });
    expect(remote).toMatchObject({ ok: false, code: 'INSECURE_URL' });
    expect(remote.ok || remote.message).toMatch(/must use TLS/);
    const notUrl = await env.core.dispatch('team:join', { url: 'db.example.com', password: 'x' });
    expect(notUrl).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(notUrl.ok || notUrl.message).toMatch(/^not a team database URL/);
    const inUrl = await env.core.dispatch('team:join', { url: 'postgres://ada:ada-pw@127.0.0.1/p' });
    expect(inUrl).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(env.core.settings.get().team).toBeNull();
    const joined = await env.core.dispatch('team:join', { url: urlOf('ada'), password: 'ada-pw' });
    expect(joined).toMatchObject({
      ok: true,
      value: { mode: 'team', state: 'online', role: 'ada', teamRole: 'viewer' },
    });
    expect(readFileSync(file, 'utf8')).not.toContain('ada-pw');
    expect(JSON.stringify(env.events)).not.toContain('ada-pw');
    // The team's account (its key elsewhere) is listed, marked as the team's, and cannot be removed here.
    await waitFor(
      () => env.core.accounts.summaries().filter((a) => a.team).length,
      (n) => n === 1,
    );
    const teamAccount = env.core.accounts.summaries().find((a) => a.team)!;
    expect(await env.core.dispatch('accounts:remove', { accountId: teamAccount.id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // A viewer submits nothing: the database refuses, and the desktop says so for every phone.
    await waitFor(
      () => env.core.fleet.all().length,
      (n) => n === 40,
      10_000,
    );
    const key = env.core.fleet.all().find((p) => p.status === 'running')!.key;
    const plan = env.core.gate.plan({ source: 'window', action: 'restart', keys: [key], includeKept: true });
    const r = await env.core.gate.executeAndWait(plan, true);
    expect(r.map((x) => x.code)).toEqual(['TEAM_REFUSED']);
    // Leaving: working alone again, the password gone from the keychain's store.
    const left = await env.core.dispatch('team:leave', null);
    expect(left).toMatchObject({ ok: true, value: { mode: 'alone' } });
    expect(env.core.settings.get().secrets['team:db']).toBeUndefined();
    expect(env.core.accounts.summaries().some((a) => a.team)).toBe(false);
  }, 30_000);
});

describe('scope by group and tag, enforced by the database (#24.4)', () => {
  it('an operator scoped to a group sees only its phones and cannot submit a job with another group’s phone', async () => {
    await member('qa', 'operator', { groups: ['QA'] });
    const qa = new pg.Client(db.urlFor('qa', 'qa-pw'));
    await qa.connect();
    closers.push(() => qa.end());
    const all = await admin.query('SELECT key, grp FROM phonedeck.phones');
    const mine = all.rows.filter((p) => p.grp === 'QA');
    const other = all.rows.find((p) => p.grp !== 'QA')!;
    expect(mine.length).toBeGreaterThan(0);
    const seen = await qa.query('SELECT key FROM phonedeck.phones');
    expect(seen.rows.map((r) => r.key).sort()).toEqual(mine.map((p) => p.key).sort());
    const accountId = (await admin.query('SELECT id FROM phonedeck.accounts')).rows[0].id;
    await expect(submitJob(qa, { accountId, action: 'stop', keys: [mine[0].key, other.key] })).rejects.toMatchObject({
      code: '42501',
    });
    await expect(submitJob(qa, { accountId, action: 'stop', keys: [`${accountId}/not-listed`] })).rejects.toMatchObject(
      {
        code: '42501',
      },
    );
    expect(await submitJob(qa, { accountId, action: 'stop', keys: [mine[0].key] })).toMatch(/^\d+$/);
  });
});
