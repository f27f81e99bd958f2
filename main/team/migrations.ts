import type pg from 'pg';

/**
 * The team database, one migration per version, applied in order inside one transaction under an advisory
 * lock (two nodes starting together apply each version once). Row-level security is the rule: what a
 * person may submit and see is decided by PostgreSQL from `current_user`, never by what a client says.
 *
 * Team roles: owner and manager may submit any action on their accounts; an operator start, stop and
 * restart only; a viewer nothing; a node (`phonedeck serve`, or a desktop holding an account's key) claims
 * and runs jobs and writes outcomes and statuses.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: members, jobs and their per-phone outcomes, the shared list, and who may do what.
  `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'phonedeck_member') THEN CREATE ROLE phonedeck_member NOLOGIN; END IF;
END $$;
CREATE TABLE phonedeck.members (
  role_name name PRIMARY KEY,
  team_role text NOT NULL CHECK (team_role IN ('owner', 'manager', 'operator', 'viewer', 'node')),
  accounts text[]
);
CREATE TABLE phonedeck.jobs (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('start', 'stop', 'restart', 'delete', 'reset', 'stopThenDelete')),
  keys text[] NOT NULL CHECK (cardinality(keys) BETWEEN 1 AND 20000),
  source text NOT NULL DEFAULT 'window',
  submitted_by name NOT NULL DEFAULT current_user,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'claimed', 'done')),
  claimed_by text,
  claimed_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX jobs_queued ON phonedeck.jobs (account_id, id) WHERE state <> 'done';
CREATE TABLE phonedeck.job_phones (
  job_id bigint NOT NULL REFERENCES phonedeck.jobs (id) ON DELETE CASCADE,
  key text NOT NULL,
  ok boolean NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  recorded_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, key)
);
-- Every write of a phone takes the next revision: a follower reads what changed since the last it saw.
CREATE SEQUENCE phonedeck.phone_rev;
CREATE TABLE phonedeck.phones (
  key text PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  status text NOT NULL,
  rev bigint NOT NULL DEFAULT nextval('phonedeck.phone_rev'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phones_rev ON phonedeck.phones (rev);

-- Inside a SECURITY DEFINER function current_user is the function's owner: the policies pass the person in.
CREATE FUNCTION phonedeck.my_role(who name) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = phonedeck, pg_temp
  AS $f$ SELECT team_role FROM phonedeck.members WHERE role_name = who $f$;
CREATE FUNCTION phonedeck.in_scope(who name, account text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = phonedeck, pg_temp
  AS $f$ SELECT EXISTS (SELECT 1 FROM phonedeck.members
    WHERE role_name = who AND (accounts IS NULL OR account = ANY (accounts))) $f$;
CREATE FUNCTION phonedeck.may_submit(who name, action text, account text) RETURNS boolean LANGUAGE sql STABLE
  SET search_path = phonedeck, pg_temp
  AS $f$ SELECT phonedeck.in_scope(who, account) AND CASE phonedeck.my_role(who)
    WHEN 'owner' THEN true
    WHEN 'manager' THEN true
    WHEN 'operator' THEN action IN ('start', 'stop', 'restart')
    ELSE false END $f$;

ALTER TABLE phonedeck.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON phonedeck.members FOR SELECT
  USING (role_name = current_user OR phonedeck.my_role(current_user) = 'owner');
CREATE POLICY members_owner ON phonedeck.members FOR ALL
  USING (phonedeck.my_role(current_user) = 'owner') WITH CHECK (phonedeck.my_role(current_user) = 'owner');

ALTER TABLE phonedeck.jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_read ON phonedeck.jobs FOR SELECT USING (phonedeck.in_scope(current_user, account_id));
CREATE POLICY jobs_submit ON phonedeck.jobs FOR INSERT WITH CHECK (
  submitted_by = current_user AND state = 'queued' AND claimed_by IS NULL AND claimed_at IS NULL
  AND finished_at IS NULL AND phonedeck.may_submit(current_user, action, account_id));
CREATE POLICY jobs_run ON phonedeck.jobs FOR UPDATE
  USING (phonedeck.my_role(current_user) = 'node' AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.my_role(current_user) = 'node' AND phonedeck.in_scope(current_user, account_id));

ALTER TABLE phonedeck.job_phones ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_phones_read ON phonedeck.job_phones FOR SELECT
  USING (EXISTS (SELECT 1 FROM phonedeck.jobs j WHERE j.id = job_id));
CREATE POLICY job_phones_write ON phonedeck.job_phones FOR ALL
  USING (phonedeck.my_role(current_user) = 'node') WITH CHECK (phonedeck.my_role(current_user) = 'node' AND recorded_by = current_user);

ALTER TABLE phonedeck.phones ENABLE ROW LEVEL SECURITY;
CREATE POLICY phones_read ON phonedeck.phones FOR SELECT USING (phonedeck.in_scope(current_user, account_id));
CREATE POLICY phones_write ON phonedeck.phones FOR ALL
  USING (phonedeck.my_role(current_user) = 'node' AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.my_role(current_user) = 'node' AND phonedeck.in_scope(current_user, account_id));

-- A new job wakes the account's leader at once (LISTEN phonedeck_jobs), wherever it runs.
CREATE FUNCTION phonedeck.notify_job() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_notify('phonedeck_jobs', NEW.account_id); RETURN NEW; END $f$;
CREATE TRIGGER jobs_notify AFTER INSERT ON phonedeck.jobs FOR EACH ROW EXECUTE FUNCTION phonedeck.notify_job();

GRANT USAGE ON SCHEMA phonedeck TO phonedeck_member;
GRANT SELECT ON phonedeck.members, phonedeck.jobs, phonedeck.job_phones, phonedeck.phones TO phonedeck_member;
GRANT INSERT (account_id, action, keys, source) ON phonedeck.jobs TO phonedeck_member;
GRANT UPDATE (state, claimed_by, claimed_at, finished_at) ON phonedeck.jobs TO phonedeck_member;
GRANT USAGE ON SEQUENCE phonedeck.jobs_id_seq, phonedeck.phone_rev TO phonedeck_member;
GRANT INSERT, UPDATE ON phonedeck.job_phones, phonedeck.phones TO phonedeck_member;
GRANT INSERT, UPDATE, DELETE ON phonedeck.members TO phonedeck_member;
GRANT EXECUTE ON FUNCTION phonedeck.my_role(name), phonedeck.in_scope(name, text),
  phonedeck.may_submit(name, text, text) TO phonedeck_member;
`,
  // 2: leases on phones (a viewer open, a job running), so another operator sees who holds a phone.
  `
CREATE TABLE phonedeck.phone_claims (
  key text PRIMARY KEY,
  account_id text NOT NULL,
  holder name NOT NULL DEFAULT current_user,
  kind text NOT NULL CHECK (kind IN ('viewer', 'job')),
  since timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
ALTER TABLE phonedeck.phone_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY claims_read ON phonedeck.phone_claims FOR SELECT USING (phonedeck.in_scope(current_user, account_id));
CREATE POLICY claims_release ON phonedeck.phone_claims FOR DELETE USING (holder = current_user);
GRANT SELECT, DELETE ON phonedeck.phone_claims TO phonedeck_member;
-- Taking a claim: free, expired or already yours. One statement, so two people cannot both get it; it runs
-- as the schema's owner (to replace someone else's expired claim) for the login role that called it.
CREATE FUNCTION phonedeck.claim_phone(phone text, account text, claim_kind text, seconds int)
  RETURNS TABLE (holder name, kind text, since timestamptz, mine boolean)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = phonedeck, pg_temp AS $f$
BEGIN
  IF NOT phonedeck.in_scope(session_user, account) OR phonedeck.my_role(session_user) = 'viewer' THEN
    RAISE EXCEPTION 'not yours to claim' USING ERRCODE = '42501';
  END IF;
  INSERT INTO phonedeck.phone_claims AS c (key, account_id, holder, kind, since, expires_at)
    VALUES (phone, account, session_user, claim_kind, now(), now() + make_interval(secs => seconds))
    ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, kind = EXCLUDED.kind, expires_at = EXCLUDED.expires_at,
      since = CASE WHEN c.holder = EXCLUDED.holder AND c.expires_at > now() THEN c.since ELSE now() END
    WHERE c.holder = EXCLUDED.holder OR c.expires_at <= now();
  RETURN QUERY SELECT c.holder, c.kind, c.since, c.holder = session_user FROM phonedeck.phone_claims c WHERE c.key = phone;
END $f$;
GRANT EXECUTE ON FUNCTION phonedeck.claim_phone(text, text, text, int) TO phonedeck_member;
`,
  // 3: prices and policies are the team's, and only owners and managers change them (who and when recorded).
  `
CREATE FUNCTION phonedeck.may_manage(who name) RETURNS boolean LANGUAGE sql STABLE
  SET search_path = phonedeck, pg_temp
  AS $f$ SELECT coalesce(phonedeck.my_role(who) IN ('owner', 'manager'), false) $f$;
CREATE TABLE phonedeck.prices (
  account_id text PRIMARY KEY,
  per_minute numeric(12, 6) NOT NULL CHECK (per_minute >= 0 AND per_minute <= 1000),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  set_by name NOT NULL DEFAULT current_user,
  set_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE phonedeck.policies (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
  body jsonb NOT NULL,
  set_by name NOT NULL DEFAULT current_user,
  set_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE phonedeck.prices ENABLE ROW LEVEL SECURITY;
ALTER TABLE phonedeck.policies ENABLE ROW LEVEL SECURITY;
CREATE POLICY prices_read ON phonedeck.prices FOR SELECT USING (phonedeck.in_scope(current_user, account_id));
CREATE POLICY prices_manage ON phonedeck.prices FOR ALL
  USING (phonedeck.may_manage(current_user) AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.may_manage(current_user) AND phonedeck.in_scope(current_user, account_id) AND set_by = current_user);
CREATE POLICY policies_read ON phonedeck.policies FOR SELECT USING (phonedeck.my_role(current_user) IS NOT NULL);
CREATE POLICY policies_manage ON phonedeck.policies FOR ALL
  USING (phonedeck.may_manage(current_user)) WITH CHECK (phonedeck.may_manage(current_user) AND set_by = current_user);
GRANT SELECT, DELETE ON phonedeck.prices, phonedeck.policies TO phonedeck_member;
GRANT INSERT (account_id, per_minute, currency), UPDATE (per_minute, currency, set_by, set_at) ON phonedeck.prices
  TO phonedeck_member;
GRANT INSERT (id, body), UPDATE (body, set_by, set_at) ON phonedeck.policies TO phonedeck_member;
GRANT EXECUTE ON FUNCTION phonedeck.may_manage(name) TO phonedeck_member;
`,
  // 4: desktops as nodes, scope by group and tag, the team's accounts, per-job start options, viewer hand-over,
  // and notifications of finished jobs and claims (a desktop waits for its job and shows who holds a phone).
  `
ALTER TABLE phonedeck.members ADD COLUMN groups text[], ADD COLUMN tags text[],
  ADD COLUMN runs_jobs boolean NOT NULL DEFAULT false;
ALTER TABLE phonedeck.phones ADD COLUMN grp text NOT NULL DEFAULT '', ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN billing text NOT NULL DEFAULT 'unknown';
ALTER TABLE phonedeck.jobs ADD COLUMN options jsonb;
ALTER TABLE phonedeck.job_phones ADD COLUMN url text;
CREATE FUNCTION phonedeck.may_run(who name) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = phonedeck, pg_temp
  AS $f$ SELECT EXISTS (SELECT 1 FROM phonedeck.members WHERE role_name = who AND (team_role = 'node' OR runs_jobs)) $f$;
-- A member scoped by group or tag sees and acts on the phones of those groups or tags only (in its accounts).
CREATE FUNCTION phonedeck.phone_in_scope(who name, account text, phone_grp text, phone_tags text[]) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = phonedeck, pg_temp
  AS $f$ SELECT EXISTS (SELECT 1 FROM phonedeck.members m WHERE m.role_name = who
    AND (m.accounts IS NULL OR account = ANY (m.accounts))
    AND ((m.groups IS NULL AND m.tags IS NULL) OR phone_grp = ANY (coalesce(m.groups, '{}'))
      OR phone_tags && coalesce(m.tags, '{}'))) $f$;
-- Every phone of a job must be in the submitter's scope; a phone the team has never listed is not.
CREATE FUNCTION phonedeck.keys_in_scope(who name, account text, job_keys text[]) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = phonedeck, pg_temp
  AS $f$ SELECT CASE WHEN EXISTS (SELECT 1 FROM phonedeck.members WHERE role_name = who AND groups IS NULL AND tags IS NULL)
    THEN true
    ELSE NOT EXISTS (SELECT 1 FROM unnest(job_keys) k LEFT JOIN phonedeck.phones p ON p.key = k
      WHERE p.key IS NULL OR p.account_id <> account OR NOT phonedeck.phone_in_scope(who, account, p.grp, p.tags)) END $f$;
DROP POLICY jobs_submit ON phonedeck.jobs;
CREATE POLICY jobs_submit ON phonedeck.jobs FOR INSERT WITH CHECK (
  submitted_by = current_user AND state = 'queued' AND claimed_by IS NULL AND claimed_at IS NULL
  AND finished_at IS NULL AND phonedeck.may_submit(current_user, action, account_id)
  AND phonedeck.keys_in_scope(current_user, account_id, keys));
DROP POLICY jobs_run ON phonedeck.jobs;
CREATE POLICY jobs_run ON phonedeck.jobs FOR UPDATE
  USING (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id));
DROP POLICY job_phones_write ON phonedeck.job_phones;
CREATE POLICY job_phones_write ON phonedeck.job_phones FOR ALL
  USING (phonedeck.may_run(current_user)) WITH CHECK (phonedeck.may_run(current_user) AND recorded_by = current_user);
DROP POLICY phones_read ON phonedeck.phones;
CREATE POLICY phones_read ON phonedeck.phones FOR SELECT
  USING (phonedeck.phone_in_scope(current_user, account_id, grp, tags));
DROP POLICY phones_write ON phonedeck.phones;
CREATE POLICY phones_write ON phonedeck.phones FOR ALL
  USING (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id));
GRANT INSERT (options) ON phonedeck.jobs TO phonedeck_member;
GRANT EXECUTE ON FUNCTION phonedeck.may_run(name), phonedeck.phone_in_scope(name, text, text, text[]),
  phonedeck.keys_in_scope(name, text, text[]) TO phonedeck_member;

-- The accounts a leader runs for the team, so desktops without the key list them too.
CREATE TABLE phonedeck.accounts (
  id text PRIMARY KEY,
  label text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('geelark', 'huawei')),
  capabilities jsonb NOT NULL,
  viewer_origin text,
  led_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE phonedeck.accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_read ON phonedeck.accounts FOR SELECT USING (phonedeck.in_scope(current_user, id));
CREATE POLICY accounts_write ON phonedeck.accounts FOR ALL
  USING (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, id))
  WITH CHECK (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, id));
GRANT SELECT, INSERT, UPDATE ON phonedeck.accounts TO phonedeck_member;

-- A viewer URL carries a short-lived token: the job's submitter takes it once and it is gone from the table.
CREATE FUNCTION phonedeck.take_viewer_url(job bigint, phone text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = phonedeck, pg_temp AS $f$
DECLARE u text;
BEGIN
  SELECT jp.url INTO u FROM phonedeck.job_phones jp JOIN phonedeck.jobs j ON j.id = jp.job_id
    WHERE jp.job_id = job AND jp.key = phone AND j.submitted_by = session_user FOR UPDATE OF jp;
  IF u IS NOT NULL THEN UPDATE phonedeck.job_phones SET url = NULL WHERE job_id = job AND key = phone; END IF;
  RETURN u;
END $f$;
GRANT EXECUTE ON FUNCTION phonedeck.take_viewer_url(bigint, text) TO phonedeck_member;

CREATE FUNCTION phonedeck.notify_job_done() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.state = 'done' AND OLD.state <> 'done' THEN PERFORM pg_notify('phonedeck_job_done', NEW.id::text); END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER jobs_done_notify AFTER UPDATE ON phonedeck.jobs FOR EACH ROW EXECUTE FUNCTION phonedeck.notify_job_done();
CREATE FUNCTION phonedeck.notify_claims() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_notify('phonedeck_claims', coalesce(NEW.account_id, OLD.account_id)); RETURN NULL; END $f$;
CREATE TRIGGER claims_notify AFTER INSERT OR UPDATE OR DELETE ON phonedeck.phone_claims
  FOR EACH ROW EXECUTE FUNCTION phonedeck.notify_claims();
`,
];

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
