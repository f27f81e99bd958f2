/**
 * Soak of the control socket: 100 slow clients that never send a valid token trickle bytes at it (and
 * come back when cut off) while one real client keeps asking, and 1,000 more try to connect at once, each
 * with 2 MB to send. The server runs in its own process, so its event loop (the window, tray and autopilot
 * share it in the app) and its heap are measured alone.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export async function controlSoak(seconds = 8) {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'bench-control-child.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { socket, token } = JSON.parse((await lines.next()).value as string) as { socket: string; token: string };
  const end = Date.now() + seconds * 1000;
  // One real client first, asking every 100 ms: how long its answers take while all this goes on.
  const real = connect(socket);
  real.on('error', () => undefined);
  await new Promise((r) => real.once('connect', r));
  real.setEncoding('utf8');
  const latencies: number[] = [];
  let askedAt = 0;
  real.on('data', () => latencies.push(Date.now() - askedAt));
  const sockets = new Set<Socket>();
  let cutOff = 0;
  // 100 slow clients: a byte every 20 ms, never a newline or a token; back 100 ms after being cut off.
  const slow = () => {
    if (Date.now() > end) return;
    const s = connect(socket);
    sockets.add(s);
    s.on('error', () => undefined);
    const timer = setInterval(() => s.writable && s.write('x'), 20);
    s.on('close', () => {
      clearInterval(timer);
      sockets.delete(s);
      cutOff++;
      setTimeout(slow, 100);
    });
  };
  for (let i = 0; i < 100; i++) slow();
  const twoMB = Buffer.alloc(2 * 1024 * 1024, 120);
  let burstClosed = 0;
  for (let i = 0; i < 1_000; i++) {
    const s = connect(socket);
    s.on('error', () => undefined);
    s.on('connect', () => s.write(twoMB));
    s.on('close', () => burstClosed++);
    setTimeout(() => s.destroy(), 2_000);
  }
  let id = 0;
  while (Date.now() < end) {
    askedAt = Date.now();
    real.write(JSON.stringify({ id: ++id, token, client: 'cli', request: { method: 'list', params: {} } }) + '\n');
    await new Promise((r) => setTimeout(r, 100));
  }
  child.stdin!.write('report\n');
  const server = JSON.parse((await lines.next()).value as string) as object;
  real.destroy();
  for (const s of sockets) s.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    slowClients: 100,
    burstClients: 1_000,
    seconds,
    ...server,
    slowClientsCutOff: cutOff,
    burstClientsClosed: burstClosed,
    realClient: { asked: id, answered: sorted.length, p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? null },
    target: 'event-loop delay p99 < 50 ms; heap flat',
  };
}
