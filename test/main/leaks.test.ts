import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl } from '../../cli/client';
import { notKept } from '../helpers/phones';
import { addCanaryAccount, pairForTests, testCore, waitFor } from '../helpers/core';

const CANARY = 'CANARY-51d0c2aa-never-on-disk';
const dataDir = mkdtempSync(join(tmpdir(), 'pd-leaks-'));
const where = {
  socket: join(dataDir, 'run', 'control.sock'),
  socketDir: join(dataDir, 'run'),
  tokenFile: join(dataDir, 'control.token'),
};
const notified: string[] = [];
let env: Awaited<ReturnType<typeof testCore>>;

/** Every regular file under a folder (the socket is not one). */
const everyFile = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    return st.isDirectory() ? everyFile(path) : st.isFile() ? [path] : [];
  });

beforeAll(async () => {
  env = await testCore({
    ledgerFile: join(dataDir, 'activity.sqlite'),
    control: where,
    notify: (title, body) => void notified.push(`${title} ${body}`),
  });
  await addCanaryAccount(env, CANARY);
  // The CLI may start and stop without asking, so its replies carry the provider's words at once.
  pairForTests(env, where);
  env.core.settings.update((s) => void (s.control.allowedClients = ['cli']));
});
afterAll(async () => {
  await env.core.controlServer?.close();
  await env.close();
});

describe('a provider error that echoes a credential reaches no exit in clear', () => {
  it('not the activity record on disk, not a control reply, not a notification', async () => {
    const sims = await env.demo.sims();
    const accountId = env.core.settings.get().accounts.find((a) => a.label === 'Canary')!.id;
    const phones = env.core.fleet
      .all()
      .filter((p) => p.accountId === accountId && p.status === 'stopped' && !sims.geelark.phones.get(p.id)!.expired);
    for (const p of phones.slice(0, 2)) sims.geelark.failPhone('start', p.id, 49999, 5, `token ${CANARY} rejected`);
    // From the window…
    const run = await env.core.dispatch('bulk:run', { action: 'start', keys: [phones[0].key] });
    const jobId = (run as { value: { jobId: string } }).value.jobId;
    await waitFor(
      () => env.core.fleet.getJob(jobId)!.state.state,
      (s) => s === 'done',
    );
    // …and from the command line, through the real socket.
    const client = await connectControl('cli', where);
    const progress: string[] = [];
    const reply = await client.request(
      { method: 'act', params: { action: 'start', phones: [phones[1].key] } },
      (line) => progress.push(line),
    );
    const activity = await client.request({ method: 'activity', params: { sinceMs: 3_600_000 } });
    client.close();
    const wire = JSON.stringify([reply, activity, progress]);
    expect(wire).toContain('[redacted] rejected');
    expect(wire).not.toContain(CANARY);
    // The record is written to disk: journal now, then the snapshot on close.
    await waitFor(
      () => env.core.ledger.jobs({}).length,
      (n) => n >= 2,
    );
    env.core.ledger.close();
    const files = everyFile(dataDir);
    expect(files.some((f) => f.endsWith('activity.sqlite'))).toBe(true);
    expect(files.filter((f) => readFileSync(f).toString('latin1').includes(CANARY))).toEqual([]);
    expect(notified.join('\n')).not.toContain(CANARY);
  });

  it('a desktop notification that quotes one is masked', async () => {
    // An agent that calls itself by the secret: its request for approval is announced on the desktop.
    const before = notified.length;
    const client = await connectControl(`mcp:${CANARY}`, where);
    const waiting = client.request({
      method: 'act',
      params: {
        action: 'delete',
        phones: [env.core.fleet.all().find((p) => p.status === 'stopped' && notKept(p))!.key],
      },
    });
    await waitFor(
      () => notified.length,
      (n) => n > before,
    );
    client.close();
    void waiting.catch(() => undefined);
    expect(notified.slice(before).join('\n')).toContain('[redacted]');
    expect(notified.join('\n')).not.toContain(CANARY);
  });
});
