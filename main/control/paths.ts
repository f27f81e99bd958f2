import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where Electron keeps the app's data (app.getPath('userData')), computed without Electron for the CLI. */
export function defaultUserDataDir(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Phonedeck');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Phonedeck');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Phonedeck');
}

/**
 * The control socket and its token file. A Unix socket lives in the user data folder (owner-only); its path
 * must stay under the OS limit (104 bytes on macOS), so a long folder falls back to a private folder in /tmp.
 * On Windows it is a named pipe carrying the user's name.
 */
export function controlPaths(
  userData: string,
  platform = process.platform,
  env = process.env,
): { socket: string; tokenFile: string; socketDir: string } {
  const tokenFile = join(userData, 'control.token');
  if (platform === 'win32')
    return { socket: `\\\\.\\pipe\\phonedeck-${userInfo().username}`, tokenFile, socketDir: userData };
  const inData = join(userData, 'control.sock');
  if (Buffer.byteLength(inData) < 100) return { socket: inData, tokenFile, socketDir: userData };
  // The user's own runtime folder when the session has one (it is theirs alone), else a private folder in /tmp.
  const runtime = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'phonedeck') : null;
  const dir =
    runtime && Buffer.byteLength(join(runtime, 'control.sock')) < 100
      ? runtime
      : join('/tmp', `phonedeck-${userInfo().uid}`);
  return { socket: join(dir, 'control.sock'), tokenFile, socketDir: dir };
}
