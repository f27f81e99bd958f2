import { describe, expect, it } from 'vitest';
import { PUSH_RESULT_MS, UPLOAD_URL_MS } from '../../main/sim/geelark-sim-files';
import { geelarkPair, simPost } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();
const FILE = { bytes: Buffer.from('not really a png, but bytes to find again'), name: 'promo.png' };

async function setup(now?: () => number) {
  const pair = await track(geelarkPair({ sim: { phones: 5, seed: 9, ...(now ? { now } : {}) } }));
  const phones = [...pair.sim.phones.values()];
  for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, next: null });
  pair.sim.files.delayMs = 50;
  return { ...pair, phones };
}
const callsTo = (calls: { path: string }[], path: string) => calls.filter((c) => c.path === path).length;

describe('GeeLark file push on the wire (#25.2, #25.6)', () => {
  it('uploads once, pushes one phone per call, follows each push to its end, and the file lands in Downloads', async () => {
    const { provider, sim, phones } = await setup();
    const ids = phones.slice(0, 3).map((p) => p.id);
    const { resourceUrl, outcomes } = await provider.pushFile(ids, FILE);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(resourceUrl).toMatch(/\/__files\/[0-9a-f]{16}\.png$/);
    expect(callsTo(sim.calls, '/open/v1/upload/getUrl')).toBe(1);
    expect(callsTo(sim.calls, '/open/v1/phone/uploadFile')).toBe(3);
    expect(callsTo(sim.calls, '/open/v1/phone/uploadFile/result')).toBe(3);
    for (const id of ids) expect(sim.files.downloads.get(id)?.[0].equals(FILE.bytes)).toBe(true);
  });

  it('says each phone’s refusal, and a retry of the failed ones uploads nothing again', async () => {
    const { provider, sim, phones } = await setup();
    phones[1].status = 2;
    sim.files.failing.add(phones[2].id);
    const first = await provider.pushFile([phones[0].id, phones[1].id, phones[2].id, 'missing'], FILE);
    expect(first.outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', '42002', 'PUSH_FAILED', '42001']);
    const failed = first.outcomes.filter((o) => !o.ok && o.code === 'PUSH_FAILED').map((o) => o.id);
    const again = await provider.pushFile(failed, { resourceUrl: first.resourceUrl! });
    expect(again.outcomes.map((o) => o.ok)).toEqual([true]);
    expect(callsTo(sim.calls, '/open/v1/upload/getUrl')).toBe(1);
    expect(sim.files.downloads.get(phones[1].id)).toBeUndefined();
  });

  it('refuses a type GeeLark does not take before any call, and a file URL it cannot fetch is 60003', async () => {
    const { provider, sim, phones, url } = await setup();
    const r = await provider.pushFile([phones[0].id], { bytes: Buffer.from('MZ'), name: 'tool.exe' });
    expect(r.outcomes[0]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(sim.calls).toEqual([]);
    const bad = await provider.pushFile([phones[0].id], { resourceUrl: `${url}/__files/0000000000000000.png` });
    expect(bad.outcomes[0]).toMatchObject({ ok: false, code: '60003' });
  });

  it('an upload URL takes its PUT for 30 minutes, and a push result is kept for an hour', async () => {
    let now = Date.now();
    const pair = await setup(() => now);
    pair.sim.files.delayMs = 0;
    const late = await simPost(pair, 'upload/getUrl', { fileType: 'png' });
    now += UPLOAD_URL_MS + 1;
    expect((await fetch(late.data.uploadUrl as string, { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await simPost(pair, 'upload/getUrl', { fileType: 'exe' })).code).toBe(40004);
    const urls = await simPost(pair, 'upload/getUrl', { fileType: 'png' });
    expect((await fetch(urls.data.uploadUrl as string, { method: 'PUT', body: 'x' })).status).toBe(200);
    const push = await simPost(pair, 'phone/uploadFile', { id: pair.phones[0].id, fileUrl: urls.data.resourceUrl });
    const taskId = push.data.taskId;
    expect((await simPost(pair, 'phone/uploadFile/result', { taskId })).data).toEqual({ status: 2 });
    now += PUSH_RESULT_MS + 1;
    expect((await simPost(pair, 'phone/uploadFile/result', { taskId })).data).toEqual({ status: 0 });
  });
});
