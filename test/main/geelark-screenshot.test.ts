import { describe, expect, it } from 'vitest';
import type { CloudPhoneProvider } from '../../main/providers/types';
import { HuaweiProvider } from '../../main/providers/huawei/provider';
import { SCREENSHOT_RESULT_MS } from '../../main/sim/geelark-sim-screens';
import { geelarkPair, simPost } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function setup(now?: () => number) {
  const pair = await track(geelarkPair({ sim: { phones: 4, seed: 5, ...(now ? { now } : {}) } }));
  const phones = [...pair.sim.phones.values()];
  for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, next: null });
  pair.sim.screens.delayMs = 50;
  return { ...pair, phones };
}
const callsTo = (calls: { path: string }[], path: string) => calls.filter((c) => c.path === path).length;

describe('GeeLark screenshots on the wire (#25.3, #25.6)', () => {
  it('a running phone: a task, its result, then the image itself; one phone per call', async () => {
    const { provider, sim, phones } = await setup();
    const shot = await provider.screenshot(phones[0].id);
    expect(shot.contentType).toBe('image/png');
    expect(shot.image.subarray(0, 8)).toEqual(PNG);
    expect(callsTo(sim.calls, '/open/v1/phone/screenShot')).toBe(1);
    // Looked at once the capture had time: two calls for this screenshot, the lower bound.
    expect(callsTo(sim.calls, '/open/v1/phone/screenShot/result')).toBe(1);
    // Two phones' screens differ.
    expect((await provider.screenshot(phones[1].id)).image.equals(shot.image)).toBe(false);
  });

  it('a capture still running (status 1) is looked at again until it is done', async () => {
    const { provider, sim, phones } = await setup();
    sim.screens.delayMs = 1_700;
    const shot = await provider.screenshot(phones[2].id);
    expect(shot.image.subarray(0, 8)).toEqual(PNG);
    expect(callsTo(sim.calls, '/open/v1/phone/screenShot/result')).toBeGreaterThanOrEqual(2);
  });

  it('names each refusal: not running (42002), gone (42001), a failed capture (status 3)', async () => {
    const { provider, sim, phones } = await setup();
    phones[0].status = 2;
    await expect(provider.screenshot(phones[0].id)).rejects.toMatchObject({ code: '42002' });
    await expect(provider.screenshot('missing')).rejects.toMatchObject({ code: '42001' });
    sim.screens.failing.add(phones[1].id);
    await expect(provider.screenshot(phones[1].id)).rejects.toMatchObject({ code: 'SCREENSHOT_FAILED' });
  });

  it('a result fetched after 30 minutes has expired: status 0, and its link no longer serves the image', async () => {
    let now = Date.now();
    const pair = await setup(() => now);
    pair.sim.screens.delayMs = 0;
    const task = await simPost(pair, 'phone/screenShot', { id: pair.phones[0].id });
    const taskId = task.data.taskId as string;
    const ok = await simPost(pair, 'phone/screenShot/result', { taskId });
    expect(ok.data).toMatchObject({ status: 2, downloadLink: expect.stringMatching(/\.png$/) });
    expect((await fetch(ok.data.downloadLink as string)).status).toBe(200);
    now += SCREENSHOT_RESULT_MS + 1;
    expect((await simPost(pair, 'phone/screenShot/result', { taskId })).data).toEqual({ status: 0 });
    expect((await fetch(ok.data.downloadLink as string)).status).toBe(404);
  });

  it('a link that is not an image, or plain HTTP to another host, is refused', async () => {
    const { provider, sim, phones } = await setup();
    sim.inject({
      path: '/open/v1/phone/screenShot/result',
      kind: 'body',
      body: JSON.stringify({ code: 0, data: { status: 2, downloadLink: 'http://198.51.100.7/x.png' } }),
    });
    await expect(provider.screenshot(phones[0].id)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('Huawei CPH offers no screenshot through its API: no method, and the capability says so', () => {
    const hw = new HuaweiProvider({
      auth: { mode: 'aksk', ak: 'a', sk: 's' },
      region: 'cn-north-4',
      projectId: 'p',
      fetch,
      clock: { now: Date.now, monotonic: () => performance.now(), sleep: async () => undefined },
    } as unknown as ConstructorParameters<typeof HuaweiProvider>[0]);
    expect((hw as CloudPhoneProvider).screenshot).toBeUndefined();
    expect(hw.capabilities.screenshot).toBe(false);
  });
});
