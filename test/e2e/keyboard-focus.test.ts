import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { startBrowserHost } from '../support/browser-host';
import { openPage } from '../support/chromium';
import { notKept } from '../helpers/phones';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

/** What has the focus: its role or tag, its test id, and its text. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      testId: el?.dataset.testid ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 60),
    };
  });

/** Picks one phone through the search box and ticks it (the list shows it alone). */
async function pick(name: string) {
  await page.getByRole('searchbox', { name: 'Search phones' }).fill(name);
  await page.locator('.scroller [role="row"]').first().getByRole('checkbox').check();
  await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
}

beforeAll(async () => {
  host = await startBrowserHost({ startDelayMs: 200, jobDelayMs: 200 });
  ({ browser, page } = await openPage(host.url));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('keyboard focus after actions (#23.6)', () => {
  it('"Try the demo workspace" leaves focus in the list, not on the page body', async () => {
    await page.getByRole('button', { name: 'Try the demo workspace' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).role, { timeout: 15_000 }).toBe('grid');
  });

  it('the header row is one Tab stop; arrows move along it, + and − resize the focused column', async () => {
    await page.locator('.scroller [role="row"]').nth(3).waitFor();
    const stops = await page
      .locator('.row.header')
      .evaluate(
        (row) =>
          [...row.querySelectorAll<HTMLElement>('button, input, [tabindex]')].filter((e) => e.tabIndex >= 0).length,
      );
    expect(stops).toBe(1);
    await page.getByRole('checkbox', { name: 'Select all shown' }).focus();
    await page.keyboard.press('ArrowRight');
    expect((await focused()).text).toMatch(/^Name/);
    const header = () => page.getByRole('columnheader', { name: /^Name/ });
    const before = (await header().boundingBox())!.width;
    await page.keyboard.press('+');
    await expect.poll(async () => Math.round((await header().boundingBox())!.width)).toBe(Math.round(before + 8));
    await page.keyboard.press('0');
    await expect.poll(async () => Math.round((await header().boundingBox())!.width)).toBe(Math.round(before));
    await page.keyboard.press('End');
    expect((await focused()).text).toMatch(/Cost today/);
    // Tab from the header leaves the row at once, and the list, instead of walking its columns.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="grid"]'))).toBe(false);
  });

  it('Start from the keyboard moves focus to its results, not the page body', async () => {
    const phone = host.core.fleet
      .all()
      .find((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p))!;
    await pick(phone.name);
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: /^Start 1/ })
      .focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).testId, { timeout: 10_000 }).toBe('job-title');
    expect((await focused()).text).toBe('Start');
    await expect.poll(() => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Close results' }).click();
  });

  it('Delete, confirmed from the keyboard, moves focus to its results', async () => {
    const phone = host.core.fleet
      .all()
      .find((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p))!;
    // The phone the Start test picked is still selected: this test starts from an empty selection, whatever
    // that phone's status has become by now (starting, or already running and so deletable).
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await pick(phone.name);
    await page.getByRole('button', { name: /^Delete 1 phone/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Delete/ })
      .focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).testId, { timeout: 10_000 }).toBe('job-title');
    await expect.poll(() => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Close results' }).click();
  });

  it('"Test and save" leaves focus on the new account, not the page body', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    const sims = await host.demo.sims();
    await page.getByLabel('Name shown in Phonedeck').fill('Agency');
    await page.getByLabel('API token').fill(sims.geelark.opts.token);
    await page.getByText('Advanced').click();
    await page.getByLabel(/API base URL/).fill(sims.geelark.url);
    await page.getByRole('button', { name: 'Test and save' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.accounts li').count(), { timeout: 10_000 }).toBe(3);
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest('.accounts > li:last-child')))
      .toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.textContent)).toContain('Agency');
  });
});
