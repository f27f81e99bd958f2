import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID, DEMO_HUAWEI_ID } from '../../main/sim/demo';
import { testCore, waitFor } from '../helpers/core';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();

async function wall(opts: { capBytes?: number } = {}) {
  const dataFolder = mkdtempSync(join(tmpdir(), 'phonedeck-wall-'));
  const env = await track(
    testCore({
      geelarkPhones: 12,
      huaweiPhones: 4,
      screens: opts,
      about: { version: '0', dataFolder, logFolder: dataFolder },
    }),
  );
  const sims = await env.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) => Object.assign(p, { status: i < 8 ? 0 : 2, expired: false }));
  sims.geelark.screens.delayMs = 20;
  await env.core.accounts.enableDemo();
  await env.core.fleet.refresh();
  const of = (accountId: string, status?: string) =>
    env.core.fleet
      .all()
      .filter((p) => p.accountId === accountId && (!status || p.status === status))
      .map((p) => p.key);
  return { env, sims, dataFolder, of };
}
const shotCalls = (sims: { geelark: { calls: { path: string }[] } }) =>
  sims.geelark.calls.filter((c) => c.path === '/open/v1/phone/screenShot').length;

describe('the screenshot wall in main (#25.3)', () => {
  it('takes only the screens asked for, says why the others are left out, and serves each with its age', async () => {
    const { env, sims, of } = await wall();
    const running = of(DEMO_GEELARK_ID, 'running');
    const [stopped] = of(DEMO_GEELARK_ID, 'stopped');
    const [huawei] = of(DEMO_HUAWEI_ID);
    const asked = env.core.screens.refresh([...running.slice(0, 3), stopped, huawei, 'nope/1']);
    expect(asked.queued).toEqual(running.slice(0, 3));
    expect(asked.skipped).toEqual([
      { key: stopped, reason: 'notRunning' },
      { key: huawei, reason: 'noScreenshot' },
      { key: 'nope/1', reason: 'notListed' },
    ]);
    const tiles = await waitFor(
      () => env.core.screens.tiles(running.slice(0, 3)),
      (t) => t.every((x) => x.image !== null && !x.pending),
    );
    expect(tiles[0].image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(tiles.every((t) => t.takenAt! <= Date.now())).toBe(true);
    // Three phones asked for, three screenshots: nothing else in the fleet was swept.
    expect(shotCalls(sims)).toBe(3);
    // Asked again at once: fresh, so nothing is sent.
    expect(env.core.screens.refresh(running.slice(0, 3)).skipped.map((s) => s.reason)).toEqual([
      'fresh',
      'fresh',
      'fresh',
    ]);
    expect(shotCalls(sims)).toBe(3);
    const hw = (await env.core.screens.tiles([huawei]))[0];
    expect(hw).toMatchObject({
      supported: false,
      image: null,
      unsupported: 'Huawei CPH offers no screenshot through its API',
    });
    expect(env.events.filter((e) => e.event === 'screens:changed').length).toBeGreaterThan(0);
  });

  it('keeps images in the app’s folder, private to the user, under the size cap (oldest out)', async () => {
    const { env, of, dataFolder } = await wall({ capBytes: 700 });
    const running = of(DEMO_GEELARK_ID, 'running');
    for (const key of running.slice(0, 4)) await env.core.screens.takeNow(key);
    const dir = join(dataFolder, 'screenshots');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.every((f) => (statSync(join(dir, f)).mode & 0o777) === 0o600)).toBe(true);
    expect(env.core.screens.keptBytes()).toBeLessThanOrEqual(700);
    const tiles = await env.core.screens.tiles(running.slice(0, 4));
    // The newest is kept; the first ones went to make room.
    expect(tiles[3].image).not.toBeNull();
    expect(tiles[0].image).toBeNull();
    expect(files.length).toBe(tiles.filter((t) => t.image).length);
  });

  it('a failed capture is shown on its tile with the reason, and the next ask tries again', async () => {
    const { env, sims, of } = await wall();
    const [key] = of(DEMO_GEELARK_ID, 'running');
    sims.geelark.screens.failing.add(key.split('/')[1]);
    env.core.screens.refresh([key]);
    const [tile] = await waitFor(
      () => env.core.screens.tiles([key]),
      (t) => !t[0].pending && t[0].error !== null,
    );
    expect(tile.error).toMatchObject({ code: 'SCREENSHOT_FAILED' });
    expect(env.core.screens.refresh([key]).queued).toEqual([key]);
  });
});
