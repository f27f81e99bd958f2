import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS, type StartOptions } from '../../common/start-options';
import { readBatchAnswer } from '../../main/providers/geelark/answers';
import { newTraceId } from '../../main/providers/geelark/sign';
import type { PhoneOutcome } from '../../main/providers/types';
import type { GeeLarkSim } from '../../main/sim/geelark-sim';
import { closeAfterEach } from '../helpers/close-after-each';
import { FakeClock } from '../helpers/fake-clock';
import { geelarkPair } from '../helpers/geelark';
import { huaweiPair } from '../helpers/huawei';

const tracked = closeAfterEach();
const gl = (opts: Parameters<typeof geelarkPair>[0] = {}) => tracked(geelarkPair(opts));
const hw = (opts: Parameters<typeof huaweiPair>[0] = {}) => tracked(huaweiPair(opts));

/** JSON.parse turns 633179652143186328 into 633179652143186300, which is another phone's id. */
const FAILS = '633179652143186328';
const ROUNDS_ONTO = '633179652143186300';

function addPhone(sim: GeeLarkSim, id: string, status: 0 | 2 = 2): void {
  const template = [...sim.phones.values()][0];
  sim.phones.set(id, {
    ...template,
    id,
    serialName: `Phone ${id.slice(-4)}`,
    status,
    expired: false,
    busyTask: false,
    next: null,
    viewerUntil: 0,
  });
}

const summary = (outcomes: PhoneOutcome[]) => outcomes.map((o) => [o.id, o.ok ? 'ok' : o.code]);

describe('GeeLark ids beyond 2^53', () => {
  it.each([false, true])(
    'survive list → status → stop → delete exactly (ids sent as JSON numbers: %s)',
    async (numericIds) => {
      const { provider, sim } = await gl({ sim: { phones: 3, numericIds } });
      addPhone(sim, FAILS, 0);
      addPhone(sim, ROUNDS_ONTO, 0);
      const listed = (await provider.listAll()).map((p) => p.id);
      expect(listed).toEqual(expect.arrayContaining([FAILS, ROUNDS_ONTO]));
      expect(listed.every((id) => sim.phones.has(id))).toBe(true);

      const readings = await provider.status([FAILS, ROUNDS_ONTO]);
      expect(readings.map((r) => r.id).sort()).toEqual([ROUNDS_ONTO, FAILS].sort());

      expect(summary(await provider.stop([FAILS, ROUNDS_ONTO]))).toEqual([
        [FAILS, 'ok'],
        [ROUNDS_ONTO, 'ok'],
      ]);
      await new Promise((r) => setTimeout(r, 60));
      // One refusal for exactly one phone: only that phone fails, the other is deleted.
      sim.failPhone('delete', FAILS, 43021);
      expect(summary(await provider.delete([FAILS, ROUNDS_ONTO]))).toEqual([
        [FAILS, '43021'],
        [ROUNDS_ONTO, 'ok'],
      ]);
      expect(sim.phones.has(FAILS)).toBe(true);
      expect(sim.phones.has(ROUNDS_ONTO)).toBe(false);
    },
  );

  it('never matches an id that reached us as a rounded number', () => {
    const outcomes = readBatchAnswer(
      [ROUNDS_ONTO],
      { totalAmount: 1, successAmount: 0, failAmount: 1, failDetails: [{ id: 6.331796521431863e17, code: 43009 }] },
      { needsSuccessDetail: false },
    );
    expect(outcomes).toMatchObject([{ id: ROUNDS_ONTO, ok: false, code: 'UNCONFIRMED', maybeApplied: true }]);
  });
});

describe('GeeLark answers that prove nothing', () => {
  it.each([
    ['data null', '{"code":0,"msg":"success","data":null}'],
    ['data absent', '{"code":0,"msg":"success"}'],
    ['data {}', '{"code":0,"msg":"success","data":{}}'],
    [
      'counts that do not add up',
      '{"code":0,"msg":"success","data":{"totalAmount":2,"successAmount":2,"failAmount":1,"failDetails":[]}}',
    ],
    [
      'details that are not lists',
      '{"code":0,"msg":"success","data":{"totalAmount":2,"successAmount":2,"failAmount":0,"failDetails":"none"}}',
    ],
  ])('%s: stop and delete report every phone UNCONFIRMED, never done', async (_label, body) => {
    const { provider, sim } = await gl({ sim: { phones: 2 } });
    const ids = [...sim.phones.keys()];
    for (const action of ['stop', 'delete'] as const) {
      sim.inject({ path: `/open/v1/phone/${action}`, kind: 'body', body });
      const outcomes = await provider[action](ids);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['UNCONFIRMED', 'UNCONFIRMED']);
      expect(outcomes.every((o) => !o.ok && o.maybeApplied)).toBe(true);
    }
    expect(sim.phones.size).toBe(2);
  });

  it.each(['{"code":0,"data":null}', '{"code":0}', '{"code":0,"data":{}}', '{"code":0,"data":{"successDetails":{}}}'])(
    'status on %s is a provider error, not a TypeError',
    async (body) => {
      const { provider, sim } = await gl({ sim: { phones: 2 } });
      sim.inject({ path: '/open/v1/phone/status', kind: 'body', body, times: 10 });
      const error = await provider.status([...sim.phones.keys()]).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ProviderError', code: 'BAD_RESPONSE' });
    },
  );

  it('a list answer without items is an error, not an empty fleet', async () => {
    const { provider, sim } = await gl({ sim: { phones: 2 } });
    sim.inject({ path: '/open/v1/phone/list', kind: 'body', body: '{"code":0,"data":{"total":0}}', times: 10 });
    await expect(provider.listAll()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it.each(['-5', '1.5', '"300"', '1e300'])(
    'a list whose total is %s is an error, not a count to trust',
    async (total) => {
      const { provider, sim } = await gl({ sim: { phones: 2 } });
      sim.inject({
        path: '/open/v1/phone/list',
        kind: 'body',
        body: `{"code":0,"data":{"total":${total},"items":[{"id":"12"}]}}`,
        times: 10,
      });
      await expect(provider.listAll()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    },
  );

  it('a list that ignores the page number, or shifts a phone onto the next page, ends with each phone once', async () => {
    const { provider, sim } = await gl({ sim: { phones: 2 } });
    const items = Array.from({ length: 100 }, (_, i) => ({ id: String(1000 + i), serialName: `P${i}`, status: 2 }));
    // The same full first page, whatever page is asked for, claiming 1,000 phones.
    sim.inject({
      path: '/open/v1/phone/list',
      kind: 'body',
      body: JSON.stringify({ code: 0, data: { total: 1000, items } }),
      times: 50,
    });
    const before = sim.http.requests;
    const listed = await provider.listAll();
    expect(listed.map((p) => p.id)).toEqual(items.map((i) => i.id));
    expect(sim.http.requests - before).toBe(2); // page 1, then a page 2 that added nothing
  });

  it('a partial-success envelope (40006) is read phone by phone', async () => {
    const { provider, sim } = await gl({ sim: { phones: 2 } });
    const [a, b] = [...sim.phones.keys()];
    const body = JSON.stringify({
      code: 40006,
      msg: 'partial',
      data: {
        totalAmount: 2,
        successAmount: 1,
        failAmount: 1,
        failDetails: [{ id: b, code: 43009, msg: 'env is started' }],
      },
    });
    sim.inject({ path: '/open/v1/phone/delete', kind: 'body', body });
    expect(summary(await provider.delete([a, b]))).toEqual([
      [a, 'ok'],
      [b, '43009'],
    ]);
  });
});

describe('GeeLark unsafe actions are resent only after an explicit "try again later"', () => {
  const requestsTo = (sim: GeeLarkSim, before: number) => sim.http.requests - before;

  it.each([50000, 40000, 40123])(
    'start and delete answered %i are OUTCOME_UNKNOWN, sent once, and re-read',
    async (code) => {
      const clock = new FakeClock();
      const { provider, sim } = await gl({ clock });
      const [id] = [...sim.phones.values()].filter((p) => !p.expired).map((p) => p.id);
      for (const action of ['start', 'delete'] as const) {
        sim.inject({ path: `/open/v1/phone/${action}`, kind: 'code', code, times: 5 });
        const before = sim.http.requests;
        const [outcome] =
          action === 'start' ? await provider.start([id], DEFAULT_START_OPTIONS) : await provider.delete([id]);
        expect(outcome).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN', maybeApplied: true });
        expect(requestsTo(sim, before)).toBe(1);
        sim.http.faults.splice(0);
      }
    },
  );

  it('a read answered 50000 is retried, since reading twice is harmless', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await gl({ clock });
    sim.inject({ path: '/open/v1/phone/status', kind: 'code', code: 50000 });
    await expect(provider.status([[...sim.phones.keys()][0]])).resolves.toHaveLength(1);
  });

  it.each([47002, 40017])('start refused %i at the envelope (nothing done, try later) is sent again', async (code) => {
    const clock = new FakeClock();
    const { provider, sim } = await gl({ clock });
    const [id] = [...sim.phones.values()].filter((p) => !p.expired).map((p) => p.id);
    sim.inject({ path: '/open/v1/phone/start', kind: 'code', code });
    const [outcome] = await provider.start([id], DEFAULT_START_OPTIONS);
    expect(outcome).toMatchObject({ id, ok: true });
    expect(sim.startCalls).toHaveLength(1);
  });

  it.each([40003, 40004])(
    'a refusal before acting (%i) is that error for every phone, not an unknown outcome',
    async (code) => {
      const { provider, sim } = await gl();
      const [id] = [...sim.phones.keys()];
      sim.inject({ path: '/open/v1/phone/delete', kind: 'code', code });
      const [outcome] = await provider.delete([id]);
      expect(outcome).toMatchObject({ ok: false, maybeApplied: false });
      expect(outcome.ok === false && outcome.code).not.toBe('OUTCOME_UNKNOWN');
    },
  );
});

describe('GeeLark 40014 key lock', () => {
  it('holds every call for two hours, sends nothing meanwhile, then lets calls through again', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await gl({ clock, sim: { now: clock.now } });
    sim.inject({ kind: 'code', code: 40014 });
    await expect(provider.listAll()).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    const lockedAt = clock.now();
    expect(provider.limiter.lockedUntil).toBe(lockedAt + 2 * 3_600_000);
    const sent = sim.http.requests;
    clock.t += 3_600_000;
    await expect(provider.listAll()).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    expect(sim.http.requests).toBe(sent);
    clock.t = lockedAt + 2 * 3_600_000 + 1;
    expect(provider.limiter.lockedUntil).toBeNull();
    await expect(provider.listAll()).resolves.toHaveLength(40);
  });
});

describe('GeeLark start options are checked by the provider itself', () => {
  it.each<[string, Partial<Record<keyof StartOptions, unknown>>]>([
    ['width below 200', { width: 199 }],
    ['width above 600', { width: 601 }],
    ['fractional width', { width: 336.5 }],
    ['center as a string', { center: 'yes' }],
    ['hideSideBar as a string', { hideSideBar: 'no' }],
    ['an unknown option', { colour: 'red' } as never],
  ])('%s: refused per phone before anything is sent', async (_label, patch) => {
    const { provider, sim } = await gl();
    const ids = [...sim.phones.keys()].slice(0, 2);
    const seen: PhoneOutcome[] = [];
    const outcomes = await provider.start(ids, { ...DEFAULT_START_OPTIONS, ...patch } as StartOptions, {
      onOutcomes: (o) => seen.push(...o),
    });
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['INVALID_OPTIONS', 'INVALID_OPTIONS']);
    expect(outcomes[0].ok === false && outcomes[0].message).toMatch(/start options/i);
    expect(seen).toHaveLength(2);
    expect(sim.http.requests).toBe(0);
  });
});

describe('GeeLark simulator is as strict as the service', () => {
  const post = (sim: GeeLarkSim, path: string, body: string, contentType = 'application/json') =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, traceId: newTraceId(), Authorization: `Bearer ${sim.opts.token}` },
      body,
    }).then((r) => r.json() as Promise<{ code: number; msg: string }>);

  it('refuses a wrong Content-Type and malformed JSON as unreadable bodies (40001)', async () => {
    const { sim } = await gl();
    expect(await post(sim, '/open/v1/phone/list', '{"page":1}', 'text/plain')).toMatchObject({ code: 40001 });
    expect(await post(sim, '/open/v1/phone/list', '{"page":')).toMatchObject({ code: 40001 });
  });

  it.each([
    ['center', '"yes"'],
    ['center', '2'],
    ['energySavingMode', 'true'],
    ['hideSideBar', '"no"'],
    ['displayTimer', '1'],
    ['hideLibrary', '"false"'],
    ['hideMirror', 'null'],
    ['width', '"336"'],
    ['width', '336.5'],
  ])('type-checks start option %s = %s (40004)', async (field, value) => {
    const { sim } = await gl();
    const [id] = [...sim.phones.keys()];
    const reply = await post(sim, '/open/v1/phone/start', `{"ids":["${id}"],"${field}":${value}}`);
    expect(reply.code).toBe(40004);
    expect(reply.msg).toContain(field);
  });

  it('verifies key-mode signatures independently: signers with subtle bugs are refused (40003)', async () => {
    const { sim } = await gl();
    const { appId, apiKey } = sim.opts;
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const variants: [string, (t: { traceId: string; ts: string; nonce: string }) => Record<string, string>, number][] =
      [
        [
          'correct',
          ({ traceId, ts, nonce }) => ({
            appId,
            traceId,
            ts,
            nonce,
            sign: sha(appId + traceId + ts + nonce + apiKey).toUpperCase(),
          }),
          0,
        ],
        [
          'lowercase hex',
          ({ traceId, ts, nonce }) => ({ appId, traceId, ts, nonce, sign: sha(appId + traceId + ts + nonce + apiKey) }),
          40003,
        ],
        [
          'random nonce',
          ({ traceId, ts }) => ({
            appId,
            traceId,
            ts,
            nonce: 'ABCDEF',
            sign: sha(appId + traceId + ts + 'ABCDEF' + apiKey).toUpperCase(),
          }),
          40003,
        ],
        [
          'fields out of order',
          ({ traceId, ts, nonce }) => ({
            appId,
            traceId,
            ts,
            nonce,
            sign: sha(appId + ts + traceId + nonce + apiKey).toUpperCase(),
          }),
          40003,
        ],
        [
          'key left out',
          ({ traceId, ts, nonce }) => ({
            appId,
            traceId,
            ts,
            nonce,
            sign: sha(appId + traceId + ts + nonce).toUpperCase(),
          }),
          40003,
        ],
      ];
    for (const [label, headers, code] of variants) {
      const traceId = newTraceId();
      const res = await fetch(`${sim.url}/open/v1/phone/list`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...headers({ traceId, ts: String(Date.now()), nonce: traceId.slice(0, 6) }),
        },
        body: '{"page":1,"pageSize":1}',
      });
      expect({ label, code: ((await res.json()) as { code: number }).code }).toEqual({ label, code });
    }
  });
});

describe('Huawei jobs are pipelined', () => {
  it('sends every chunk at once and reports each phone as its own job ends; one stuck job holds back only its phone', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await hw({ clock, sim: { phones: 160, now: clock.now, jobDelayMs: 1_000 } });
    (provider as unknown as { opts: { jobPollMs: number; jobTimeoutMs: number } }).opts.jobPollMs = 500;
    (provider as unknown as { opts: { jobTimeoutMs: number } }).opts.jobTimeoutMs = 60_000;
    for (const p of sim.phones.values()) p.status = 2;
    const ids = [...sim.phones.keys()];
    const stuck = ids[3];
    sim.failPhone('batch-stop', stuck, 'NEVER', 'stuck');
    const reports: { at: number; ids: string[] }[] = [];
    const t0 = clock.now();
    const outcomes = await provider.stop(ids, {
      onOutcomes: (o) => reports.push({ at: clock.now() - t0, ids: o.map((x) => x.id) }),
    });

    expect(outcomes).toHaveLength(160);
    expect(sim.calls.filter((c) => c.path === 'batch-stop').map((c) => c.ids)).toEqual([50, 50, 50, 10]);
    const reportedAt = new Map(reports.flatMap((r) => r.ids.map((id) => [id, r.at] as const)));
    const others = ids.filter((id) => id !== stuck).map((id) => reportedAt.get(id)!);
    // Every other phone, whatever its chunk, is done within a couple of poll rounds of one job's length.
    expect(Math.max(...others)).toBeLessThanOrEqual(2_000);
    expect(reportedAt.get(stuck)).toBeGreaterThanOrEqual(60_000);
    expect(outcomes.find((o) => o.id === stuck)).toMatchObject({ ok: false, code: 'JOB_TIMEOUT', maybeApplied: true });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(159);
    // Following 160 jobs costs a few list reads a round, not one read per job.
    const jobReads = sim.calls.filter((c) => c.path === 'jobs' || c.path === 'job-detail').length;
    expect(jobReads).toBeLessThan(160);
  });
});

describe('Huawei simulator is as strict as the service', () => {
  it('lists phones with every documented field, and the app maps them', async () => {
    const { provider, sim, url } = await hw({ sim: { phones: 3 } });
    const phones = await provider.listAll();
    expect(phones.map((p) => p.id).sort()).toEqual([...sim.phones.keys()].sort());
    for (const field of [
      'image_id',
      'vnc_enable',
      'type',
      'imei',
      'traffic_type',
      'volume_mode',
      'metadata',
      'has_encrypt',
      'update_time',
    ]) {
      expect(Object.keys([...sim.phones.values()][0])).toContain(field);
    }
    void url;
  });

  it('answers a wrong Content-Type, malformed JSON and unknown jobs with codes that say so', async () => {
    const { sim, url } = await hw();
    const { signHuawei, sdkDate } = await import('../../main/providers/huawei/sign');
    const send = async (method: 'GET' | 'POST', path: string, body: string, contentType = 'application/json') => {
      const u = new URL(url + path);
      const headers: Record<string, string> = { 'Content-Type': contentType, 'X-Sdk-Date': sdkDate(Date.now()) };
      headers.Authorization = signHuawei({
        method,
        host: u.host,
        path: u.pathname,
        query: {},
        headers: { ...headers },
        body,
        ak: sim.opts.ak,
        sk: sim.opts.sk,
      });
      const res = await fetch(u, { method, headers, body: method === 'POST' ? body : undefined });
      return { status: res.status, ...((await res.json()) as { error_code: string }) };
    };
    const pid = sim.opts.projectId;
    expect(
      await send('POST', `/v1/${pid}/cloud-phone/phones/batch-stop`, '{"phone_ids":["x"]}', 'text/plain'),
    ).toMatchObject({ status: 415, error_code: 'SIM.CONTENT_TYPE' });
    expect(await send('POST', `/v1/${pid}/cloud-phone/phones/batch-stop`, '{"phone_ids":')).toMatchObject({
      status: 400,
      error_code: 'SIM.BAD_JSON',
    });
    expect(await send('GET', `/v1/${pid}/cloud-phone/jobs/doesnotexist`, '')).toMatchObject({
      status: 404,
      error_code: 'SIM.JOB_NOT_FOUND',
    });
  });
});

describe('provider facts for the detail panel', () => {
  it('keep what the list says (country, Android, proxy) and never the proxy password', async () => {
    const { provider } = await gl({ sim: { phones: 2 } });
    const [p] = await provider.listAll();
    const facts = Object.fromEntries(p.facts ?? []);
    // Labels are catalogue keys (the window says them in its language); known values are keys too.
    expect(facts).toMatchObject({
      'fact.country': 'Singapore',
      'fact.android': 'Android 12',
      'fact.proxy': expect.stringMatching(/^socks5 proxy-[ab]\.example\.net:1080$/),
    });
    expect(Object.values(facts).filter((v) => typeof v !== 'string')).toEqual(
      expect.arrayContaining([{ key: expect.stringMatching(/^fact\.charging\./) }]),
    );
    expect(JSON.stringify(p)).not.toMatch(/sim-proxy-password|sim-proxy-user/);
  });
});
