import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { CLI, cliFor } from '../helpers/cli';
import { controlCore, waitFor, type testCore } from '../helpers/core';

/** `phonedeck app install|uninstall` on the simulators: the rule table asks, results are recorded (#25.1, #25.4, #25.5). */
let env: Awaited<ReturnType<typeof testCore>>;
let where: { socket: string; tokenFile: string };
let close: () => Promise<void>;
const { cli, mcp } = cliFor(() => where);
const apk = join(mkdtempSync(join(tmpdir(), 'pd-app-')), 'shop.apk');
writeFileSync(apk, Buffer.from('PK an apk'));

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('Build the CLI first (npm run build)');
  ({ env, where, close } = await controlCore('pd-app-'));
  const sims = await env.demo.sims();
  sims.geelark.apps.reviewMs = 20;
  sims.geelark.apps.installMs = 0;
  // This CLI may act alone within the rules: what asks below is the rule table's doing.
  env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
});
afterAll(async () => {
  await close();
});
const running = () => env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running');
const approveNext = async (action: string) => {
  const [asked] = await waitFor(
    () => env.core.control.approvals(),
    (l) => l.length === 1,
    15_000,
  );
  expect(asked.action).toBe(action);
  env.core.control.decide(asked.id, true);
  return asked;
};

describe('apps from the command line', () => {
  it('installs on the phones named, within the rules without asking, and records each phone', async () => {
    const [a, b] = running();
    const r = await cli(['app', 'install', apk, a.key, b.key]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/2 of 2 phones are done$/);
    const sims = await env.demo.sims();
    for (const p of [a, b]) expect(sims.geelark.apps.installed.get(p.id)?.has('com.sim.shop')).toBe(true);
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/app/operation/batch')).toEqual([]);
    const [job] = env.core.ledger.jobs({ limit: 5 }).filter((j) => j.action === 'install');
    expect(job).toMatchObject({ source: 'cli', total: 2 });
  }, 30_000);

  it('an install to more phones than the rule allows asks first', async () => {
    env.core.settings.update((s) => void (s.consent.askAbovePhones = 1));
    try {
      const keys = running()
        .slice(0, 2)
        .map((p) => p.key);
      const run = cli(['app', 'install', apk, ...keys]);
      const asked = await approveNext('install');
      expect(asked.count).toBe(2);
      // The person is told what would be installed, not only where.
      expect(asked.subject).toBe('shop.apk');
      expect((await run).code).toBe(0);
    } finally {
      env.core.settings.update((s) => void (s.consent.askAbovePhones = 10));
    }
  }, 30_000);

  it('every uninstall asks, even one phone from an allowed client; a phone without the app says so', async () => {
    const [a] = running();
    const other = running().at(-1)!;
    const run = cli(['app', 'uninstall', 'com.sim.shop', a.key, other.key]);
    const asked = await approveNext('uninstall');
    expect(asked.destructive).toBe(true);
    const r = await run;
    expect(r.out).toMatch(/the app is uninstalled/);
    const rows = env.core.ledger.jobPhones(
      env.core.ledger.jobs({ limit: 5 }).find((j) => j.action === 'uninstall')!.id,
    );
    expect(rows.find((x) => x.key === a.key)).toMatchObject({ ok: true });
  }, 30_000);

  it('MCP `install_app` installs through the same rules and reports each phone', async () => {
    const client = await mcp('app-agent');
    try {
      const [a] = running();
      // An agent's name is not allowed to act alone: a person approves in the window.
      const call = client.callTool({ name: 'install_app', arguments: { file: apk, phones: [a.key] } });
      await approveNext('install');
      const r = await call;
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ result: { results: [{ key: a.key, ok: true }] } });
    } finally {
      await client.close();
    }
  }, 30_000);

  it('Huawei phones install from OBS (a command per phone); a local file there, or an OBS path for GeeLark, says how instead', async () => {
    const sims = await env.demo.sims();
    const [hw] = [...sims.huawei.phones.values()];
    hw.status = 2;
    await env.core.fleet.refresh();
    const hwKey = env.core.fleet.all().find((p) => p.id === hw.phone_id)!.key;
    const [gl] = running();
    const r = await cli(['app', 'install', 'obs://apps-1/shop/v2.apk', hwKey, gl.key, '--json']);
    const results = JSON.parse(r.out).results as { key: string; ok: boolean; code: string; message: string }[];
    expect(results.find((x) => x.key === hwKey)).toMatchObject({ ok: true });
    expect(results.find((x) => x.key === gl.key)).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    expect(sims.huawei.commandLog.at(-1)).toMatchObject({ command: 'install', content: '-r obs://apps-1/shop/v2.apk' });
    const local = await cli(['app', 'install', apk, hwKey, '--json']);
    expect(JSON.parse(local.out).results[0]).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    // Left out by the plan itself, with how CPH takes an app instead: nothing is sent, nothing asks.
    expect(JSON.parse(local.out).results[0].message).toMatch(/Huawei CPH: obs:\/\/bucket\/path/);
  }, 30_000);

  it('a mistyped verb, a missing file or no phones is a usage error, and nothing is sent', async () => {
    const before = (await env.demo.sims()).geelark.calls.length;
    expect((await cli(['app', 'remove', 'com.x'])).code).toBe(2);
    expect((await cli(['app', 'install', apk])).code).toBe(2);
    const missing = await cli(['app', 'install', join(tmpdir(), 'nope.apk'), running()[0].key, '--json']);
    expect(JSON.parse(missing.out)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect((await env.demo.sims()).geelark.calls.length).toBe(before);
  });

  it('starts and stops an app by package on the phones named (one shell call each), and installs from a web address', async () => {
    const sims = await env.demo.sims();
    const [a] = running();
    const fromWeb = await cli(['app', 'install', 'https://cdn.example.com/builds/web.apk', a.key]);
    expect(fromWeb.code).toBe(0);
    expect(sims.geelark.apps.installed.get(a.id)?.has('com.sim.web')).toBe(true);
    const started = await cli(['app', 'start', 'com.sim.web', a.key]);
    expect(started.out.trim()).toMatch(/1 of 1 phones are done$/);
    expect(sims.geelark.shell.running.get(a.id)?.has('com.sim.web')).toBe(true);
    const stopped = await cli(['app', 'stop', 'com.sim.web', a.key, '--json']);
    expect(JSON.parse(stopped.out).results).toEqual([expect.objectContaining({ key: a.key, ok: true })]);
    expect(sims.geelark.shell.running.get(a.id)?.has('com.sim.web')).toBe(false);
    const actions = env.core.ledger.jobs({ limit: 10 }).map((j) => j.action);
    expect(actions).toEqual(expect.arrayContaining(['appStart', 'appStop']));
    // A plain-http address is refused before anything is planned or sent.
    const before = sims.geelark.calls.length;
    const plain = await cli(['app', 'install', 'http://cdn.example.com/web.apk', a.key, '--json']);
    expect(JSON.parse(plain.out)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(sims.geelark.calls.length).toBe(before);
  }, 30_000);

  it('what an allowed client does within the rules counts towards the rule’s window: the next one asks', async () => {
    // Earlier tests acted through this door within the window too: the limit is set just above what they did.
    const before = env.core.gate.recentCount('cli');
    env.core.settings.update((s) => void (s.consent.askAbovePhones = before + 3));
    try {
      const [a, b, c, d] = running().slice(-4);
      const r1 = await cli(['app', 'start', 'com.sim.shop', a.key, b.key]);
      expect(r1.code).not.toBe(2);
      expect(env.core.control.approvals()).toEqual([]);
      expect(env.core.gate.recentCount('cli')).toBe(before + 2);
      const run = cli(['app', 'stop', 'com.sim.shop', c.key, d.key]);
      const asked = await approveNext('appStop');
      expect(asked.why.join(' ')).toMatch(/more than/);
      expect((await run).code).not.toBe(2);
    } finally {
      env.core.settings.update((s) => void (s.consent.askAbovePhones = 10));
    }
  }, 30_000);
});
