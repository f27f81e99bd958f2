/** Team schema versions 1–3: members, jobs and the shared list; phone claims; prices and policies. */
export const MIGRATIONS_1_3: readonly string[] = [
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
];
