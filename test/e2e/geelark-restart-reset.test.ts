import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost({ geelarkPhones: 8, huaweiPhones: 0 });
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 4 ? 0 : 2, busyTask: i === 1, expired: false }),
  );
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url, { width: 1440, height: 820 }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('GeeLark restart and new machine in the window', () => {
  it('restarts the running GeeLark phones one call each, with a per-phone result (a busy one named)', async () => {
    await page.getByLabel('Filter by account').selectOption({ label: 'Demo GeeLark team' });
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toMatch(/^4 of/);
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: /^Restart 4 phones$/ }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 20_000 }).toContain('3 succeeded');
    await expect.poll(async () => page.getByTestId('job-results').textContent()).toMatch(/executing a task.*\(43005\)/);
    const sims = await host.demo.sims();
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/phone/restart')).toHaveLength(4);
    await page.screenshot({ path: join(SHOTS, 'geelark-restart-results.png') });
    await page.getByRole('button', { name: 'Close results' }).click();
  });

  it('Reset of GeeLark phones is a "new machine": the dialog names the phones and says what changes, then it is done', async () => {
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await page.getByRole('button', { name: /^Stopped [\d,]+$/ }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toMatch(/^4 of/);
    await page
      .getByRole('button', { name: 'Clear' })
      .click()
      .catch(() => undefined);
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: /^Reset 4 phones$/ }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(async () => dialog.textContent()).toMatch(/new machine.*new device identity/);
    // Phones marked to keep are left out unless included on purpose; here the person includes them.
    expect(await dialog.getByTestId('kept-apart').textContent()).toMatch(/marked to keep and left out/);
    await dialog.getByTestId('include-kept').check();
    await page.screenshot({ path: join(SHOTS, 'geelark-new-machine-confirm.png') });
    await dialog.getByRole('button', { name: /^Reset 4$/ }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 20_000 }).toContain('4 succeeded');
    const sims = await host.demo.sims();
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v2/phone/newOne')).toHaveLength(4);
  });
});
