import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../main/app/compose';
import { systemClock } from '../../main/kernel/clock';
import { MemorySettingsStore } from '../../main/settings/settings';
import { DemoWorkspace } from '../../main/sim/demo';
import { i18n, setLocale } from '../../common/i18n/i18n';
import { geelarkStatus } from '../../main/providers/geelark/provider';
import { huaweiStatus } from '../../main/providers/huawei/provider';
import { recordingWindows } from '../support/recording-windows';
import { memoryKeychain } from '../support/test-keychain';

/** The core with a given OS language list, on the simulators. */
async function coreWith(systemLanguages: string[]) {
  const demo = new DemoWorkspace({ geelarkPhones: 3, huaweiPhones: 0, startDelayMs: 20, jobDelayMs: 20 });
  const core = await createAppCore({
    settingsStore: new MemorySettingsStore(),
    encryptor: memoryKeychain(),
    fetch,
    clock: systemClock,
    logSink: () => undefined,
    demo,
    windowFactory: recordingWindows().factory,
    systemLanguages: () => systemLanguages,
    connectionTestMs: 1_500,
  });
  return { core, demo };
}

describe('main speaks the chosen language', () => {
  afterEach(() => void setLocale({ locale: 'en', formatLocale: 'en' }));

  it('follows the OS until Settings chooses', async () => {
    const { core, demo } = await coreWith(['zh-Hans-CN', 'en-US']);
    try {
      expect(await core.dispatch('settings:get', {})).toMatchObject({ ok: true, value: { language: 'system' } });
      expect(i18n()).toMatchObject({ locale: 'zh-CN', formatLocale: 'zh-CN' });
      expect(await core.dispatch('settings:update', { language: 'en' })).toMatchObject({
        ok: true,
        value: { language: 'en' },
      });
      // English, formatted the way the OS's English is.
      expect(i18n()).toMatchObject({ locale: 'en', formatLocale: 'en-US' });
      expect(await core.dispatch('settings:update', { language: 'fr' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
      });
    } finally {
      demo.close();
    }
  });

  it("puts the providers' own states in words in the chosen language, and an unknown one by its code", () => {
    expect(huaweiStatus(-6)).toEqual(['fault', 'Restart failed']);
    expect(geelarkStatus(7)).toEqual(['unknown', 'Unknown status 7']);
    setLocale({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    expect(huaweiStatus(-6)).toEqual(['fault', '重启失败']);
    expect(huaweiStatus('8')).toEqual(['stopped', '已关机']);
    expect(geelarkStatus(3)).toEqual(['expired', '已过期']);
    expect(geelarkStatus('toString')).toEqual(['unknown', '未知状态 toString']);
  });

  it('says provider errors and form errors in Chinese when Chinese is chosen', async () => {
    const { core, demo } = await coreWith(['en-US']);
    try {
      await core.dispatch('settings:update', { language: 'zh-CN' });
      // A form error, at its field, in words.
      const empty = await core.dispatch('accounts:add', {
        label: 'x',
        credentials: { provider: 'geelark', auth: 'token', token: '  ' },
      });
      expect(empty).toMatchObject({
        ok: false,
        field: 'credentials.token',
        message: expect.stringContaining('请填写API 令牌'),
      });
      // Nothing listens on this port: the connection error a person can act on, in Chinese.
      const refused = await core.dispatch('accounts:add', {
        label: 'x',
        credentials: { provider: 'geelark', auth: 'token', token: 't', baseUrl: 'http://127.0.0.1:9' },
      });
      expect(refused).toMatchObject({
        ok: false,
        message: expect.stringMatching(/拒绝了连接|无法访问|连接已断开|秒内无应答/),
      });
    } finally {
      demo.close();
    }
  });
});
