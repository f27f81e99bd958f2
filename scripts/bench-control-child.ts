// The app's side of the control-socket soak, in its own process so its event loop is measured alone:
// the real control server with the real limits, and its event-loop delay and heap reported on request.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startControlServer } from '../main/control/control-server';
import type { ControlService } from '../main/control/control-service';
import { createLogger, SecretRegistry } from '../main/kernel/redact';

const dir = mkdtempSync(join(tmpdir(), 'pd-bench-control-'));
const tokenFile = join(dir, 'control.token');
const server = await startControlServer({
  socket: join(dir, 'run', 'control.sock'),
  socketDir: join(dir, 'run'),
  tokenFile,
  service: { handle: async () => ({ phones: [], total: 0 }), identify: () => 'unpaired' } as unknown as ControlService,
  log: createLogger(new SecretRegistry(), () => undefined),
});
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.stdout.write(JSON.stringify({ socket: server.socket, token: readFileSync(tokenFile, 'utf8') }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'report') continue;
  delay.disable();
  global.gc?.();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const mb = (n: number) => Math.round(n / 1024 / 102.4) / 10;
  process.stdout.write(
    JSON.stringify({
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      heapMB: { before: mb(heapBefore), after: mb(process.memoryUsage().heapUsed) },
    }) + '\n',
  );
  await server.close();
  process.exit(0);
}
