import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { startBrowserHost } from '../support/browser-host';
import { launchChromium, SCREENSHOTS } from '../support/chromium';
import { notKept } from '../helpers/phones';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;

beforeAll(async () => {
  host = await startBrowserHost({ startDelayMs: 200, jobDelayMs: 200 });
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** A page at a size and language with the results of a three-phone stop open beside the list. */
async function withResults(viewport: { width: number; height: number }, locale: string): Promise<Page> {
  const page = await browser.newPage({ viewport, locale });
  await page.goto(host.url);
  await page.locator('.scroller [role="row"]').nth(3).waitFor();
  const keys = host.core.fleet
    .all()
    .filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running' && notKept(p))
    .slice(0, 3)
    .map((p) => p.key);
  await host.core.dispatch('bulk:run', { action: 'stop', keys });
  await page
    .getByTestId('history-panel')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.getByTestId('open-history').click();
  await page.locator('.history-item').first().click();
  await page.getByTestId('job-results').waitFor();
  return page;
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('a window that fits (#23.5)', () => {
  for (const [name, viewport, locale] of [
    ['760×480 English', { width: 760, height: 480 }, 'en-US'],
    ['1280×800 Chinese', { width: 1280, height: 800 }, 'zh-CN'],
    ['1440×900 English', { width: 1440, height: 900 }, 'en-US'],
  ] as const) {
    it(`${name}: the results sit beside the list, the headers and every Open button show`, async () => {
      const page = await withResults(viewport, locale);
      const shot = `layout-${viewport.width}-${locale}.png`;
      await page.screenshot({ path: join(SCREENSHOTS, shot) });
      const panel = await box(page, '[data-testid="job-panel"]');
      const header = await box(page, '.row.header');
      expect(overlaps(panel, header), 'results panel over the column headers').toBe(false);
      // Every Open button in view is the element at its own centre: nothing covers it.
      const covered = await page.locator('.scroller [role="row"] button.small').evaluateAll(
        (buttons) =>
          buttons
            .map((b) => b.getBoundingClientRect())
            .filter((r) => r.bottom > 0 && r.top < innerHeight)
            .filter((r) => {
              const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return !at || !at.closest('button.small');
            }).length,
      );
      expect(covered).toBe(0);
      // The toolbar's rows stay one line each where there is room; the search shows its whole hint.
      if (viewport.width >= 1280) {
        // Lines of a row: a child that starts below every earlier child's bottom starts a new line.
        const lines = await page.locator('.toolbar-row').evaluateAll((rows) =>
          rows.map((r) => {
            const boxes = [...r.children].map((c) => c.getBoundingClientRect()).sort((a, b) => a.top - b.top);
            let n = 0;
            let bottom = -Infinity;
            for (const b of boxes) {
              if (b.top >= bottom) n++;
              bottom = Math.max(bottom, b.bottom);
            }
            return n;
          }),
        );
        expect(lines).toEqual([1, 1]);
      }
      const hintFits = await page.getByRole('searchbox', { name: /Search phones|搜索手机/ }).evaluate((el) => {
        const input = el as HTMLInputElement;
        const style = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return ctx.measureText(input.placeholder).width <= room;
      });
      expect(hintFits).toBe(true);
      await page.close();
    });
  }
});

describe('phone window size beside the width control (#23.5)', () => {
  it('says the window a phone opens in on this screen, and when the width shrinks to fit', async () => {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      screen: { width: 1920, height: 1080 },
    });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Settings' }).click();
    const slider = page.getByRole('slider', { name: 'Phone width' });
    await slider.fill('336');
    await expect
      .poll(() => page.getByTestId('window-size').textContent())
      .toBe('Phone windows open at 384 × 625 on this screen.');
    await slider.fill('600');
    const avail = await page.evaluate(() => screen.availHeight);
    const fitted = Math.floor((avail - 68) / (16 / 9));
    await expect
      .poll(() => page.getByTestId('window-size').textContent())
      .toContain(`At 600 px the phone would be taller than the screen, so it opens at ${fitted} px wide.`);
    await slider.fill('336');
    await page.close();
  });
});
