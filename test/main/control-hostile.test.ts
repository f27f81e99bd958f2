import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../helpers/core';
import { notKept } from '../helpers/phones';

let child: ChildProcess;
let where: { socket: string; tokenFile: string };

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/control-child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  where = await new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()))));
});
afterAll(() => child.kill('SIGKILL'));

/** A raw connection: what it was sent back, and when it was closed. */
function open(): Promise<{ sock: Socket; got: () => string; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const sock = connect(where.socket);
    let got = '';
    sock.setEncoding('utf8');
    sock.on('error', () => undefined);
    sock.on('data', (c: string) => (got += c));
    const closed = new Promise<void>((r) => sock.on('close', () => r()));
    sock.once('connect', () => resolve({ sock, got: () => got, closed }));
  });
}
const request = (id: number, token = readFileSync(where.tokenFile, 'utf8')) =>
  JSON.stringify({ id, token, client: 'cli', request: { method: 'list', params: {} } }) + '\n';

describe('the control socket against hostile clients (the real server, in its own process)', () => {
  it('a client without a token may not buffer more than a few kilobytes', async () => {
    const c = await open();
    c.sock.write('x'.repeat(5_000));
    await c.closed;
    expect(JSON.parse(c.got()).code).toBe('TOO_LARGE');
  });

  it('a client that says nothing is closed once its time to prove its token is up', async () => {
    const c = await open();
    await c.closed;
    expect(JSON.parse(c.got()).code).toBe('AUTH_TIMEOUT');
  });

  it('a request split over a thousand small writes is still read once whole', async () => {
    const c = await open();
    const line = request(7);
    for (const ch of line) c.sock.write(ch);
    await new Promise((r) => setTimeout(r, 150));
    expect(JSON.parse(c.got()).ok).toBe(true);
    // Gone before the next test counts connections against the cap (else it may hold one of the eight places).
    c.sock.end();
    await c.closed;
  });

  it('connections past the cap are closed at once, and a proper client is served when one frees up', async () => {
    // Eight authenticated connections (so the auth deadline cannot free a place meanwhile)…
    // Each sends its request as soon as it is connected: none waits for the others past its auth deadline.
    const held = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        open().then((h) => {
          h.sock.write(request(100 + i));
          return h;
        }),
      ),
    );
    // Served, however busy the machine: a timing is not what this checks.
    await expect.poll(() => held.every((h) => h.got().includes('"ok":true')), { timeout: 10_000 }).toBe(true);
    // …and a ninth is closed as it arrives, without a word.
    const extra = await open();
    await extra.closed;
    expect(extra.got()).toBe('');
    held.forEach((h) => h.sock.destroy());
    await new Promise((r) => setTimeout(r, 50));
    const ok = await open();
    ok.sock.write(request(1));
    await new Promise((r) => setTimeout(r, 150));
    expect(JSON.parse(ok.got()).ok).toBe(true);
    ok.sock.end();
  });

  it('a slow client that sends its token in time keeps its connection past the deadline', async () => {
    const c = await open();
    c.sock.write(request(2));
    await new Promise((r) => setTimeout(r, 700)); // past the 400 ms allowed for the first request
    c.sock.write(request(3));
    await new Promise((r) => setTimeout(r, 150));
    expect(
      c
        .got()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).ok),
    ).toEqual([true, true]);
    c.sock.end();
  });
});

describe('approvals a client may leave waiting', () => {
  it('are capped per client: a sixth delete request is refused instead of queued with its own notification', async () => {
    const notified: string[] = [];
    const env = await testCore({ notify: (t, b) => void notified.push(`${t} ${b}`) });
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const key = env.core.fleet.all().find((p) => p.status === 'stopped' && notKept(p))!.key;
    const asks = Array.from({ length: 6 }, () =>
      env.core.control.handle('cli', { method: 'act', params: { action: 'delete', phones: [key] } }, () => undefined),
    );
    await expect(asks[5]).rejects.toMatchObject({ code: 'TOO_MANY_WAITING' });
    expect(env.core.control.approvals()).toHaveLength(5);
    expect(notified).toHaveLength(5);
    for (const a of env.core.control.approvals()) env.core.control.decide(a.id, false);
    await Promise.allSettled(asks);
    await env.close();
  });
});
