/**
 * The control plane at 10,000 phones (issue 22's targets): resolving 10,000 names, a 500-phone list page, and
 * main's event-loop delay while 10,000-name requests run, on the real ControlService in this process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Phone } from '../common/phone';
import { systemClock } from '../main/kernel/clock';
import { ControlService } from '../main/control/control-service';
import { PhoneLookup } from '../main/control/phone-lookup';

const round = (n: number) => Math.round(n * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[Math.floor(s.length / 2)]), p95: round(s[Math.floor(s.length * 0.95)]), samples: s.length };
};

function fleet(n: number): Phone[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `a${i % 3}/${6331796521430000 + i}`,
    id: String(6331796521430000 + i),
    accountId: `a${i % 3}`,
    provider: 'geelark',
    name: `Ava-${String(i).padStart(5, '0')}`,
    serialNo: String(i),
    group: `G${i % 7}`,
    tags: i % 10 === 0 ? ['vip'] : [],
    remark: '',
    status: i % 4 === 0 ? 'running' : 'stopped',
    statusDetail: '',
    runningSince: null,
    runningSinceExact: false,
    billing: 'per-minute',
  }));
}

export async function controlScale() {
  const phones = fleet(10_000);
  const byKey = new Map(phones.map((p) => [p.key, p]));
  const service = new ControlService({
    fleet: { all: () => phones, get: (k) => byKey.get(k), getJob: () => null, markForCheck: () => undefined },
    accounts: () => [],
    consent: {
      plan: () => {
        throw new Error('not used');
      },
      execute: () => null,
    },
    open: async () => [],
    screenshot: async () => {
      throw new Error('no screens in this bench');
    },
    fileWhat: async () => {
      throw new Error('no files in this bench');
    },
    activity: () => [],
    settings: () => ({ allowedClients: [], pairedClients: [] }),
    pairClient: () => undefined,
    allowClient: () => undefined,
    clock: systemClock,
    onApprovalsChanged: () => undefined,
  });
  const names = phones.map((p, i) => (i % 3 === 0 ? p.name : i % 3 === 1 ? p.id : p.key));
  const timeIt = async (fn: () => unknown) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const resolve: number[] = [];
  for (let i = 0; i < 20; i++) resolve.push(await timeIt(() => new PhoneLookup(phones, new Map()).resolveAll(names)));
  const page: number[] = [];
  for (let i = 0; i < 20; i++)
    page.push(
      await timeIt(() =>
        service.handle('mcp:bench', { method: 'list', params: { limit: 500, cursor: '2000' } }, () => undefined),
      ),
    );
  // Main's event loop while 10,000-name status requests arrive back to back (a timer is what the window waits on).
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const status: number[] = [];
  for (let i = 0; i < 20; i++) {
    status.push(
      await timeIt(() => service.handle('cli', { method: 'status', params: { phones: names } }, () => undefined)),
    );
    await new Promise((r) => setTimeout(r, 5));
  }
  delay.disable();
  return {
    resolve10kNamesMs: stats(resolve),
    listPage500Of10kMs: stats(page),
    status10kNamesMs: stats(status),
    eventLoopDelayWhileStatus10kMs: { p99: round(delay.percentile(99) / 1e6), max: round(delay.max / 1e6) },
    targets: { resolveMs: '< 100', listPageMs: '< 50', eventLoopDelayP99Ms: '< 50' },
  };
}
