import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveClientToken } from '../../cli/client';
import { createAppCore } from '../../main/app/compose';
import { systemClock, type Clock } from '../../main/kernel/clock';
import type { LogSink } from '../../main/kernel/redact';
import { MemorySettingsStore, type SettingsStore } from '../../main/settings/settings';
import { DemoWorkspace } from '../../main/sim/demo';
import { recordingWindows } from '../support/recording-windows';
import { memoryKeychain } from '../support/test-keychain';

/** The whole main-process core on the two simulators, with fast timings, for integration tests. */
export async function testCore(
  opts: {
    geelarkPhones?: number;
    huaweiPhones?: number;
    clock?: Clock;
    keychainAvailable?: boolean;
    logSink?: LogSink;
    settingsStore?: SettingsStore;
    connectionTestMs?: number;
    autopilotGraceMs?: number;
    control?: { socket: string; socketDir: string; tokenFile: string };
    ledgerFile?: string;
    notify?: (title: string, body: string) => void;
    /** How long a simulated phone takes to boot (default 40 ms). */
    startDelayMs?: number;
    team?: { retryMs?: number; jobWaitMs?: number; checkMs?: number };
    screens?: { capBytes?: number; minAgeMs?: number };
    about?: { version: string; dataFolder: string; logFolder: string };
    /** Stands in for the OS file dialog: the chosen path, or null as when the person cancels. */
    chooseFile?: (kind: 'app' | 'file', title: string) => Promise<string | null>;
  } = {},
) {
  const demo = new DemoWorkspace({
    geelarkPhones: opts.geelarkPhones ?? 20,
    huaweiPhones: opts.huaweiPhones ?? 8,
    startDelayMs: opts.startDelayMs ?? 40,
    jobDelayMs: 40,
  });
  const logs: string[] = [];
  const windows = recordingWindows();
  const store = opts.settingsStore ?? new MemorySettingsStore();
  const core = await createAppCore({
    settingsStore: store,
    encryptor: memoryKeychain({ available: opts.keychainAvailable }),
    fetch,
    clock: opts.clock ?? systemClock,
    logSink: opts.logSink ?? ((_level, line) => logs.push(line)),
    demo,
    windowFactory: windows.factory,
    pollerTimings: { transitionalMs: 150, visibleMs: 1_000, fullRefreshMs: 60_000 },
    stopWaitMs: 5_000,
    huaweiJobPollMs: 10,
    connectionTestMs: opts.connectionTestMs,
    autopilotGraceMs: opts.autopilotGraceMs,
    control: opts.control,
    ledgerFile: opts.ledgerFile,
    notify: opts.notify,
    team: opts.team,
    screens: opts.screens,
    about: opts.about,
    chooseFile: opts.chooseFile,
  });
  const events: { event: string; payload: unknown }[] = [];
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  return { core, demo, logs, windows, store, events, close: () => demo.close() };
}

export async function waitFor<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/**
 * Makes `canary` the GeeLark simulator's token and adds an account with it ("Canary"), listed once: tests
 * that look for a leaked secret then search every exit for that one string.
 */
export async function addCanaryAccount(env: Awaited<ReturnType<typeof testCore>>, canary: string) {
  const sims = await env.demo.sims();
  sims.geelark.opts.token = canary;
  const added = await env.core.dispatch('accounts:add', {
    label: 'Canary',
    credentials: { provider: 'geelark', auth: 'token', token: canary, baseUrl: sims.geelark.url },
  });
  if (!added.ok) throw new Error(`the canary account was not added: ${added.code}`);
  await env.core.fleet.refresh();
  return added;
}

/**
 * Pairs a client as `phonedeck pair` would once a person said yes: its token hash in settings, the token in
 * the owner-only file the CLI and MCP server read (beside the app's token).
 */
export function pairForTests(
  env: Awaited<ReturnType<typeof testCore>>,
  where: { socket: string; tokenFile: string },
  client = 'cli',
): string {
  const token = randomBytes(32).toString('hex');
  env.core.settings.update((s) => {
    const others = s.control.pairedClients.filter((p) => p.client !== client);
    const tokenHash = createHash('sha256').update(token).digest('hex');
    s.control.pairedClients = [...others, { client, tokenHash, pairedAt: Date.now() }];
  });
  return saveClientToken(client, token, where);
}

/**
 * A core serving the control socket from a temp folder, on the demo with four GeeLark phones running and the
 * rest stopped, polling, and this CLI paired (only a paired client can be allowed to act without asking).
 */
export async function controlCore(prefix: string, opts: Omit<Parameters<typeof testCore>[0] & object, 'control'> = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const where = {
    socket: join(dir, 'run', 'control.sock'),
    socketDir: join(dir, 'run'),
    tokenFile: join(dir, 'control.token'),
  };
  const env = await testCore({ ...opts, control: where });
  const sims = await env.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 4 ? 0 : 2, busyTask: false, expired: false }),
  );
  await env.core.accounts.enableDemo();
  await env.core.fleet.refresh();
  env.core.poller.start();
  pairForTests(env, where);
  const close = async () => {
    env.core.poller.stop();
    await env.core.controlServer?.close();
    await env.close();
  };
  return { env, where, close };
}
