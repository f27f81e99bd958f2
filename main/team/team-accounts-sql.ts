import type pg from 'pg';
import type { ProviderCapabilities, ProviderKind } from '../../common/phone';
import type { PhoneClaim } from './team-sql';

/** Who the connected person is in the team (null: a login role that is not a member). */
export async function whoAmI(db: pg.ClientBase): Promise<{ role: string; teamRole: string | null; runsJobs: boolean }> {
  const r = await db.query(
    `SELECT current_user AS role, phonedeck.my_role(current_user) AS team_role, phonedeck.may_run(current_user) AS runs`,
  );
  return { role: r.rows[0].role, teamRole: r.rows[0].team_role, runsJobs: r.rows[0].runs === true };
}

/** An account a leader runs for the team: what a desktop without its key needs to list it. */
export interface TeamAccount {
  id: string;
  label: string;
  provider: ProviderKind;
  capabilities: ProviderCapabilities;
  viewerOrigin: string | null;
  ledBy: string;
  /** The provider reports tasks, so a phone can be proven idle. */
  idleEvidence?: boolean;
}

export async function publishAccount(db: pg.ClientBase, a: TeamAccount): Promise<void> {
  await db.query(
    `INSERT INTO phonedeck.accounts (id, label, provider, capabilities, viewer_origin, led_by, idle_evidence, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, provider = EXCLUDED.provider,
       capabilities = EXCLUDED.capabilities, viewer_origin = EXCLUDED.viewer_origin, led_by = EXCLUDED.led_by,
       idle_evidence = EXCLUDED.idle_evidence, updated_at = now()`,
    [a.id, a.label, a.provider, JSON.stringify(a.capabilities), a.viewerOrigin, a.ledBy, a.idleEvidence ?? false],
  );
  await db.query("SELECT pg_notify('phonedeck_phones', $1)", [a.id]);
}

/** The team's accounts in the reader's scope. */
export async function teamAccounts(db: pg.ClientBase): Promise<TeamAccount[]> {
  const r = await db.query(
    'SELECT id, label, provider, capabilities, viewer_origin, led_by FROM phonedeck.accounts ORDER BY id',
  );
  return r.rows.map((x) => ({
    id: x.id,
    label: x.label,
    provider: x.provider,
    capabilities: x.capabilities,
    viewerOrigin: x.viewer_origin,
    ledBy: x.led_by,
  }));
}

/** Claims still in force, in the reader's scope: who holds which phone, since when, for what. */
export async function liveClaims(db: pg.ClientBase): Promise<(PhoneClaim & { key: string })[]> {
  const r = await db.query(
    `SELECT key, holder, kind, since, holder = session_user AS mine FROM phonedeck.phone_claims WHERE expires_at > now()`,
  );
  return r.rows.map((x) => ({ key: x.key, holder: x.holder, kind: x.kind, since: x.since, mine: x.mine }));
}

/** Waits are woken by these: a finished job (payload: its id) and a changed claim (payload: the account). */
export async function listenForDesk(db: pg.ClientBase): Promise<void> {
  await db.query('LISTEN phonedeck_job_done; LISTEN phonedeck_claims; LISTEN phonedeck_phones');
}

/** Takes a started phone's viewer URL, once; only the job's submitter gets it, and the table forgets it. */
export async function takeViewerUrl(db: pg.ClientBase, jobId: string, key: string): Promise<string | null> {
  const r = await db.query('SELECT phonedeck.take_viewer_url($1, $2) AS url', [jobId, key]);
  return r.rows[0].url ?? null;
}
