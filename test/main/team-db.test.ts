import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberSql, migrate, MIGRATIONS } from '../../main/team/migrations';
import { startPostgres, type TestPostgres } from '../support/postgres';

let db: TestPostgres;
const clients: pg.Client[] = [];
async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client(url);
  await c.connect();
  clients.push(c);
  return c;
}

/** A login role for a person, in the team with a team role and (optionally) only some accounts. */
async function member(admin: pg.Client, role: string, teamRole: Parameters<typeof memberSql>[1], accounts?: string[]) {
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}-pw'`);
  await admin.query(memberSql(role, teamRole));
  if (accounts) await admin.query('UPDATE phonedeck.members SET accounts = $2 WHERE role_name = $1', [role, accounts]);
  return connect(db.urlFor(role, `${role}-pw`));
}

beforeAll(async () => {
  db = await startPostgres();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await db?.stop();
});

describe('the team database (#24.4): schema, migrations and who may do what', () => {
  it('migrates from empty and from the previous version, each version once', async () => {
    const admin = await connect(db.adminUrl);
    await admin.query('CREATE DATABASE stepwise');
    const step = await connect(db.adminUrl.replace(/\/postgres$/, '/stepwise'));
    expect(await migrate(step, 1)).toEqual([1]);
    expect(await migrate(step, 2)).toEqual([2]);
    expect(await migrate(step, 3)).toEqual([3]);
    // Data written under version 3 is kept by version 4 (desktops as nodes, scope by group and tag).
    await step.query("INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('a', 'stop', '{a/1}')");
    await step.query(
      "INSERT INTO phonedeck.phones (key, account_id, name, status) VALUES ('a/1', 'a', 'Ava', 'running')",
    );
    expect(await migrate(step, 4)).toEqual([4]);
    expect(await migrate(step)).toEqual([5]);
    expect(await migrate(step)).toEqual([]);
    const kept = await step.query(
      'SELECT j.options, p.grp, p.tags, p.running_since IS NOT NULL AS since FROM phonedeck.jobs j, phonedeck.phones p',
    );
    // Version 5 gives a phone already running a start to count from.
    expect(kept.rows).toEqual([{ options: null, grp: '', tags: [], since: true }]);
    // Two nodes starting together: the advisory lock makes one apply and the other find it done.
    const [a, b] = await Promise.all([migrate(admin), migrate(await connect(db.adminUrl))]);
    expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const versions = await admin.query('SELECT version FROM phonedeck.schema_version ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('jobs record who submitted them, and an operator cannot delete or act outside its accounts, even with its own client', async () => {
    const admin = await connect(db.adminUrl);
    const lin = await member(admin, 'lin', 'operator', ['acc1']);
    const ann = await member(admin, 'ann', 'manager');
    const vic = await member(admin, 'vic', 'viewer');
    const ok = await lin.query(
      "INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('acc1', 'stop', ARRAY['acc1/1']) RETURNING submitted_by",
    );
    expect(ok.rows[0].submitted_by).toBe('lin');
    const refused = async (c: pg.Client, sql: string) => {
      const e = await c.query(sql).then(
        () => null,
        (err: Error & { code?: string }) => err.code,
      );
      return e;
    };
    // 42501: insufficient privilege / row-level security violation.
    expect(
      await refused(
        lin,
        "INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('acc1', 'delete', ARRAY['acc1/1'])",
      ),
    ).toBe('42501');
    expect(
      await refused(
        lin,
        "INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('acc2', 'stop', ARRAY['acc2/1'])",
      ),
    ).toBe('42501');
    // Claiming to be someone else: the column is not hers to write.
    expect(
      await refused(
        lin,
        "INSERT INTO phonedeck.jobs (account_id, action, keys, submitted_by) VALUES ('acc1', 'stop', ARRAY['acc1/1'], 'ann')",
      ),
    ).toBe('42501');
    expect(
      await refused(
        vic,
        "INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('acc1', 'stop', ARRAY['acc1/1'])",
      ),
    ).toBe('42501');
    // Nor can she mark a job done or write an outcome: only nodes run jobs.
    const updated = await lin.query("UPDATE phonedeck.jobs SET state = 'done'");
    expect(updated.rowCount).toBe(0);
    expect(
      await refused(
        lin,
        `INSERT INTO phonedeck.job_phones (job_id, key, ok, code, message, recorded_by) VALUES (1, 'acc1/1', true, 'OK', '', 'lin')`,
      ),
    ).toBe('42501');
    // A manager may delete; an operator sees only its accounts' jobs.
    await ann.query("INSERT INTO phonedeck.jobs (account_id, action, keys) VALUES ('acc2', 'delete', ARRAY['acc2/9'])");
    expect((await lin.query('SELECT account_id FROM phonedeck.jobs')).rows.map((r) => r.account_id)).toEqual(['acc1']);
    expect(
      (await ann.query('SELECT account_id FROM phonedeck.jobs ORDER BY id')).rows.map((r) => r.account_id),
    ).toEqual(['acc1', 'acc2']);
  });
});

describe('phone claims (#24.5)', () => {
  it('a phone held by one person is named as theirs to the next; an expired claim can be taken; only the holder releases it', async () => {
    const { claimPhone, releasePhone } = await import('../../main/team/team-sql');
    const admin = await connect(db.adminUrl);
    const mia = await member(admin, 'mia', 'operator', ['acc1']);
    const raj = await member(admin, 'raj', 'operator', ['acc1']);
    const vera = await member(admin, 'vera', 'viewer');
    const first = await claimPhone(mia, { key: 'acc1/7', accountId: 'acc1', kind: 'viewer', seconds: 60 });
    expect(first).toMatchObject({ holder: 'mia', kind: 'viewer', mine: true });
    const second = await claimPhone(raj, { key: 'acc1/7', accountId: 'acc1', kind: 'job', seconds: 60 });
    expect(second).toMatchObject({ holder: 'mia', kind: 'viewer', mine: false });
    expect(second.since.getTime()).toBe(first.since.getTime());
    // Raj cannot release Mia's claim (nothing happens); Mia can.
    await releasePhone(raj, 'acc1/7');
    expect(await claimPhone(raj, { key: 'acc1/7', accountId: 'acc1', kind: 'job', seconds: 60 })).toMatchObject({
      holder: 'mia',
    });
    await releasePhone(mia, 'acc1/7');
    expect(await claimPhone(raj, { key: 'acc1/7', accountId: 'acc1', kind: 'job', seconds: 1 })).toMatchObject({
      holder: 'raj',
      mine: true,
    });
    // Expired: Mia takes it back without Raj releasing.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await claimPhone(mia, { key: 'acc1/7', accountId: 'acc1', kind: 'viewer', seconds: 60 })).toMatchObject({
      holder: 'mia',
      mine: true,
    });
    // A viewer claims nothing; nobody claims outside their accounts.
    const code = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    expect(await code(claimPhone(vera, { key: 'acc1/8', accountId: 'acc1', kind: 'viewer', seconds: 60 }))).toBe(
      '42501',
    );
    expect(await code(claimPhone(raj, { key: 'acc2/1', accountId: 'acc2', kind: 'viewer', seconds: 60 }))).toBe(
      '42501',
    );
  });
});

describe("prices and policies are managers' to change (#24.4)", () => {
  it('an operator reads them and cannot change them; a manager can, and the database records who', async () => {
    const admin = await connect(db.adminUrl);
    const olga = await member(admin, 'olga', 'operator');
    const max = await member(admin, 'max', 'manager');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    expect(
      await code(
        olga.query("INSERT INTO phonedeck.prices (account_id, per_minute, currency) VALUES ('acc1', 0.01, 'USD')"),
      ),
    ).toBe('42501');
    await max.query("INSERT INTO phonedeck.prices (account_id, per_minute, currency) VALUES ('acc1', 0.01, 'USD')");
    expect((await olga.query('SELECT per_minute, set_by FROM phonedeck.prices')).rows).toEqual([
      { per_minute: '0.010000', set_by: 'max' },
    ]);
    const changed = await olga.query("UPDATE phonedeck.prices SET per_minute = 0 WHERE account_id = 'acc1'");
    expect(changed.rowCount).toBe(0);
    expect(await code(olga.query(`INSERT INTO phonedeck.policies (id, body) VALUES ('p1', '{"kind":"idle"}')`))).toBe(
      '42501',
    );
    await max.query(`INSERT INTO phonedeck.policies (id, body) VALUES ('p1', '{"kind":"idle"}')`);
    expect((await olga.query('SELECT id, set_by FROM phonedeck.policies')).rows).toEqual([{ id: 'p1', set_by: 'max' }]);
  });
});
