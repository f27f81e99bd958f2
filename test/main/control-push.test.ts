import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID, DEMO_HUAWEI_ID } from '../../main/sim/demo';
import { CLI, cliFor } from '../helpers/cli';
import { controlCore, waitFor, type testCore } from '../helpers/core';

/** `phonedeck push <file> <phones…>` against the running core on the simulators (#25.2, #25.4, #25.5). */
let env: Awaited<ReturnType<typeof testCore>>;
let where: { socket: string; tokenFile: string };
let close: () => Promise<void>;
const { cli } = cliFor(() => where);
const dir = mkdtempSync(join(tmpdir(), 'pd-push-'));
const png = join(dir, 'promo.png');
writeFileSync(png, Buffer.from('bytes of a promo image'));

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('Build the CLI first (npm run build)');
  ({ env, where, close } = await controlCore('pd-push-'));
  (await env.demo.sims()).geelark.files.delayMs = 20;
});
afterAll(async () => {
  await close();
});

const phoneOf = (accountId: string, status?: string) =>
  env.core.fleet.all().filter((p) => p.accountId === accountId && (!status || p.status === status));

describe('pushing a file from the command line', () => {
  it('waits for a person when the client may not act alone, then puts the file on each running phone and records it', async () => {
    const [a, b] = phoneOf(DEMO_GEELARK_ID, 'running');
    const [stopped] = phoneOf(DEMO_GEELARK_ID, 'stopped');
    const [huawei] = phoneOf(DEMO_HUAWEI_ID);
    const run = cli(['push', png, a.key, b.key, stopped.key, huawei.key]);
    const [asked] = await waitFor(
      () => env.core.control.approvals(),
      (l) => l.length === 1,
      10_000,
    );
    // The plan leaves out the stopped phone and the CPH one (CPH takes a .tar from OBS) before anyone is asked:
    // the person is asked about the two it would touch.
    expect(asked).toMatchObject({ client: 'cli', action: 'push', count: 2 });
    env.core.control.decide(asked.id, true);
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.out.trim()).toMatch(/2 of 4 phones have the file; 2 failed$/);
    expect(r.out).toContain(`✗ ${stopped.name}  not running (NOT_RUNNING)`);
    const sims = await env.demo.sims();
    for (const p of [a, b])
      expect(sims.geelark.files.downloads.get(p.id)?.[0].toString()).toBe('bytes of a promo image');
    const [job] = env.core.ledger.jobs({ limit: 5 }).filter((j) => j.action === 'push');
    expect(job).toMatchObject({ source: 'cli', total: 2, subject: 'promo.png' });
    const rows = env.core.ledger.jobPhones(job.id);
    expect(Object.fromEntries(rows.map((x) => [x.key, x.code]))).toEqual({ [a.key]: 'OK', [b.key]: 'OK' });
    expect(r.out).toContain(`✗ ${huawei.name}  its provider takes this another way`);
    // No call for the stopped phone: two pushes, one upload.
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/phone/uploadFile')).toHaveLength(2);
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/upload/getUrl')).toHaveLength(1);
  }, 30_000);

  it('a mistyped file or phone says so and pushes nothing', async () => {
    env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
    const [a] = phoneOf(DEMO_GEELARK_ID, 'running');
    const before = (await env.demo.sims()).geelark.calls.length;
    const noFile = await cli(['push', join(dir, 'nope.png'), a.key, '--json']);
    expect(JSON.parse(noFile.out)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(noFile.out).toContain('nope.png is not a file Phonedeck can read');
    const noPhone = await cli(['push', png, 'no-such-phone']);
    expect(noPhone.code).toBe(6);
    expect((await cli(['push', png])).code).toBe(2);
    expect((await env.demo.sims()).geelark.calls.length).toBe(before);
  });
});
