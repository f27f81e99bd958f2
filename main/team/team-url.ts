import type pg from 'pg';
import { classifyHost } from '../../common/hosts';

/**
 * How every Phonedeck client reaches the team database: TLS with the server's certificate checked, unless
 * the server is on this machine (loopback or a Unix socket). A URL that asks for no TLS elsewhere is refused
 * rather than quietly upgraded, so the person sees what they configured is not what runs.
 */
export function teamClientConfig(url: string, password?: string): pg.ClientConfig {
  const u = parseTeamUrl(url);
  const local = isLocalTeamHost(u.hostname);
  const mode = u.searchParams.get('sslmode');
  if (!local && (mode === 'disable' || mode === 'allow' || mode === 'prefer'))
    throw new Error(`the team database at ${u.hostname} must use TLS (sslmode=${mode} is refused; use verify-full)`);
  // pg reads sslmode from the URL and would override the object below: the URL's TLS words are dropped.
  for (const p of ['sslmode', 'sslcert', 'sslkey', 'sslrootcert']) u.searchParams.delete(p);
  // The password rides in the connection string: pg lets the string's fields override separate ones.
  if (password !== undefined) u.password = encodeURIComponent(password);
  return {
    connectionString: u.toString(),
    ...(local ? {} : { ssl: { rejectUnauthorized: true } }),
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
  };
}

export function parseTeamUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a database URL: postgres://role@host:5432/database`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new Error(`not a PostgreSQL URL (${u.protocol}): postgres://role@host:5432/database`);
  if (!u.username) throw new Error('the URL names no role: postgres://role@host:5432/database');
  return u;
}

export function isLocalTeamHost(hostname: string): boolean {
  return hostname === '' || hostname === 'localhost' || classifyHost(hostname.replace(/^\[|\]$/g, '')) === 'loopback';
}
