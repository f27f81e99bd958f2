import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentPlan } from '../../common/consent';
import type { IpcResult, JobSummary, PickedFile } from '../../common/contract';
import { planAction } from '../../main/consent/planner';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import type { TeamLink } from '../../main/team/team-link';
import { TeamProvider } from '../../main/team/team-provider';
import { ALL_CAPS } from '../helpers/phones';
import { testCore, waitFor } from '../helpers/core';

/** Installing, pushing, starting and stopping apps from the window: the same plan, jobs and record (#25.1, #25.4). */
const dir = mkdtempSync(join(tmpdir(), 'pd-files-window-'));
const apk = join(dir, 'shop.apk');
writeFileSync(apk, Buffer.from('PK an apk'));

let env: Awaited<ReturnType<typeof testCore>> | null = null;
afterEach(async () => {
  env?.core.poller.stop();
  await env?.close();
  env = null;
});

async function core(chosen: string | null = apk) {
  const picks: string[] = [];
  env = await testCore({
    geelarkPhones: 8,
    chooseFile: async (kind) => {
      picks.push(kind);
      return chosen;
    },
  });
  const sims = await env.demo.sims();
  sims.geelark.apps.reviewMs = 10;
  sims.geelark.apps.installMs = 0;
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 4 ? 0 : 2, busyTask: false, expired: false, next: null }),
  );
  await env.core.accounts.enableDemo();
  await env.core.fleet.refresh();
  const mine = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
  return {
    env,
    sims,
    picks,
    running: mine.filter((p) => p.status === 'running'),
    stopped: mine.filter((p) => p.status === 'stopped'),
  };
}
const value = <T>(r: IpcResult<T>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
};
type Env = Awaited<ReturnType<typeof testCore>>;
/** The window's two steps: a plan from main, then that plan run (as without a person's yes) to the job's end. */
const planFor = async (e: Env, action: string, keys: string[], what: object) =>
  value((await e.core.dispatch('consent:plan', { action, keys, what } as never)) as IpcResult<ConsentPlan>);
async function runToEnd(e: Env, planId: string) {
  const started = await e.core.dispatch('consent:run', { planId, confirmed: false });
  const { jobId } = value(started as IpcResult<{ jobId: string | null }>);
  const job = await waitFor(
    () => e.core.fleet.getJob(jobId!),
    (j) => j?.state.state === 'done',
    15_000,
  );
  return { jobId: jobId!, results: job!.results };
}

describe('apps and files from the window', () => {
  it('installs a file chosen in main’s dialog: a plan, a job with each phone’s result, and the record', async () => {
    const { env, sims, picks, running, stopped } = await core();
    const picked = value((await env.core.dispatch('files:pick', { kind: 'app' })) as IpcResult<PickedFile | null>)!;
    expect(picks).toEqual(['app']);
    // The window gets an id, a name and a size: never the path.
    expect(picked).toEqual({ pickId: expect.stringMatching(/^pick_/), name: 'shop.apk', size: 9 });
    expect(JSON.stringify(picked)).not.toContain(dir);
    const keys = [running[0].key, running[1].key, stopped[0].key];
    const plan = await planFor(env, 'install', keys, { pickId: picked.pickId });
    expect(plan).toMatchObject({
      action: 'install',
      subject: 'shop.apk',
      act: keys.slice(0, 2),
      skipped: { notRunning: 1 },
    });
    expect(plan.confirm.required).toBe(false);
    const { jobId, results } = await runToEnd(env, plan.id);
    expect(results.map((r) => [r.key, r.ok, r.code])).toEqual(
      expect.arrayContaining([
        [running[0].key, true, 'OK'],
        [running[1].key, true, 'OK'],
      ]),
    );
    for (const p of running.slice(0, 2)) expect(sims.geelark.apps.installed.get(p.id)?.has('com.sim.shop')).toBe(true);
    // In the job history like any bulk action, and in the activity record with the window as its source.
    const history = value((await env.core.dispatch('bulk:list', {})) as IpcResult<JobSummary[]>);
    expect(history[0].job).toMatchObject({ jobId, action: 'install', source: 'window', subject: 'shop.apk' });
    await waitFor(
      () => env.core.ledger.jobs({ limit: 5 }),
      (l) => l.some((j) => j.id === jobId),
    );
    expect(env.core.ledger.jobs({ limit: 5 }).find((j) => j.id === jobId)).toMatchObject({
      action: 'install',
      source: 'window',
      total: 2,
      subject: 'shop.apk',
    });
  }, 30_000);

  it('every uninstall asks, from the window as from the CLI: the same rule in the same plan', async () => {
    const { env, running } = await core();
    const keys = [running[0].key];
    const plan = value(
      (await env.core.dispatch('consent:plan', {
        action: 'uninstall',
        keys,
        what: { package: 'com.sim.shop' },
      })) as IpcResult<ConsentPlan>,
    );
    expect(plan.confirm).toEqual({ required: true, why: [{ kind: 'alwaysAsks' }] });
    expect(await env.core.dispatch('consent:run', { planId: plan.id, confirmed: false })).toMatchObject({
      ok: false,
      code: 'NEEDS_CONFIRMATION',
    });
    const fromCli = env.core.gate.plan({
      source: 'cli',
      action: 'uninstall',
      keys,
      what: { kind: 'package', name: 'com.sim.shop' },
    });
    expect(fromCli.confirm).toEqual(plan.confirm);
  }, 30_000);

  it('an install to more phones than the rule allows asks first; starting an app is counted like any action', async () => {
    const { env, running } = await core();
    env.core.settings.update((s) => void (s.consent.askAbovePhones = 1));
    const keys = running.slice(0, 2).map((p) => p.key);
    const picked = value((await env.core.dispatch('files:pick', { kind: 'app' })) as IpcResult<PickedFile | null>)!;
    const install = value(
      (await env.core.dispatch('consent:plan', {
        action: 'install',
        keys,
        what: { pickId: picked.pickId },
      })) as IpcResult<ConsentPlan>,
    );
    expect(install.confirm.why).toEqual([expect.objectContaining({ kind: 'overCount', phones: 2, limit: 1 })]);
    const start = value(
      (await env.core.dispatch('consent:plan', {
        action: 'appStart',
        keys: keys.slice(0, 1),
        what: { package: 'com.sim.shop' },
      })) as IpcResult<ConsentPlan>,
    );
    expect(start.confirm.required).toBe(false);
  }, 30_000);

  it('the window cannot name a file: a path, a pick main never made, a file action without what, or what for a power action', async () => {
    const { env, running, sims } = await core();
    const keys = [running[0].key];
    const calls = sims.geelark.calls.length;
    const refused = [
      await env.core.dispatch('consent:plan', { action: 'push', keys, what: { file: '/etc/passwd' } } as never),
      await env.core.dispatch('consent:plan', { action: 'push', keys, what: { pickId: 'pick_0123456789abcdef' } }),
      await env.core.dispatch('consent:plan', { action: 'install', keys }),
      await env.core.dispatch('consent:plan', { action: 'stop', keys, what: { package: 'com.sim.shop' } }),
      await env.core.dispatch('consent:plan', {
        action: 'install',
        keys,
        what: { url: 'http://plain.example.com/a.apk' },
      }),
      await env.core.dispatch('consent:plan', { action: 'appStart', keys, what: { obs: 'obs://bucket/x.apk' } }),
      // CPH pushes only a .tar from OBS: said before any plan, not as each phone's failure.
      await env.core.dispatch('consent:plan', { action: 'push', keys, what: { obs: 'obs://bucket/promo.png' } }),
    ];
    expect(refused.map((r) => r.ok)).toEqual([false, false, false, false, false, false, false]);
    expect(refused[6]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/\.tar/) });
    expect(refused[1]).toMatchObject({ code: 'PICK_EXPIRED' });
    expect(refused[4]).toMatchObject({ code: 'INVALID_INPUT' });
    expect(refused[5]).toMatchObject({ code: 'INVALID_INPUT' });
    expect(sims.geelark.calls.length).toBe(calls);
  }, 30_000);

  it('a cancelled dialog picks nothing; a host without a file dialog says to use the command line', async () => {
    const { env } = await core(null);
    expect(await env.core.dispatch('files:pick', { kind: 'file' })).toEqual({ ok: true, value: null });
    await env.close();
    env.core.poller.stop();
    const bare = await testCore({ geelarkPhones: 2 });
    try {
      expect(await bare.core.dispatch('files:pick', { kind: 'file' })).toMatchObject({
        ok: false,
        code: 'UNSUPPORTED',
      });
    } finally {
      await bare.close();
    }
  }, 30_000);

  it('a team account offers no files or apps (only its leader calls the provider): the plan says so per phone', async () => {
    const { env, running } = await core();
    const team = new TeamProvider({} as TeamLink, 'team-1', 'geelark', ALL_CAPS, null);
    expect(team.capabilities).toMatchObject({ files: false, apps: false, screenshot: true, stop: true });
    const [p] = running;
    const plan = planAction(
      { source: 'window', action: 'install', keys: [p.key] },
      {
        id: 'plan_000000000000',
        at: 0,
        phone: (k) => env.core.fleet.get(k),
        capabilities: () => team.capabilities,
        favorites: new Set(),
        keepRunning: new Set(),
        openViewers: new Set(),
        heldByOthers: new Map(),
        busy: new Set(),
        price: () => null,
        rules: env.core.settings.get().consent,
        recent: 0,
        qualify: (x) => x.name,
      },
    );
    expect(plan.entries).toEqual([expect.objectContaining({ key: p.key, act: false, reason: 'notOffered' })]);
  }, 30_000);

  it('pushes a chosen file to GeeLark phones and an OBS .tar to CPH phones; a file gone before the run fails each phone, sending nothing', async () => {
    const png = join(dir, 'promo.png');
    writeFileSync(png, Buffer.from('a promo image'));
    const { env, sims, running } = await core(png);
    const run = async (keys: string[], what: object) =>
      (await runToEnd(env, (await planFor(env, 'push', keys, what)).id)).results;
    const picked = value((await env.core.dispatch('files:pick', { kind: 'file' })) as IpcResult<PickedFile | null>)!;
    const pushed = await run([running[0].key], { pickId: picked.pickId });
    expect(pushed).toEqual([expect.objectContaining({ ok: true, message: 'the file is in its Downloads folder' })]);
    expect(sims.geelark.files.downloads.get(running[0].id)?.[0].toString()).toBe('a promo image');
    for (const p of sims.huawei.phones.values()) p.status = 2;
    await env.core.fleet.refresh();
    const cph = env.core.fleet.all().find((p) => p.provider === 'huawei')!;
    const tar = await run([cph.key], { obs: 'obs://phonedeck-media/promo.tar' });
    expect(tar).toEqual([expect.objectContaining({ ok: true })]);
    expect(sims.huawei.commandLog.at(-1)).toMatchObject({
      command: 'push',
      content: 'obs://phonedeck-media/promo.tar',
    });
    // Planned, then the file is removed: every phone says so, and nothing reaches GeeLark.
    const again = value((await env.core.dispatch('files:pick', { kind: 'file' })) as IpcResult<PickedFile | null>)!;
    const plan = await planFor(env, 'push', [running[1].key], { pickId: again.pickId });
    rmSync(png);
    const calls = sims.geelark.calls.length;
    const { results: gone } = await runToEnd(env, plan.id);
    expect(gone).toEqual([expect.objectContaining({ ok: false, code: 'INVALID_INPUT' })]);
    expect(gone[0].message).toContain('promo.png');
    expect(sims.geelark.calls.length).toBe(calls);
  }, 30_000);

  it('the plan leaves out phones whose provider takes the thing another way, and says how (no count, no call)', async () => {
    const { env, sims, running } = await core();
    for (const p of sims.huawei.phones.values()) p.status = 2;
    await env.core.fleet.refresh();
    const cph = env.core.fleet.all().find((p) => p.provider === 'huawei' && p.status === 'running')!;
    const picked = value((await env.core.dispatch('files:pick', { kind: 'app' })) as IpcResult<PickedFile | null>)!;
    const local = await planFor(env, 'install', [running[0].key, cph.key], { pickId: picked.pickId });
    expect(local).toMatchObject({ act: [running[0].key], skipped: { otherWay: 1 } });
    const obs = await planFor(env, 'install', [running[0].key, cph.key], { obs: 'obs://apps-1/shop.apk' });
    expect(obs).toMatchObject({ act: [cph.key], skipped: { otherWay: 1 } });
    // A package is taken by both: uninstall goes to each through its own way.
    const pkg = await planFor(env, 'uninstall', [running[0].key, cph.key], { package: 'com.sim.shop' });
    expect(pkg.act).toEqual([running[0].key, cph.key]);
  }, 30_000);

  it('trying the failed phones again sends nothing twice: no second upload, no second review; a changed file is uploaded anew', async () => {
    const png = join(dir, 'again.png');
    writeFileSync(png, Buffer.from('first'));
    const { env, sims, running } = await core(png);
    const count = (path: string) => sims.geelark.calls.filter((c) => c.path === path).length;
    sims.geelark.failPhone('uploadFile', running[1].id, 43026);
    const pick = value((await env.core.dispatch('files:pick', { kind: 'file' })) as IpcResult<PickedFile | null>)!;
    const what = { pickId: pick.pickId };
    const keys = [running[0].key, running[1].key];
    const first = (await runToEnd(env, (await planFor(env, 'push', keys, what)).id)).results;
    expect(Object.fromEntries(first.map((r) => [r.key, r.ok]))).toEqual({ [keys[0]]: true, [keys[1]]: false });
    const retry = (await runToEnd(env, (await planFor(env, 'push', [running[1].key], what)).id)).results;
    expect(retry).toEqual([expect.objectContaining({ key: running[1].key, ok: true })]);
    expect(count('/open/v1/upload/getUrl')).toBe(1);
    // The file changed on disk: it is a new upload.
    writeFileSync(png, Buffer.from('second, longer'));
    await runToEnd(env, (await planFor(env, 'push', [running[2].key], what)).id);
    expect(count('/open/v1/upload/getUrl')).toBe(2);
  }, 30_000);
});
