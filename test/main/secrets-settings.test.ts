import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySettingsStore, SettingsRepo } from '../../main/settings/settings';
import { describeSettingsNotice, JsonFileSettingsStore } from '../../main/settings/settings-file';
import { getI18n, resolveLocale } from '../../common/i18n/i18n';
import { SecretVault } from '../../main/accounts/secret-vault';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';
import { testCore } from '../helpers/core';
import { memoryKeychain } from '../support/test-keychain';

describe('settings file', () => {
  const dirOf = () => mkdtempSync(join(tmpdir(), 'pd-'));
  const account = (id: string, label: string, extra: object = {}) => ({
    id,
    label,
    provider: 'geelark',
    auth: 'token',
    demo: false,
    ...extra,
  });

  it('moves a file that is not JSON aside, starts fresh, and keeps the damaged copy intact', () => {
    const dir = dirOf();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"version":1,"accounts":[{"id":"acc_1"');
    const store = new JsonFileSettingsStore(file);
    const backup = readdirSync(dir).find((f) => f.includes('.corrupt-'))!;
    expect(readFileSync(join(dir, backup), 'utf8')).toBe('{"version":1,"accounts":[{"id":"acc_1"');
    expect(describeSettingsNotice(store.notices[0])).toContain(backup);
    expect(store.read().accounts).toEqual([]);
    new SettingsRepo(store).update((s) => void (s.theme = 'dark'));
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('dark');
  });

  it('upgrades an old file with missing fields silently', () => {
    const file = join(dirOf(), 'b.json');
    writeFileSync(file, JSON.stringify({ version: 1, theme: 'light' }));
    const old = new JsonFileSettingsStore(file);
    expect(old.notices).toEqual([]);
    expect(old.read()).toMatchObject({ theme: 'light', favorites: [], closeToTray: true });
  });

  it('one bad field resets that field alone, keeps every account, and names what was reset', () => {
    const dir = dirOf();
    const file = join(dir, 'settings.json');
    const original = {
      version: 1,
      accounts: [account('acc_1', 'Team A'), account('acc_2', 'Team B')],
      secrets: { acc_1: 'Y2lwaGVy', acc_2: 'Y2lwaGVy' },
      theme: 'sepia',
      favorites: ['acc_1/1', 42, 'acc_2/2'],
      defaultStartOptions: {
        width: 900,
        hideSideBar: true,
        displayTimer: false,
        center: true,
        hideLibrary: false,
        hideMirror: false,
      },
      closeToTray: false,
    };
    writeFileSync(file, JSON.stringify(original));
    const store = new JsonFileSettingsStore(file);
    const s = store.read();
    expect(s.accounts.map((a) => a.label)).toEqual(['Team A', 'Team B']);
    expect(Object.keys(s.secrets)).toEqual(['acc_1', 'acc_2']);
    expect(s.theme).toBe('system');
    expect(s.favorites).toEqual(['acc_1/1', 'acc_2/2']);
    expect(s.defaultStartOptions).toMatchObject({ width: 336, hideSideBar: true });
    expect(s.closeToTray).toBe(false);
    expect(store.notices).toHaveLength(1);
    const said = describeSettingsNotice(store.notices[0]);
    expect(said).toMatch(/theme was reset/);
    expect(said).toMatch(/favourites/);
    expect(said).toMatch(/phone window options/);
    expect(said).toContain(readdirSync(dir).find((f) => f.includes('.before-repair-')));
    // Put into words in the language the app settles on, which is only known after the file is read.
    const zh = getI18n(resolveLocale('zh-CN', []));
    expect(describeSettingsNotice(store.notices[0], zh.t)).toMatch(
      /^部分设置无法读取，已重置：主题已恢复默认；部分收藏无法读取，已移除；部分手机窗口选项已恢复默认。/,
    );
    // The untouched original is kept beside it.
    const backup = readdirSync(dir).find((f) => f.includes('.before-repair-'))!;
    expect(JSON.parse(readFileSync(join(dir, backup), 'utf8'))).toEqual(original);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(false);
  });

  it('keeps what a newer version wrote: unknown keys, accounts it cannot read, extra account fields', () => {
    const file = join(dirOf(), 'settings.json');
    const future = account('acc_3', 'Future CPH', { provider: 'huawei', auth: 'aksk', region: 'xx-future-9' });
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        accounts: [account('acc_1', 'Team A', { color: 'teal' }), future],
        secrets: { acc_1: 'Y2k=', acc_3: 'Y2s=' },
        policies: [{ id: 'p1' }],
      }),
    );
    const store = new JsonFileSettingsStore(file);
    expect(store.read().accounts.map((a) => a.id)).toEqual(['acc_1']);
    expect(describeSettingsNotice(store.notices[0])).toMatch(
      /"Future CPH" could not be read by this version; it is kept/,
    );
    new SettingsRepo(store).update((s) => void (s.theme = 'dark'));
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.policies).toEqual([{ id: 'p1' }]);
    expect(onDisk.accounts).toEqual([{ ...account('acc_1', 'Team A', { color: 'teal' }) }, future]);
    expect(onDisk.secrets).toEqual({ acc_1: 'Y2k=', acc_3: 'Y2s=' });
    expect(onDisk.theme).toBe('dark');
  });

  it('a failed write leaves memory as it was on disk', () => {
    const dir = dirOf();
    const file = join(dir, 'settings.json');
    const store = new JsonFileSettingsStore(file);
    const repo = new SettingsRepo(store);
    repo.update((s) => void (s.theme = 'light'));
    // A folder where the temporary file goes: the write fails even for root, as a full disk would.
    mkdirSync(`${file}.tmp`);
    expect(() => repo.update((s) => void (s.theme = 'dark'))).toThrow(/EISDIR/);
    expect(repo.get().theme).toBe('light');
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('light');
  });
});

describe('secret vault', () => {
  const repo = () => new SettingsRepo(new JsonFileSettingsStore(join(mkdtempSync(join(tmpdir(), 'pd-')), 's.json')));

  it('stores only ciphertext and reads it back', async () => {
    const settings = repo();
    const vault = new SecretVault(settings, memoryKeychain(), new SecretRegistry());
    await vault.put('acc_1', { token: 'tok-very-secret-123' });
    expect(JSON.stringify(settings.get())).not.toContain('tok-very-secret-123');
    expect(await vault.get('acc_1')).toEqual({ token: 'tok-very-secret-123' });
  });

  it('refuses to store a key when the OS cannot encrypt it', async () => {
    const settings = repo();
    const vault = new SecretVault(settings, memoryKeychain({ available: false }), new SecretRegistry());
    await expect(vault.put('acc_1', { token: 'tok-very-secret-123' })).rejects.toMatchObject({
      code: 'NO_ENCRYPTION',
      message: expect.stringMatching(/plain text/),
    });
    expect(settings.get().secrets).toEqual({});
  });

  it('a keychain that cannot decrypt keeps the ciphertext (a locked keychain must not erase keys)', async () => {
    const settings = repo();
    await new SecretVault(settings, memoryKeychain(), new SecretRegistry()).put('acc_1', {
      token: 'tok-very-secret-123',
    });
    const otherKeychain = new SecretVault(settings, memoryKeychain(), new SecretRegistry());
    await expect(otherKeychain.get('acc_1')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(settings.get().secrets.acc_1).toBeTruthy();
  });
});

describe('redaction', () => {
  it('masks secret-looking fields and every registered secret inside free text', () => {
    const reg = new SecretRegistry();
    reg.add('CANARY-abc123-SECRET');
    const lines: string[] = [];
    const log = createLogger(reg, (_l, line) => lines.push(line));
    log.error('call failed with CANARY-abc123-SECRET in it', {
      headers: { Authorization: 'Bearer xyz', sign: 'ABC' },
      nested: [{ apiKey: 'k' }],
      note: 'x CANARY-abc123-SECRET y',
    });
    log.warn(
      'header echo: Authorization: Bearer abcdefghijk and SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=0123abcd',
    );
    const all = lines.join('\n');
    expect(all).not.toContain('CANARY-abc123-SECRET');
    expect(all).not.toContain('xyz');
    expect(all).not.toContain('abcdefghijk');
    expect(all).not.toContain('0123abcd');
    expect(all).toContain('[redacted]');
  });
});

describe('accounts', () => {
  let env: Awaited<ReturnType<typeof testCore>>;
  afterEach(async () => env?.close());

  /** The four ways to add the demo simulators' accounts: GeeLark key or token, Huawei AK/SK or password. */
  const simCredentials = (sims: Awaited<ReturnType<typeof env.demo.sims>>) => {
    const g = sims.geelark.opts;
    const h = sims.huawei.opts;
    const huaweiAt = { region: 'cn-north-4', baseUrl: sims.huawei.url, iamUrl: sims.huawei.url } as const;
    return {
      geelarkKey: { provider: 'geelark', auth: 'key', appId: g.appId, apiKey: g.apiKey, baseUrl: sims.geelark.url },
      geelarkToken: { provider: 'geelark', auth: 'token', token: g.token, baseUrl: sims.geelark.url },
      huaweiAksk: { provider: 'huawei', auth: 'aksk', ak: h.ak, sk: h.sk, ...huaweiAt },
      huaweiPassword: {
        provider: 'huawei',
        auth: 'password',
        domainName: h.domainName,
        userName: h.userName,
        password: h.password,
        ...huaweiAt,
      },
    } as const;
  };

  it('tests credentials before saving: a wrong key is refused, nothing is stored, and the error is plain', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const r = await env.core.dispatch('accounts:add', {
      label: 'Team',
      credentials: { provider: 'geelark', auth: 'token', token: 'wrong-token-000', baseUrl: sims.geelark.url },
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'AUTH',
      message: expect.stringMatching(/^Not saved: GeeLark rejected the credentials/),
    });
    expect(env.core.settings.get().accounts).toEqual([]);
    expect(env.core.settings.get().secrets).toEqual({});
  });

  it('adds accounts of both providers and both auth modes, never returning a secret', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const g = sims.geelark.opts;
    const h = sims.huawei.opts;
    const c4 = simCredentials(sims);
    const creds = [c4.geelarkKey, c4.geelarkToken, c4.huaweiAksk, c4.huaweiPassword];
    // Each mode on its own (the two modes of one team or project are the same account, refused below).
    for (const [i, c] of creds.entries()) {
      const r = await env.core.dispatch('accounts:add', { label: `A${i}`, credentials: c });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, value: { health: { state: 'ok' }, auth: c.auth } });
      expect(JSON.stringify(r)).not.toMatch(new RegExp([g.apiKey, g.token, h.sk, h.password].join('|')));
      expect(JSON.stringify(env.core.settings.get())).not.toMatch(
        new RegExp([g.apiKey, g.token, h.sk, h.password].join('|')),
      );
      const st = await env.core.fleet.refresh();
      expect(st.errors).toEqual([]);
      expect(env.core.fleet.all().length).toBe(c.provider === 'geelark' ? 20 : 8);
      await env.core.dispatch('accounts:remove', { accountId: (r as { value: { id: string } }).value.id });
      await env.core.fleet.refresh();
    }
  });

  it('recognises the same account added a second way by the phones it lists, and refuses it', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const c4 = simCredentials(sims);
    const pairs = [
      [c4.geelarkToken, c4.geelarkKey],
      [c4.huaweiAksk, c4.huaweiPassword],
    ] as const;
    for (const [first, second] of pairs) {
      expect(
        await env.core.dispatch('accounts:add', { label: `First ${first.provider}`, credentials: first }),
      ).toMatchObject({ ok: true });
      // At once, before any list has run: still recognised.
      const again = await env.core.dispatch('accounts:add', { label: 'Second', credentials: second });
      expect(again).toMatchObject({
        ok: false,
        code: 'DUPLICATE_ACCOUNT',
        message: expect.stringContaining(`"First ${first.provider}"`),
      });
    }
    expect(env.core.settings.get().accounts).toHaveLength(2);
  });

  it('refuses to add the same account twice, naming the existing one', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const credentials = simCredentials(sims).huaweiAksk;
    expect(await env.core.dispatch('accounts:add', { label: 'Ops', credentials })).toMatchObject({ ok: true });
    expect(await env.core.dispatch('accounts:add', { label: 'Ops again', credentials })).toEqual({
      ok: false,
      code: 'DUPLICATE_ACCOUNT',
      message: 'Not saved: this account is already added as "Ops"',
    });
    expect(env.core.settings.get().accounts).toHaveLength(1);
  });

  it('refuses to save a key when the keychain is unavailable', async () => {
    env = await testCore({ keychainAvailable: false });
    const sims = await env.demo.sims();
    const r = await env.core.dispatch('accounts:add', {
      label: 'T',
      credentials: { provider: 'geelark', auth: 'token', token: sims.geelark.opts.token, baseUrl: sims.geelark.url },
    });
    expect(r).toMatchObject({ ok: false, code: 'NO_ENCRYPTION' });
    expect(env.core.settings.get().accounts).toEqual([]);
  });

  it('two parallel adds of the same account: one is saved, the other is refused as a duplicate', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const credentials = simCredentials(sims).geelarkKey;
    const [a, b] = await Promise.all([
      env.core.dispatch('accounts:add', { label: 'One', credentials }),
      env.core.dispatch('accounts:add', { label: 'Two', credentials }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'DUPLICATE_ACCOUNT' });
    expect(env.core.settings.get().accounts).toHaveLength(1);
  });

  it('a connection test has one overall deadline against an endpoint that never answers', async () => {
    env = await testCore({ connectionTestMs: 800 });
    const sims = await env.demo.sims();
    sims.geelark.inject({ kind: 'timeout', times: 20 });
    const r = await env.core.dispatch('accounts:add', {
      label: 'Slow',
      credentials: { provider: 'geelark', auth: 'token', token: sims.geelark.opts.token, baseUrl: sims.geelark.url },
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'TIMEOUT',
      message: expect.stringMatching(/^Not saved: No answer within 1 s/),
    });
    expect(env.core.settings.get().accounts).toHaveLength(0);
    // Nothing more is sent once the test ended (no retries in the background).
    const sent = sims.geelark.http.requests;
    await new Promise((res) => setTimeout(res, 1_500));
    expect(sims.geelark.http.requests).toBe(sent);
  });

  it('a connection test can be cancelled from the form, and nothing is saved', async () => {
    env = await testCore({ connectionTestMs: 60_000 });
    const sims = await env.demo.sims();
    sims.geelark.inject({ kind: 'timeout', times: 20 });
    const adding = env.core.dispatch('accounts:add', {
      label: 'Slow',
      credentials: { provider: 'geelark', auth: 'token', token: sims.geelark.opts.token, baseUrl: sims.geelark.url },
    });
    await new Promise((res) => setTimeout(res, 150));
    expect(await env.core.dispatch('accounts:cancelTest', {})).toEqual({ ok: true, value: null });
    expect(await adding).toMatchObject({ ok: false, code: 'CANCELLED', message: 'Not saved: Cancelled' });
    expect(env.core.settings.get().accounts).toHaveLength(0);
  });

  it('sends credentials over plain http only to this computer', async () => {
    env = await testCore();
    const r = await env.core.dispatch('accounts:add', {
      label: 'Clear',
      credentials: { provider: 'geelark', auth: 'token', token: 'tok-123456', baseUrl: 'http://openapi.geelark.com' },
    });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringMatching(/https/) });
    const hw = await env.core.dispatch('accounts:add', {
      label: 'Clear',
      credentials: {
        provider: 'huawei',
        auth: 'aksk',
        ak: 'AK',
        sk: 'SK',
        region: 'cn-north-4',
        iamUrl: 'http://10.0.0.8/',
      },
    });
    expect(hw).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('an account stored with a plain-http remote address is listed with the problem and never contacted', async () => {
    const store = new MemorySettingsStore();
    store.write({
      ...store.read(),
      accounts: [
        { id: 'acc_old', provider: 'geelark', label: 'Old', auth: 'token', demo: false, baseUrl: 'http://203.0.113.7' },
      ],
      secrets: {},
    });
    const env2 = await testCore({ settingsStore: store });
    try {
      await env2.core.vault.put('acc_old', { token: 'tok-123456' });
      const tested = await env2.core.dispatch('accounts:test', { accountId: 'acc_old' });
      expect(tested.ok).toBe(true);
      const [a] = env2.core.accounts.summaries();
      expect(a).toMatchObject({
        id: 'acc_old',
        health: { state: 'error', message: expect.stringMatching(/not https/) },
      });
      expect(env2.core.accounts.providers()).toHaveLength(0);
    } finally {
      await env2.close();
    }
  });
});
