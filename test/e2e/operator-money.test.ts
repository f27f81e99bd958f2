import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS } from '../support/chromium';
import { notKept } from '../helpers/phones';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

const rows = () => page.locator('.scroller [role="row"]');
const shown = () => page.getByTestId('shown-count').textContent();

beforeAll(async () => {
  host = await startBrowserHost({ startDelayMs: 200 });
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 6 ? 0 : 2, expired: false, busyTask: false, chargeMode: i < 3 ? 1 : 0 }),
  );
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  await host.core.dispatch('spend:setPrice', { accountId: DEMO_GEELARK_ID, price: 0.5 });
  ({ browser, page } = await openPage(host.url));
  await rows().nth(10).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('money you can act on, in the window (#23.3)', () => {
  it('the top bar says what running phones cost per hour now, from the running per-minute phones only', async () => {
    const g = host.core.spend.summaries().find((s) => s.accountId === DEMO_GEELARK_ID)!;
    // Three of the six running GeeLark phones are monthly: they cost nothing by the minute.
    expect(g.runningPerMinute).toBe(3);
    await expect.poll(() => page.getByTestId('burn-rate').textContent(), { timeout: 10_000 }).toBe('≈ $90.00/h now');
  });

  it('a cost column that sorts, and filters for long runs, costly phones and the last action’s failures', async () => {
    const costs = host.core.spend.phoneCosts();
    const priced = Object.entries(costs).filter(([, c]) => (c.cost ?? 0) > 0);
    expect(priced.length).toBe(3);
    await page
      .getByRole('columnheader', { name: /Cost today/ })
      .getByRole('button')
      .click();
    await expect.poll(async () => (await rows().first().textContent()) ?? '').toMatch(/\$0\.50/);
    await page.locator('summary', { hasText: 'More filters' }).click();
    const costOver = page.getByLabel('Cost today over');
    await costOver.fill('abc');
    await costOver.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'An amount' }).count()).toBe(1);
    expect(await shown()).toBe('76 of 76'); // a mistyped amount changes nothing
    await costOver.fill('0.1');
    await costOver.press('Enter');
    await expect.poll(shown).toBe('3 of 76');
    await costOver.fill('');
    await costOver.press('Enter');
    await page.getByLabel('Running longer than').selectOption('1');
    await expect.poll(shown).toBe('0 of 76');
    await page.getByLabel('Running longer than').selectOption('');
    await expect.poll(shown).toBe('76 of 76');
    await page.keyboard.press('Escape');
    // The last action's failures, as a filter of the list (#23.1).
    const sims = await host.demo.sims();
    const stopped = host.core.fleet
      .all()
      .filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p))
      .slice(0, 3);
    sims.geelark.failPhone('start', stopped[1].id, 47001, 1, 'device concurrency limit');
    await page.getByRole('searchbox', { name: 'Search phones' }).fill(stopped[0].name.slice(0, 3));
    for (const p of stopped) {
      await page.getByRole('searchbox', { name: 'Search phones' }).fill(p.name);
      await rows().first().getByRole('checkbox').check();
    }
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: /^Start 3/ })
      .click();
    await expect.poll(() => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('job-results').locator('li').count(), { timeout: 20_000 }).toBe(3);
    await page.locator('summary', { hasText: 'More filters' }).click();
    await page.getByRole('checkbox', { name: 'Failed in the last action (1)' }).check();
    await expect.poll(shown).toBe('1 of 76');
    expect(await rows().first().textContent()).toContain(stopped[1].name);
    await page.getByRole('checkbox', { name: /Failed in the last action/ }).uncheck();
    await page.keyboard.press('Escape');
    await expect.poll(shown).toBe('76 of 76');
    await page.getByRole('button', { name: 'Close results' }).click();
  });

  it('money per account, group and tag, what is not priced and why, and two charts with a table each', async () => {
    await page.getByRole('button', { name: /^Autopilot/ }).click();
    const byAccount = page.getByRole('table', { name: 'Running minutes and spend by account' });
    await expect.poll(() => byAccount.locator('tbody tr', { hasText: 'Demo GeeLark' }).textContent()).toMatch(/\$\d/);
    // The monthly phones (GeeLark's monthly rentals, Huawei's phones) ran but are not billed by the minute:
    // said, with how long, so the minutes and the money agree.
    const excluded = page.getByTestId('money-excluded');
    await expect.poll(() => excluded.textContent()).toMatch(/of running on phones billed monthly/);
    // The chart library arrives only now, as its own chunk, and draws on a canvas.
    const charts = page.getByTestId('spend-charts');
    await expect.poll(() => charts.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await charts.getByText('Show as a table').first().click();
    await expect
      .poll(() => charts.getByRole('table', { name: 'Spend per day, last 30 days' }).locator('tbody tr').count())
      .toBe(30);
    // Every price field shows its whole hint ("0.01 (provider)", "not set"), never "0.01 (provi…" (#23.8).
    const cut = await page.locator('input.price').evaluateAll((inputs) =>
      (inputs as HTMLInputElement[])
        .filter((input) => {
          const style = getComputedStyle(input);
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.font = `${style.fontSize} ${style.fontFamily}`;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return ctx.measureText(input.placeholder).width > room;
        })
        .map((i) => i.placeholder),
    );
    expect(cut).toEqual([]);
    await page.getByTestId('money-breakdown').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'autopilot-money.png') });
  });
});
