import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../common/contract';
import { addCanaryAccount, testCore, waitFor } from '../helpers/core';

const CANARY = 'CANARY-7f3e9d1c-do-not-leak';
let env: Awaited<ReturnType<typeof testCore>>;
const replies: unknown[] = [];

beforeAll(async () => {
  env = await testCore();
  replies.push(await addCanaryAccount(env, CANARY));
});
afterAll(async () => env?.close());

/** Payloads a compromised or buggy renderer could send. */
const hostile = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
  }),
  fc.record(
    { keys: fc.array(fc.string({ maxLength: 300 }), { maxLength: 30 }), action: fc.string(), options: fc.anything() },
    { requiredKeys: [] },
  ),
  fc.record({
    keys: fc.array(fc.constantFrom('a/1', '../../etc', 'x'.repeat(500), '', 'acc/1; rm -rf'), { maxLength: 5 }),
  }),
  fc.record({
    label: fc.string(),
    credentials: fc.record(
      {
        provider: fc.constantFrom('geelark', 'huawei', 'evil'),
        auth: fc.constantFrom('token', 'key', 'aksk', 'x'),
        token: fc.string(),
        baseUrl: fc.oneof(fc.webUrl(), fc.constantFrom('file:///etc/passwd', 'javascript:1')),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record(
    {
      theme: fc.string(),
      defaultStartOptions: fc.record({ width: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
      __proto__: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);

describe('every IPC handler against hostile input', () => {
  it('answers thousands of malformed payloads with a clear error and stays healthy', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...INVOKE_CHANNELS, 'nope', '__proto__', 'constructor', 'toString'),
        hostile,
        async (channel, payload) => {
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
        },
      ),
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

  it('masks a secret a provider echoes, on every event and every reply, however short', async () => {
    const sims = await env.demo.sims();
    sims.geelark.opts.token = CANARY;
    const accountId = env.core.settings.get().accounts.find((a) => a.label === 'Canary')!.id;
    const phone = env.core.fleet
      .all()
      .find((p) => p.accountId === accountId && !sims.geelark.phones.get(p.id)!.expired)!;
    const seen: unknown[] = [];
    const stop = env.core.events.subscribe((event, payload) => seen.push({ event, payload }));
    // A per-phone refusal whose message quotes the token.
    sims.geelark.failPhone('start', phone.id, 49999, 1, `token ${CANARY} rejected`);
    const run = await env.core.dispatch('bulk:run', { action: 'start', keys: [phone.key] });
    const jobId = (run as { value: { jobId: string } }).value.jobId;
    await waitFor(
      () => env.core.fleet.getJob(jobId)!.state.state,
      (s) => s === 'done',
    );
    const got = await env.core.dispatch('bulk:get', { jobId });
    expect(JSON.stringify(got)).toContain('[redacted] rejected');
    // A list error that quotes it: refresh state, account health, the refresh reply.
    sims.geelark.inject({
      path: '/open/v1/phone/list',
      kind: 'body',
      body: JSON.stringify({ code: 40123, msg: `bad token ${CANARY}` }),
      times: 8,
    });
    const refreshed = await env.core.dispatch('phones:refresh', {});
    const accounts = await env.core.dispatch('accounts:list', {});
    stop();
    const all = JSON.stringify([got, refreshed, accounts, seen]);
    expect(all).not.toContain(CANARY);
    expect(JSON.stringify(seen)).toMatch(/bulk:update.*\[redacted\] rejected/s);
    expect(JSON.stringify(accounts)).toContain('bad token [redacted]');
    // Short secrets are masked too.
    env.core.secrets.add('q7Z');
    expect(env.core.secrets.redactValues({ a: ['x q7Z y'] })).toEqual({ a: ['x [redacted] y'] });
  });
});
