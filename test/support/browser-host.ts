import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createAppCore, type AppCore } from '../../main/app/compose';
import { systemClock } from '../../main/kernel/clock';
import { JsonFileSettingsStore } from '../../main/settings/settings-file';
import { DemoWorkspace } from '../../main/sim/demo';
import { memoryKeychain } from './test-keychain';
import { recordingWindows } from './recording-windows';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Runs the real main-process core (handlers, fleet, providers, simulators) behind HTTP and serves the
 * built renderer, which then uses its HTTP bridge. This is Actual's "browser implementation of the
 * bridge": the renderer is exercised in real Chromium without the Electron binary.
 */
export async function startBrowserHost(
  opts: {
    rendererDir?: string;
    geelarkPhones?: number;
    huaweiPhones?: number;
    startDelayMs?: number;
    jobDelayMs?: number;
    logs?: string[];
    autopilotGraceMs?: number;
    control?: { socket: string; socketDir: string; tokenFile: string };
    systemLanguages?: string[];
    team?: { retryMs?: number; jobWaitMs?: number; checkMs?: number };
    /** Stands in for the OS file dialog (the path a person would choose). */
    chooseFile?: (kind: 'app' | 'file', title: string) => Promise<string | null>;
  } = {},
) {
  const rendererDir = opts.rendererDir ?? join(import.meta.dirname, '../../out/renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`Build the renderer first (npm run build): ${rendererDir} is missing`);
  const demo = new DemoWorkspace({
    geelarkPhones: opts.geelarkPhones ?? 60,
    huaweiPhones: opts.huaweiPhones ?? 16,
    startDelayMs: opts.startDelayMs ?? 1_500,
    jobDelayMs: opts.jobDelayMs ?? 1_500,
  });
  const windows = recordingWindows();
  const dir = mkdtempSync(join(tmpdir(), 'phonedeck-host-'));
  const core: AppCore = await createAppCore({
    settingsStore: new JsonFileSettingsStore(join(dir, 'settings.json')),
    encryptor: memoryKeychain(),
    fetch,
    clock: systemClock,
    logSink: (_l, line) => opts.logs?.push(line),
    demo,
    windowFactory: windows.factory,
    pollerTimings: { transitionalMs: 1_000, visibleMs: 3_000, fullRefreshMs: 60_000 },
    stopWaitMs: 20_000,
    huaweiJobPollMs: 300,
    autopilotGraceMs: opts.autopilotGraceMs,
    control: opts.control,
    systemLanguages: () => opts.systemLanguages ?? ['en-US'],
    team: opts.team,
    chooseFile: opts.chooseFile,
  });
  const clients = new Set<import('node:http').ServerResponse>();
  core.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of clients) c.write(frame);
  });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/__ipc/')) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        payload = Symbol('unparseable');
      }
      const result = await core.dispatch(decodeURIComponent(url.pathname.slice('/__ipc/'.length)), payload);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = normalize(join(rendererDir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!file.startsWith(rendererDir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  core.poller.start();
  return {
    url,
    core,
    demo,
    windows,
    async close() {
      core.poller.stop();
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await core.controlServer?.close();
      await core.team.shutdown();
      await demo.close();
    },
  };
}
