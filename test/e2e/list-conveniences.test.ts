import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage } from '../support/chromium';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

const rows = () => page.locator('.scroller [role="row"]');
const shown = () => page.getByTestId('shown-count').textContent();
const chip = (name: string) =>
  page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: new RegExp(`^${name} [\\d,]+$`) });

beforeAll(async () => {
  host = await startBrowserHost();
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 6 ? 0 : 2, expired: false, busyTask: false }),
  );
  ({ browser, page } = await openPage(host.url));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="shown-count"]')?.textContent === '76 of 76',
    null,
    { timeout: 15_000 },
  );
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('what fleet consoles offer', () => {
  it('status chips carry counts; groups and tags take several values', async () => {
    const running = host.core.fleet.all().filter((p) => p.status === 'running').length;
    expect(await chip('Running').textContent()).toBe(`Running ${running}`);
    await page.getByText('All groups').click();
    await page.getByRole('checkbox', { name: 'Sales' }).check();
    await page.getByRole('checkbox', { name: 'QA' }).check();
    const expected = host.core.fleet.all().filter((p) => p.group === 'Sales' || p.group === 'QA').length;
    await expect.poll(shown).toBe(`${expected} of 76`);
    await page.keyboard.press('Escape');
    await page.getByText('Groups: 2 picked').click();
    await page.getByRole('button', { name: 'Clear groups' }).click();
    await expect.poll(shown).toBe('76 of 76');
  });

  it('filters, sort and hidden columns survive a restart, and a saved view is one click away', async () => {
    await chip('Stopped').click();
    await page.getByRole('button', { name: /^Name/ }).click(); // descending
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Remark' }).uncheck();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('columnheader', { name: 'Remark' }).count()).toBe(0);
    await page.locator('summary', { hasText: 'Views' }).click();
    await page.getByRole('textbox', { name: 'Name for this view' }).fill('Idle ones');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const stoppedShown = await shown();
    await page.reload();
    await expect.poll(shown, { timeout: 15_000 }).toBe(stoppedShown);
    expect(await chip('Stopped').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('columnheader', { name: 'Remark' }).count()).toBe(0);
    // Back to everything, then the saved view restores it in one click.
    await chip('Stopped').click();
    await expect.poll(shown).toBe('76 of 76');
    await page.locator('summary', { hasText: 'Views' }).click();
    await page.getByRole('button', { name: 'Idle ones', exact: true }).click();
    await expect.poll(shown).toBe(stoppedShown);
    await page.keyboard.press('Escape');
    await chip('Stopped').click();
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Remark' }).check();
    await page.keyboard.press('Escape');
  });

  it('recent jobs stay reachable after the results close; failed ids copy; results and the list export as CSV', async () => {
    const sims = await host.demo.sims();
    const stopped = host.core.fleet
      .all()
      .filter((p) => p.provider === 'geelark' && p.status === 'stopped')
      .slice(0, 3);
    sims.geelark.failPhone('start', stopped[0].id, 45002);
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
    for (const p of stopped) {
      await page.getByRole('searchbox', { name: 'Search phones' }).fill(p.name);
      await rows().first().click();
    }
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
    await page.getByRole('button', { name: 'Start 3 phones' }).click();
    await expect
      .poll(async () => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 15_000 })
      .toBe(1);
    const [resultsCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await resultsCsv.path())!, 'utf8');
    expect(csv).toContain('phone,id,account,status before,result,code,message');
    expect(csv).toContain(`${stopped[0].name},${stopped[0].id},Demo GeeLark team,stopped,failed,45002`);
    await page.getByRole('button', { name: 'Copy failed ids' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stopped[0].id);
    await page.getByRole('button', { name: 'Close results' }).click();
    await page.getByTestId('open-history').click();
    const history = page.getByTestId('history-panel');
    await expect.poll(async () => history.textContent()).toMatch(/Start 3 phones.*2 succeeded, 1 failed/);
    await history.getByRole('button', { name: /Start 3 phones/ }).click();
    await expect.poll(async () => page.getByTestId('job-results').textContent()).toContain(stopped[0].name);
    await page.getByRole('button', { name: 'Close results' }).click();
    const [listCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export list' }).click(),
    ]);
    const list = readFileSync((await listCsv.path())!, 'utf8');
    expect(list.trim().split('\r\n')).toHaveLength(77);
  });
});

describe('one phone up close', () => {
  it('right-click opens a menu of that phone’s actions; Details shows what the provider reported; keyboard works too', async () => {
    const first = rows().first();
    const name = (await first.locator('.name').textContent())!;
    await first.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: `Actions for ${name}` });
    await expect.poll(() => menu.count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    // Focus moves back once the menu is gone (a tick later).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    // Shift+F10 on the active row, then Details.
    await page.keyboard.press('Shift+F10');
    await menu.getByRole('menuitem', { name: 'Details' }).click();
    const panel = page.getByTestId('detail-panel');
    await expect.poll(async () => panel.textContent()).toContain('Singapore');
    const text = (await panel.textContent())!;
    expect(text).toMatch(/Android 12/);
    expect(text).toMatch(/Proxy.*socks5/);
    expect(text).not.toContain('sim-proxy-password');
    await page.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    // Double-click opens the phone's window.
    const before = host.windows.windows.length;
    await rows().first().dblclick();
    await expect.poll(() => host.windows.windows.length, { timeout: 10_000 }).toBeGreaterThan(before);
  });
});

describe('small windows and other locales', () => {
  it('at the minimum window (760×480) every row fits, with header and cells aligned', async () => {
    const small = await browser.newPage({ viewport: { width: 760, height: 480 } });
    await small.goto(host.url);
    await small.waitForFunction(() => document.querySelectorAll('.scroller [role="row"]').length > 3);
    const first = small.locator('.scroller [role="row"]').first();
    const open = await first.getByRole('button', { name: /^Open / }).boundingBox();
    expect(open!.x + open!.width).toBeLessThanOrEqual(760);
    const header = await small.getByRole('columnheader', { name: /^Status/ }).boundingBox();
    const cell = await first.locator('[role="gridcell"]').nth(3).boundingBox();
    expect(Math.abs(header!.x - cell!.x)).toBeLessThanOrEqual(1);
    expect(await small.getByRole('columnheader', { name: 'Tags' }).count()).toBe(0);
    // With a selection the bulk buttons wrap as one group, never one stranded on its own line.
    await small.locator('.scroller [role="row"]').nth(1).click();
    await small
      .locator('.scroller [role="row"]')
      .nth(3)
      .click({ modifiers: ['Shift'] });
    const tops = await small
      .getByRole('toolbar', { name: 'Bulk actions' })
      .locator('button.action')
      .evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(5);
    expect(new Set(tops).size).toBe(1);
    await small.close();
  });

  it('counts use the locale’s separators', async () => {
    const big = await startBrowserHost({ geelarkPhones: 1_200, huaweiPhones: 0 });
    try {
      await big.core.accounts.enableDemo();
      await big.core.fleet.refresh();
      const context = await browser.newContext({ locale: 'de-DE' });
      const german = await context.newPage();
      await german.goto(big.url);
      await german.waitForFunction(
        () => /1\.200 of 1\.200/.test(document.querySelector('[data-testid="shown-count"]')?.textContent ?? ''),
        null,
        { timeout: 20_000 },
      );
      await context.close();
    } finally {
      await big.close();
    }
  });
});

describe('column widths', () => {
  it('a column can be widened by dragging or with the keyboard, and keeps its width after a restart', async () => {
    const header = () => page.getByRole('columnheader', { name: /^Group/ });
    const before = (await header().boundingBox())!.width;
    const handle = page.getByRole('separator', { name: 'Resize the Group column' });
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => Math.round((await header().boundingBox())!.width))
      .toBeGreaterThanOrEqual(Math.round(before + 70));
    await handle.focus();
    const dragged = (await header().boundingBox())!.width;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Math.round((await header().boundingBox())!.width)).toBe(Math.round(dragged + 8));
    // Cells follow their header.
    const cell = await page.locator('.scroller [role="row"]').first().locator('[role="gridcell"]').nth(4).boundingBox();
    expect(Math.abs(cell!.width - (await header().boundingBox())!.width)).toBeLessThanOrEqual(1);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.scroller [role="row"]').length > 3);
    expect(Math.round((await header().boundingBox())!.width)).toBe(Math.round(dragged + 8));
    await page.getByRole('separator', { name: 'Resize the Group column' }).focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => Math.round((await header().boundingBox())!.width)).toBe(Math.round(before));
  });
});
