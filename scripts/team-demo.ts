/**
 * `npm run team-demo`: a local team on this machine, for trying team mode without a server. It starts a
 * throwaway PostgreSQL (Debian's package; the data folder is deleted on exit), creates the schema and three
 * roles (an owner, an operator and a node), a GeeLark simulator with 200 phones, and `phonedeck serve` for
 * it; then prints how to submit jobs as the operator with `phonedeck team`. Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { GeeLarkSim } from '../main/sim/geelark-sim';
import { memberSql, migrate } from '../main/team/migrations';
import { startPostgres } from '../test/support/postgres';

const db = await startPostgres();
const admin = new pg.Client(db.adminUrl);
await admin.connect();
await migrate(admin);
const roles = { owner: 'demo_owner', manager: 'ann', operator: 'lin', node: 'demo_node' } as const;
for (const [teamRole, role] of Object.entries(roles)) {
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}-pw'`);
  await admin.query(memberSql(role, teamRole as keyof typeof roles));
}
// A manager's policy, run by serve around the clock: phones running over 8 hours are stopped.
const ann = new pg.Client(db.urlFor(roles.manager, `${roles.manager}-pw`));
await ann.connect();
await ann.query('INSERT INTO phonedeck.policies (id, body) VALUES ($1, $2)', [
  'long',
  { id: 'long', name: 'Over 8 hours', enabled: true, kind: 'runningHours', scope: {}, hours: 8, actAlone: true },
]);
await ann.end();
await admin.end();
const sim = new GeeLarkSim({ phones: 200 });
const simUrl = await sim.listen();
const dir = mkdtempSync(join(tmpdir(), 'phonedeck-team-demo-'));
const config = join(dir, 'serve.json');
writeFileSync(
  config,
  JSON.stringify({
    database: db.urlFor(roles.node, `${roles.node}-pw`),
    node: 'demo-serve',
    accounts: [
      {
        id: 'demo',
        label: 'Team demo (GeeLark)',
        credentials: { provider: 'geelark', auth: 'token', token: sim.opts.token, baseUrl: simUrl },
      },
    ],
  }),
  { mode: 0o600 },
);
const serve = spawn(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, '../main/app/serve-main.ts'), '--config', config],
  {
    stdio: 'inherit',
  },
);
const lin = db.urlFor(roles.operator, `${roles.operator}-pw`);
const someIds = [...sim.phones.keys()].slice(0, 3).join(' ');
console.log(`
Team demo running: PostgreSQL on 127.0.0.1:${db.port}, a GeeLark simulator (200 phones) led by phonedeck serve,
which also runs the manager ann's policy "Over 8 hours".
In the app (npm start): Settings → Team → postgres://lin@127.0.0.1:${db.port}/postgres, password lin-pw.
As the operator "lin" (who may start, stop and restart, never delete), from a shell:
  npx tsx cli/index.ts team submit --database '${lin}' --account demo stop ${someIds}
  npx tsx cli/index.ts team submit --database '${lin}' --account demo delete ${someIds.split(' ')[0]}   # refused by the database
  npx tsx cli/index.ts team jobs --database '${lin}'
Ctrl-C stops everything and deletes the demo database.`);
const stop = async () => {
  serve.kill('SIGTERM');
  await new Promise((r) => serve.once('exit', r));
  await sim.close();
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
