import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';
import { seriousViolations } from '../support/axe';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost();
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 6 ? 0 : 2, expired: i >= 50 && i < 53, busyTask: false }),
  );
  ({ browser, page } = await openPage(host.url, undefined, { bypassCSP: true }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function setTheme(theme: 'light' | 'dark') {
  await host.core.dispatch('settings:update', { theme });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
}

async function check(state: string) {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(theme);
    const found = await seriousViolations(page);
    expect({ state, theme, found }).toEqual({ state, theme, found: [] });
  }
}

describe('no serious or critical axe violations, light and dark', () => {
  it('onboarding', async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Try the demo workspace' }).count()).toBe(1);
    await check('onboarding');
  });

  it('the list', async () => {
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('76 of 76');
    await check('list');
  });

  it('a selection', async () => {
    await page.getByRole('button', { name: /^Select all 76 matching$/ }).click();
    await check('selection');
  });

  it('bulk results', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    const rows = page.locator('.scroller [role="row"]');
    await rows.nth(0).click();
    await rows.nth(1).click();
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: /^Stop|^Start/ })
      .first()
      .click();
    await expect
      .poll(async () => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 20_000 })
      .toBe(1);
    await check('bulk results');
    await page.screenshot({ path: join(SHOTS, 'results-dark.png') });
  });

  it('a plan that asks, and results long enough to scroll (#23.7)', async () => {
    await page.getByRole('button', { name: 'Close results' }).click();
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: /^Select all [\d,]+ matching$/ }).click();
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: /^Restart/ })
      .click();
    const plan = page.getByRole('dialog');
    await expect.poll(() => plan.count()).toBe(1);
    await check('plan dialog');
    await plan.getByRole('button', { name: /^Restart \d+$/ }).click();
    await expect
      .poll(async () => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 20_000 })
      .toBe(1);
    const list = page.getByTestId('job-results');
    await expect.poll(() => list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // Wait for the list to confirm some phones, so their 'confirmed <time>' is checked too, every run.
    await expect.poll(() => list.locator('.confirmed').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await check('results that scroll');
    await page.getByRole('button', { name: 'Close results' }).click();
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
  });

  it('filters that match no phone (#23.7)', async () => {
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('no phone is called this');
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(1);
    await check('no match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent()).toBe('76 of 76');
  });

  it('the delete confirmation', async () => {
    await page.getByRole('button', { name: /^Select all 76 matching$/ }).click();
    await page.getByRole('button', { name: /^Delete [\d,]+ phones$/ }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await check('confirm dialog');
    await page.keyboard.press('Escape');
  });

  it('settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await check('settings');
  });

  it('a phone’s details and its menu', async () => {
    await page.getByRole('button', { name: 'Phones' }).click();
    const first = page.locator('.scroller [role="row"]').first();
    await first.click({ button: 'right' });
    await expect.poll(() => page.getByRole('menu').count()).toBe(1);
    await check('row menu');
    await page.getByRole('menu').getByRole('menuitem', { name: 'Details' }).click();
    await expect.poll(() => page.getByTestId('detail-panel').count()).toBe(1);
    await check('details');
  });

  it('activity and autopilot', async () => {
    await page.getByRole('button', { name: 'Activity' }).click();
    await expect.poll(() => page.getByTestId('activity-table').count()).toBe(1);
    await page.getByTestId('activity-table').getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('activity-job').count()).toBe(1);
    await check('activity');
    await page.getByRole('button', { name: /^Autopilot/ }).click();
    await page.getByRole('button', { name: 'New policy' }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.locator('.policy-form [aria-invalid="true"]').count()).toBeGreaterThan(0);
    await check('autopilot with a form error');
    // A dry run's result (#23.7): a live region around a list.
    await page.getByLabel('Name').fill('Nights');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Dry run' }).count()).toBe(1);
    await check('a policy dry run');
  });
});
