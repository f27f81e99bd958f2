import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../common/contract';
import { testCore } from '../helpers/core';

const CANARY = 'CANARY-7f3e9d1c-do-not-leak';
let env: Awaited<ReturnType<typeof testCore>>;
const replies: unknown[] = [];

beforeAll(async () => {
  env = await testCore();
  const sims = await env.demo.sims();
  sims.geelark.opts.token = CANARY;
  const added = await env.core.dispatch('accounts:add', { label: 'Canary', credentials: { provider: 'geelark', auth: 'token', token: CANARY, baseUrl: sims.geelark.url } });
  expect(added.ok).toBe(true);
  replies.push(added);
  await env.core.fleet.refresh();
});
afterAll(async () => env?.close());

/** Payloads a compromised or buggy renderer could send. */
const hostile = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
  fc.record({ keys: fc.array(fc.string({ maxLength: 300 }), { maxLength: 30 }), action: fc.string(), options: fc.anything() }, { requiredKeys: [] }),
  fc.record({ keys: fc.array(fc.constantFrom('a/1', '../../etc', 'x'.repeat(500), '', 'acc/1; rm -rf'), { maxLength: 5 }) }),
  fc.record({ label: fc.string(), credentials: fc.record({ provider: fc.constantFrom('geelark', 'huawei', 'evil'), auth: fc.constantFrom('token', 'key', 'aksk', 'x'), token: fc.string(), baseUrl: fc.oneof(fc.webUrl(), fc.constantFrom('file:///etc/passwd', 'javascript:1')) }, { requiredKeys: [] }) }),
  fc.record({ theme: fc.string(), defaultStartOptions: fc.record({ width: fc.oneof(fc.integer(), fc.double(), fc.string()) }), __proto__: fc.anything() }, { requiredKeys: [] }),
);

describe('every IPC handler against hostile input', () => {
  it('answers thousands of malformed payloads with a clear error and stays healthy', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_CHANNELS, 'nope', '__proto__', 'constructor', 'toString'), hostile, async (channel, payload) => {
        if (channel === 'demo:enable') return; // valid with any empty object; exercised elsewhere
        const r = await env.core.dispatch(channel, payload);
        replies.push(r);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.code).toMatch(/^[A-Z0-9_.]+$/);
          expect(r.message.length).toBeGreaterThan(3);
          expect(r.message).not.toMatch(/at .*\.ts:\d+/); // no stack traces
          seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(seen.get('INVALID_INPUT')).toBeGreaterThan(1_000);
    expect(seen.get('UNKNOWN_CHANNEL')).toBeGreaterThan(10);
    // Still healthy: the real requests work and the account is intact.
    const snap = await env.core.dispatch('phones:snapshot', {});
    expect(snap).toMatchObject({ ok: true });
    expect((snap as { value: { phones: unknown[] } }).value.phones.length).toBeGreaterThan(0);
    expect(env.core.settings.get().accounts.map((a) => a.label)).toContain('Canary');
  });

  it('never puts the secret in a log line, an IPC reply, or crash output', async () => {
    const sims = await env.demo.sims();
    // Provoke errors on every path that might echo a request: faults, bad auth, and an uncaught error.
    sims.geelark.inject({ kind: 'malformed' });
    sims.geelark.inject({ kind: 'http500', times: 5 });
    replies.push(await env.core.dispatch('phones:refresh', {}));
    sims.geelark.opts.token = 'rotated';
    replies.push(await env.core.dispatch('accounts:test', { accountId: env.core.settings.get().accounts[0].id }));
    replies.push(await env.core.dispatch('phones:refresh', {}));
    env.core.log.error('simulated crash', new Error(`request failed: Authorization: Bearer ${CANARY}`));
    env.core.log.error(`raw ${CANARY}`, { config: { token: CANARY } });
    const everything = JSON.stringify(replies) + env.logs.join('\n') + JSON.stringify(env.events);
    expect(everything).not.toContain(CANARY);
    expect(env.logs.join('\n')).toContain('[redacted]');
  });
});
