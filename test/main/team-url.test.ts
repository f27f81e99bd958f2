import { describe, expect, it } from 'vitest';
import { teamAccountId } from '../../main/team/team-account-id';
import { teamClientConfig } from '../../main/team/team-url';

describe('how a desktop reaches the team database (#24.2)', () => {
  it('requires TLS with the certificate checked, except on this machine', () => {
    expect(teamClientConfig('postgres://lin@db.example.com/phonedeck').ssl).toEqual({ rejectUnauthorized: true });
    // A URL asking for a weaker TLS still gets the checked one: pg would let the URL's sslmode win.
    const require = teamClientConfig('postgres://lin@db.example.com/phonedeck?sslmode=require');
    expect(require.ssl).toEqual({ rejectUnauthorized: true });
    expect(require.connectionString).not.toContain('sslmode');
    for (const mode of ['disable', 'allow', 'prefer'])
      expect(() => teamClientConfig(`postgres://lin@db.example.com/p?sslmode=${mode}`)).toThrow(/must use TLS/);
    for (const local of ['127.0.0.1', 'localhost', '[::1]'])
      expect(teamClientConfig(`postgres://lin@${local}:5432/p?sslmode=disable`).ssl).toBeUndefined();
  });

  it('carries the password exactly, whatever its characters', () => {
    const c = teamClientConfig('postgres://lin@127.0.0.1/p', 'p@ss:w/rd?#%');
    expect(decodeURIComponent(new URL(c.connectionString!).password)).toBe('p@ss:w/rd?#%');
  });

  it('refuses what is not a PostgreSQL URL naming a role', () => {
    expect(() => teamClientConfig('https://db.example.com')).toThrow(/not a PostgreSQL URL/);
    expect(() => teamClientConfig('postgres://db.example.com/p')).toThrow(/names no role/);
    expect(() => teamClientConfig('db.example.com')).toThrow(/not a database URL/);
  });
});

describe('an account’s id in a team', () => {
  const token = (t: string, baseUrl?: string) =>
    teamAccountId({ provider: 'geelark', auth: 'token', baseUrl }, { token: t });
  it('is the same wherever the same key is held, differs for another key, and does not reveal the key', () => {
    expect(token('tok-1')).toBe(token('tok-1'));
    expect(token('tok-1')).not.toBe(token('tok-2'));
    expect(token('tok-1')).not.toBe(token('tok-1', 'http://127.0.0.1:9'));
    expect(token('tok-1')).toMatch(/^geelark-[0-9a-f]{16}$/);
    const key = (appId: string, apiKey: string) =>
      teamAccountId({ provider: 'geelark', auth: 'key', appId }, { apiKey });
    // The app id names the account; a rotated API key is the same account.
    expect(key('APP1', 'k1')).toBe(key('APP1', 'k2'));
    const hw = teamAccountId({ provider: 'huawei', auth: 'aksk', ak: 'AK1', region: 'cn-north-4' }, { sk: 's' });
    expect(hw).toMatch(/^huawei-[0-9a-f]{16}$/);
  });
});
