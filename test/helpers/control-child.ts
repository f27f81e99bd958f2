// Run as a child process by the socket tests: the real control server (with a service that answers every
// request at once), short limits so the tests are quick, and its socket and token printed on stdout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlServer } from '../../main/control/control-server';
import type { ControlService } from '../../main/control/control-service';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';

const dir = mkdtempSync(join(tmpdir(), 'pd-control-child-'));
const server = await startControlServer({
  socket: join(dir, 'run', 'control.sock'),
  socketDir: join(dir, 'run'),
  tokenFile: join(dir, 'control.token'),
  service: { handle: async () => ({ phones: [], total: 0 }), identify: () => 'unpaired' } as unknown as ControlService,
  log: createLogger(new SecretRegistry(), () => undefined),
  limits: { authMs: 400, maxConnections: 8 },
});
process.stdout.write(JSON.stringify({ socket: server.socket, tokenFile: join(dir, 'control.token') }) + '\n');
