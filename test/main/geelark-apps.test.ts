import { describe, expect, it } from 'vitest';
import { geelarkPair, simPost } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();
const APK = { bytes: Buffer.from('PK\u0003\u0004 an apk, as far as the simulator cares'), name: 'shop.apk' };

async function setup() {
  const pair = await track(geelarkPair({ sim: { phones: 6, seed: 4 } }));
  const phones = [...pair.sim.phones.values()];
  for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, next: null });
  pair.sim.apps.reviewMs = 50;
  pair.sim.apps.installMs = 5_000;
  return { ...pair, phones };
}
const callsTo = (calls: { path: string }[], path: string) => calls.filter((c) => c.path === path).length;
const codes = (outcomes: { ok: boolean; code?: string }[]) => outcomes.map((o) => (o.ok ? 'ok' : o.code));

describe('GeeLark apps on the wire (#25.1, #25.6)', () => {
  it('uploads an APK, follows its review, installs it one phone per call, and never uses the batch endpoint', async () => {
    const { provider, sim, phones } = await setup();
    const version = await provider.uploadApp(APK, 'Shop');
    expect(version).toMatchObject({ appName: 'Shop', versionId: expect.any(String) });
    const ids = phones.slice(0, 2).map((p) => p.id);
    expect(codes(await provider.installApp(ids, version.versionId))).toEqual(['ok', 'ok']);
    for (const id of ids) expect(sim.apps.installed.get(id)?.has('com.sim.shop')).toBe(true);
    expect(callsTo(sim.calls, '/open/v1/upload/getUrl')).toBe(1);
    expect(callsTo(sim.calls, '/open/v1/app/upload')).toBe(1);
    expect(callsTo(sim.calls, '/open/v1/app/install')).toBe(2);
    // Without groupIds the batch endpoint acts on every running phone: it is never called.
    expect(callsTo(sim.calls, '/open/v1/app/operation/batch')).toBe(0);
  }, 20_000);

  it('a review that does not approve, or an upload that fails, is said; a file that is not an app is refused before any call', async () => {
    const { provider, sim } = await setup();
    sim.apps.nextUpload = 'rejected';
    await expect(provider.uploadApp(APK, 'Shady')).rejects.toMatchObject({ code: 'APP_NOT_APPROVED' });
    sim.apps.nextUpload = 'failed';
    await expect(provider.uploadApp(APK, 'Broken')).rejects.toMatchObject({ code: 'APP_UPLOAD_FAILED' });
    const calls = sim.calls.length;
    await expect(provider.uploadApp({ bytes: Buffer.from('x'), name: 'a.zip' }, 'Zip')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(sim.calls.length).toBe(calls);
  }, 20_000);

  it('names each phone’s refusal: not running, installing already, no such version, not installed', async () => {
    const { provider, phones } = await setup();
    const v = await provider.uploadApp(APK, 'Shop');
    phones[1].status = 2;
    expect(codes(await provider.installApp([phones[0].id, phones[1].id], v.versionId))).toEqual(['ok', '42002']);
    // Still installing (5 s): a second install is refused, not queued twice.
    expect(codes(await provider.installApp([phones[0].id], v.versionId))).toEqual(['42003']);
    expect(codes(await provider.installApp([phones[3].id], 'no-such-version'))).toEqual(['42006']);
    expect(codes(await provider.installApp([phones[2].id], v.versionId))).toEqual(['ok']);
    expect(codes(await provider.uninstallApp([phones[2].id, phones[4].id], 'com.sim.shop'))).toEqual(['ok', '42005']);
  }, 30_000);

  it('GeeLark never installs a lower version over a higher one (42004)', async () => {
    const { provider, sim, phones } = await setup();
    sim.apps.installMs = 0;
    const v1 = await provider.uploadApp(APK, 'Shop');
    const v2 = await provider.uploadApp(APK, 'Shop');
    expect(codes(await provider.installApp([phones[0].id], v2.versionId))).toEqual(['ok']);
    expect(codes(await provider.installApp([phones[0].id], v1.versionId))).toEqual(['42004']);
  }, 30_000);

  it('the simulator reproduces the batch trap: without groupIds, every running phone is touched', async () => {
    const pair = await setup();
    pair.phones[5].status = 2;
    await simPost(pair, 'app/operation/batch', { action: 4, versionId: 'x' });
    expect(pair.sim.apps.batchCalls[0].phones).toHaveLength(5);
    await simPost(pair, 'app/operation/batch', { action: 4, versionId: 'x', groupIds: [`g-${pair.phones[0].group}`] });
    expect(pair.sim.apps.batchCalls[1].phones.length).toBeLessThan(5);
  });
});
