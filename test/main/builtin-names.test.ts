import { describe, expect, it } from 'vitest';
import { PolicySchema, type Policy } from '../../common/policy';
import { evaluatePolicies, type PolicyInputs } from '../../common/policy-evaluate';
import { loadSettings } from '../../main/settings/settings-file';
import { makePhone } from '../helpers/phones';

const BUILT_IN = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const now = Date.UTC(2026, 10, 23, 20, 0); // a Monday evening, after a 19:00 schedule
const inputs = (over: Partial<PolicyInputs> = {}): PolicyInputs => ({
  now,
  phones: [makePhone({ key: 'a/1', id: '1', accountId: 'a', status: 'stopped' })],
  openWindows: new Set(),
  viewerClosedAt: new Map(),
  userActionAt: new Map(),
  startedHere: new Set(),
  snoozedUntil: new Map(),
  keepRunning: new Set(),
  spendToday: {},
  scheduleSince: {},
  mono: now,
  busy: new Set(),
  idleEvidence: () => true,
  currencyOf: () => 'USD',
  ...over,
});
const schedule = (id: string): Policy => ({
  id,
  name: 'Mornings',
  enabled: true,
  kind: 'schedule',
  scope: {},
  action: 'start',
  time: '19:00',
  weekdays: [0, 1, 2, 3, 4, 5, 6],
});

describe('ids and accounts named like what every object inherits', () => {
  it('are refused as a policy id and as the account a policy names', () => {
    for (const name of BUILT_IN) {
      expect(PolicySchema.safeParse(schedule(name)).success, name).toBe(false);
      expect(PolicySchema.safeParse({ ...schedule('ok'), scope: { accountId: name } }).success, name).toBe(false);
      const budget = {
        id: 'b',
        name: 'Cap',
        enabled: true,
        kind: 'budget',
        accountId: name,
        warnAt: 1,
        stopAt: 2,
        act: false,
      };
      expect(PolicySchema.safeParse(budget).success, name).toBe(false);
    }
    expect(PolicySchema.safeParse(schedule('p_42')).success).toBe(true);
  });

  it('a schedule called __proto__ (from an old file) does not fire on every tick: it waits for its time', () => {
    // Never recorded (a record cannot hold that key): first seen now, so the 19:00 that already passed is not acted on.
    const first = evaluatePolicies([schedule('__proto__')], inputs({ scheduleSince: {} }));
    expect(first).toEqual([]);
  });

  it('a budget on account "constructor" neither throws nor stops the other policies', () => {
    const budget: Policy = {
      id: 'b',
      name: 'Cap',
      enabled: true,
      kind: 'budget',
      accountId: 'constructor',
      warnAt: 1,
      stopAt: 2,
      act: false,
    };
    const decisions = evaluatePolicies([budget, schedule('p_1')], inputs({ scheduleSince: { p_1: now - 86_400_000 } }));
    expect(decisions.map((d) => d.policyId)).toEqual(['p_1']);
  });

  it('a settings file holding such a policy or account loses only that one, with a notice', () => {
    const loaded = loadSettings({
      version: 1,
      accounts: [
        { id: '__proto__', label: 'Odd', provider: 'geelark', auth: 'token', demo: false },
        { id: 'acc_1', label: 'Team A', provider: 'geelark', auth: 'token', demo: false },
      ],
      autopilot: { policies: [schedule('__proto__'), schedule('p_1')] },
    });
    expect(loaded.settings.accounts.map((a) => a.id)).toEqual(['acc_1']);
    expect(loaded.settings.autopilot.policies.map((p) => p.id)).toEqual(['p_1']);
    expect(loaded.repaired.map((r) => r.key)).toEqual(expect.arrayContaining(['repair.account', 'repair.autopilot']));
  });
});
