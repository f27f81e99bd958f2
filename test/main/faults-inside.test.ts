import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../main/kernel/clock';
import { Fleet } from '../../main/fleet/fleet';
import { StatusPoller } from '../../main/fleet/poller';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';
import { MemorySettingsStore, type Settings } from '../../main/settings/settings';
import { GeeLarkProvider } from '../../main/providers/geelark/provider';
import { GeeLarkSim } from '../../main/sim/geelark-sim';
import { fileLogSink } from '../../main/shell/file-log';
import { closeAfterEach } from '../helpers/close-after-each';
import { testCore, waitFor } from '../helpers/core';

const tracked = closeAfterEach();
const throwingSink = () => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a failing logger never breaks the core', () => {
  it('log calls return normally when the sink throws, and count what they dropped', () => {
    const log = createLogger(new SecretRegistry(), throwingSink);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => {
      log.info('hello');
      log.error('with details', { error: new Error('x') });
      log.warn('unserialisable', circular);
    }).not.toThrow();
    expect(log.dropped).toBe(3);
  });

  it('a log folder that cannot be created or written loses lines, not the app', () => {
    // A folder "inside" a regular file can be neither created nor written (ENOTDIR), like a full disk.
    const file = join(mkdtempSync(join(tmpdir(), 'phonedeck-')), 'not-a-folder');
    writeFileSync(file, '');
    const sink = fileLogSink(join(file, 'logs'));
    const log = createLogger(new SecretRegistry(), sink);
    expect(() => log.warn('still running')).not.toThrow();
    expect(log.dropped).toBe(1);
  });

  it('IPC still answers {ok:false} when the disk is full for both settings and the log', async () => {
    const store = new MemorySettingsStore();
    const env = await tracked(testCore({ logSink: throwingSink, settingsStore: store }));
    store.write = (_next: Settings) => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const reply = await env.core.dispatch('settings:update', { theme: 'dark' });
    expect(reply).toMatchObject({ ok: false });
    // Nothing changed in memory either: what the app shows is what is on disk.
    expect(env.core.settings.get().theme).toBe('system');
    expect(await env.core.dispatch('settings:get', {})).toMatchObject({ ok: true, value: { theme: 'system' } });
  });
});

describe('the status poller survives anything a tick throws', () => {
  it('logs, backs off and keeps ticking after ticks that throw', async () => {
    let calls = 0;
    const accounts = {
      providers: () => {
        calls++;
        if (calls <= 2) throw new Error('boom');
        return [];
      },
      provider: () => null,
    };
    const lines: string[] = [];
    const log = createLogger(new SecretRegistry(), (_l, line) => {
      lines.push(line);
      throw new Error('and the log is full too');
    });
    const fleet = new Fleet({ accounts, clock: systemClock, emit: () => undefined, log });
    const poller = new StatusPoller(fleet, accounts, systemClock, log, {
      transitionalMs: 10,
      visibleMs: 10,
      fullRefreshMs: 0,
    });
    poller.start();
    await waitFor(
      () => calls,
      (n) => n >= 3,
      5_000,
    );
    expect(poller.running).toBe(true);
    expect(lines.some((l) => l.includes('tick failed'))).toBe(true);
    poller.stop();
  });

  it('stop() during a tick sends nothing afterwards and leaves no timer behind', async () => {
    const sim = await tracked(
      (async () => {
        const s = new GeeLarkSim({ phones: 250, perMinute: 1_000_000 });
        await s.listen();
        return s;
      })(),
    );
    for (const p of sim.phones.values()) Object.assign(p, { status: 1, next: null, expired: false });
    // Three calls a minute per endpoint, all used up: the tick's three status chunks are waiting in the
    // limiter (on a minute-long timer) when stop() comes.
    const provider = new GeeLarkProvider({
      auth: { mode: 'token', token: sim.opts.token },
      baseUrl: sim.url,
      fetch,
      clock: systemClock,
      perMinute: 3,
    });
    const accounts = { providers: () => [{ accountId: 'a', provider }], provider: () => provider };
    const log = createLogger(new SecretRegistry(), () => undefined);
    const fleet = new Fleet({ accounts, clock: systemClock, emit: () => undefined, log });
    await fleet.refresh();
    expect(fleet.all()).toHaveLength(250);
    const one = [...sim.phones.keys()].slice(0, 1);
    for (let i = 0; i < 3; i++) await provider.status(one); // the status endpoint's three calls this minute
    const statusCallsBefore = sim.calls.filter((c) => c.path.endsWith('/status')).length;
    await settle(50);
    const baseline = timers();
    const poller = new StatusPoller(fleet, accounts, systemClock, log, {
      transitionalMs: 10,
      visibleMs: 60_000,
      fullRefreshMs: 3_600_000,
    });
    poller.noteFullRefresh();
    poller.start();
    await settle(200);
    expect(timers()).toBeGreaterThan(baseline); // the limiter is waiting for the next minute
    poller.stop();
    await settle(300);
    expect(sim.calls.filter((c) => c.path.endsWith('/status'))).toHaveLength(statusCallsBefore);
    expect(poller.running).toBe(false);
    expect(timers()).toBeLessThanOrEqual(baseline);
  });
});

describe('the activity record and the control socket cannot stop the app from starting', () => {
  it('a ledger folder that cannot exist and a socket that cannot listen become notices; the app works', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'phonedeck-')), 'not-a-folder');
    writeFileSync(file, '');
    const env = await tracked(
      testCore({
        ledgerFile: join(file, 'activity.sqlite'),
        control: {
          socket: join(file, 'run', 'control.sock'),
          socketDir: join(file, 'run'),
          tokenFile: join(file, 'control.token'),
        },
      }),
    );
    expect(env.core.startupNotices.join('\n')).toMatch(/activity record could not be opened.*temporary file/);
    expect(env.core.startupNotices.join('\n')).toMatch(/command line and MCP cannot reach the app/);
    expect(env.core.controlServer).toBeNull();
    // Actions are still recorded, in the temporary record.
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const phone = env.core.fleet.all().find((p) => p.status === 'running')!;
    await env.core.fleet.runAndWait(
      'stop',
      [phone.key],
      (await import('../../common/start-options')).DEFAULT_START_OPTIONS,
    );
    expect(env.core.ledger.jobs({}).length).toBe(1);
  });

  it('a journal entry this version cannot apply is skipped with a notice, not a failed start', async () => {
    const { Ledger } = await import('../../main/ledger/ledger');
    const { appendFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const file = join(mkdtempSync(join(tmpdir(), 'phonedeck-')), 'activity.sqlite');
    const a = await Ledger.open({ file, now: () => 1 });
    a.commit([{ op: 'job', id: 'ok', at: 1, source: 'window', action: 'stop', total: 0, finishedAt: 1, phones: [] }]);
    // A well-formed line whose fact breaks a NOT NULL column (as a newer or buggy writer might leave).
    const json = JSON.stringify({
      op: 'job',
      id: 'bad',
      at: null,
      source: 'window',
      action: 'stop',
      total: 0,
      finishedAt: 1,
      phones: [],
      seq: 99,
    });
    appendFileSync(`${file}.journal`, `${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json}\n`);
    const b = await Ledger.open({ file, now: () => 1 });
    expect(b.notices.join()).toMatch(/could not be applied and were skipped/);
    expect(b.jobs({}).map((j) => j.id)).toEqual(['ok']);
    b.commit([
      { op: 'job', id: 'after', at: 2, source: 'window', action: 'stop', total: 0, finishedAt: 2, phones: [] },
    ]);
    expect(b.jobs({}).map((j) => j.id)).toEqual(['after', 'ok']);
  });
});
