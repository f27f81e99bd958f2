import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres';

const ROOT = join(import.meta.dirname, '../..');
let db: TestPostgres;

/** The real CLI, as a child process (from source: the same code the build bundles). */
function phonedeck(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/index.ts'), 'team', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

beforeAll(async () => {
  db = await startPostgres();
}, 60_000);
afterAll(async () => {
  await db?.stop();
});

describe('phonedeck team (#24.4)', () => {
  it('init creates and upgrades the schema; member prints the SQL that adds a person; submit records who', async () => {
    expect(phonedeck('init', '--print').out).toMatch(/^BEGIN;[\s\S]*-- version 5[\s\S]*COMMIT;$/);
    expect(phonedeck('init', '--database', db.adminUrl)).toMatchObject({
      code: 0,
      out: 'team schema: applied version 1, 2, 3, 4, 5',
    });
    expect(phonedeck('init', '--database', db.adminUrl)).toMatchObject({ code: 0, out: 'team schema: up to date' });
    const admin = new pg.Client(db.adminUrl);
    await admin.connect();
    await admin.query("CREATE ROLE lin LOGIN PASSWORD 'lin-pw'");
    const sql = phonedeck('member', 'lin', 'operator');
    expect(sql.out).toContain("VALUES ('lin', 'operator', NULL, NULL, NULL, false)");
    // A scope by group and tag, quotes doubled: a group's name cannot end the string.
    const scoped = phonedeck('member', 'qa', 'operator', '--groups', "QA,O'Brien", '--tags', 'night', '--runs-jobs');
    expect(scoped.out).toContain(
      "VALUES ('qa', 'operator', NULL, ARRAY['QA', 'O''Brien']::text[], ARRAY['night']::text[], true)",
    );
    expect(phonedeck('member', 'qa', 'boss').err).toMatch(/not a team role: boss/);
    await admin.query(sql.out);
    await admin.end();
    const lin = db.urlFor('lin', 'lin-pw');
    // An operator's delete is refused by the database itself, with its own exit code.
    const refused = phonedeck('submit', '--database', lin, '--account', 'acc1', 'delete', '123');
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(/refused by the team's rules/);
    const ok = phonedeck('submit', '--database', lin, '--account', 'acc1', 'stop', '123', '456');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/^job \d+ submitted$/);
    expect(phonedeck('jobs', '--database', lin).out).toMatch(/acc1\tstop\t2 phones\tby lin\tqueued/);
    expect(phonedeck('frobnicate').code).toBe(2);
  }, 60_000);
});
