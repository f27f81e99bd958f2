import type pg from 'pg';
import { MIGRATIONS_1_3 } from './schema-v1-3';
import { MIGRATIONS_4_5 } from './schema-v4-5';

/**
 * The team database, one migration per version, applied in order inside one transaction under an advisory
 * lock (two nodes starting together apply each version once). Row-level security is the rule: what a
 * person may submit and see is decided by PostgreSQL from `current_user`, never by what a client says.
 *
 * Team roles: owner and manager may submit any action on their accounts; an operator start, stop and
 * restart only; a viewer nothing; a node (`phonedeck serve`, or a desktop holding an account's key) claims
 * and runs jobs and writes outcomes and statuses.
 */
export const MIGRATIONS: readonly string[] = [...MIGRATIONS_1_3, ...MIGRATIONS_4_5];

/** A constant key for the migration lock: every node agrees on it. */
const MIGRATION_LOCK = 0x70686f6e;

/** Applies what is missing up to `target` (all by default); returns the versions applied now. */
export async function migrate(client: pg.ClientBase, target = MIGRATIONS.length): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS phonedeck');
    await client.query('CREATE TABLE IF NOT EXISTS phonedeck.schema_version (version int NOT NULL)');
    await client.query('GRANT USAGE ON SCHEMA phonedeck TO PUBLIC');
    await client.query('GRANT SELECT ON phonedeck.schema_version TO PUBLIC');
    const current = Number(
      (await client.query('SELECT max(version) AS v FROM phonedeck.schema_version')).rows[0].v ?? 0,
    );
    const applied: number[] = [];
    for (let v = current + 1; v <= target; v++) {
      await client.query(MIGRATIONS[v - 1]);
      await client.query('INSERT INTO phonedeck.schema_version (version) VALUES ($1)', [v]);
      applied.push(v);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}

/** The SQL `phonedeck team init --print` shows: the whole schema, for a DBA to read and apply by hand. */
export function schemaSql(): string {
  return [
    'BEGIN;',
    'CREATE SCHEMA IF NOT EXISTS phonedeck;',
    'CREATE TABLE IF NOT EXISTS phonedeck.schema_version (version int NOT NULL);',
    ...MIGRATIONS.map(
      (m, i) => `-- version ${i + 1}\n${m.trim()}\nINSERT INTO phonedeck.schema_version VALUES (${i + 1});`,
    ),
    'COMMIT;',
  ].join('\n');
}

export type TeamRole = 'owner' | 'manager' | 'operator' | 'viewer' | 'node';
export interface MemberScope {
  accounts?: readonly string[];
  groups?: readonly string[];
  tags?: readonly string[];
  /** A person's desktop that holds an account's key may lead it and run the team's jobs (as a node does). */
  runsJobs?: boolean;
}

/** A text array as an SQL literal; quotes doubled, so a group named O'Brien stays one harmless string. */
const textArray = (items: readonly string[] | undefined) =>
  items ? `ARRAY[${items.map((i) => `'${i.replaceAll("'", "''")}'`).join(', ')}]::text[]` : 'NULL';

/**
 * A person (or a node) joins the team as their own login role, with a team role and an optional scope: some
 * accounts, and within them some groups or tags (row-level security then hides and refuses the rest).
 */
export function memberSql(role: string, teamRole: TeamRole, scope: MemberScope = {}): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`not a plain role name: ${role}`);
  if (!['owner', 'manager', 'operator', 'viewer', 'node'].includes(teamRole))
    throw new Error(`not a team role: ${teamRole} (owner, manager, operator, viewer or node)`);
  return [
    `GRANT phonedeck_member TO ${role};`,
    'INSERT INTO phonedeck.members (role_name, team_role, accounts, groups, tags, runs_jobs)',
    `  VALUES ('${role}', '${teamRole}', ${textArray(scope.accounts)}, ${textArray(scope.groups)}, ${textArray(scope.tags)}, ${scope.runsJobs === true});`,
  ].join('\n');
}
