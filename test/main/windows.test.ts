import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { fitInto, phoneContentSize, tileGrid } from '../../main/sessions/geometry';
import {
  checkViewerUrl,
  ExternalLinkGate,
  isSafeExternal,
  isSameOrigin,
  ViewerOrigins,
} from '../../main/platform/url-policy';
import { classifyHost, isCredentialSafeUrl } from '../../common/hosts';
import fc from 'fast-check';
import { testCore, waitFor } from '../helpers/core';

describe('window geometry', () => {
  it('sizes the window from the start options: width ± sidebar, height from the 16:9 phone', () => {
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 336 })).toEqual({ width: 384, height: 625 });
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 200, hideSideBar: true })).toEqual({
      width: 200,
      height: 384,
    });
    expect(phoneContentSize({ ...DEFAULT_START_OPTIONS, width: 900 }).width).toBe(648);
  });

  it('tiles windows left to right, top to bottom, inside the work area', () => {
    const area = { x: 0, y: 25, width: 1000, height: 700 };
    const rects = tileGrid(5, { width: 300, height: 300 }, area);
    expect(rects.slice(0, 4).map((r) => [r.x, r.y])).toEqual([
      [0, 25],
      [308, 25],
      [616, 25],
      [0, 333],
    ]);
    for (const r of rects) {
      expect(r.x + r.width).toBeLessThanOrEqual(1000);
      expect(r.y + r.height).toBeLessThanOrEqual(725);
    }
    const many = tileGrid(20, { width: 300, height: 300 }, area);
    expect(new Set(many.map((r) => `${r.x},${r.y}`)).size).toBeGreaterThan(6);
  });

  it('turns a resized window back into the viewer width that fills it', async () => {
    const { viewerWidthFor } = await import('../../main/sessions/geometry');
    expect(viewerWidthFor(448, DEFAULT_START_OPTIONS)).toBe(400);
    expect(viewerWidthFor(448, { ...DEFAULT_START_OPTIONS, hideSideBar: true })).toBe(448);
    expect(viewerWidthFor(100, DEFAULT_START_OPTIONS)).toBe(200);
    expect(viewerWidthFor(2000, DEFAULT_START_OPTIONS)).toBe(600);
  });

  it('pulls a remembered window back onto a smaller screen', () => {
    expect(fitInto({ x: 3000, y: 900, width: 400, height: 700 }, { x: 0, y: 0, width: 1280, height: 800 })).toEqual({
      x: 880,
      y: 100,
      width: 400,
      height: 700,
    });
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
    ['https://localhost./', false],
    ['https://app.localhost/', false],
    ['https://192.168.1.1/', false],
    ['https://[::ffff:127.0.0.1]/', false],
    ['https://[::]/', false],
    ['https://0.0.0.0/', false],
    ['https://172.20.0.5/', false],
    ['https://169.254.169.254/latest/meta-data', false],
    ['https://100.64.0.1/', false],
    ['https://[fe80::1]/', false],
    ['https://[fd00::1]/', false],
    ['https://[::ffff:10.0.0.1]/', false],
    ['https://printer.local./', false],
    ['https://wiki.internal/', false],
    ['https://intranet/', false],
    ['https://0x7f.1/', false],
    ['https://2130706433/', false],
    ['https://172.32.0.1/', true],
    [`https://example.com/${'a'.repeat(2100)}`, false],
  ])('external link %s allowed: %s', (url, ok) => {
    expect(isSafeExternal(url)).toBe(ok);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['localhost', 'loopback'],
    ['a.localhost.', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['[fc00::1]', 'private'],
    ['100.127.255.1', 'private'],
    ['8.8.8.8', 'public'],
    ['phone.geelark.com', 'public'],
    ['', 'invalid'],
  ])('classifies host %s as %s', (host, cls) => {
    expect(classifyHost(host)).toBe(cls);
  });

  it('credentials go over https anywhere, plain http only to this machine', () => {
    expect(isCredentialSafeUrl('https://openapi.geelark.com')).toBe(true);
    expect(isCredentialSafeUrl('http://127.0.0.1:17001')).toBe(true);
    expect(isCredentialSafeUrl('http://[::1]:17001')).toBe(true);
    expect(isCredentialSafeUrl('http://openapi.geelark.com')).toBe(false);
    expect(isCredentialSafeUrl('http://192.168.1.5:17001')).toBe(false);
    expect(isCredentialSafeUrl('https://user:pw@openapi.geelark.com')).toBe(false);
    expect(isCredentialSafeUrl('ftp://x')).toBe(false);
  });

  it.each([
    ['https://phone.geelark.com/index.html?token=a', false, true],
    ['http://phone.geelark.com/index.html', false, false],
    ['http://127.0.0.1:4321/viewer/index.html', false, false],
    ['http://127.0.0.1:4321/viewer/index.html', true, true],
    ['http://192.168.1.2/viewer', true, false],
    ['https://user:pw@phone.geelark.com/', false, false],
    ['javascript:alert(1)', true, false],
    ['data:text/html,<script>alert(1)</script>', true, false],
    ['file:///etc/passwd', true, false],
    ['chrome://settings', true, false],
    ['', true, false],
  ])('viewer URL %s (loopback http allowed: %s) → %s', (url, loopback, ok) => {
    const verdict = checkViewerUrl(url, { loopbackHttpAllowed: loopback });
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.reason).toMatch(/not opened/);
  });

  it('every guard is total: it answers, never throws, whatever it is given', () => {
    const origins = new ViewerOrigins();
    origins.add('https://phone.geelark.com');
    const gate = new ExternalLinkGate({ now: () => 0 });
    const anything = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc.constantFrom('null', 'about:blank', 'javascript:x', 'data:,', 'http://[', 'https://%'),
      fc.anything(),
    );
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        expect(typeof isSameOrigin(a, typeof b === 'string' ? b : null)).toBe('boolean');
        expect(typeof isSafeExternal(a)).toBe('boolean');
        expect(typeof origins.allows(b, a)).toBe('boolean');
        expect(typeof checkViewerUrl(a, { loopbackHttpAllowed: true }).ok).toBe('boolean');
        expect(typeof gate.decide(a).open).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
    expect(isSameOrigin('https://phone.geelark.com/', 'null')).toBe(false);
  });

  it('opens external links only right after a gesture, one per gesture, a few a minute', () => {
    let t = 0;
    const gate = new ExternalLinkGate({ now: () => t });
    expect(gate.decide('https://docs.geelark.com/')).toMatchObject({ open: false });
    for (let i = 0; i < 3; i++) {
      gate.noteGesture();
      expect(gate.decide('https://docs.geelark.com/')).toEqual({ open: true });
      expect(gate.decide('https://docs.geelark.com/')).toMatchObject({ open: false });
      t += 1_000;
    }
    gate.noteGesture();
    expect(gate.decide('https://docs.geelark.com/')).toEqual({ open: false, reason: 'too many links this minute' });
    t += 60_000;
    gate.noteGesture();
    t += 2_500;
    expect(gate.decide('https://docs.geelark.com/')).toMatchObject({ open: false });
  });

  it('grants viewer permissions to the asking frame’s origin while a window of it is open', () => {
    const origins = new ViewerOrigins();
    const closeA = origins.add('https://phone.geelark.com');
    const closeB = origins.add('https://phone.geelark.com');
    expect(origins.allows('fullscreen', 'https://phone.geelark.com/a')).toBe(true);
    expect(origins.allows('geolocation', 'https://phone.geelark.com/a')).toBe(false);
    expect(origins.allows('fullscreen', 'https://evil.net/')).toBe(false);
    closeA();
    closeA();
    expect(origins.allows('fullscreen', 'https://phone.geelark.com/a')).toBe(true);
    closeB();
    expect(origins.allows('fullscreen', 'https://phone.geelark.com/a')).toBe(false);
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
    const phones = core.fleet
      .all()
      .filter((p) => p.provider === 'geelark' && !sims.geelark.phones.get(p.id)!.expired)
      .slice(0, 3);
    await core.settings.update(
      (s) => void (s.defaultStartOptions = { ...s.defaultStartOptions, width: 300, hideSideBar: true }),
    );
    const results = await core.sessions.open(phones.map((p) => p.key));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(windows.windows).toHaveLength(3);
    const w = windows.windows[0];
    expect(w.spec.url.startsWith(`${sims.geelark.url}/viewer/index.html?`)).toBe(true);
    expect(new URL(w.spec.url).searchParams.get('w')).toBe('300');
    expect(w.spec.title).toContain(phones[0].name);
    expect(w.spec.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      partition: 'persist:phones',
    });
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

  it.each([
    'javascript:alert(1)',
    'data:text/html,hi',
    'file:///etc/passwd',
    'chrome://settings',
    'http://phone.example.com/viewer',
    'https://u:p@phone.example.com/',
  ])('refuses a start answer whose viewer URL is %s, per phone, before any window opens', async (hostile) => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const sims = await env.demo.sims();
    const [a, b] = env.core.fleet
      .all()
      .filter((p) => p.provider === 'geelark' && !sims.geelark.phones.get(p.id)!.expired);
    const good = `${sims.geelark.url}/viewer/index.html?token=x`;
    const body = JSON.stringify({
      code: 0,
      msg: 'success',
      data: {
        totalAmount: 2,
        successAmount: 2,
        failAmount: 0,
        failDetails: [],
        successDetails: [
          { id: a.id, url: hostile },
          { id: b.id, url: good },
        ],
      },
    });
    sims.geelark.inject({ path: '/open/v1/phone/start', kind: 'body', body });
    const results = await env.core.sessions.open([a.key, b.key]);
    expect(results.find((r) => r.key === a.key)).toMatchObject({
      ok: false,
      code: 'UNSAFE_VIEWER_URL',
      message: expect.stringMatching(/not opened/),
    });
    expect(results.find((r) => r.key === b.key)).toMatchObject({ ok: true });
    expect(env.windows.windows.map((w) => w.spec.key)).toEqual([b.key]);
  });

  it('explains that Huawei phones have no viewer', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const hw = env.core.fleet.all().find((p) => p.provider === 'huawei')!;
    const [r] = await env.core.sessions.open([hw.key]);
    expect(r).toMatchObject({ ok: false, code: 'NO_VIEWER' });
    await waitFor(
      () => env.windows.windows.length,
      (n) => n === 0,
    );
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
