import pg from 'pg';
import { defaultConsentRules } from '../../common/consent-rules';
import { evaluatePolicies, USER_GRACE_MS, type PolicyInputs } from '../../common/policy-evaluate';
import { PolicySchema, type Policy, type PolicyDecision } from '../../common/policy';
import { submitJob, tryLease } from './team-sql';
import { markPolicy, policyContext, policyPhones, teamPolicyBodies } from './team-policies-sql';

export interface TeamPoliciesDeps {
  url: string | pg.ClientConfig;
  accountId: string;
  /** How often the policies are looked at (default 1 min). */
  everyMs?: number;
  log: { info(m: string, d?: unknown): void; warn(m: string, d?: unknown): void };
  now?: () => number;
}

/**
 * The team's policies for one account, run 24/7 by `phonedeck serve`: one node at a time (a lease of its
 * own), reading the shared list and the team's policies, and acting only by submitting jobs marked with the
 * policy, which the account's leader runs like anyone's. The same pure evaluation as the desktop's autopilot
 * decides; the same rule holds back a policy about to act on more phones than the rule table's count unless
 * a manager set it to act alone, and never a phone someone is viewing or used in the last minutes.
 */
export class TeamPolicies {
  private db: pg.Client | null = null;
  private holding = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly warned = new Set<string>();

  constructor(private readonly d: TeamPoliciesDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.d.everyMs ?? 60_000);
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.release();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.step().finally(() => (this.running = null));
    await this.running;
  }

  private async step(): Promise<void> {
    try {
      if (!this.db) {
        const c = new pg.Client(typeof this.d.url === 'string' ? { connectionString: this.d.url } : this.d.url);
        c.on('error', () => void this.release());
        try {
          await c.connect();
        } catch (e) {
          await c.end().catch(() => undefined);
          throw e;
        }
        this.db = c;
      }
      this.holding ||= await tryLease(this.db, `policies:${this.d.accountId}`);
      if (this.holding) await this.evaluate(this.db);
    } catch (e) {
      this.d.log.warn('team policies: lost the database', { account: this.d.accountId, error: (e as Error).message });
      await this.release();
    }
  }

  private async release(): Promise<void> {
    const c = this.db;
    this.db = null;
    this.holding = false;
    await c?.end().catch(() => undefined);
  }

  /** One look at the account: what every enabled policy would do now, and the jobs for it. */
  async evaluate(db: pg.ClientBase): Promise<void> {
    const { accountId } = this.d;
    const policies = this.policiesOf(await teamPolicyBodies(db));
    if (!policies.length) return;
    const now = (this.d.now ?? Date.now)();
    const rows = await policyPhones(db, accountId);
    const ctx = await policyContext(db, accountId, USER_GRACE_MS);
    // A schedule first seen now never acts on an occurrence before it (as on a desktop).
    for (const p of policies)
      if (p.kind === 'schedule' && ctx.marks[p.id] === undefined) {
        await markPolicy(db, p.id, accountId, now);
        ctx.marks[p.id] = now;
      }
    const inputs: PolicyInputs = {
      now,
      mono: now,
      phones: rows.map((r) => r.phone),
      openWindows: ctx.viewers,
      viewerClosedAt: new Map(),
      userActionAt: ctx.actedAt,
      busy: new Set(rows.filter((r) => r.busy).map((r) => r.phone.key)),
      idleEvidence: () => ctx.idleEvidence,
      startedHere: ctx.startedByTeam,
      snoozedUntil: new Map(),
      keepRunning: new Set(),
      spendToday: { [accountId]: ctx.price ? spentToday(rows, ctx.price.perMinute, now) : null },
      currencyOf: () => ctx.price?.currency ?? 'USD',
      scheduleSince: ctx.marks,
    };
    // A phone someone is viewing is left to them, whatever the policy (the consent planner's rule for policies).
    const spared = new Set([...ctx.pending, ...ctx.viewers]);
    for (const d of evaluatePolicies(policies, inputs)) await this.act(db, d, policies, spared);
  }

  private async act(db: pg.ClientBase, d: PolicyDecision, policies: Policy[], spared: ReadonlySet<string>) {
    const { accountId } = this.d;
    // An occurrence is used up once acted on, or when it finds nothing to do; a held one stays due.
    const useUp = () => (d.occurrence !== undefined ? markPolicy(db, d.policyId, accountId, d.occurrence) : undefined);
    const keys = d.keys.filter((k) => !spared.has(k));
    if (d.action === 'warn' || !keys.length) {
      if (d.action === 'warn') this.once(`warn:${d.policyId}`, 'team policy: budget warning', d, keys.length);
      return useUp();
    }
    const policy = policies.find((p) => p.id === d.policyId)!;
    const alone = policy.kind === 'budget' ? policy.act : policy.actAlone === true;
    if (d.needsConsent || (!alone && keys.length > defaultConsentRules().askAbovePhones)) {
      // Nobody is there to confirm at 03:00: a manager decides ahead, by letting the policy act alone.
      return this.once(`held:${d.policyId}:${d.occurrence ?? ''}`, 'team policy: held for a person', d, keys.length);
    }
    const job = await submitJob(db, { accountId, action: d.action, keys, source: `policy:${d.policyName}` });
    await useUp();
    this.d.log.info('team policy: acted', { policy: d.policyName, action: d.action, phones: keys.length, job });
  }

  /** Said once per policy and occurrence, not at every look. */
  private once(key: string, message: string, d: PolicyDecision, phones: number): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.d.log.warn(message, { policy: d.policyName, phones, reason: d.reason });
  }

  /** The team's policies that concern this account; a body that does not read as a policy is skipped, once said. */
  private policiesOf(bodies: { id: string; body: unknown }[]): Policy[] {
    const out: Policy[] = [];
    for (const { id, body } of bodies) {
      const parsed = PolicySchema.safeParse(body);
      if (!parsed.success) {
        if (!this.warned.has(`bad:${id}`)) this.d.log.warn('team policy: not a policy, skipped', { id });
        this.warned.add(`bad:${id}`);
        continue;
      }
      const p = parsed.data;
      const account = p.kind === 'budget' ? p.accountId : p.scope.accountId;
      if (account === undefined || account === this.d.accountId) out.push(p);
    }
    return out;
  }
}

/** Today's spend so far from running phones (a lower bound: phones that ran earlier today and stopped are not seen). */
function spentToday(
  rows: { phone: { status: string; runningSince: number | null } }[],
  perMinute: number,
  now: number,
) {
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  let minutes = 0;
  for (const { phone } of rows)
    if (phone.status === 'running' && phone.runningSince !== null)
      minutes += Math.ceil((now - Math.max(phone.runningSince, midnight)) / 60_000);
  return minutes * perMinute;
}
