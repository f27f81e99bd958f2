import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster in a temp folder, from Debian's `postgresql` package (scripts/test.sh
 * installs it on a fresh machine). Real server, real roles, real row-level security: tests never mock the
 * database. PostgreSQL refuses to run as root, so as root the cluster belongs to the package's `postgres` user.
 */
export interface TestPostgres {
  /** A superuser URL (the cluster's owner), for setting up roles and schema. */
  adminUrl: string;
  port: number;
  urlFor(role: string, password: string): string;
  restart(): Promise<void>;
  /** The server goes away (connections cut) and comes back on the same port with the same data. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = (() => {
  for (const dir of ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'])
    if (existsSync(join(dir, 'initdb'))) return dir;
  return '';
})();

export const postgresAvailable = BIN !== '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!BIN) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (scripts/test.sh does it)');
  const dir = mkdtempSync(join(tmpdir(), 'phonedeck-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // As root: the folder goes to the `postgres` user, and every command runs as that user.
  const pgUser = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : null;
  if (pgUser !== null) {
    chownSync(dir, pgUser, Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args]] : [join(BIN, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  // Passwords are checked (scram-sha-256) as on a real server: each test role signs in as itself.
  const adminPassword = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, adminPassword, { mode: 0o600 });
  if (pgUser !== null) chownSync(pwfile, pgUser, 0);
  run('initdb', ['-D', data, '-U', 'phonedeck_admin', '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '--no-sync']);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  start();
  return {
    adminUrl: `postgres://phonedeck_admin:${adminPassword}@127.0.0.1:${port}/postgres`,
    port,
    urlFor: (role, password) =>
      `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    restart: async () => {
      run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
      start();
    },
    down: async () => run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']),
    up: async () => start(),
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
