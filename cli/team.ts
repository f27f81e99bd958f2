import pg from 'pg';
import { phoneKey } from '../common/phone';
import { memberSql, migrate, schemaSql, type TeamRole } from '../main/team/migrations';
import { teamClientConfig } from '../main/team/team-url';
import { recentJobs, submitJob } from '../main/team/team-sql';

interface Io {
  out(s: string): void;
  err(s: string): void;
}

const USAGE = `usage:
  phonedeck team init --database <url> [--print]     create or upgrade the team schema (as its owner); --print shows the SQL
  phonedeck team member <role> owner|manager|operator|viewer|node [--accounts a,b] [--groups g,h] [--tags t,u] [--runs-jobs]
                                                      the SQL that adds a PostgreSQL login role to the team, in a scope;
                                                      --runs-jobs lets that person's desktop lead accounts it holds keys of
  phonedeck team submit --database <url> --account <id> start|stop|restart|delete|reset <phone id>...
                                                      submits a job as you (the database records who)
  phonedeck team jobs --database <url>                the team's recent jobs, with their per-phone outcomes
The database URL names your own PostgreSQL role; TLS is required unless the server is on this machine.`;

/** A connection as the person's own role: TLS unless the server is on this machine. */
async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client(teamClientConfig(url));
  await c.connect();
  return c;
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `phonedeck team …`: works with the team database directly; the desktop app need not run. */
export async function runTeam(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const database = option(rest, '--database') ?? process.env.PHONEDECK_TEAM_DATABASE;
  try {
    if (sub === 'member' && rest.length >= 2 && !rest[0].startsWith('--')) {
      const list = (name: string) =>
        option(rest, name)
          ?.split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      io.out(
        memberSql(rest[0], rest[1] as TeamRole, {
          accounts: list('--accounts'),
          groups: list('--groups'),
          tags: list('--tags'),
          runsJobs: rest.includes('--runs-jobs'),
        }),
      );
      return 0;
    }
    if (sub === 'init' && rest.includes('--print')) {
      io.out(schemaSql());
      return 0;
    }
    if (!database || !['init', 'submit', 'jobs'].includes(sub ?? '')) {
      io.err(USAGE);
      return 2;
    }
    const db = await connect(database);
    try {
      if (sub === 'init') {
        const applied = await migrate(db);
        io.out(applied.length ? `team schema: applied version ${applied.join(', ')}` : 'team schema: up to date');
        return 0;
      }
      if (sub === 'submit') return await submit(db, rest, io);
      for (const j of await recentJobs(db, 50))
        io.out(
          `${j.id}\t${j.accountId}\t${j.action}\t${j.phones} phones\tby ${j.submittedBy}\t${j.state}${j.claimedBy ? ` on ${j.claimedBy}` : ''}\t${j.ok} ok, ${j.failed} failed`,
        );
      return 0;
    } finally {
      await db.end();
    }
  } catch (e) {
    // A refusal by row-level security is the database saying "not yours to do": said plainly.
    const err = e as Error & { code?: string };
    io.err(`phonedeck team: ${err.code === '42501' ? `refused by the team's rules (${err.message})` : err.message}`);
    return err.code === '42501' ? 4 : 1;
  }
}

async function submit(db: pg.Client, rest: string[], io: Io): Promise<number> {
  const account = option(rest, '--account');
  const words = rest.filter((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--'));
  const [action, ...ids] = words;
  if (!account || !action || !ids.length) {
    io.err(USAGE);
    return 2;
  }
  const id = await submitJob(db, {
    accountId: account,
    action,
    keys: ids.map((p) => phoneKey(account, p)),
    source: 'cli',
  });
  io.out(`job ${id} submitted`);
  return 0;
}
