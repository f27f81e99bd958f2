import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost();
  ({ browser, page } = await openPage(host.url));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const rows = () => page.locator('.scroller [role="row"]');

describe('main window in real Chromium against the real handlers and simulators', () => {
  it('offers the demo workspace on first run and then lists both fleets', async () => {
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('76 of 76');
    expect(await rows().count()).toBeGreaterThan(10);
    await expect.poll(() => page.locator('.badge-running').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.provider-huawei').count()).toBeGreaterThan(0);
  });

  it('filters by status and search text, and sorts by column', async () => {
    await page.getByRole('button', { name: /^Stopped [\d,]+$/ }).click();
    const stoppedCount = Number((await page.getByTestId('shown-count').textContent())!.split(' ')[0]);
    expect(stoppedCount).toBeGreaterThan(5);
    const statuses = await page
      .locator('.scroller .badge')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['stopped']));
    await page.getByLabel('Search phones').fill('cph-');
    await expect
      .poll(async () => page.locator('.scroller .cell-name .name').allTextContents())
      .toSatisfy((names: string[]) => names.length > 0 && names.every((n) => n.startsWith('cph-')));
    await page.getByLabel('Search phones').fill('');
    await page.getByRole('button', { name: /^Name/ }).click();
    const names = await page.locator('.scroller .cell-name .name').allTextContents();
    expect(names).toEqual(
      [...names].sort((a, b) => b.localeCompare(a, undefined, { numeric: true, sensitivity: 'base' })),
    );
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.getByRole('button', { name: /^Stopped [\d,]+$/ }).click();
  });

  it('bulk-starts a selection with one injected failure, shows each phone’s result, and retries only the failure', async () => {
    await page.getByLabel('Filter by account').selectOption({ label: 'Demo GeeLark team' });
    const firstRows = rows();
    await expect.poll(() => firstRows.count()).toBeGreaterThan(4);
    const keys = await firstRows.evaluateAll((els) => els.slice(0, 5).map((e) => e.getAttribute('data-key')!));
    const { geelark } = await host.demo.sims();
    const failingId = keys[2].split('/')[1];
    geelark.failPhone('start', failingId, 45002);
    await firstRows.nth(0).click();
    await firstRows.nth(4).click({ modifiers: ['Shift'] });
    await expect.poll(async () => page.getByTestId('selected-count').textContent()).toBe('5 selected');
    await page.getByRole('button', { name: /^Start \d+ phones?$/ }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 15_000 }).toContain('4 succeeded');
    expect(await summary.textContent()).toContain('1 failed');
    const failedRow = page.locator(`[data-testid="job-results"] li[data-key="${keys[2]}"]`);
    expect(await failedRow.textContent()).toMatch(/proxy is unavailable/i);
    expect(await page.locator('[data-testid="job-results"] li.ok').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'bulk-start-results-light.png') });

    await page.getByTestId('retry-failed').click();
    await expect.poll(async () => summary.textContent(), { timeout: 15_000 }).toContain('1 succeeded');
    expect(await summary.textContent()).toContain('0 failed');
    expect(geelark.startCalls.at(-1)!.ids).toEqual([failingId]);
    // The started phones settle into running once the provider reports it.
    await expect
      .poll(async () => page.locator(`[data-key="${keys[0]}"] .badge`).getAttribute('data-status'), { timeout: 15_000 })
      .toBe('running');
  });

  it('looks right in light and dark themes', async () => {
    await page.getByRole('button', { name: 'Close results' }).click();
    await page.getByLabel('Filter by account').selectOption('');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: join(SHOTS, 'main-window-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: join(SHOTS, 'main-window-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it("an error outside rendering reaches main's log, where diagnostics find it", async () => {
    const logged = vi.spyOn(host.core.log, 'error');
    page.removeAllListeners('pageerror'); // thrown on purpose: not worth a line in the test output
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('a handler failed on purpose');
      }),
    );
    await expect
      .poll(() => logged.mock.calls.map((c) => c[0]).join('\n'))
      .toContain('window error in an event handler or promise: a handler failed on purpose');
    logged.mockRestore();
  });
});
