/**
 * The wall row of `npm run bench` (issue 25's target): 200 tiles in view out of 1,000 running phones are
 * refreshed with the lower-bound number of screenshot requests (one per tile), none for a phone out of view,
 * paced by the account's limiter: the time is compared with the limiter's bound. The limiter's window is
 * shrunk (as in bulk10000Paced) so the pacing shows in seconds: 40 per 2 s per endpoint.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Phone } from '../common/phone';
import { systemClock } from '../main/kernel/clock';
import { Screens } from '../main/screens/screens';
import { pacedGeeLark } from './bench-paced';

const WINDOW_MS = 2_000;
const PER_WINDOW = 40;
const TILES = 200;

export async function wallBench() {
  const { sim, provider } = await pacedGeeLark({ phones: 1_000, windowMs: WINDOW_MS, perWindow: PER_WINDOW });
  sim.screens.delayMs = 50;
  const phones = new Map<string, Phone>(
    [...sim.phones.values()].map((p) => [
      `g/${p.id}`,
      { key: `g/${p.id}`, id: p.id, accountId: 'g', provider: 'geelark', status: 'running' } as Phone,
    ]),
  );
  const screens = new Screens({
    phone: (k) => phones.get(k),
    provider: () => provider,
    dir: join(mkdtempSync(join(tmpdir(), 'bench-wall-')), 'screenshots'),
    clock: systemClock,
    log: { info() {}, warn() {}, error() {} } as never,
    onChange: () => undefined,
  });
  // The tiles in view: 200 of the 1,000, from the middle of the wall.
  const visible = [...phones.keys()].slice(400, 400 + TILES);
  const t0 = performance.now();
  screens.refresh(visible);
  const tiles = async () => screens.tiles(visible);
  for (;;) {
    const t = await tiles();
    if (t.every((x) => !x.pending)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  const done = (await tiles()).filter((t) => t.image).length;
  const asked = new Set(sim.screens.takenFor().map((id) => `g/${id}`));
  const visibleSet = new Set(visible);
  const shotCalls = sim.calls.filter((c) => c.path === '/open/v1/phone/screenShot').length;
  const resultCalls = sim.calls.filter((c) => c.path === '/open/v1/phone/screenShot/result').length;
  // A sliding window admits PER_WINDOW per window: the last of 200 requests can go no sooner than this.
  const boundMs = (Math.ceil(TILES / PER_WINDOW) - 1) * WINDOW_MS;
  await sim.close();
  return {
    tilesInView: TILES,
    runningPhones: phones.size,
    screenshotsTaken: done,
    // Two calls per tile at least: the screenshot, and its result once ready.
    screenshotRequests: shotCalls,
    resultRequests: resultCalls,
    lowerBound: { screenshotRequests: TILES, resultRequests: TILES },
    requestsForPhonesOutOfView: [...asked].filter((k) => !visibleSet.has(k)).length,
    ms: Math.round(ms),
    limiterBoundMs: boundMs,
    timeOverBound: Math.round((ms / boundMs) * 100) / 100,
    limiter: { perWindowPerEndpoint: PER_WINDOW, windowMs: WINDOW_MS },
    targets: { requests: '= lower bound', requestsForPhonesOutOfView: 0, timeOverBound: '≤ 1.2' },
  };
}
