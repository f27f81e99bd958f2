import type { AboutInfo, AccountSummary, RefreshState } from '../../common/contract';
import type { Phone } from '../../common/phone';
import type { SecretRegistry } from '../kernel/redact';

/**
 * The "Copy diagnostics" text: what support needs to understand a problem, and nothing that would let
 * anyone use the accounts. Account labels and health, never credentials; every registered secret and any
 * bearer/signature shape is redacted again on the way out.
 */
export function diagnosticsText(d: {
  about: AboutInfo;
  accounts: AccountSummary[];
  phones: readonly Phone[];
  refresh: RefreshState;
  settings: Record<string, unknown>;
  recentErrors: readonly string[];
  now: number;
  secrets: SecretRegistry;
}): string {
  const counts = new Map<string, number>();
  for (const p of d.phones)
    counts.set(`${p.accountId} ${p.status}`, (counts.get(`${p.accountId} ${p.status}`) ?? 0) + 1);
  const lines = [
    `Phonedeck ${d.about.version} — ${new Date(d.now).toISOString()}`,
    `Platform: ${d.about.platform}; ${Object.entries(d.about.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Data folder: ${d.about.dataFolder}`,
    '',
    'Accounts:',
    ...d.accounts.map(
      (a) =>
        `  ${a.label} (${a.provider}, ${a.auth}${a.demo ? ', demo' : ''}): ${a.health.state}${a.health.message ? ` — ${a.health.message}` : ''}${a.lockedUntil ? `; locked until ${new Date(a.lockedUntil).toISOString()}` : ''}`,
    ),
    '',
    'Phones by account and status:',
    ...[...counts].sort().map(([k, n]) => `  ${k}: ${n}`),
    '',
    `Last full refresh: ${d.refresh.lastRefreshAt ? new Date(d.refresh.lastRefreshAt).toISOString() : 'never'}; errors: ${d.refresh.errors.map((e) => `${e.accountId}: ${e.message}`).join('; ') || 'none'}`,
    '',
    `Settings: ${JSON.stringify(d.settings)}`,
    '',
    'Recent errors:',
    ...(d.recentErrors.length ? d.recentErrors.map((e) => `  ${e}`) : ['  none']),
  ];
  return d.secrets.redactValues(lines.join('\n'));
}
