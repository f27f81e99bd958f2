/** The autopilot and ledger rows of `npm run bench` (issue 14's targets). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Phone } from '../common/phone';
import type { Policy } from '../common/policy';
import { evaluatePolicies, type PolicyInputs } from '../common/policy-evaluate';
import { Ledger } from '../main/ledger/ledger';
import { DEMO_GEELARK_ID } from '../main/sim/demo';
import { testCore } from '../test/helpers/core';

const DAY = 86_400_000;
const round = (n: number) => Math.round(n * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[Math.floor(s.length / 2)]), p95: round(s[Math.floor(s.length * 0.95)]), samples: s.length };
};
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

function fleetOf(n: number, now: number): Phone[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `a${i % 3}/${i}`,
    id: String(i),
    accountId: `a${i % 3}`,
    provider: 'geelark',
    name: `Phone-${i}`,
    serialNo: String(i),
    group: ['QA', 'Ops', 'Sales'][i % 3],
    tags: i % 7 ? ['tiktok'] : ['keep-running'],
    remark: '',
    status: i % 2 ? 'running' : 'stopped',
    statusDetail: '',
    runningSince: now - (i % 90) * 60_000,
    runningSinceExact: true,
    billing: 'per-minute',
  }));
}

export async function autopilotBench() {
  const now = Date.now();
  const phones = fleetOf(10_000, now);
  const policies: Policy[] = [
    { id: 'i', name: 'Idle', enabled: true, kind: 'idleStop', scope: { group: 'QA' }, idleMinutes: 30 },
    {
      id: 's',
      name: 'Evenings',
      enabled: true,
      kind: 'schedule',
      scope: {},
      action: 'stop',
      time: '19:00',
      weekdays: [1, 2, 3, 4, 5],
    },
    { id: 'b', name: 'Budget', enabled: true, kind: 'budget', accountId: 'a0', warnAt: 5, stopAt: 10, act: false },
  ];
  const inputs: PolicyInputs = {
    now,
    phones,
    openWindows: new Set(phones.slice(0, 20).map((p) => p.key)),
    viewerClosedAt: new Map(),
    userActionAt: new Map(),
    startedHere: new Set(phones.filter((_, i) => i % 5 === 0).map((p) => p.key)),
    snoozedUntil: new Map(),
    keepRunning: new Set(),
    spendToday: { a0: 12, a1: 1, a2: null },
    scheduleSince: { s: now - DAY },
    mono: now,
    busy: new Set(),
    idleEvidence: () => true,
    currencyOf: () => 'USD',
  };
  for (let i = 0; i < 20; i++) evaluatePolicies(policies, inputs); // warm-up
  const evaluate = stats(Array.from({ length: 200 }, () => time(() => evaluatePolicies(policies, inputs))));

  // A 10,000-phone job into the ledger (journal fsync + SQLite insert).
  const insert: number[] = [];
  for (let run = 0; run < 5; run++) {
    const ledger = await Ledger.open({
      file: join(mkdtempSync(join(tmpdir(), 'bench-ledger-')), 'a.sqlite'),
      now: () => now,
    });
    const job = {
      op: 'job' as const,
      id: `j${run}`,
      at: now,
      source: 'policy:Idle',
      action: 'stop',
      total: 10_000,
      finishedAt: now,
      phones: phones.map((p) => ({
        key: p.key,
        accountId: p.accountId,
        name: p.name,
        ok: true,
        code: '',
        message: 'Stop requested',
      })),
    };
    insert.push(time(() => ledger.commit([job])));
    ledger.close();
  }

  // 10,000 phones × 30 days of running periods (two a day), then "this month" per phone, account, group and tag.
  const ledger = await Ledger.open({
    file: join(mkdtempSync(join(tmpdir(), 'bench-ledger-')), 'a.sqlite'),
    now: () => now,
    compactAtBytes: 1e12,
  });
  const fillStart = performance.now();
  for (let day = 30; day > 0; day--) {
    for (const half of [0, 12]) {
      const startAt = now - day * DAY + half * 3_600_000;
      const runs = phones.map((p) => ({
        key: p.key,
        accountId: p.accountId,
        name: p.name,
        group: p.group,
        tags: p.tags,
        at: startAt,
        exact: true,
      }));
      ledger.commit([{ op: 'runs', starts: runs, ends: [] }]);
      ledger.commit([
        { op: 'runs', starts: [], ends: phones.map((p) => ({ key: p.key, at: startAt + 2 * 3_600_000, exact: true })) },
      ]);
    }
  }
  const fillMs = performance.now() - fillStart;
  const query = stats(Array.from({ length: 5 }, () => time(() => ledger.runningTotals(now - 30 * DAY, now))));
  ledger.close();

  // Policies add no provider requests beyond the actions they take: the real core on the simulators.
  const env = await testCore({ geelarkPhones: 200, huaweiPhones: 0, autopilotGraceMs: 0 });
  const sims = await env.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 120 ? 0 : 2, busyTask: false, expired: false }),
  );
  await env.core.accounts.enableDemo();
  await env.core.fleet.refresh();
  const before = sims.geelark.calls.length;
  env.core.settings.update(
    (s) =>
      void (s.autopilot.policies = [
        { id: 'i', name: 'Idle', enabled: true, kind: 'idleStop', scope: {}, idleMinutes: 600 },
      ]),
  );
  for (let i = 0; i < 100; i++) await env.core.autopilot.tick();
  const idleTicksRequests = sims.geelark.calls.length - before;
  // Now a policy that acts: stop every running phone of the account, announced, then due.
  env.core.settings.update(
    (s) =>
      void (s.autopilot.policies = [
        {
          id: 'w',
          name: 'Now',
          enabled: true,
          kind: 'idleStop',
          scope: { accountId: DEMO_GEELARK_ID },
          idleMinutes: 1,
        },
      ]),
  );
  for (const p of env.core.fleet.all()) if (p.runningSince) Object.assign(p, { runningSince: Date.now() - 3_600_000 });
  await env.core.autopilot.tick();
  for (const p of env.core.autopilot.state().pending) await env.core.autopilot.stopNow(p.id);
  const acted = sims.geelark.calls.slice(before);
  const stopCalls = acted.filter((c) => c.path.endsWith('/stop'));
  const stopped = stopCalls.reduce((a, c) => a + c.ids, 0);
  await env.close();

  return {
    evaluate10kPhones3PoliciesMs: evaluate,
    ledgerInsert10kPhoneJobMs: stats(insert),
    runningTotals10kPhones30DaysMs: { ...query, rows: 10_000 * 60, fillMs: Math.round(fillMs) },
    providerRequests: {
      during100TicksWithNothingToDo: idleTicksRequests,
      whenStopping: {
        phones: stopped,
        stopCalls: stopCalls.length,
        lowerBound: Math.ceil(stopped / 100),
        otherCalls: acted.length - stopCalls.length,
      },
    },
    targets: { evaluateMedianMs: '< 5', ledgerInsertMs: '< 200', runningTotalsMs: '< 100', extraRequests: 0 },
  };
}
