import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { fitInto, phoneContentSize, tileGrid } from '../../main/windows/geometry';
import { allowViewerPermission, isSafeExternal, isSameOrigin } from '../../main/windows/url-policy';
import { testCore, waitFor } from '../helpers/core';

describe('window geometry', () => {
  it('sizes the window from the start options: width ± sidebar, height from the 16:9 phone', () => {
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 336 })).toEqual({ width: 384, height: 625 });
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 200, hideSideBar: true })).toEqual({ width: 200, height: 384 });
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 900 }).width).toBe(648);
  });

  it('tiles windows left to right, top to bottom, inside the work area', () => {
    const area = { x: 0, y: 25, width: 1000, height: 700 };
    const rects = tileGrid(5, { width: 300, height: 300 }, area);
    expect(rects.slice(0, 4).map((r) => [r.x, r.y])).toEqual([[0, 25], [308, 25], [616, 25], [0, 333]]);
    for (const r of rects) {
      expect(r.x + r.width).toBeLessThanOrEqual(1000);
      expect(r.y + r.height).toBeLessThanOrEqual(725);
    }
    const many = tileGrid(20, { width: 300, height: 300 }, area);
    expect(new Set(many.map((r) => `${r.x},${r.y}`)).size).toBeGreaterThan(6);
  });

  it('turns a resized window back into the viewer width that fills it', async () => {
    const { viewerWidthFor } = await import('../../main/windows/geometry');
    expect(viewerWidthFor(448, DEFAULT_START_OPTIONS)).toBe(400);
    expect(viewerWidthFor(448, { ...DEFAULT_START_OPTIONS, hideSideBar: true })).toBe(448);
    expect(viewerWidthFor(100, DEFAULT_START_OPTIONS)).toBe(200);
    expect(viewerWidthFor(2000, DEFAULT_START_OPTIONS)).toBe(600);
  });

  it('pulls a remembered window back onto a smaller screen', () => {
    expect(fitInto({ x: 3000, y: 900, width: 400, height: 700 }, { x: 0, y: 0, width: 1280, height: 800 })).toEqual({ x: 880, y: 100, width: 400, height: 700 });
  });
});

describe('URL policy', () => {
  it.each([
    ['https://phone.geelark.com/index.html?x=1', true],
    ['https://phone.geelark.com.evil.net/', false],
    ['https://user:pw@phone.geelark.com/', false],
    ['http://phone.geelark.com/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('same origin as the viewer: %s → %s', (url, ok) => {
    expect(isSameOrigin(url, 'https://phone.geelark.com')).toBe(ok);
  });

  it.each([
    ['https://docs.geelark.com/x', true],
    ['http://docs.geelark.com/x', false],
    ['file:///etc/passwd', false],
    ['https://localhost:8080/', false],
    ['https://192.168.1.1/', false],
  ])('external link %s allowed: %s', (url, ok) => {
    expect(isSafeExternal(url)).toBe(ok);
  });

  it('grants only fullscreen-like permissions, only to the viewer origin', () => {
    expect(allowViewerPermission('fullscreen', 'https://phone.geelark.com/a', 'https://phone.geelark.com')).toBe(true);
    expect(allowViewerPermission('geolocation', 'https://phone.geelark.com/a', 'https://phone.geelark.com')).toBe(false);
    expect(allowViewerPermission('fullscreen', 'https://evil.net/', 'https://phone.geelark.com')).toBe(false);
  });
});

describe('phone sessions', () => {
  let env: Awaited<ReturnType<typeof testCore>>;
  afterEach(async () => env?.close());

  it('starts afresh, opens one window per phone with the simulator URL, focuses instead of reopening, remembers bounds', async () => {
    env = await testCore();
    const { core, demo, windows } = env;
    await core.accounts.enableDemo();
    await core.fleet.refresh();
    const sims = await demo.sims();
    const phones = core.fleet.all().filter((p) => p.provider === 'geelark' && !sims.geelark.phones.get(p.id)!.expired).slice(0, 3);
    await core.settings.update((s) => void (s.defaultStartOptions = { ...s.defaultStartOptions, width: 300, hideSideBar: true }));
    const results = await core.sessions.open(phones.map((p) => p.key));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(windows.windows).toHaveLength(3);
    const w = windows.windows[0];
    expect(w.spec.url.startsWith(`${sims.geelark.url}/viewer/index.html?`)).toBe(true);
    expect(new URL(w.spec.url).searchParams.get('w')).toBe('300');
    expect(w.spec.title).toContain(phones[0].name);
    expect(w.spec.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'persist:phones' });
    expect(w.spec.options).not.toHaveProperty('webPreferences.preload');
    expect(w.spec.bounds.width).toBe(300);
    // Tiled: three distinct positions.
    expect(new Set(windows.windows.map((x) => `${x.spec.bounds.x},${x.spec.bounds.y}`)).size).toBe(3);
    // The viewer token is short-lived, so each open is a fresh start call.
    expect(sims.geelark.startCalls).toHaveLength(1);

    const again = await core.sessions.open([phones[0].key]);
    expect(again[0].message).toMatch(/focused/);
    expect(w.focused).toBe(1);
    expect(windows.windows).toHaveLength(3);

    w.move({ x: 50, y: 60, width: 320, height: 560 });
    await core.sessions.closeFor([phones[0].key]);
    await core.sessions.open([phones[0].key]);
    expect(windows.windows.at(-1)!.spec.bounds).toEqual({ x: 50, y: 60, width: 320, height: 560 });
    expect(sims.geelark.startCalls).toHaveLength(2);
    // The resized window asks the viewer to fill it (sidebar hidden here, so the whole 320 px).
    expect(sims.geelark.startCalls[1].body).toMatchObject({ width: 320 });
  });

  it('explains that Huawei phones have no viewer', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const hw = env.core.fleet.all().find((p) => p.provider === 'huawei')!;
    const [r] = await env.core.sessions.open([hw.key]);
    expect(r).toMatchObject({ ok: false, code: 'NO_VIEWER' });
    await waitFor(() => env.windows.windows.length, (n) => n === 0);
  });
});

describe('phone sessions under double clicks', () => {
  let env: Awaited<ReturnType<typeof testCore>>;
  afterEach(async () => env?.close());

  it('opens one window even when Open is clicked twice before the first start answers', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const sims = await env.demo.sims();
    sims.geelark.http.latencyMs = 100;
    const p = env.core.fleet.all().find((x) => x.provider === 'geelark' && !sims.geelark.phones.get(x.id)!.expired)!;
    const [a, b] = await Promise.all([env.core.sessions.open([p.key]), env.core.sessions.open([p.key])]);
    expect([a[0].message, b[0].message].sort()).toEqual(['Already opening', 'Opened']);
    expect(env.windows.windows).toHaveLength(1);
    expect(sims.geelark.startCalls).toHaveLength(1);
  });
});
