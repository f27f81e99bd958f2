import type pg from 'pg';
import { splitPhoneKey, type Phone } from '../../common/phone';
import { teamBilling, teamStatus } from './team-sql';

/** The team's policy bodies, as managers saved them, with who and when (a bad body is the caller's to skip). */
export async function teamPolicyBodies(
  db: pg.ClientBase,
): Promise<{ id: string; body: unknown; setBy: string; setAt: number }[]> {
  const r = await db.query('SELECT id, body, set_by, set_at FROM phonedeck.policies ORDER BY id');
  return r.rows.map((x) => ({ id: x.id, body: x.body, setBy: x.set_by, setAt: new Date(x.set_at).getTime() }));
}

/** The account's phones as a policy sees them (the shared list), with when each began running and its tasks. */
export async function policyPhones(db: pg.ClientBase, accountId: string): Promise<{ phone: Phone; busy: boolean }[]> {
  const r = await db.query(
    `SELECT p.key, p.name, p.grp, p.tags, p.billing, p.status, p.running_since, p.busy, a.provider
     FROM phonedeck.phones p JOIN phonedeck.accounts a ON a.id = p.account_id
     WHERE p.account_id = $1 AND p.status <> 'gone'`,
    [accountId],
  );
  return r.rows.map((x) => ({
    busy: x.busy,
    phone: {
      key: x.key,
      id: splitPhoneKey(x.key).id,
      accountId,
      provider: x.provider,
      name: x.name,
      serialNo: '',
      group: x.grp,
      tags: x.tags,
      remark: '',
      status: teamStatus(x.status),
      statusDetail: '',
      runningSince: x.running_since ? new Date(x.running_since).getTime() : null,
      runningSinceExact: false,
      billing: teamBilling(x.billing),
    },
  }));
}

/** What else a policy reads of the team: viewers open, people's recent actions, started phones, price, marks. */
export async function policyContext(db: pg.ClientBase, accountId: string, graceMs: number) {
  // One query at a time: a client runs one statement at once (pg 9 will refuse overlapping ones).
  const viewers = await db.query(
    "SELECT key FROM phonedeck.phone_claims WHERE account_id = $1 AND kind = 'viewer' AND expires_at > now()",
    [accountId],
  );
  // A person's action (not a policy's) keeps policies off the phone for the grace period.
  const acted = await db.query(
    `SELECT k AS key, max(j.submitted_at) AS at FROM phonedeck.jobs j, unnest(j.keys) k
       WHERE j.account_id = $1 AND j.source NOT LIKE 'policy:%' AND j.submitted_at > now() - make_interval(secs => $2)
       GROUP BY k`,
    [accountId, graceMs / 1000],
  );
  const started = await db.query(
    `SELECT DISTINCT p.key FROM phonedeck.job_phones p JOIN phonedeck.jobs j ON j.id = p.job_id
       WHERE j.account_id = $1 AND j.action = 'start' AND p.ok AND p.at > now() - interval '24 hours'`,
    [accountId],
  );
  const price = await db.query('SELECT per_minute, currency FROM phonedeck.prices WHERE account_id = $1', [accountId]);
  const marks = await db.query('SELECT policy_id, occurrence FROM phonedeck.policy_marks WHERE account_id = $1', [
    accountId,
  ]);
  const pending = await db.query(
    "SELECT DISTINCT unnest(keys) AS key FROM phonedeck.jobs WHERE account_id = $1 AND state <> 'done'",
    [accountId],
  );
  const evidence = await db.query('SELECT idle_evidence FROM phonedeck.accounts WHERE id = $1', [accountId]);
  return {
    viewers: new Set<string>(viewers.rows.map((x) => x.key)),
    actedAt: new Map<string, number>(acted.rows.map((x) => [x.key, new Date(x.at).getTime()])),
    startedByTeam: new Set<string>(started.rows.map((x) => x.key)),
    price: price.rows[0]
      ? { perMinute: Number(price.rows[0].per_minute), currency: price.rows[0].currency as string }
      : null,
    marks: Object.fromEntries(marks.rows.map((x) => [x.policy_id, new Date(x.occurrence).getTime()])) as Record<
      string,
      number
    >,
    /** Phones a job not yet done already names: a policy never queues a second job for them. */
    pending: new Set<string>(pending.rows.map((x) => x.key)),
    idleEvidence: evidence.rows[0]?.idle_evidence === true,
  };
}

/** The schedule occurrence a policy has acted on (or first seen), so no node ever replays it. */
export async function markPolicy(db: pg.ClientBase, policyId: string, accountId: string, at: number): Promise<void> {
  await db.query(
    `INSERT INTO phonedeck.policy_marks (policy_id, account_id, occurrence) VALUES ($1, $2, to_timestamp($3 / 1000.0))
     ON CONFLICT (policy_id, account_id) DO UPDATE SET occurrence = EXCLUDED.occurrence`,
    [policyId, accountId, at],
  );
}
