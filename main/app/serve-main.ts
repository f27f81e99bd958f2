/**
 * `phonedeck serve`: the Electron-free core as a headless node of a team. It holds provider keys from its
 * private config file, leads the accounts it can, runs the team's jobs through one limiter per key, and stops
 * cleanly on SIGTERM (the running job finished and recorded, the leases let go). Logs are redacted.
 */
import { hostname } from 'node:os';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { splitCredentials } from '../accounts/accounts';
import { systemClock } from '../kernel/clock';
import { createLogger, SecretRegistry } from '../kernel/redact';
import { createProviderFactory } from '../providers/factory';
import { teamAccountId } from '../team/team-account-id';
import { TeamNode } from '../team/team-node';
import { readServeConfig } from './serve-config';

export async function serve(argv: readonly string[]): Promise<TeamNode> {
  const at = argv.indexOf('--config');
  const file = at >= 0 ? argv[at + 1] : process.env.PHONEDECK_SERVE_CONFIG;
  if (!file) throw new Error('phonedeck serve --config <file> (or PHONEDECK_SERVE_CONFIG)');
  const config = readServeConfig(file);
  const secrets = new SecretRegistry();
  const log = createLogger(secrets, (_level, line) => process.stdout.write(`${line}\n`));
  const make = createProviderFactory({ fetch, clock: systemClock });
  // The database password as written in the URL and as it reads decoded: either may reach a log line.
  const dbPassword = new URL(config.database).password;
  secrets.add(dbPassword, decodeURIComponent(dbPassword));
  const accounts = config.accounts.map(({ id, label, credentials }) => {
    const { account, secret } = splitCredentials(id ?? '', label ?? '', credentials);
    secrets.add(...Object.values(secret));
    const accountId = id ?? teamAccountId(account, secret);
    return { accountId, label: label ?? accountId, provider: make(account, secret) };
  });
  const node = new TeamNode({
    url: config.database,
    node: config.node ?? `${hostname()}:${process.pid}`,
    accounts,
    startOptions: DEFAULT_START_OPTIONS,
    checkMs: Number(process.env.PHONEDECK_LEASE_CHECK_MS) || 1_000,
    // The team's policies, 24/7: the reason a team has a server at all.
    policies: { everyMs: Number(process.env.PHONEDECK_POLICY_EVERY_MS) || 60_000 },
    log,
  });
  node.start();
  log.info('serve: started', { accounts: accounts.map((a) => a.accountId) });
  return node;
}

// Run as a program (not when a test imports it).
if (process.argv[1] && /serve-main\.(ts|js|mjs)$/.test(process.argv[1])) {
  serve(process.argv.slice(2)).then(
    (node) => {
      const stop = () => void node.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (e: Error) => {
      process.stderr.write(`phonedeck serve: ${e.message}\n`);
      process.exit(2);
    },
  );
}
