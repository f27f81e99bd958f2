import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import type { ControlProgress, ControlReply, ControlRequest } from '../common/control';
import { controlPaths, defaultUserDataDir } from '../main/control/paths';
import { checkSocketBeforeConnecting } from '../main/control/socket-dir';

/** Raised when the app is not running (no socket, or nobody listening): exit code 3. */
export class AppNotRunning extends Error {}

/** Raised when the socket or its folder could belong to someone else: nothing is sent to it. */
export class UnsafeSocket extends AppNotRunning {}

const isPipe = (socket: string) => socket.startsWith('\\\\.\\pipe\\');

export interface ControlClient {
  request(req: ControlRequest, onProgress?: (line: string) => void): Promise<ControlReply>;
  close(): void;
}

/** Where the running app listens: PHONEDECK_SOCKET / PHONEDECK_TOKEN_FILE, else the app's data folder. */
export function locate(env = process.env): { socket: string; tokenFile: string } {
  const paths = controlPaths(env.PHONEDECK_DATA_DIR ?? defaultUserDataDir());
  const tokenFile = env.PHONEDECK_TOKEN_FILE ?? paths.tokenFile;
  return { socket: env.PHONEDECK_SOCKET ?? socketNamedBy(tokenFile) ?? paths.socket, tokenFile };
}

/** The socket the app says it listens on (beside its token, in the app's own folder), when it says so. */
function socketNamedBy(tokenFile: string): string | null {
  try {
    return readFileSync(`${tokenFile}.socket`, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Where a paired client keeps its own token: PHONEDECK_CLIENT_TOKEN_FILE, else `clients/<name>.token` beside
 * the app's token (an owner-only folder).
 */
export function clientTokenFile(client: string, where = locate(), env = process.env): string {
  return (
    env.PHONEDECK_CLIENT_TOKEN_FILE ??
    join(dirname(where.tokenFile), 'clients', `${client.replace(/[^\w.@-]/g, '_')}.token`)
  );
}

/** Keeps a newly paired client's token where only this user can read it. */
export function saveClientToken(client: string, token: string, where = locate()): string {
  const file = clientTokenFile(client, where);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, token, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

function readClientToken(client: string, where: { tokenFile: string; socket: string }): string | undefined {
  try {
    const token = readFileSync(clientTokenFile(client, where), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** One connection to the app; requests are answered in order, with progress lines before each reply. */
export async function connectControl(client: string, where = locate()): Promise<ControlClient> {
  if (!isPipe(where.socket) && !existsSync(where.socket))
    throw new AppNotRunning(`Phonedeck is not running (no socket at ${where.socket})`);
  let token: string;
  try {
    token = readFileSync(where.tokenFile, 'utf8').trim();
  } catch {
    throw new AppNotRunning(`Phonedeck is not running (no token file at ${where.tokenFile})`);
  }
  // The token goes only to a socket this user owns, in a folder no one else can enter: never to one another
  // user made first, or reached through a planted link.
  const unsafe = isPipe(where.socket) ? null : checkSocketBeforeConnecting(where.socket);
  // A paired client proves its name with its own token; an unpaired one sends none.
  const clientToken = readClientToken(client, where);
  if (unsafe) throw new UnsafeSocket(`Refusing to talk to ${where.socket}: ${unsafe}`);
  const sock = connect(where.socket);
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', (e) =>
      reject(new AppNotRunning(`Phonedeck is not running (${(e as NodeJS.ErrnoException).code ?? e.message})`)),
    );
  });
  sock.setEncoding('utf8');
  const waiting = new Map<number, { resolve(r: ControlReply): void; progress?(l: string): void }>();
  let buf = '';
  let next = 1;
  sock.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl)) as ControlReply | ControlProgress;
      buf = buf.slice(nl + 1);
      const w = waiting.get(Number(msg.id));
      if ('progress' in msg) w?.progress?.(msg.progress);
      else if (w) {
        waiting.delete(Number(msg.id));
        w.resolve(msg);
      } else if (!msg.ok) {
        // An error not tied to a request (a refused token) answers every request still waiting.
        for (const [id, x] of waiting) {
          waiting.delete(id);
          x.resolve({ ...msg, id });
        }
      }
    }
  });
  const fail = (message: string) => {
    for (const [id, w] of waiting) w.resolve({ id, ok: false, code: 'APP_GONE', message });
    waiting.clear();
  };
  sock.on('close', () => fail('Phonedeck closed the connection'));
  sock.on('error', (e) => fail(e.message));
  return {
    request(request, onProgress) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, { resolve, progress: onProgress });
        sock.write(JSON.stringify({ id, token, client, ...(clientToken ? { clientToken } : {}), request }) + '\n');
      });
    },
    close: () => sock.end(),
  };
}
