import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost({ geelarkPhones: 12, huaweiPhones: 6 });
  const sims = await host.demo.sims();
  // A known shape: the first three phones of each provider running.
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 3 ? 0 : 2, busyTask: false, expired: false }),
  );
  [...sims.huawei.phones.values()].forEach((p, i) => (p.status = i < 3 ? 2 : 8));
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url, { width: 1440, height: 820 }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('a mixed GeeLark + Huawei fleet', () => {
  it('lists both providers with an account column and filter, and stops a mixed selection in one action', async () => {
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('18 of 18');
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent()).toBe('6 of 18');
    const providers = await page.locator('.scroller .provider').allTextContents();
    expect(new Set(providers)).toEqual(new Set(['GeeLark', 'Huawei CPH']));
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expect.poll(async () => page.getByTestId('selected-count').textContent()).toBe('6 selected');
    // Delete is not offered for Huawei phones: the button says so.
    expect(await page.getByRole('button', { name: /^Delete \d+ phones?$/ }).getAttribute('data-reason')).toMatch(
      /3 selected phones will be skipped/,
    );
    await page.screenshot({ path: join(SHOTS, 'mixed-fleet-selected.png') });
    await page.getByRole('button', { name: /^Stop \d+ phones?$/ }).click();
    // Two of them are marked to keep (a "vip" tag, a "do not delete" remark): the plan leaves them out and says so,
    // and including them is an explicit choice.
    const plan = page.getByRole('dialog');
    await expect.poll(async () => plan.getByRole('heading').textContent()).toBe('Stop 4 phones?');
    expect(await plan.getByTestId('kept-apart').textContent()).toMatch(
      /^2 phones are marked to keep and left out: (?=.*Hugo-0001)(?=.*Eve-0002)/,
    );
    await page.screenshot({ path: join(SHOTS, 'plan-kept-apart.png') });
    await plan.getByTestId('include-kept').click(); // planned again by main, with them in
    await expect.poll(async () => plan.getByRole('heading').textContent()).toBe('Stop 6 phones?');
    expect(await plan.getByTestId('plan-why').textContent()).toMatch(/2 phones marked to keep included/);
    await plan.getByRole('button', { name: 'Stop 6' }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 20_000 }).toContain('6 succeeded');
    const sims = await host.demo.sims();
    expect(sims.geelark.calls.filter((c) => c.path.endsWith('/stop'))).toEqual([
      { path: '/open/v1/phone/stop', ids: 3 },
    ]);
    expect(sims.huawei.calls.filter((c) => c.path === 'batch-stop')).toEqual([
      { method: 'POST', path: 'batch-stop', ids: 3 },
    ]);
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await page.getByRole('button', { name: /^Stopped [\d,]+$/ }).click();
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 20_000 }).toBe('18 of 18');
    await page.screenshot({ path: join(SHOTS, 'mixed-fleet-stopped.png') });
  });

  it('opens a GeeLark phone in a viewer window (recorded) with a fresh start', async () => {
    await page.getByRole('button', { name: /^Stopped [\d,]+$/ }).click();
    await page.getByLabel('Filter by account').selectOption({ label: 'Demo GeeLark team' });
    const firstOpen = page.locator('.scroller [role="row"]').first().getByRole('button', { name: 'Open' });
    await firstOpen.click();
    await expect.poll(() => host.windows.windows.length, { timeout: 10_000 }).toBe(1);
    const spec = host.windows.windows[0].spec;
    const sims = await host.demo.sims();
    expect(spec.url.startsWith(sims.geelark.url)).toBe(true);
    // The viewer page served at that URL is a real page a browser can load.
    const viewer = await browser.newPage();
    await viewer.goto(spec.url);
    expect(await viewer.locator('[data-phone-id]').count()).toBe(1);
    await viewer.screenshot({ path: join(SHOTS, 'simulated-viewer.png') });
    await viewer.close();
  });

  it('deletes a running and a stopped phone after confirming: stop, wait until stopped, then delete', async () => {
    const sims = await host.demo.sims();
    // Two phones nothing marks to keep (Cleo-0004, Finn-0007): the dialog acts on both.
    const pool = [...sims.geelark.phones.values()];
    const [running, stopped] = [pool[3], pool[6]];
    Object.assign(running, { status: 0, next: null });
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await page.getByLabel('Search phones').fill('');
    const rowOf = (id: string) => page.locator(`.scroller [role="row"][data-key="demo_geelark/${id}"]`);
    await expect
      .poll(async () => rowOf(running.id).locator('.badge').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('running');
    await page
      .getByRole('button', { name: 'Clear' })
      .click()
      .catch(() => undefined);
    await rowOf(running.id).click();
    await rowOf(stopped.id).click();
    await page.getByRole('button', { name: /^Delete \d+ phones?$/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete 2 phones?');
    expect(await dialog.textContent()).toMatch(/1 is running: stop, wait until stopped, then delete/);
    await page.screenshot({ path: join(SHOTS, 'confirm-delete.png') });
    await dialog.getByRole('button', { name: 'Delete 2' }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 20_000 }).toContain('2 succeeded');
    expect(sims.geelark.phones.has(running.id)).toBe(false);
    expect(sims.geelark.phones.has(stopped.id)).toBe(false);
    await expect.poll(() => rowOf(stopped.id).count()).toBe(0);
    await page.getByRole('button', { name: 'Close results' }).click();
  });

  it('adds an account from Settings: wrong key shows the provider’s refusal and keeps the form; the right key saves', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    const sims = await host.demo.sims();
    await page.getByLabel('Name shown in Phonedeck').fill('Agency');
    await page.getByLabel('API token').fill('definitely-wrong');
    await page.getByText('Advanced').click();
    await page.getByLabel(/API base URL/).fill(sims.geelark.url);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect
      .poll(async () => page.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toMatch(/rejected the credentials/);
    expect(await page.getByLabel('Name shown in Phonedeck').inputValue()).toBe('Agency');
    await page.getByLabel('API token').fill(sims.geelark.opts.token);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect.poll(async () => page.locator('.accounts li').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('.accounts').textContent()).toContain('Agency');
    await page.screenshot({ path: join(SHOTS, 'settings.png') });
    // The same team again, signed in the other way (App ID + key): recognised by its phones and refused.
    await page.getByRole('button', { name: 'Add account' }).click();
    await page
      .getByRole('combobox', { name: 'Provider and sign-in' })
      .selectOption({ label: 'GeeLark — App ID + API key' });
    await page.getByLabel('Name shown in Phonedeck').fill('Agency again');
    await page.getByLabel('App ID').fill(sims.geelark.opts.appId);
    await page.getByLabel('API key').fill(sims.geelark.opts.apiKey);
    await page.getByText('Advanced').click();
    await page.getByLabel(/API base URL/).fill(sims.geelark.url);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect
      .poll(async () => page.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toMatch(/reach the same phones as "Agency"/);
    expect(await page.locator('.accounts li').count()).toBe(3);
  });
});
