import { describe, expect, it } from 'vitest';
import { geelarkPair } from '../helpers/geelark';
import { huaweiPair } from '../helpers/huawei';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();
const APK = { bytes: Buffer.from('PK\u0003\u0004 an apk'), name: 'shop.apk' };
const codes = (outcomes: { ok: boolean; code?: string }[]) => outcomes.map((o) => (o.ok ? 'ok' : o.code));
const callsTo = (calls: { path: string }[], path: string) => calls.filter((c) => c.path === path).length;

async function geelark() {
  const pair = await track(geelarkPair({ sim: { phones: 5, seed: 9 } }));
  const phones = [...pair.sim.phones.values()];
  for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, next: null });
  pair.sim.apps.reviewMs = 20;
  pair.sim.apps.installMs = 0;
  return { ...pair, phones };
}

describe('starting and stopping an app (#25.1)', () => {
  it('GeeLark: one shell call per phone, proof from what the phone answered; the batch endpoint is never used', async () => {
    const { provider, sim, phones } = await geelark();
    const v = await provider.uploadApp(APK, 'Shop');
    await provider.installApp([phones[0].id, phones[1].id], v.versionId);
    phones[3].status = 2;
    sim.shell.unsupported.add(phones[4].id);
    const ids = phones.map((p) => p.id);
    // Installed twice; not installed (monkey finds no activity); not running; no shell on its Android.
    expect(codes(await provider.controlApp(ids, 'start', 'com.sim.shop'))).toEqual([
      'ok',
      'ok',
      'APP_NOT_INSTALLED',
      '42002',
      '50001',
    ]);
    expect(sim.shell.running.get(phones[0].id)?.has('com.sim.shop')).toBe(true);
    expect(sim.shell.log[0]).toEqual({
      id: phones[0].id,
      cmd: 'monkey -p com.sim.shop -c android.intent.category.LAUNCHER 1',
    });
    expect(codes(await provider.controlApp([phones[0].id], 'stop', 'com.sim.shop'))).toEqual(['ok']);
    expect(sim.shell.running.get(phones[0].id)?.has('com.sim.shop')).toBe(false);
    expect(callsTo(sim.calls, '/open/v1/app/operation/batch')).toBe(0);
    // A package name that could carry a shell word is refused before any call.
    const before = sim.calls.length;
    await expect(provider.controlApp([phones[0].id], 'start', 'com.x;reboot')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(sim.calls.length).toBe(before);
  }, 20_000);

  it('Huawei CPH: a shell line within CPH’s character rules, a job per phone followed to its end', async () => {
    const { sim, provider } = await track(huaweiPair({ sim: { jobDelayMs: 30 } }));
    const ids = [...sim.phones.values()]
      .filter((p) => p.status === 2)
      .slice(0, 2)
      .map((p) => p.phone_id);
    expect(codes(await provider.controlApp(ids, 'stop', 'com.example.shop'))).toEqual(['ok', 'ok']);
    expect(sim.commandLog.at(-1)).toMatchObject({ command: 'shell', content: 'am force-stop com.example.shop' });
    expect(codes(await provider.controlApp(ids.slice(0, 1), 'start', 'com.example.shop'))).toEqual(['ok']);
    expect(sim.commandLog.at(-1)).toMatchObject({
      command: 'shell',
      content: 'monkey -p com.example.shop -c android.intent.category.LAUNCHER 1',
    });
  }, 20_000);
});

describe('an app from a web address (#25.1)', () => {
  it('GeeLark fetches it itself: no upload URL, no PUT, then the review and the install as for a file', async () => {
    const { provider, sim, phones } = await geelark();
    const v = await provider.uploadApp({ url: 'https://cdn.example.com/builds/shop.apk?sig=1' }, 'shop');
    expect(codes(await provider.installApp([phones[0].id], v.versionId))).toEqual(['ok']);
    expect(callsTo(sim.calls, '/open/v1/upload/getUrl')).toBe(0);
    expect(callsTo(sim.calls, '/open/v1/app/upload')).toBe(1);
  }, 20_000);

  it('an address GeeLark cannot fetch fails in review and says so; one that is not an app is refused before any call', async () => {
    const { provider, sim } = await geelark();
    sim.apps.unreachable.add('gone.example.com');
    await expect(provider.uploadApp({ url: 'https://gone.example.com/shop.apk' }, 'shop')).rejects.toMatchObject({
      code: 'APP_UPLOAD_FAILED',
    });
    const before = sim.calls.length;
    await expect(provider.uploadApp({ url: 'https://cdn.example.com/readme.txt' }, 'x')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(sim.calls.length).toBe(before);
  }, 20_000);
});

describe('GeeLark ADB on the wire (#25.6)', () => {
  it('turns ADB on, then each phone answers with its connection once enabled, or 49001 / 49002 / 42002 / 42001', async () => {
    const { provider, sim, phones } = await geelark();
    sim.adb.enableMs = 150;
    sim.adb.unsupported.add(phones[2].id);
    phones[3].status = 2;
    const ids = [phones[0].id, phones[1].id, phones[2].id, phones[3].id, 'no-such-phone'];
    await provider.setAdb(ids.slice(0, 4), true);
    // Enabling is asynchronous: read at once, the phones are not ready yet.
    expect(codes(await provider.adbInfo(ids))).toEqual(['49001', '49001', '49002', '42002', '42001']);
    await new Promise((r) => setTimeout(r, 200));
    const info = await provider.adbInfo(ids.slice(0, 2));
    expect(info).toEqual([
      expect.objectContaining({
        id: phones[0].id,
        ok: true,
        ip: expect.stringMatching(/^10\./),
        port: expect.any(Number),
      }),
      expect.objectContaining({ id: phones[1].id, ok: true }),
    ]);
    const [, , unsupported] = await provider.adbInfo(ids);
    expect(unsupported).toMatchObject({ ok: false, message: expect.stringMatching(/does not offer ADB/) });
    await provider.setAdb([phones[0].id], false);
    expect(codes(await provider.adbInfo([phones[0].id]))).toEqual(['49001']);
  }, 20_000);
});
