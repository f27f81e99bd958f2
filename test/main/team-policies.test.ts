import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { systemClock } from '../../main/kernel/clock';
import { GeeLarkProvider } from '../../main/providers/geelark/provider';
import { GeeLarkSim } from '../../main/sim/geelark-sim';
import { memberSql, migrate, type TeamRole } from '../../main/team/migrations';
import { TeamNode } from '../../main/team/team-node';
import { claimPhone, submitJob } from '../../main/team/team-sql';
import { waitFor } from '../helpers/core';
import { startPostgres, type TestPostgres } from '../support/postgres';

/**
 * The team's policies, run by a serve node 24/7 (#24.1): one node evaluates them, acts only through jobs
 * marked with the policy, holds back what needs a person, and never replays a schedule or stops a phone
 * someone is viewing. Real PostgreSQL, a real GeeLark simulator, the serve's own TeamNode.
 */
const ACCOUNT = 'g';
let db: TestPostgres;
let admin: pg.Client;
let sim: GeeLarkSim;
const logs: string[] = [];
const closers: (() => Promise<unknown> | unknown)[] = [];
const log = {
  info: (m: string, d?: unknown) => logs.push(`${m} ${JSON.stringify(d)}`),
  warn: (m: string, d?: unknown) => logs.push(`${m} ${JSON.stringify(d)}`),
};

async function member(name: string, role: TeamRole): Promise<pg.Client> {
  await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${name}-pw'`);
  await admin.query(memberSql(name, role));
  const c = new pg.Client(db.urlFor(name, `${name}-pw`));
  await c.connect();
  closers.push(() => c.end());
  return c;
}
const keyOf = (id: string) => `${ACCOUNT}/${id}`;
const simStatus = (key: string) => sim.phones.get(key.slice(ACCOUNT.length + 1))!.status;
const policyJobs = async (name: string) =>
  (await admin.query('SELECT keys, submitted_by, state FROM phonedeck.jobs WHERE source = $1', [`policy:${name}`]))
    .rows as { keys: string[]; submitted_by: string; state: string }[];
const backdate = (keys: string[], hours: number) =>
  admin.query(`UPDATE phonedeck.phones SET running_since = now() - make_interval(hours => $2) WHERE key = ANY ($1)`, [
    keys,
    hours,
  ]);
let ann: pg.Client;

beforeAll(async () => {
  db = await startPostgres();
  admin = new pg.Client(db.adminUrl);
  await admin.connect();
  closers.push(() => admin.end());
  await migrate(admin);
  sim = new GeeLarkSim({ phones: 30, startDelayMs: 0, stopDelayMs: 0 });
  const url = await sim.listen();
  closers.push(() => sim.close());
  [...sim.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 24 ? 0 : 2, expired: false, busyTask: false }),
  );
  await admin.query(`CREATE ROLE srv LOGIN PASSWORD 'srv-pw'`);
  await admin.query(memberSql('srv', 'node'));
  const provider = new GeeLarkProvider({
    auth: { mode: 'token', token: sim.opts.token },
    baseUrl: url,
    fetch,
    clock: systemClock,
    timeoutMs: 10_000,
  });
  const node = new TeamNode({
    url: db.urlFor('srv', 'srv-pw'),
    node: 'srv',
    accounts: [{ accountId: ACCOUNT, provider }],
    startOptions: DEFAULT_START_OPTIONS,
    checkMs: 100,
    policies: { everyMs: 150 },
    log,
  });
  node.start();
  closers.push(() => node.stop());
  ann = await member('ann', 'manager');
  await waitFor(
    async () => (await admin.query('SELECT 1 FROM phonedeck.phones')).rowCount,
    (n) => n === 30,
    10_000,
  );
}, 60_000);
afterAll(async () => {
  for (const c of closers.reverse()) await c();
  await db?.stop();
});

const savePolicy = (body: Record<string, unknown>) =>
  ann.query(
    `INSERT INTO phonedeck.policies (id, body) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, set_by = current_user, set_at = now()`,
    [body.id, body],
  );

describe('the team’s policies, run by serve (#24.1)', () => {
  it('stops phones running too long, through a job marked with the policy, sparing the one someone is viewing', async () => {
    const running = [...sim.phones.values()].filter((p) => p.status === 0).map((p) => keyOf(p.id));
    const [viewed, ...long] = running.slice(0, 4);
    await backdate([viewed, ...long], 2);
    const lin = await member('lin', 'operator');
    await claimPhone(lin, { key: viewed, accountId: ACCOUNT, kind: 'viewer', seconds: 600 });
    await savePolicy({ id: 'long', name: 'Long runners', enabled: true, kind: 'runningHours', scope: {}, hours: 1 });
    await waitFor(
      () => long.map(simStatus),
      (s) => s.every((x) => x === 2),
      10_000,
    );
    expect(simStatus(viewed)).toBe(0);
    const jobs = await policyJobs('Long runners');
    expect(jobs).toEqual([{ keys: expect.arrayContaining(long), submitted_by: 'srv', state: 'done' }]);
    expect(jobs[0].keys).toHaveLength(3);
    // Later looks find nothing more to do: no second job.
    await new Promise((r) => setTimeout(r, 600));
    expect(await policyJobs('Long runners')).toHaveLength(1);
    await savePolicy({ id: 'long', name: 'Long runners', enabled: false, kind: 'runningHours', scope: {}, hours: 1 });
  });

  it('a schedule over more phones than the rule allows waits for a manager to let it act alone, then acts once', async () => {
    const nights = { id: 'nights', name: 'Nights', enabled: true, kind: 'schedule', scope: {}, action: 'stop' };
    const body = { ...nights, time: '00:00', weekdays: [0, 1, 2, 3, 4, 5, 6] };
    // Last acted on yesterday: today's midnight is due.
    await admin.query(
      "INSERT INTO phonedeck.policy_marks VALUES ('nights', $1, date_trunc('day', now()) - interval '1 day')",
      [ACCOUNT],
    );
    await savePolicy(body);
    await waitFor(() => logs.some((l) => l.startsWith('team policy: held for a person {"policy":"Nights"')), Boolean);
    expect(await policyJobs('Nights')).toEqual([]);
    await savePolicy({ ...body, actAlone: true });
    await waitFor(
      () => policyJobs('Nights'),
      (j) => j.length === 1 && j[0].state === 'done',
      10_000,
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(await policyJobs('Nights')).toHaveLength(1);
    await savePolicy({ ...body, enabled: false });
  });

  it('a budget guard stops the phones the team started once today’s spend passes its limit, at any hour', async () => {
    const lin = (await member('lin2', 'operator')) as pg.Client;
    const stopped = [...sim.phones.values()]
      .filter((p) => p.status === 2)
      .slice(0, 2)
      .map((p) => keyOf(p.id));
    const started = await submitJob(lin, { accountId: ACCOUNT, action: 'start', keys: stopped });
    await waitFor(
      async () => (await admin.query('SELECT state FROM phonedeck.jobs WHERE id = $1', [started])).rows[0].state,
      (s) => s === 'done',
    );
    await waitFor(
      () => stopped.map(simStatus),
      (s) => s.every((x) => x === 0),
    );
    await ann.query("INSERT INTO phonedeck.prices (account_id, per_minute, currency) VALUES ($1, 0.05, 'USD')", [
      ACCOUNT,
    ]);
    await waitFor(
      async () => (await admin.query('SELECT status FROM phonedeck.phones WHERE key = ANY ($1)', [stopped])).rows,
      (rows) => rows.every((r) => r.status === 'running'),
    );
    // Started three hours ago (a person's action keeps policies off for five minutes only).
    await backdate(stopped, 3);
    await admin.query("UPDATE phonedeck.jobs SET submitted_at = now() - interval '3 hours' WHERE id = $1", [started]);
    const guard = { id: 'cap', name: 'Daily cap', enabled: true, kind: 'budget', accountId: ACCOUNT, warnAt: 1 };
    await savePolicy({ ...guard, stopAt: 5, act: true });
    await waitFor(
      () => stopped.map(simStatus),
      (s) => s.every((x) => x === 2),
      10_000,
    );
    const jobs = await policyJobs('Daily cap');
    expect(jobs).toHaveLength(1);
    // Only what the team started: the phones that were running before are left to their people.
    expect(jobs[0].keys.sort()).toEqual(stopped.sort());
  });

  it('a body that is not a policy is skipped and said once; an operator cannot save one', async () => {
    await savePolicy({ id: 'broken', kind: 'idleStop' });
    await waitFor(
      () => logs.filter((l) => l.includes('not a policy, skipped')).length,
      (n) => n === 1,
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(logs.filter((l) => l.includes('not a policy, skipped'))).toHaveLength(1);
    const op = await member('op', 'operator');
    await expect(op.query("INSERT INTO phonedeck.policies (id, body) VALUES ('x', '{}')")).rejects.toMatchObject({
      code: '42501',
    });
  });
});
