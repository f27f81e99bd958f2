import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectControl, locate, UnsafeSocket } from '../../cli/client';
import { startControlServer } from '../../main/control/control-server';
import type { ControlService } from '../../main/control/control-service';
import { controlPaths } from '../../main/control/paths';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';

const NOBODY = 65534;
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
const log = createLogger(new SecretRegistry(), () => undefined);
const service = {
  handle: async () => ({ phones: [], total: 0 }),
  identify: () => 'unpaired',
} as unknown as ControlService;
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** A folder another local user made first, in a shared place like /tmp. */
function foreignFolder(base: string, name: string): string {
  const dir = join(base, name);
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  chownSync(dir, NOBODY, NOBODY);
  return dir;
}

describe.runIf(asRoot)('the control socket’s folder is checked, never taken over', () => {
  it('a folder another user made first is left alone; the app listens in a private one, and the CLI finds it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pd-sockdir-'));
    const theirs = foreignFolder(base, 'phonedeck-0');
    const tokenFile = join(base, 'control.token');
    const server = await startControlServer({
      socket: join(theirs, 'control.sock'),
      socketDir: theirs,
      tokenFile,
      service,
      log,
    });
    expect(server.socket.startsWith(theirs + '/')).toBe(false);
    expect(statSync(theirs).uid).toBe(NOBODY);
    expect(mode(theirs)).toBe('777');
    expect(mode(join(server.socket, '..'))).toBe('700');
    const where = locate({ PHONEDECK_TOKEN_FILE: tokenFile } as NodeJS.ProcessEnv);
    expect(where.socket).toBe(server.socket);
    const client = await connectControl('cli', where);
    expect((await client.request({ method: 'list', params: {} })).ok).toBe(true);
    client.close();
    await server.close();
  });

  it('a symbolic link planted where the folder goes is not followed: the folder it points to keeps its mode', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pd-sockdir-'));
    const victim = join(base, 'victims-home');
    mkdirSync(victim, { mode: 0o755 });
    symlinkSync(victim, join(base, 'phonedeck-0'));
    const server = await startControlServer({
      socket: join(base, 'phonedeck-0', 'control.sock'),
      socketDir: join(base, 'phonedeck-0'),
      tokenFile: join(base, 'control.token'),
      service,
      log,
    });
    expect(mode(victim)).toBe('755');
    expect(existsSync(join(victim, 'control.sock'))).toBe(false);
    await server.close();
  });

  it('the CLI sends nothing to a socket in a folder another user owns', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pd-sockdir-'));
    const trap = join(base, 'trap');
    mkdirSync(trap, { mode: 0o700 });
    const received: Buffer[] = [];
    const fake = createServer((c) => c.on('data', (d) => received.push(d)));
    await new Promise<void>((resolve) => fake.listen(join(trap, 'control.sock'), resolve));
    chownSync(join(trap, 'control.sock'), NOBODY, NOBODY);
    chownSync(trap, NOBODY, NOBODY);
    const tokenFile = join(base, 'control.token');
    writeFileSync(tokenFile, 'the-real-token', { mode: 0o600 });
    await expect(connectControl('cli', { socket: join(trap, 'control.sock'), tokenFile })).rejects.toThrow(
      UnsafeSocket,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(received).toString()).toBe('');
    fake.close();
    expect(readFileSync(tokenFile, 'utf8')).toBe('the-real-token');
  });
});

describe('where the socket goes', () => {
  it('prefers the session’s own runtime folder over /tmp when a long data folder does not fit', () => {
    const long = join('/home/someone', 'x'.repeat(100));
    expect(controlPaths(long, 'linux', { XDG_RUNTIME_DIR: '/run/user/1000' }).socketDir).toBe(
      '/run/user/1000/phonedeck',
    );
    expect(controlPaths(long, 'linux', {}).socketDir).toMatch(/^\/tmp\/phonedeck-\d+$/);
    expect(controlPaths('/home/a/.config/Phonedeck', 'linux', {}).socket).toBe(
      '/home/a/.config/Phonedeck/control.sock',
    );
  });
});
