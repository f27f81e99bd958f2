// Schedules run in local time: this file pins a zone with DST (vitest runs each file in its own process).
process.env.TZ = 'Europe/Berlin';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BulkJobState, BulkResult } from '../../common/contract';
import type { Phone } from '../../common/phone';
import { defaultAutopilot, type AutopilotSettings, type PendingStop, type Policy } from '../../common/policy';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { Autopilot, NOTICE_BEFORE_STOP_MS, SNOOZE_MS } from '../../main/autopilot/autopilot';
import { evaluatePolicies, latestOccurrence } from '../../common/policy-evaluate';
import { Ledger } from '../../main/ledger/ledger';
import { ConsentGate } from '../../main/consent/consent-gate';
import type { ConsentRules } from '../../common/consent';
import { ActivityRecorder } from '../../main/ledger/recorder';
import { FakeClock } from '../helpers/fake-clock';
import { ALL_CAPS, makePhone } from '../helpers/phones';

const MIN = 60_000;
const silent = { info() {}, warn() {}, error() {}, debug() {} } as never;

/** The fleet, sessions and settings an autopilot sees, with every action it takes recorded. */
async function rig(opts: {
  phones: Phone[];
  policies: Policy[];
  clock?: FakeClock;
  startedHere?: string[];
  spend?: Record<string, number | null>;
  /** The rule table (default: a count no test reaches, so only the tests about it ask). */
  rules?: ConsentRules;
  /** Accounts whose provider reports no tasks (idle cannot be proven), and phones busy with a task. */
  noTaskReports?: string[];
  busy?: string[];
}) {
  const clock = opts.clock ?? new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
  const phones = new Map(opts.phones.map((p) => [p.key, p]));
  const done: ((job: BulkJobState, results: BulkResult[]) => void)[] = [];
  const patches: ((u: readonly Phone[], r: readonly string[]) => void)[] = [];
  const sessionListeners: (() => void)[] = [];
  let open: string[] = [];
  const actions: { action: string; keys: string[]; source: string }[] = [];
  const announced: { message: string; pending: PendingStop | null }[] = [];
  let settings: AutopilotSettings = { ...defaultAutopilot(), policies: opts.policies };
  /** Tells every job listener that a job ended now, with these results. */
  const finishJob = (
    jobId: string,
    action: BulkJobState['action'],
    source: BulkJobState['source'],
    results: BulkResult[],
  ) => {
    const total = results.length;
    const job: BulkJobState = {
      jobId,
      action,
      source,
      total,
      done: total,
      phase: 'done',
      state: 'done',
      startedAt: clock.now(),
      finishedAt: clock.now(),
    };
    for (const l of done) l(job, results);
  };
  const fleet = {
    all: () => [...phones.values()],
    startedHereKeys: () => opts.startedHere ?? [],
    onJobDone: (l: (job: BulkJobState, results: BulkResult[]) => void) => void done.push(l),
    onPatch: (l: (u: readonly Phone[], r: readonly string[]) => void) => void patches.push(l),
    async runAndWait(action: 'start' | 'stop', keys: readonly string[], _o: unknown, source: string) {
      actions.push({ action, keys: [...keys], source });
      const changed = keys.map((k) => ({
        ...phones.get(k)!,
        status: action === 'stop' ? ('stopped' as const) : ('running' as const),
      }));
      for (const p of changed) phones.set(p.key, p);
      const results = keys.map((k) => ({
        key: k,
        name: phones.get(k)!.name,
        accountId: phones.get(k)!.accountId,
        lastStatus: null,
        ok: true,
        code: '',
        message: 'ok',
      }));
      finishJob(`job_${actions.length}`, action, source as BulkJobState['source'], results);
      for (const l of patches) l(changed, []);
      return results;
    },
  };
  const ledger = await Ledger.open({ file: join(mkdtempSync(join(tmpdir(), 'ap-')), 'a.sqlite'), now: clock.now });
  new ActivityRecorder({ ledger, fleet, clock, log: silent });
  // The real consent gate over the fake fleet: policies act only through its plans, as in the app.
  const running = new Map<string, Promise<BulkResult[]>>();
  let autopilotRef: Autopilot | null = null;
  const gate = new ConsentGate({
    clock,
    phones: () => [...phones.values()],
    phone: (k) => phones.get(k),
    capabilities: () => ALL_CAPS,
    accountLabels: () => new Map(),
    favorites: () => [],
    keepRunning: () => settings.keepRunning,
    openViewers: () => open,
    busy: () => autopilotRef?.busyKeys() ?? new Set(),
    price: () => null,
    rules: () => opts.rules ?? { askAbovePhones: 100_000, askAboveCostPerHour: null, windowMinutes: 5 },
    run: (action, keys, options, source) => {
      const jobId = `run_${running.size + 1}`;
      running.set(jobId, fleet.runAndWait(action as 'start' | 'stop', keys, options, source));
      return jobId;
    },
    runFiles: () => {
      throw new Error('policies never put files or apps on phones');
    },
    waitForJob: (jobId) => running.get(jobId)!,
    startAndOpen: async () => [],
    startOptions: () => DEFAULT_START_OPTIONS,
  });
  const autopilot = new Autopilot({
    clock,
    log: silent,
    fleet,
    consent: gate,
    tasks: {
      reportsTasks: (accountId) => !(opts.noTaskReports ?? []).includes(accountId),
      busyPhones: async () => new Set(opts.busy ?? []),
    },
    sessions: { openKeys: () => open, onChange: (l) => void sessionListeners.push(l) },
    settings: {
      get: () => settings,
      update: (change) => {
        settings = structuredClone(settings);
        change(settings);
      },
    },
    spendToday: () => opts.spend ?? {},
    currencyOf: () => 'USD',
    announce: (message, pending) => void announced.push({ message, pending }),
    onChange: () => undefined,
  });
  autopilotRef = autopilot;
  return {
    clock,
    autopilot,
    gate,
    actions,
    announced,
    ledger,
    phones,
    setOpen(keys: string[]) {
      open = keys;
      for (const l of sessionListeners) l();
    },
    userAction(keys: string[]) {
      finishJob(
        'user',
        'start',
        'window',
        keys.map((key) => ({ key, name: key, accountId: 'acc', lastStatus: null, ok: true, code: '', message: '' })),
      );
    },
    settings: () => settings,
    updateSettings(change: (a: AutopilotSettings) => void) {
      settings = structuredClone(settings);
      change(settings);
    },
    async advance(ms: number, step = 30_000) {
      for (let t = 0; t < ms; t += step) {
        clock.t += Math.min(step, ms - t);
        await autopilot.tick();
      }
    },
  };
}

const idle = (minutes: number, scope = {}): Policy => ({
  id: 'idle',
  name: 'Idle 30',
  enabled: true,
  kind: 'idleStop',
  scope,
  idleMinutes: minutes,
});
const running = (n: number, since: number, extra: Partial<Phone> = {}) =>
  Array.from({ length: n }, (_, i) =>
    makePhone({ key: `acc/${i}`, id: String(i), name: `Ava-${i}`, status: 'running', runningSince: since, ...extra }),
  );

describe('idle stop', () => {
  it('announces at N minutes and not before, stops a minute later, and the stop is in the ledger with the policy as source', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(3, clock.now()), policies: [idle(30)] });
    await r.advance(29 * MIN);
    expect(r.announced).toEqual([]);
    await r.advance(1 * MIN);
    expect(r.announced[0].message).toMatch(/Idle 30 will stop in 1 min: Ava-0, Ava-1, Ava-2/);
    expect(r.actions).toEqual([]);
    await r.advance(NOTICE_BEFORE_STOP_MS);
    expect(r.actions).toEqual([{ action: 'stop', keys: ['acc/0', 'acc/1', 'acc/2'], source: 'policy:Idle 30' }]);
    const [job] = r.ledger.jobs({ source: 'policy' });
    expect(job).toMatchObject({ source: 'policy:Idle 30', action: 'stop', total: 3, succeeded: 3, confirmed: 3 });
    // Never a delete, from any policy.
    expect(r.actions.every((a) => a.action !== 'delete')).toBe(true);
  });

  it('spares a snoozed phone for 30 minutes, and an open viewer (or one closed lately) resets idle time', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(2, clock.now()), policies: [idle(30)] });
    r.setOpen(['acc/1']);
    await r.advance(30 * MIN);
    const pending = r.announced.at(-1)!.pending!;
    expect(pending.keys).toEqual(['acc/0']);
    expect(r.autopilot.snooze(pending.id)).toBe(true);
    await r.advance(SNOOZE_MS - MIN);
    expect(r.actions).toEqual([]);
    // The viewer of acc/1 closes now: acc/1 is idle from this moment, not from when it started.
    r.setOpen([]);
    await r.advance(2 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions.flatMap((a) => a.keys)).toEqual(['acc/0']);
    await r.advance(28 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions.flatMap((a) => a.keys)).toEqual(['acc/0', 'acc/1']);
  });

  it('leaves alone phones tagged keep-running, marked keep running, or touched by a person in the last minutes', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const phones = [
      ...running(2, clock.now()),
      makePhone({
        key: 'acc/k',
        id: 'k',
        name: 'Kept',
        status: 'running',
        runningSince: clock.now(),
        tags: ['keep-running'],
      }),
    ];
    const r = await rig({ clock, phones, policies: [idle(30)] });
    r.settings().keepRunning.push('acc/1');
    await r.advance(29 * MIN);
    r.userAction(['acc/0']);
    await r.advance(1 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions).toEqual([]);
    await r.advance(30 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions.flatMap((a) => a.keys)).toEqual(['acc/0']);
  });

  it('a stop announced for a phone someone opens before it is due does not happen', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(1, clock.now()), policies: [idle(10)] });
    await r.advance(10 * MIN);
    expect(r.announced).toHaveLength(1);
    r.setOpen(['acc/0']);
    await r.advance(NOTICE_BEFORE_STOP_MS);
    expect(r.actions).toEqual([]);
  });
});

describe('a stop announced is checked again when it is due', () => {
  const announcedThen = async (change: (r: Awaited<ReturnType<typeof rig>>) => void) => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(2, clock.now()), policies: [idle(10)] });
    await r.advance(10 * MIN);
    expect(r.announced).toHaveLength(1);
    change(r);
    await r.advance(NOTICE_BEFORE_STOP_MS);
    return r;
  };

  it('a phone tagged keep-running (in any case) during the notice is spared; the other stops', async () => {
    const r = await announcedThen((x) => x.phones.set('acc/0', { ...x.phones.get('acc/0')!, tags: ['Keep-Running'] }));
    expect(r.actions.map((a) => a.keys)).toEqual([['acc/1']]);
  });

  it('a policy switched off or removed during the notice stops nothing', async () => {
    const off = await announcedThen(() => undefined);
    expect(off.actions).toHaveLength(1); // control: left alone, the stop happens
    for (const change of [
      (a: AutopilotSettings) => void (a.policies = a.policies.map((p) => ({ ...p, enabled: false }))),
      (a: AutopilotSettings) => void (a.policies = []),
    ]) {
      const r = await announcedThen((x) => x.updateSettings(change));
      expect(r.actions).toEqual([]);
    }
  });

  it('a viewer closed a minute before it is due counts as recent use', async () => {
    const r = await announcedThen((x) => {
      x.setOpen(['acc/0']);
      x.clock.t += 10_000;
      x.setOpen([]);
    });
    expect(r.actions.map((a) => a.keys)).toEqual([['acc/1']]);
  });

  it('a scope tag matches whatever its case', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({
      clock,
      phones: running(2, clock.now(), { tags: ['tiktok'] }),
      policies: [idle(10, { tag: 'TikTok' })],
    });
    await r.advance(10 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions.map((a) => a.keys)).toEqual([['acc/0', 'acc/1']]);
  });
});

describe('schedule', () => {
  const weekdaysStop: Policy = {
    id: 'eve',
    name: 'Evenings off',
    enabled: true,
    kind: 'schedule',
    scope: {},
    action: 'stop',
    time: '19:00',
    weekdays: [0, 1, 2, 3, 4, 5, 6],
  };

  it('acts once at the time, never for a time before the policy existed', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 20, 0).getTime()); // created after today's 19:00
    const r = await rig({ clock, phones: running(2, clock.now() - 60 * MIN), policies: [weekdaysStop] });
    await r.advance(5 * MIN);
    expect(r.announced).toEqual([]);
    clock.t = new Date(2026, 10, 24, 18, 59).getTime();
    await r.advance(1 * MIN);
    expect(r.announced).toHaveLength(1);
    await r.advance(NOTICE_BEFORE_STOP_MS + 10 * MIN);
    expect(r.actions).toHaveLength(1);
    expect(r.announced).toHaveLength(2); // the announcement, then the result
  });

  it('after a 3-hour sleep over the time it acts once on wake, not once per missed tick', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 17, 0).getTime());
    const starts: Policy = { ...weekdaysStop, id: 'am', name: 'Morning', action: 'start', time: '18:00' };
    const stopped = Array.from({ length: 2 }, (_, i) =>
      makePhone({ key: `acc/${i}`, id: String(i), status: 'stopped' }),
    );
    const r = await rig({ clock, phones: stopped, policies: [starts] });
    await r.autopilot.tick();
    clock.t += 3 * 60 * MIN; // asleep from 17:00 to 20:00: no ticks at all
    await r.autopilot.tick();
    await r.advance(10 * MIN);
    expect(r.actions).toEqual([{ action: 'start', keys: ['acc/0', 'acc/1'], source: 'policy:Morning' }]);
  });

  it('follows the wall clock across DST changes (Europe/Berlin)', () => {
    // Spring forward, 29 March 2026: 02:30 does not exist; the occurrence is 03:30 local, once.
    const afterSpring = new Date(2026, 2, 29, 4, 0).getTime();
    const occ = latestOccurrence('02:30', [0], afterSpring)!;
    expect(new Date(occ).getHours()).toBe(3);
    // 19:00 is 19:00 local on both sides of each change (18:00 UTC in summer, 18:00 UTC+1… in winter).
    expect(
      new Date(latestOccurrence('19:00', [0, 1, 2, 3, 4, 5, 6], new Date(2026, 2, 29, 20, 0).getTime())!).toISOString(),
    ).toBe('2026-03-29T17:00:00.000Z');
    expect(
      new Date(latestOccurrence('19:00', [0, 1, 2, 3, 4, 5, 6], new Date(2026, 2, 28, 20, 0).getTime())!).toISOString(),
    ).toBe('2026-03-28T18:00:00.000Z');
    expect(
      new Date(latestOccurrence('19:00', [0, 1, 2, 3, 4, 5, 6], new Date(2026, 9, 25, 20, 0).getTime())!).toISOString(),
    ).toBe('2026-10-25T18:00:00.000Z');
  });

  it('a fall-back night with 02:30 twice acts once', async () => {
    // 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET, so 02:30 happens twice.
    const clock = new FakeClock(Date.UTC(2026, 9, 24, 22, 0)); // 00:00 CEST
    const policy: Policy = { ...weekdaysStop, time: '02:30', weekdays: [0] };
    const r = await rig({ clock, phones: running(1, clock.now() - MIN), policies: [policy] });
    await r.advance(4 * 60 * MIN, 5 * MIN); // until 03:00 CET, through both 02:30s
    expect(r.announced.filter((a) => a.pending)).toHaveLength(1);
    expect(r.actions).toHaveLength(1);
  });
});

describe('budget guard', () => {
  it('warns once a day at X, and at Y stops only the phones this app started, asking first unless set to act', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const guard: Policy = {
      id: 'b',
      name: 'Budget',
      enabled: true,
      kind: 'budget',
      accountId: 'acc',
      warnAt: 5,
      stopAt: 10,
      act: false,
    };
    const spend: Record<string, number | null> = { acc: 6 };
    const r = await rig({
      clock,
      phones: running(3, clock.now() - 60 * MIN),
      policies: [guard],
      startedHere: ['acc/0', 'acc/2'],
      spend,
    });
    await r.advance(5 * MIN);
    expect(r.announced.map((a) => a.message)).toEqual(['Budget: est. spend today $6.00 ≥ $5.00']);
    spend.acc = 11;
    await r.advance(5 * MIN);
    const pending = r.announced.at(-1)!.pending!;
    expect(pending).toMatchObject({ keys: ['acc/0', 'acc/2'], needsConsent: true });
    await r.advance(10 * MIN);
    expect(r.actions).toEqual([]); // waits for a person
    await r.autopilot.stopNow(pending.id);
    expect(r.actions).toEqual([{ action: 'stop', keys: ['acc/0', 'acc/2'], source: 'policy:Budget' }]);
    expect(r.phones.get('acc/1')!.status).toBe('running');
  });

  it('evaluates 10,000 phones without touching anything it should not (pure function)', () => {
    const now = Date.now();
    const phones = Array.from({ length: 10_000 }, (_, i) =>
      makePhone({
        key: `a/${i}`,
        id: String(i),
        status: i % 2 ? 'running' : 'stopped',
        runningSince: now - 3_600_000,
        group: i % 3 ? 'QA' : 'Ops',
      }),
    );
    const inputs = {
      now,
      phones,
      openWindows: new Set<string>(),
      viewerClosedAt: new Map(),
      userActionAt: new Map(),
      startedHere: new Set<string>(),
      snoozedUntil: new Map(),
      keepRunning: new Set<string>(),
      spendToday: {},
      scheduleSince: {},
      mono: now,
      busy: new Set<string>(),
      idleEvidence: () => true,
      currencyOf: () => 'USD',
    };
    const [d] = evaluatePolicies([idle(30, { group: 'QA' })], inputs);
    expect(d.keys.length).toBe(phones.filter((p) => p.status === 'running' && p.group === 'QA').length);
  });
});

describe('pause', () => {
  it('a paused autopilot announces and does nothing', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(1, clock.now()), policies: [idle(1)] });
    r.settings().paused = true;
    await r.advance(10 * MIN);
    expect(r.announced).toEqual([]);
    expect(r.actions).toEqual([]);
  });
});

describe('policies in settings.json', () => {
  it('a broken policy is dropped alone, with a notice; the others, prices and marks are kept', async () => {
    const { loadSettings } = await import('../../main/settings/settings-file');
    const good: Policy = idle(30);
    const loaded = loadSettings({
      version: 1,
      autopilot: {
        paused: true,
        policies: [good, { id: 'x', kind: 'teleport' }],
        prices: { acc: 0.02 },
        keepRunning: ['acc/1'],
        lastRuns: {},
        retentionDays: 30,
      },
    });
    expect(loaded.settings.autopilot).toMatchObject({
      paused: true,
      policies: [good],
      prices: { acc: 0.02 },
      keepRunning: ['acc/1'],
      retentionDays: 30,
    });
    expect(loaded.repaired).toEqual([{ key: 'repair.autopilot' }]);
    // A file from before the autopilot existed reads as defaults, silently.
    const old = loadSettings({ version: 1, theme: 'dark' });
    expect(old.settings.autopilot).toEqual(defaultAutopilot());
    expect(old.repaired).toEqual([]);
  });
});

describe('one consent model for policies (#20)', () => {
  const at10 = () => new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());

  it('recent use is measured on a monotonic clock: setting the wall clock forward does not end the grace', async () => {
    const clock = at10();
    const r = await rig({ clock, phones: running(2, clock.now() - 60 * MIN), policies: [idle(30)] });
    r.setOpen(['acc/0']);
    r.setOpen([]); // the viewer closed just now: recent use
    clock.jumpWall(3 * 60 * MIN); // someone sets the clock three hours forward
    await r.autopilot.tick();
    const announced = r.announced.flatMap((a) => a.pending?.keys ?? []);
    expect(announced).toEqual(['acc/1']);
  });

  it('idle means idle: no phone of a provider without task reports, no phone busy with a task or that answered 43005', async () => {
    const clock = at10();
    const phones = [
      ...running(3, clock.now()),
      makePhone({ key: 'hw/1', id: '1', accountId: 'hw', status: 'running', runningSince: clock.now() }),
    ];
    const r = await rig({ clock, phones, policies: [idle(30)], noTaskReports: ['hw'], busy: ['acc/1'] });
    // A stop elsewhere answered "executing a task" for acc/2: busy for a while.
    r.userAction([]);
    (r.autopilot as unknown as { evidence: { noteResults(x: BulkResult[]): void } }).evidence.noteResults([
      {
        key: 'acc/2',
        name: 'Ava-2',
        accountId: 'acc',
        lastStatus: 'running',
        ok: false,
        code: '43005',
        message: 'busy',
      },
    ]);
    await r.advance(31 * MIN);
    expect(r.announced.flatMap((a) => a.pending?.keys ?? [])).toEqual(['acc/0']);
  });

  it('a task read that fails proves nothing: idle stop waits', async () => {
    const clock = at10();
    const r = await rig({ clock, phones: running(1, clock.now()), policies: [idle(30)] });
    (r.autopilot as unknown as { deps: { tasks: { busyPhones(): Promise<Set<string>> } } }).deps.tasks.busyPhones =
      () => Promise.reject(new Error('network down'));
    await r.advance(40 * MIN);
    expect(r.announced).toEqual([]);
  });

  it('"stop after running H hours" stops phones of any provider once they ran that long', async () => {
    const clock = at10();
    const policy: Policy = { id: 'h', name: 'Eight hours', enabled: true, kind: 'runningHours', scope: {}, hours: 8 };
    const phones = [
      makePhone({
        key: 'hw/1',
        id: '1',
        accountId: 'hw',
        name: 'Old',
        status: 'running',
        runningSince: clock.now() - 8 * 60 * MIN,
      }),
      makePhone({
        key: 'hw/2',
        id: '2',
        accountId: 'hw',
        name: 'New',
        status: 'running',
        runningSince: clock.now() - 60 * MIN,
      }),
    ];
    const r = await rig({ clock, phones, policies: [policy], noTaskReports: ['hw'] });
    await r.advance(NOTICE_BEFORE_STOP_MS + 30_000);
    expect(r.actions).toEqual([{ action: 'stop', keys: ['hw/1'], source: 'policy:Eight hours' }]);
  });

  it('above the rule count a policy waits for a person (Stop now), unless a person set it to act alone', async () => {
    const clock = at10();
    const rules = { askAbovePhones: 2, askAboveCostPerHour: null, windowMinutes: 5 };
    const r = await rig({ clock, phones: running(3, clock.now()), policies: [idle(30)], rules });
    await r.advance(31 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(r.actions).toEqual([]);
    const [pending] = r.autopilot.state().pending;
    expect(pending.needsConsent).toBe(true);
    expect(await r.autopilot.stopNow(pending.id)).toBe(true);
    expect(r.actions).toEqual([{ action: 'stop', keys: ['acc/0', 'acc/1', 'acc/2'], source: 'policy:Idle 30' }]);

    const alone = await rig({
      clock: at10(),
      phones: running(3, at10().now()),
      policies: [{ ...idle(30), actAlone: true } as Policy],
      rules,
    });
    await alone.advance(31 * MIN + NOTICE_BEFORE_STOP_MS);
    expect(alone.actions).toHaveLength(1);
  });

  it('switching a policy off takes its notice away at once (the banner goes), and nothing is stopped', async () => {
    const clock = at10();
    const r = await rig({ clock, phones: running(2, clock.now()), policies: [idle(30)] });
    await r.advance(30 * MIN);
    expect(r.autopilot.state().pending).toHaveLength(1);
    r.updateSettings((a) => void (a.policies[0].enabled = false));
    await r.autopilot.tick();
    expect(r.autopilot.state().pending).toEqual([]);
    await r.advance(NOTICE_BEFORE_STOP_MS);
    expect(r.actions).toEqual([]);
  });

  it('Keep running removes the notice and spares the phones', async () => {
    const clock = at10();
    const r = await rig({ clock, phones: running(1, clock.now()), policies: [idle(30)] });
    await r.advance(30 * MIN);
    const [pending] = r.autopilot.state().pending;
    r.autopilot.snooze(pending.id);
    expect(r.autopilot.state().pending).toEqual([]);
  });

  it('a schedule dry run on a Sunday names the next run and what it would do then', async () => {
    const sunday = new FakeClock(new Date(2026, 10, 22, 12, 0).getTime()); // Sunday 22 Nov 2026
    const policy: Policy = {
      id: 'eve',
      name: 'Evenings',
      enabled: true,
      kind: 'schedule',
      scope: {},
      action: 'stop',
      time: '19:00',
      weekdays: [1, 2, 3, 4, 5],
    };
    const r = await rig({ clock: sunday, phones: running(3, sunday.now() - 60 * MIN), policies: [policy] });
    const { dryRunPolicy } = await import('../../main/autopilot/dry-run');
    const [step] = dryRunPolicy(r.autopilot, policy);
    expect(new Date(step.at!).getDay()).toBe(1);
    expect(new Date(step.at!).getHours()).toBe(19);
    expect(step.phones.map((p) => p.key)).toEqual(['acc/0', 'acc/1', 'acc/2']);
  });
});

describe('idle evidence costs requests only when it can matter', () => {
  it('no task read while no phone could be idle; at most one a minute while some could', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0).getTime());
    const r = await rig({ clock, phones: running(2, clock.now()), policies: [idle(30)] });
    let reads = 0;
    const tasks = (r.autopilot as unknown as { deps: { tasks: { busyPhones(): Promise<Set<string>> } } }).deps.tasks;
    tasks.busyPhones = async () => (reads++, new Set());
    await r.advance(29 * MIN); // 58 ticks, nothing idle yet
    expect(reads).toBe(0);
    await r.advance(4 * MIN); // idle now: read, at most once a minute
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(5);
  });
});
