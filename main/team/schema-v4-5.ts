/**
 * Team schema versions 4–5: desktops as nodes, scope by group and tag, the team's accounts, viewer hand-over;
 * then what `phonedeck serve` needs to run the team's policies.
 */
export const MIGRATIONS_4_5: readonly string[] = [
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
  // 5: serve runs the team's policies: when a phone began running (for idle, hours and budget), the schedule
  // occurrences already acted on (so a new leader never replays one), and policy jobs a node may submit.
  `
ALTER TABLE phonedeck.phones ADD COLUMN running_since timestamptz, ADD COLUMN busy boolean NOT NULL DEFAULT false;
UPDATE phonedeck.phones SET running_since = updated_at WHERE status = 'running';
-- Whether the account's provider reports tasks, so that "idle" can be proven (GeeLark yes, Huawei CPH no).
ALTER TABLE phonedeck.accounts ADD COLUMN idle_evidence boolean NOT NULL DEFAULT false;
CREATE TABLE phonedeck.policy_marks (
  policy_id text NOT NULL,
  account_id text NOT NULL,
  occurrence timestamptz NOT NULL,
  PRIMARY KEY (policy_id, account_id)
);
ALTER TABLE phonedeck.policy_marks ENABLE ROW LEVEL SECURITY;
CREATE POLICY marks_read ON phonedeck.policy_marks FOR SELECT USING (phonedeck.in_scope(current_user, account_id));
CREATE POLICY marks_run ON phonedeck.policy_marks FOR ALL
  USING (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id))
  WITH CHECK (phonedeck.may_run(current_user) AND phonedeck.in_scope(current_user, account_id));
GRANT SELECT, INSERT, UPDATE ON phonedeck.policy_marks TO phonedeck_member;
-- A node running a job holds its phones meanwhile (one statement for the whole chunk): a phone someone else
-- holds (a viewer open) keeps its holder; the claims go when the job ends.
CREATE FUNCTION phonedeck.claim_phones(phones text[], account text, seconds int) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = phonedeck, pg_temp AS $f$
DECLARE n int;
BEGIN
  IF NOT phonedeck.may_run(session_user) OR NOT phonedeck.in_scope(session_user, account) THEN
    RAISE EXCEPTION 'not yours to claim' USING ERRCODE = '42501';
  END IF;
  INSERT INTO phonedeck.phone_claims AS c (key, account_id, holder, kind, since, expires_at)
    SELECT k, account, session_user, 'job', now(), now() + make_interval(secs => seconds) FROM unnest(phones) k
    ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, kind = 'job', expires_at = EXCLUDED.expires_at,
      since = CASE WHEN c.expires_at > now() THEN c.since ELSE now() END
    -- The node's own viewer (a desktop that leads) stays a viewer: only a job's hold or an expired one is taken.
    WHERE (c.holder = EXCLUDED.holder AND c.kind = 'job') OR c.expires_at <= now();
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $f$;
GRANT EXECUTE ON FUNCTION phonedeck.claim_phones(text[], text, int) TO phonedeck_member;
-- A node submits only what a policy decided: start or stop, marked with the policy, in its accounts.
DROP POLICY jobs_submit ON phonedeck.jobs;
CREATE POLICY jobs_submit ON phonedeck.jobs FOR INSERT WITH CHECK (
  submitted_by = current_user AND state = 'queued' AND claimed_by IS NULL AND claimed_at IS NULL
  AND finished_at IS NULL AND phonedeck.keys_in_scope(current_user, account_id, keys)
  AND (phonedeck.may_submit(current_user, action, account_id)
    OR (phonedeck.my_role(current_user) = 'node' AND phonedeck.in_scope(current_user, account_id)
      AND source LIKE 'policy:%' AND action IN ('start', 'stop'))));
`,
];
