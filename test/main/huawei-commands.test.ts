import { describe, expect, it } from 'vitest';
import { commandRefusal } from '../../main/sim/huawei-sim-commands';
import { huaweiPair } from '../helpers/huawei';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();

describe('Huawei CPH commands from OBS on the wire (#25.1, #25.2, #25.6)', () => {
  it('installs an APK and pushes a .tar from OBS as a job per phone, each followed to its end', async () => {
    const { sim, provider } = await track(huaweiPair({ sim: { jobDelayMs: 50 } }));
    const ids = [...sim.phones.values()]
      .filter((p) => p.status === 2)
      .slice(0, 3)
      .map((p) => p.phone_id);
    const installed = await provider.command(ids, 'install', '-r obs://phonedeck-apps/shop/v2.apk');
    expect(installed.map((o) => o.ok)).toEqual(ids.map(() => true));
    const pushed = await provider.command(ids, 'push', 'obs://phonedeck-apps/media/promo.tar');
    expect(pushed.map((o) => o.ok)).toEqual(ids.map(() => true));
    expect(sim.commandLog.map((c) => [c.command, c.content, c.phones.length])).toEqual([
      ['install', '-r obs://phonedeck-apps/shop/v2.apk', 3],
      ['push', 'obs://phonedeck-apps/media/promo.tar', 3],
    ]);
  }, 20_000);

  it('refuses, before any call, a local path, a non-APK install, a push that is not a .tar, a bad package name', async () => {
    const { sim, provider } = await track(huaweiPair());
    const [id] = [...sim.phones.keys()];
    const refused = [
      await provider.command([id], 'install', '/home/lin/shop.apk'),
      await provider.command([id], 'install', 'obs://bucket/shop.zip'),
      await provider.command([id], 'push', 'obs://bucket/promo.png'),
      await provider.command([id], 'uninstall', 'com.example; rm -rf /'),
    ];
    for (const [o] of refused) expect(o).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(refused[0][0]).toMatchObject({ message: expect.stringMatching(/obs:\/\/bucket\/path\.apk/) });
    expect(sim.commandLog).toEqual([]);
  });

  it('the simulator applies the documented content rules itself, shell included', () => {
    expect(commandRefusal('shell', 'ls -l /system')).toBeNull();
    for (const bad of ['ls | grep x', 'echo "x"', 'a;b', 'cat x > y', 'A=1', 'x'.repeat(1_025)])
      expect(commandRefusal('shell', bad), bad).toMatch(/may not use|1,024/);
    expect(commandRefusal('install-multiple', 'obs://apps-1/app/base.apk obs://apps-1/app/split.apk')).toBeNull();
    expect(commandRefusal('install', 'obs://apps-1/a.apk obs://apps-1/b.apk')).toMatch(/one APK/);
    expect(commandRefusal('reboot', 'now')).toMatch(/command must be/);
  });
});
