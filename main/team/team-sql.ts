import type pg from 'pg';
import type { TeamJobSummary } from '../../common/contract/team';
import { PHONE_STATUSES, type Phone, type PhoneStatus } from '../../common/phone';

/** The team database's queries, in one place; every row a person may see or write is decided by RLS. */

export interface TeamJob {
  id: string;
  accountId: string;
  action: string;
  keys: string[];
  claimedBy: string | null;
  /** Start options the submitter chose (window width, sidebar); null: the leader's defaults. */
  options: unknown;
}

export interface Outcome {
  key: string;
  ok: boolean;
  code: string;
  message: string;
  /** A started phone's viewer URL, kept only until the submitter takes it (take_viewer_url). */
  url?: string;
}

/** Submits a job as the connected person (the database records who: `current_user`). */
export async function submitJob(
  db: pg.ClientBase,
  job: { accountId: string; action: string; keys: string[]; source?: string; options?: unknown },
): Promise<string> {
  const r = await db.query(
    'INSERT INTO phonedeck.jobs (account_id, action, keys, source, options) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [job.accountId, job.action, job.keys, job.source ?? 'window', job.options ?? null],
  );
  return String(r.rows[0].id);
}

const toJob = (r: {
  id: string;
  account_id: string;
  action: string;
  keys: string[];
  claimed_by: string | null;
  options: unknown;
}) => ({
  id: String(r.id),
  accountId: r.account_id,
  action: r.action,
  keys: r.keys,
  claimedBy: r.claimed_by,
  options: r.options,
});

/**
 * Claims the account's oldest queued job for this node, exactly once across every node: a row another
 * transaction holds is skipped, never waited for or taken twice.
 */
export async function claimNext(db: pg.ClientBase, accountId: string, node: string): Promise<TeamJob | null> {
  const r = await db.query(
    `UPDATE phonedeck.jobs SET state = 'claimed', claimed_by = $2, claimed_at = now()
     WHERE id = (SELECT id FROM phonedeck.jobs WHERE account_id = $1 AND state = 'queued'
                 ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING id, account_id, action, keys, claimed_by, options`,
    [accountId, node],
  );
  return r.rows[0] ? toJob(r.rows[0]) : null;
}

/** Jobs of the account claimed and never finished: a leader that held the lease died while running them. */
export async function orphanedJobs(db: pg.ClientBase, accountId: string): Promise<TeamJob[]> {
  const r = await db.query(
    "SELECT id, account_id, action, keys, claimed_by, options FROM phonedeck.jobs WHERE account_id = $1 AND state = 'claimed' ORDER BY id",
    [accountId],
  );
  return r.rows.map(toJob);
}

/** Keys of a job that already have an outcome (written chunk by chunk, so a takeover knows where it stopped). */
export async function keysWithOutcome(db: pg.ClientBase, jobId: string): Promise<Set<string>> {
  const r = await db.query('SELECT key FROM phonedeck.job_phones WHERE job_id = $1', [jobId]);
  return new Set(r.rows.map((x) => x.key as string));
}

/** Writes outcomes once each: a phone's first recorded outcome stands. */
export async function recordOutcomes(db: pg.ClientBase, jobId: string, outcomes: readonly Outcome[]): Promise<void> {
  if (!outcomes.length) return;
  await db.query(
    `INSERT INTO phonedeck.job_phones (job_id, key, ok, code, message, url, recorded_by)
     SELECT $1, k, o, c, m, NULLIF(u, ''), current_user
       FROM unnest($2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[]) AS t(k, o, c, m, u)
     ON CONFLICT (job_id, key) DO NOTHING`,
    [
      jobId,
      outcomes.map((o) => o.key),
      outcomes.map((o) => o.ok),
      outcomes.map((o) => o.code),
      outcomes.map((o) => o.message),
      outcomes.map((o) => o.url ?? ''),
    ],
  );
}

/** A job's state: queued, claimed or done (null: not visible to the reader). */
export async function jobState(db: pg.ClientBase, jobId: string): Promise<string | null> {
  const r = await db.query('SELECT state FROM phonedeck.jobs WHERE id = $1', [jobId]);
  return r.rows[0]?.state ?? null;
}

export async function finishJob(db: pg.ClientBase, jobId: string): Promise<void> {
  await db.query("UPDATE phonedeck.jobs SET state = 'done', finished_at = now() WHERE id = $1", [jobId]);
}

export interface PublishedPhone {
  key: string;
  /** A status read has no names, groups or tags: phones published without them keep theirs. */
  name?: string;
  group?: string;
  tags?: readonly string[];
  billing?: string;
  /** A task waiting or running on it, where the provider reports tasks (published with whole lists). */
  busy?: boolean;
  status: string;
}

/** Publishes phones' statuses to every node (the shared list), then tells them (LISTEN phonedeck_phones). */
export async function publishStatuses(
  db: pg.ClientBase,
  accountId: string,
  phones: readonly PublishedPhone[],
): Promise<void> {
  if (!phones.length) return;
  // running_since: when the team first saw the phone running in its current run (a lower bound, as alone).
  await db.query(
    `INSERT INTO phonedeck.phones AS p (key, account_id, name, grp, tags, billing, busy, status, running_since, updated_at)
     SELECT k, $1, COALESCE(NULLIF(n, ''), split_part(k, '/', 2)), g, ARRAY(SELECT jsonb_array_elements_text(t::jsonb)),
            b, u, s, CASE WHEN s = 'running' THEN now() END, now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $9::boolean[])
         AS x(k, n, g, t, b, s, u)
     ON CONFLICT (key) DO UPDATE SET status = EXCLUDED.status, updated_at = now(),
       running_since = CASE WHEN EXCLUDED.status <> 'running' THEN NULL
                            WHEN p.status = 'running' THEN coalesce(p.running_since, now()) ELSE now() END,
       name = CASE WHEN $8 THEN EXCLUDED.name ELSE p.name END,
       grp = CASE WHEN $8 THEN EXCLUDED.grp ELSE p.grp END,
       tags = CASE WHEN $8 THEN EXCLUDED.tags ELSE p.tags END,
       billing = CASE WHEN $8 THEN EXCLUDED.billing ELSE p.billing END,
       busy = CASE WHEN $8 THEN EXCLUDED.busy ELSE p.busy END,
       rev = nextval('phonedeck.phone_rev')`,
    [
      accountId,
      phones.map((p) => p.key),
      phones.map((p) => p.name ?? ''),
      phones.map((p) => p.group ?? ''),
      // One text per phone: its tags as a JSON array, read back element by element above.
      phones.map((p) => JSON.stringify(p.tags ?? [])),
      phones.map((p) => p.billing ?? 'unknown'),
      phones.map((p) => p.status),
      phones.some((p) => p.name),
      phones.map((p) => p.busy ?? false),
    ],
  );
  await db.query("SELECT pg_notify('phonedeck_phones', $1)", [accountId]);
}

/** A job's per-phone outcomes, for whoever submitted it (RLS: only jobs in the reader's scope). */
export async function jobOutcomes(db: pg.ClientBase, jobId: string): Promise<(Outcome & { recordedBy: string })[]> {
  const r = await db.query(
    'SELECT key, ok, code, message, recorded_by FROM phonedeck.job_phones WHERE job_id = $1 ORDER BY key',
    [jobId],
  );
  return r.rows.map((x) => ({ key: x.key, ok: x.ok, code: x.code, message: x.message, recordedBy: x.recorded_by }));
}

/**
 * Takes the account's lease if no other node holds it: a session advisory lock, held as long as this
 * connection lives and let go by PostgreSQL the moment it dies.
 */
export async function tryLease(db: pg.ClientBase, accountId: string): Promise<boolean> {
  const r = await db.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`phonedeck:${accountId}`]);
  return r.rows[0].ok === true;
}

/** New jobs wake the leader at once (the trigger in migration 1 notifies with the account id). */
export async function listenForJobs(db: pg.ClientBase): Promise<void> {
  await db.query('LISTEN phonedeck_jobs');
}

/** Phones written since revision `after` (in the reader's scope), oldest first, with the newest revision. */
/** A status word from the team's list as the app's own ('gone' is the caller's to handle; others: unknown). */
export const teamStatus = (s: string): PhoneStatus =>
  (PHONE_STATUSES as readonly string[]).includes(s) ? (s as PhoneStatus) : 'unknown';

/** How the team's list says a phone bills, as the app's own word. */
export const teamBilling = (b: string): Phone['billing'] =>
  b === 'per-minute' || b === 'monthly' || b === 'parallels' ? b : 'unknown';

/** A phone as the team's list has it. */
export interface TeamPhone {
  key: string;
  accountId: string;
  name: string;
  group: string;
  tags: string[];
  billing: string;
  status: string;
}

/** Phones written since revision `after` (in the reader's scope), oldest first, with the newest revision. */
export async function phonesSince(db: pg.ClientBase, after: string): Promise<{ rev: string; phones: TeamPhone[] }> {
  const r = await db.query(
    'SELECT key, account_id, name, grp, tags, billing, status, rev FROM phonedeck.phones WHERE rev > $1 ORDER BY rev',
    [after],
  );
  return {
    rev: r.rows.length ? String(r.rows.at(-1).rev) : after,
    phones: r.rows.map((x) => ({
      key: x.key,
      accountId: x.account_id,
      name: x.name,
      group: x.grp,
      tags: x.tags,
      billing: x.billing,
      status: x.status,
    })),
  };
}

/** A whole list read: what it has is published, and a phone it no longer has is gone (deleted elsewhere). */
export async function publishList(db: pg.ClientBase, accountId: string, phones: readonly PublishedPhone[]) {
  await publishStatuses(db, accountId, phones);
  const gone = await db.query(
    `UPDATE phonedeck.phones SET status = 'gone', updated_at = now(), rev = nextval('phonedeck.phone_rev')
     WHERE account_id = $1 AND status <> 'gone' AND NOT (key = ANY ($2::text[]))`,
    [accountId, phones.map((p) => p.key)],
  );
  if (gone.rowCount) await db.query("SELECT pg_notify('phonedeck_phones', $1)", [accountId]);
}

/** A follower hears of every published status (the payload is the account id). */
export async function listenForPhones(db: pg.ClientBase): Promise<void> {
  await db.query('LISTEN phonedeck_phones');
}

/** Who holds a phone: this person now (`mine`), or someone else since when, for what (a viewer, a job). */
export interface PhoneClaim {
  holder: string;
  kind: 'viewer' | 'job';
  since: Date;
  mine: boolean;
}

/**
 * Takes (or renews) a lease on a phone for `seconds`: granted when it is free, expired or already this
 * person's; otherwise the answer names who holds it ("Lin is viewing Ava-0013 since 14:02").
 */
export async function claimPhone(
  db: pg.ClientBase,
  c: { key: string; accountId: string; kind: 'viewer' | 'job'; seconds: number },
): Promise<PhoneClaim> {
  const r = await db.query('SELECT * FROM phonedeck.claim_phone($1, $2, $3, $4)', [
    c.key,
    c.accountId,
    c.kind,
    c.seconds,
  ]);
  const row = r.rows[0];
  return { holder: row.holder, kind: row.kind, since: row.since, mine: row.mine };
}

/** A node running a job holds its phones (those nobody else holds) for `seconds`; the count it got. */
export async function claimForJob(db: pg.ClientBase, accountId: string, keys: readonly string[], seconds: number) {
  const r = await db.query('SELECT phonedeck.claim_phones($1, $2, $3) AS n', [keys, accountId, seconds]);
  return Number(r.rows[0].n);
}

/** The job is over: its phones are free again (only this node's own claims go). */
export async function releaseJobClaims(db: pg.ClientBase, keys: readonly string[]): Promise<void> {
  await db.query("DELETE FROM phonedeck.phone_claims WHERE key = ANY ($1) AND kind = 'job'", [keys]);
}

export async function releasePhone(db: pg.ClientBase, key: string): Promise<void> {
  await db.query('DELETE FROM phonedeck.phone_claims WHERE key = $1', [key]);
}

/** The newest jobs in the reader's scope (RLS), with their outcome counts. */
export async function recentJobs(db: pg.ClientBase, limit = 200): Promise<TeamJobSummary[]> {
  const r = await db.query(
    `SELECT j.id, j.account_id, j.action, j.source, cardinality(j.keys) AS phones, j.submitted_by, j.submitted_at,
            j.state, j.claimed_by, count(p.*) FILTER (WHERE p.ok) AS ok, count(p.*) FILTER (WHERE NOT p.ok) AS failed
     FROM phonedeck.jobs j LEFT JOIN phonedeck.job_phones p ON p.job_id = j.id
     GROUP BY j.id ORDER BY j.id DESC LIMIT $1`,
    [limit],
  );
  return r.rows.map((j) => ({
    id: String(j.id),
    accountId: j.account_id,
    action: j.action,
    source: j.source,
    phones: j.phones,
    submittedBy: j.submitted_by,
    submittedAt: new Date(j.submitted_at).getTime(),
    state: j.state,
    claimedBy: j.claimed_by,
    ok: Number(j.ok),
    failed: Number(j.failed),
  }));
}
