import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonFileSettingsStore, SettingsRepo } from '../../main/core/settings';
import { SecretVault } from '../../main/core/secret-vault';
import { createLogger, SecretRegistry } from '../../main/core/redact';
import { testCore } from '../helpers/core';
import { memoryKeychain } from '../support/test-keychain';

describe('settings file', () => {
  it('backs up a corrupted file, starts fresh, and keeps the damaged copy intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"version":1,"accounts":[{"id":"acc_1"');
    const store = new JsonFileSettingsStore(file);
    expect(store.quarantined).toMatch(/settings\.json\.corrupt-\d+$/);
    expect(readFileSync(store.quarantined!, 'utf8')).toBe('{"version":1,"accounts":[{"id":"acc_1"');
    expect(store.read().accounts).toEqual([]);
    new SettingsRepo(store).update((s) => void (s.theme = 'dark'));
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('dark');
  });

  it('treats a wrongly shaped file as corrupt too, but upgrades an old one with missing fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ version: 1, accounts: 'nope' }));
    expect(new JsonFileSettingsStore(join(dir, 'a.json')).quarantined).not.toBeNull();
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ version: 1, theme: 'light' }));
    const old = new JsonFileSettingsStore(join(dir, 'b.json'));
    expect(old.quarantined).toBeNull();
    expect(old.read()).toMatchObject({ theme: 'light', favorites: [], closeToTray: true });
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toHaveLength(1);
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
    await expect(vault.put('acc_1', { token: 'tok-very-secret-123' })).rejects.toMatchObject({ code: 'NO_ENCRYPTION', message: expect.stringMatching(/plain text/) });
    expect(settings.get().secrets).toEqual({});
  });

  it('a keychain that cannot decrypt keeps the ciphertext (a locked keychain must not erase keys)', async () => {
    const settings = repo();
    await new SecretVault(settings, memoryKeychain(), new SecretRegistry()).put('acc_1', { token: 'tok-very-secret-123' });
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
    log.error('call failed with CANARY-abc123-SECRET in it', { headers: { Authorization: 'Bearer xyz', sign: 'ABC' }, nested: [{ apiKey: 'k' }], note: 'x CANARY-abc123-SECRET y' });
    log.warn('header echo: Authorization: Bearer abcdefghijk and SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=0123abcd');
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

  it('tests credentials before saving: a wrong key is refused, nothing is stored, and the error is plain', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const r = await env.core.dispatch('accounts:add', { label: 'Team', credentials: { provider: 'geelark', auth: 'token', token: 'wrong-token-000', baseUrl: sims.geelark.url } });
    expect(r).toMatchObject({ ok: false, code: 'AUTH', message: expect.stringMatching(/^Not saved: GeeLark rejected the credentials/) });
    expect(env.core.settings.get().accounts).toEqual([]);
    expect(env.core.settings.get().secrets).toEqual({});
  });

  it('adds accounts of both providers and both auth modes, never returning a secret', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const g = sims.geelark.opts;
    const h = sims.huawei.opts;
    const creds = [
      { provider: 'geelark', auth: 'key', appId: g.appId, apiKey: g.apiKey, baseUrl: sims.geelark.url },
      { provider: 'geelark', auth: 'token', token: g.token, baseUrl: sims.geelark.url },
      { provider: 'huawei', auth: 'aksk', ak: h.ak, sk: h.sk, region: 'cn-north-4', baseUrl: sims.huawei.url, iamUrl: sims.huawei.url },
      { provider: 'huawei', auth: 'password', domainName: h.domainName, userName: h.userName, password: h.password, region: 'cn-north-4', baseUrl: sims.huawei.url, iamUrl: sims.huawei.url },
    ];
    for (const [i, c] of creds.entries()) {
      const r = await env.core.dispatch('accounts:add', { label: `A${i}`, credentials: c });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, value: { health: { state: 'ok' } } });
      expect(JSON.stringify(r)).not.toMatch(new RegExp([g.apiKey, g.token, h.sk, h.password].join('|')));
    }
    const list = await env.core.dispatch('accounts:list', {});
    expect(list).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ label: 'A3', provider: 'huawei', auth: 'password' })]) });
    expect(JSON.stringify(env.core.settings.get())).not.toMatch(new RegExp([g.apiKey, g.token, h.sk, h.password].join('|')));
    await env.core.fleet.refresh();
    expect(env.core.fleet.all().length).toBe(2 * 20 + 2 * 8);
  });

  it('refuses to add the same account twice, naming the existing one', async () => {
    env = await testCore();
    const sims = await env.demo.sims();
    const credentials = { provider: 'huawei', auth: 'aksk', ak: sims.huawei.opts.ak, sk: sims.huawei.opts.sk, region: 'cn-north-4', baseUrl: sims.huawei.url, iamUrl: sims.huawei.url };
    expect(await env.core.dispatch('accounts:add', { label: 'Ops', credentials })).toMatchObject({ ok: true });
    expect(await env.core.dispatch('accounts:add', { label: 'Ops again', credentials })).toEqual({ ok: false, code: 'DUPLICATE_ACCOUNT', message: 'Not saved: this account is already added as "Ops"' });
    expect(env.core.settings.get().accounts).toHaveLength(1);
  });

  it('refuses to save a key when the keychain is unavailable', async () => {
    env = await testCore({ keychainAvailable: false });
    const sims = await env.demo.sims();
    const r = await env.core.dispatch('accounts:add', { label: 'T', credentials: { provider: 'geelark', auth: 'token', token: sims.geelark.opts.token, baseUrl: sims.geelark.url } });
    expect(r).toMatchObject({ ok: false, code: 'NO_ENCRYPTION' });
    expect(env.core.settings.get().accounts).toEqual([]);
  });
});
