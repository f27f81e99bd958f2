import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { seriousViolations } from '../support/axe';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS } from '../support/chromium';

/**
 * The screenshot wall in real Chromium (#25.3): tiles for the running phones, screens asked for only for the
 * tiles in view, each with its age; select on the wall and the bulk bar acts; a tile opens its phone; Huawei
 * tiles say there is no screenshot API. axe at 0 serious, in both languages.
 */
let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost({ geelarkPhones: 80, huaweiPhones: 6, startDelayMs: 200, jobDelayMs: 200 });
  const sims = await host.demo.sims();
  for (const p of sims.geelark.phones.values()) Object.assign(p, { status: 0, expired: false, busyTask: false });
  // Huawei phones running too (2 is CPH's "running"): their tiles say there is no screenshot API.
  for (const p of sims.huawei.phones.values()) p.status = 2;
  sims.geelark.screens.delayMs = 100;
  ({ browser, page } = await openPage(host.url, { width: 1280, height: 800 }, { bypassCSP: true }));
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  await page.locator('.scroller [role="row"]').nth(3).waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** The phone keys of the tiles that are on screen now. */
const tilesInView = () =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="tile"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
      })
      .map((el) => el.dataset.key!),
  );

describe('the screenshot wall', () => {
  it('shows the running phones as tiles and asks only for the screens in view', async () => {
    await page.getByTestId('wall-toggle').click();
    await page.getByTestId('tile').first().waitFor();
    await expect.poll(() => page.locator('[data-testid="tile"] img').count(), { timeout: 20_000 }).toBeGreaterThan(4);
    const sims = await host.demo.sims();
    const inView = new Set(await tilesInView());
    const asked = sims.geelark.screens.takenFor().map((id) => `${DEMO_GEELARK_ID}/${id}`);
    const running = host.core.fleet.all().filter((p) => p.status === 'running').length;
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThan(running);
    // Every screenshot asked for is of a tile on screen: none for a phone out of view.
    for (const key of asked) expect(inView.has(key), key).toBe(true);
    await expect.poll(() => page.getByTestId('tile-age').first().textContent()).toMatch(/^taken /);
    await page.screenshot({ path: join(SCREENSHOTS, 'wall.png') });
    expect(await seriousViolations(page)).toEqual([]);
  }, 40_000);

  it('selecting tiles drives the bulk bar, and a tile opens its phone', async () => {
    const first = page.getByTestId('tile').first();
    await first.getByRole('checkbox').check();
    await page.getByTestId('tile').nth(1).getByRole('checkbox').check();
    await expect.poll(() => page.getByRole('button', { name: /^Stop 2 phones/ }).count()).toBe(1);
    const before = host.windows.windows.length;
    await first.getByRole('button', { name: /^Open / }).click();
    await expect.poll(() => host.windows.windows.length, { timeout: 10_000 }).toBe(before + 1);
  });

  it('scrolling brings new tiles into view and asks for those, not the ones passed', async () => {
    const sims = await host.demo.sims();
    const before = sims.geelark.screens.takenFor().length;
    await page.getByTestId('wall').evaluate((el) => el.scrollBy(0, 2_000));
    const inView = new Set(await tilesInView());
    await expect.poll(() => sims.geelark.screens.takenFor().length, { timeout: 10_000 }).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, 800));
    const fresh = sims.geelark.screens
      .takenFor()
      .slice(before)
      .map((id) => `${DEMO_GEELARK_ID}/${id}`);
    const selected = new Set(
      host.core.fleet
        .all()
        .map((p) => p.key)
        .filter((k) => fresh.includes(k)),
    );
    for (const key of fresh) expect(inView.has(key) || selected.has(key), key).toBe(true);
  });

  it('in Chinese, and Huawei tiles say CPH has no screenshot API', async () => {
    await host.core.dispatch('settings:update', { language: 'zh-CN' });
    await expect.poll(() => page.getByTestId('wall-toggle').textContent()).toMatch(/列表/);
    await page.getByTestId('wall').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-zh.png') });
    expect(await seriousViolations(page)).toEqual([]);
    const tiles = host.core.screens.tiles(
      host.core.fleet
        .all()
        .filter((p) => p.provider === 'huawei')
        .map((p) => p.key),
    );
    expect((await tiles).every((t) => !t.supported && t.unsupported === 'Huawei CPH 的 API 不提供截图')).toBe(true);
    // The wall follows the list's filters: searched by name, a Huawei phone's tile says why it has no screen.
    const huawei = host.core.fleet.all().find((p) => p.provider === 'huawei')!;
    await page.locator('input[type="search"]').fill(huawei.name);
    const tile = page.locator('[data-testid="tile"]', { hasText: huawei.name });
    await expect.poll(() => tile.textContent(), { timeout: 10_000 }).toContain('Huawei CPH 的 API 不提供截图');
    await page.locator('input[type="search"]').fill('');
    await host.core.dispatch('settings:update', { language: 'en' });
  });
});
