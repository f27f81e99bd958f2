import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { z } from 'zod';
import { ControlEnvelopeSchema, ControlRequestSchema, type ControlReply } from '../../common/control';
import { describeError, isProviderError } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { ControlService } from './control-service';
import { preparePrivateFolder } from './socket-dir';
import { CONNECTION_LIMITS, ControlConnection, type ConnectionLimits } from './connection';
import { basename, join } from 'node:path';

/** Every problem of a refused request, each with where it is ("params.action: …"). */
const issuesText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export interface ControlServer {
  socket: string;
  close(): Promise<void>;
}

/** Answers one request line: checked envelope, token compared in constant time, then the service. */
async function answer(
  line: string,
  connection: ControlConnection,
  k: { expected: Buffer; service: ControlService; log: Logger; redact: <T>(value: T) => T },
) {
  const conn = connection.conn;
  // Every reply and progress line is masked: a provider error that echoes a key must not reach a script.
  const send = (obj: unknown) => !conn.destroyed && conn.write(JSON.stringify(k.redact(obj)) + '\n');
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return send({ id: 0, ok: false, code: 'BAD_REQUEST', message: 'Each request is one line of JSON' });
  }
  const env = ControlEnvelopeSchema.safeParse(parsed);
  if (!env.success) return send({ id: 0, ok: false, code: 'BAD_REQUEST', message: issuesText(env.error) });
  const given = Buffer.from(env.data.token);
  if (given.length !== k.expected.length || !timingSafeEqual(given, k.expected)) {
    k.log.warn('control: a request with a wrong token was refused');
    const message = 'Wrong token: read it from the token file next to the socket';
    send({ id: env.data.id, ok: false, code: 'UNAUTHORIZED', message });
    conn.end();
    return;
  }
  connection.authenticated = true;
  const identity = k.service.identify(env.data.client, env.data.clientToken);
  if (identity === 'impostor') {
    k.log.warn(`control: a request claimed the paired name ${env.data.client} without its token`);
    const message = `"${env.data.client}" is paired: requests in its name need its own token (phonedeck pair)`;
    return send({ id: env.data.id, ok: false, code: 'UNAUTHORIZED', message });
  }
  const req = ControlRequestSchema.safeParse(env.data.request);
  if (!req.success) return send({ id: env.data.id, ok: false, code: 'BAD_REQUEST', message: issuesText(req.error) });
  // Actions are in the activity record with their source; every request is in the log with it too.
  k.log.info(`control: ${env.data.client} ${req.data.method}`);
  try {
    const value = await k.service.handle(
      env.data.client as 'cli',
      req.data,
      (progress) => send({ id: env.data.id, progress }),
      connection.signal,
      identity === 'paired',
    );
    send({ id: env.data.id, ok: true, value } satisfies ControlReply);
  } catch (e) {
    const { code, message } = describeError(e);
    const matches = isProviderError(e) ? (e as { matches?: unknown }).matches : undefined;
    send({ id: env.data.id, ok: false, code, message, ...(matches ? { matches } : {}) });
  }
}

/** Listens with an owner-only umask, so the socket is never, even for a moment, open to others. */
async function listenOwnerOnly(server: Server, socket: string, isPipe: boolean): Promise<void> {
  const previous = isPipe ? null : process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => resolve());
    });
  } finally {
    if (previous !== null) process.umask(previous);
  }
  if (!isPipe) chmodSync(socket, 0o600);
}

/**
 * The local endpoint: a Unix socket (owner-only, in an owner-only folder) or a Windows named pipe, and a
 * fresh random token in an owner-only file that every request must carry. No TCP port. One JSON object per
 * line each way; progress lines come before the reply.
 */
export async function startControlServer(opts: {
  socket: string;
  socketDir: string;
  tokenFile: string;
  service: ControlService;
  log: Logger;
  /** Masks every secret the app holds (the redaction every exit uses). */
  redact?: <T>(value: T) => T;
  /** What one client may cost (tests shorten the timeouts). */
  limits?: Partial<ConnectionLimits>;
}): Promise<ControlServer> {
  const token = randomBytes(32).toString('hex');
  const isPipe = opts.socket.startsWith('\\\\.\\pipe\\');
  let socket = opts.socket;
  if (!isPipe) {
    const folder = preparePrivateFolder(opts.socketDir);
    socket = join(folder, basename(opts.socket));
    // A socket left by a crashed run would make listen fail.
    if (existsSync(socket)) rmSync(socket);
  }
  writeFileSync(opts.tokenFile, token, { mode: 0o600 });
  chmodSync(opts.tokenFile, 0o600);
  // Where the socket really is (a private folder may have replaced the usual one): the CLI reads it here.
  writeFileSync(`${opts.tokenFile}.socket`, socket, { mode: 0o600 });
  const k = { expected: Buffer.from(token), service: opts.service, log: opts.log, redact: opts.redact ?? ((v) => v) };
  const limits = { ...CONNECTION_LIMITS, ...opts.limits };
  const server: Server = createServer((conn) => new ControlConnection(conn, limits, (line, c) => answer(line, c, k)));
  server.maxConnections = limits.maxConnections;
  await listenOwnerOnly(server, socket, isPipe);
  return {
    socket,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (!isPipe) rmSync(socket, { force: true });
        rmSync(opts.tokenFile, { force: true });
        rmSync(`${opts.tokenFile}.socket`, { force: true });
      }),
  };
}
