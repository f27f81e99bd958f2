import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateService, type UpdateState, type Updater } from '../../main/updates/update-service';
import { NodeHttpExecutor } from '../support/node-http-executor';

const silent = { info() {}, warn() {}, error() {}, debug() {} } as never;
let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A release feed as electron-builder publishes it: latest-linux.yml plus the file it points to. */
async function feed(version: string, opts: { corrupt?: boolean } = {}) {
  const body = Buffer.from(`Phonedeck ${version} AppImage payload `.repeat(2000));
  const sha512 = createHash('sha512').update(body).digest('base64');
  const file = `Phonedeck-${version}.AppImage`;
  const yml = [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${body.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-11-20T10:00:00.000Z'`,
    '',
  ].join('\n');
  const served: string[] = [];
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    served.push(path);
    if (path === '/latest-linux.yml') return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(yml);
    if (path === `/${file}`)
      return void res
        .writeHead(200, { 'content-length': body.length })
        .end(opts.corrupt ? Buffer.from(body).fill(0x41, 0, 10) : body);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, served };
}

/** The real electron-updater AppImage updater; only Electron's app object and net are swapped for plain Node. */
function realUpdater(url: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pd-update-'));
  writeFileSync(join(dir, 'current.AppImage'), 'old');
  // What electron-builder writes into the packaged app's resources from the `publish` config.
  writeFileSync(
    join(dir, 'app-update.yml'),
    `provider: generic\nurl: ${url}\nupdaterCacheDirName: phonedeck-updater\n`,
  );
  process.env.APPIMAGE = join(dir, 'current.AppImage');
  const app = {
    version: '0.1.0',
    name: 'Phonedeck',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: join(dir, 'cache'),
    whenReady: async () => undefined,
    relaunch() {},
    quit() {},
    onQuit() {},
  };
  const updater = new AppImageUpdater(undefined, app);
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.logger = null;
  updater.setFeedURL({ provider: 'generic', url });
  return updater;
}

function service(updater: Updater) {
  const notes: { title: string; body: string; actions: string[] }[] = [];
  const states: UpdateState['state'][] = [];
  const s = new UpdateService({
    updater,
    currentVersion: '0.1.0',
    log: silent,
    notify: (title, body, actions = []) => void notes.push({ title, body, actions: actions.map((a) => a.label) }),
    onState: (st) => void states.push(st.state),
  });
  return { s, notes, states };
}

describe('update check against a local release feed (real electron-updater)', () => {
  it('finds a newer version, asks before downloading, downloads and verifies it, installs on quit', async () => {
    const f = await feed('0.2.0');
    const updater = realUpdater(f.url);
    const { s, notes, states } = service(updater);
    expect(await s.check(false)).toEqual({ state: 'available', version: '0.2.0' });
    expect(notes.at(-1)).toEqual({
      title: 'An update is available',
      body: expect.stringContaining('0.2.0'),
      actions: ['Download'],
    });
    expect(f.served).toEqual(['/latest-linux.yml']); // nothing downloaded without consent
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(await s.download()).toEqual({ state: 'ready', version: '0.2.0' });
    expect(f.served).toContain('/Phonedeck-0.2.0.AppImage');
    expect(notes.at(-1)!.actions).toEqual(['Restart now']);
    expect([...new Set(states)]).toEqual(['checking', 'available', 'downloading', 'ready']);
  }, 30_000);

  it('a download that fails its sha512 is refused, not installed', async () => {
    const f = await feed('0.3.0', { corrupt: true });
    const { s, notes } = service(realUpdater(f.url));
    await s.check(false);
    const r = await s.download();
    expect(r).toEqual({ state: 'error', message: expect.stringMatching(/sha512 checksum mismatch/) });
    expect(notes.at(-1)!.title).toBe('The update could not be downloaded');
  }, 30_000);

  it('the same version is up to date: silent at start, said when asked', async () => {
    const f = await feed('0.1.0');
    const { s, notes } = service(realUpdater(f.url));
    expect((await s.check(false)).state).toBe('up-to-date');
    expect(notes).toEqual([]);
    await s.check(true);
    expect(notes).toEqual([{ title: 'Phonedeck is up to date', body: 'You have version 0.1.0.', actions: [] }]);
  });

  it('an unreachable feed is an error only when the user asked', async () => {
    const { s, notes } = service(realUpdater('http://127.0.0.1:9/none'));
    expect((await s.check(false)).state).toBe('error');
    expect(notes).toEqual([]);
    await s.check(true);
    expect(notes[0].title).toBe('Could not check for updates');
  });
});
