/** The consent row of `npm run bench` (issue 20's target: planning 10,000 phones < 20 ms). */
import { ALL_CAPS } from '../test/helpers/phones';
import type { Phone } from '../common/phone';
import { BULK_ACTIONS } from '../common/phone';
import { nameQualifier } from '../common/qualified-names';
import { planAction, type PlanWorld } from '../main/consent/planner';

const round = (n: number) => Math.round(n * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[Math.floor(s.length / 2)]), p95: round(s[Math.floor(s.length * 0.95)]), samples: s.length };
};

/** 10,000 phones over three accounts, a tenth marked to keep, names repeated across accounts. */
function fleet(n: number): Phone[] {
  const statuses = ['running', 'stopped', 'expired', 'starting'] as const;
  return Array.from({ length: n }, (_, i) => ({
    key: `a${i % 3}/${i}`,
    id: String(i),
    accountId: `a${i % 3}`,
    provider: i % 3 === 2 ? 'huawei' : 'geelark',
    name: `Ava-${String(i % 5_000).padStart(4, '0')}`,
    serialNo: String(i),
    group: `G${i % 7}`,
    tags: i % 10 === 0 ? ['vip'] : [],
    remark: i % 25 === 0 ? 'do not delete' : '',
    status: statuses[i % statuses.length],
    statusDetail: '',
    runningSince: null,
    runningSinceExact: false,
    billing: 'per-minute',
  }));
}

export async function consentBench() {
  const phones = fleet(10_000);
  const caps = ALL_CAPS;
  const keys = phones.map((p) => p.key);
  // What the gate does per plan: index the list, qualify names, then plan.
  const planOnce = (action: (typeof BULK_ACTIONS)[number]) => {
    const t = performance.now();
    const byKey = new Map(phones.map((p) => [p.key, p]));
    const world: PlanWorld = {
      id: 'plan_000000000000',
      at: Date.now(),
      phone: (k) => byKey.get(k),
      capabilities: (a) => (a === 'a2' ? { ...caps, delete: false } : caps),
      favorites: new Set(keys.filter((_, i) => i % 50 === 0)),
      keepRunning: new Set(),
      openViewers: new Set(keys.slice(0, 24)),
      heldByOthers: new Map(),
      busy: new Set(),
      price: (a) => ({ perMinute: a === 'a0' ? 0.01 : 0.02, currency: a === 'a2' ? 'CNY' : 'USD' }),
      rules: { askAbovePhones: 10, askAboveCostPerHour: 50, windowMinutes: 5 },
      recent: 0,
      qualify: nameQualifier(phones, (id) => `Team ${id}`),
    };
    planAction({ source: 'window', action, keys }, world);
    return performance.now() - t;
  };
  for (let i = 0; i < 10; i++) planOnce('stop'); // warm-up
  const byAction = Object.fromEntries(
    BULK_ACTIONS.map((a) => [a, stats(Array.from({ length: 50 }, () => planOnce(a)))]),
  );
  return { plan10kPhonesMs: byAction, targets: { planMedianMs: '< 20' } };
}
