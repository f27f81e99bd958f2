import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalRequest, sdkDate, signHuawei } from '../../main/providers/huawei/sign';

const base = {
  host: 'service.endpoint.myhuaweicloud.com',
  path: '/resources',
  query: { size: '1' },
  headers: { 'X-Sdk-Date': '20200608T023900Z' },
  ak: 'AccessKey',
  sk: 'SecretKey',
};

describe('Huawei SDK-HMAC-SHA256 signer', () => {
  it('matches the official GET vector', () => {
    expect(signHuawei({ ...base, method: 'GET', body: '' })).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842',
    );
    expect(canonicalRequest({ ...base, method: 'GET', body: '' }).text).toBe(
      'GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('matches the official POST vector', () => {
    expect(signHuawei({ ...base, method: 'POST', body: '{"name":"test","id":1}' })).toContain(
      'Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f',
    );
  });

  it('encodes queries like the official vector', () => {
    expect(canonicalQuery({ limit: 1, enable: true, test: '一 (&=?!#%.*)', path: '/tmp/123', multi: [1, 2, 3] })).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });

  it('matches the CPH-shaped vectors', () => {
    const pid = '0123456789abcdef0123456789abcdef';
    const common = { host: 'cph.cn-north-4.myhuaweicloud.com', ak: 'AccessKey', sk: 'SecretKey' };
    expect(
      signHuawei({
        ...common,
        method: 'POST',
        path: `/v1/${pid}/cloud-phone/phones/batch-stop`,
        query: {},
        headers: { 'X-Sdk-Date': '20200608T023900Z', 'Content-Type': 'application/json', 'X-Project-Id': pid },
        body: '{"phone_ids":["1234567b8bab40ffb711234cb80d0234"]}',
      }),
    ).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=2914dbfb4c7bdc09123ed2c017da0a29ebc52707ada453f62319d491ae93c11e',
    );
    expect(
      signHuawei({
        ...common,
        method: 'GET',
        path: `/v1/${pid}/cloud-phone/phones`,
        query: { offset: 0, limit: 100, status: 2 },
        headers: { 'X-Sdk-Date': '20200608T023900Z', 'X-Project-Id': pid },
        body: '',
      }),
    ).toContain('Signature=9baaa38f29b297b69ebce0a1ac296e3c9b41f154ec8f23c7dddd933b129092cf');
  });

  it('formats X-Sdk-Date', () => {
    expect(sdkDate(Date.UTC(2020, 5, 8, 2, 39, 0, 123))).toBe('20200608T023900Z');
  });

  it('agrees with the official Huawei Node SDK signer on generated requests', () => {
    const require = createRequire(import.meta.url);
    const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
      AKSKSigner: { sign(r: unknown, c: { getAk(): string; getSk(): string }): Record<string, string> };
    };
    const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/);
    const qv = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }).map(String));
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), qv, { maxKeys: 4 }),
        fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }), {
          nil: undefined,
        }),
        fc.stringMatching(/^[A-Z0-9]{8,20}$/),
        fc.stringMatching(/^[A-Za-z0-9]{8,40}$/),
        fc.constantFrom('GET', 'POST'),
        (segments, query, data, ak, sk, method) => {
          const path = `/v1/${segments.join('/')}`;
          const body = method === 'POST' && data ? JSON.stringify(data) : '';
          const headers = { 'X-Sdk-Date': '20261122T101500Z', 'Content-Type': 'application/json' };
          const host = 'cph.cn-north-4.myhuaweicloud.com';
          const theirs = AKSKSigner.sign(
            {
              endpoint: `https://${host}${path}`,
              method,
              headers: { ...headers },
              queryParams: query,
              data: method === 'POST' && data ? data : undefined,
            },
            { getAk: () => ak, getSk: () => sk },
          ).Authorization;
          const ours = signHuawei({ method, host, path, query, headers, body, ak, sk });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the simulator's own signature check", () => {
  it('accepts what the official Huawei SDK signs, and nothing with one byte changed', async () => {
    const { verifyHuaweiSignature } = await import('../../main/sim/huawei-verify');
    const require = createRequire(import.meta.url);
    const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
      AKSKSigner: { sign(r: unknown, c: { getAk(): string; getSk(): string }): Record<string, string> };
    };
    // '.' and '..' segments never reach a server: URL parsing (and every HTTP client) removes them.
    const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((s) => !/^\.+$/.test(s));
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
        fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }), {
          nil: undefined,
        }),
        fc.constantFrom('GET', 'POST'),
        (segments, query, data, method) => {
          const host = '127.0.0.1:17002';
          const path = `/v1/${segments.join('/')}`;
          const sdkHeaders = { 'X-Sdk-Date': '20261122T101500Z', 'Content-Type': 'application/json' };
          const body = method === 'POST' && data ? JSON.stringify(data) : '';
          const auth = AKSKSigner.sign(
            {
              endpoint: `http://${host}${path}`,
              method,
              headers: { ...sdkHeaders },
              queryParams: query,
              data: method === 'POST' && data ? data : undefined,
            },
            { getAk: () => 'AKEXAMPLE', getSk: () => 'SKEXAMPLE' },
          ).Authorization;
          const url = new URL(`http://${host}${path}`);
          for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
          const headers = {
            host,
            'x-sdk-date': sdkHeaders['X-Sdk-Date'],
            'content-type': 'application/json',
            authorization: auth,
          };
          const secretFor = (ak: string) => (ak === 'AKEXAMPLE' ? 'SKEXAMPLE' : null);
          expect(verifyHuaweiSignature({ method, url, headers, rawBody: body }, secretFor)).toEqual({
            ok: true,
            ak: 'AKEXAMPLE',
          });
          expect(verifyHuaweiSignature({ method, url, headers, rawBody: `${body} ` }, secretFor).ok).toBe(false);
          expect(
            verifyHuaweiSignature(
              { method, url: new URL(`${url}`.replace(path, `${path}x`)), headers, rawBody: body },
              secretFor,
            ).ok,
          ).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses requests from signers with subtle bugs (APIG.0301), over real HTTP', async () => {
    const { HuaweiSim } = await import('../../main/sim/huawei-sim');
    const { createHash, createHmac } = await import('node:crypto');
    const sim = new HuaweiSim();
    const url = await sim.listen();
    try {
      const host = new URL(url).host;
      const path = `/v1/${sim.opts.projectId}/cloud-phone/phones`;
      const query = 'limit=5&offset=0';
      const sha = (s: string) => createHash('sha256').update(s).digest('hex');
      /** A from-scratch signer with one switch per classic mistake. */
      const sign = (o: {
        slash?: boolean;
        sortQuery?: boolean;
        hostHeader?: string;
        lowerHexOnly?: boolean;
        sk?: string;
      }) => {
        const date = sdkDate(Date.now());
        const q = o.sortQuery === false ? 'offset=0&limit=5' : query;
        const canonical = [
          'GET',
          o.slash === false ? path : `${path}/`,
          q,
          `host:${o.hostHeader ?? host}\nx-sdk-date:${date}\n`,
          'host;x-sdk-date',
          sha(''),
        ].join('\n');
        const sig = createHmac('sha256', o.sk ?? sim.opts.sk)
          .update(`SDK-HMAC-SHA256\n${date}\n${sha(canonical)}`)
          .digest('hex');
        return {
          'X-Sdk-Date': date,
          Authorization: `SDK-HMAC-SHA256 Access=${sim.opts.ak}, SignedHeaders=host;x-sdk-date, Signature=${sig}`,
        };
      };
      const status = async (headers: Record<string, string>) => {
        const res = await fetch(`${url}${path}?${query}`, { headers });
        const body = (await res.json()) as { error_code?: string };
        return res.status === 200 ? 'ok' : body.error_code;
      };
      expect(await status(sign({}))).toBe('ok');
      expect(await status(sign({ slash: false }))).toBe('APIG.0301');
      expect(await status(sign({ sortQuery: false }))).toBe('APIG.0301');
      expect(await status(sign({ hostHeader: '127.0.0.1' }))).toBe('APIG.0301');
      expect(await status(sign({ sk: sim.opts.sk.toUpperCase() }))).toBe('APIG.0301');
    } finally {
      await sim.close();
    }
  });
});
