import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';
import { notKept } from '../helpers/phones';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

const rows = () => page.locator('.scroller [role="row"]');
const row = (name: string) => page.locator('.scroller [role="row"]', { hasText: name });
const shown = () => page.getByTestId('shown-count').textContent();
const chip = (name: string) =>
  page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: new RegExp(`^${name} [\\d,]+$`) });
const sims = () => host.demo.sims();

/** A fresh host whose GeeLark simulator answers slowly, so the first load can be watched. */
async function start(opts: { latencyMs?: number; geelarkPhones?: number } = {}) {
  host = await startBrowserHost({ geelarkPhones: opts.geelarkPhones ?? 60, huaweiPhones: 16 });
  const s = await sims();
  s.geelark.http.latencyMs = opts.latencyMs ?? 0;
  // A known shape: a few running, a few expired, one marked "do not delete".
  [...s.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, {
      status: i < 6 ? 0 : 2,
      expired: i >= 50 && i < 55,
      busyTask: false,
      remark: i === 10 ? 'do not delete' : p.remark,
    }),
  );
  ({ browser, page } = await openPage(host.url));
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
}

afterEach(async () => {
  await browser?.close();
  await host?.close();
});

describe('the list tells the truth', () => {
  it('a slow first load shows progress per account and rows as pages arrive, then tells "none here" from "none match"', async () => {
    await start({ latencyMs: 500, geelarkPhones: 300 });
    const health = page.getByTestId('account-health');
    await expect
      .poll(async () => health.textContent(), { timeout: 10_000 })
      .toMatch(/Demo GeeLark team: loading phones… \d+ of 300 \(pages read: \d+\)/);
    // Rows are there before the whole list is read.
    await expect
      .poll(async () => Number((await shown())?.split(' of ')[1]?.replace(/,/g, '')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await health.textContent()).toMatch(/loading/);
    await page.screenshot({ path: join(SHOTS, 'first-load-progress.png') });
    await expect.poll(shown, { timeout: 20_000 }).toBe('316 of 316');
    await expect.poll(async () => health.count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('no such phone anywhere');
    await expect
      .poll(async () => page.getByTestId('empty-state').textContent())
      .toContain('No phone matches these filters');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(shown).toBe('316 of 316');
  });

  it('knows every expired GeeLark phone, not only the rows on screen, and offers no Start or Open for them', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    await chip('Expired').click();
    await expect.poll(shown, { timeout: 10_000 }).toBe('5 of 76');
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    const startButton = page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: /^Start/ });
    expect(await startButton.isDisabled()).toBe(true);
    expect(
      await rows()
        .first()
        .getByRole('button', { name: /^Open / })
        .isDisabled(),
    ).toBe(true);
  });

  it('a selection partly hidden by filters says so, can be shown, and the delete dialog names the phones and the hidden ones', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    await chip('Stopped').click();
    await page.getByRole('button', { name: /^Select all \d+ matching$/ }).click();
    const selectedStopped = Number((await page.getByTestId('selected-count').textContent())!.split(' ')[0]);
    await chip('Stopped').click();
    await chip('Running').click();
    await expect
      .poll(async () => page.getByTestId('selected-count').textContent())
      .toBe(`${selectedStopped} selected (${selectedStopped} not shown)`);
    await page.getByRole('button', { name: /^Delete \d+ phones$/ }).click();
    const dialog = page.getByRole('dialog');
    // Only GeeLark phones can be deleted; every one of them is hidden by the "Running" filter.
    const deleting = Number(/Delete (\d+) phones\?/.exec((await dialog.getByRole('heading').textContent())!)![1]);
    expect(deleting).toBeGreaterThan(20);
    expect(await dialog.getByTestId('hidden-warning').textContent()).toContain(`${deleting} of these are not shown`);
    expect(await dialog.getByRole('list', { name: 'Phones to delete' }).getByRole('listitem').count()).toBe(11); // 10 names and "+N more"
    expect(await dialog.getByRole('listitem').last().textContent()).toMatch(/^\+\d+ more$/);
    // Phones marked to keep are listed apart and left out; including them brings the warning naming them.
    expect(await dialog.getByTestId('kept-apart').textContent()).toMatch(/marked to keep and left out/);
    await dialog.getByTestId('include-kept').check();
    expect(await dialog.getByTestId('keep-warning').textContent()).toMatch(/Marked to keep/);
    const all = Number(/Delete (\d+) phones\?/.exec((await dialog.getByRole('heading').textContent())!)![1]);
    expect(all).toBeGreaterThan(deleting);
    expect(await dialog.getByTestId('hidden-warning').textContent()).toContain(`${all} of these are not shown`);
    await page.screenshot({ path: join(SHOTS, 'confirm-delete-named.png') });
    // Enter confirms only once the count is typed (20 or more phones); until then nothing happens.
    const typed = dialog.getByRole('textbox', { name: 'Type the number of phones to confirm' });
    await typed.fill('1');
    await typed.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByTestId('show-selected').click();
    await expect.poll(shown).toBe(`${selectedStopped} of 76`);
  });

  it('delete results keep each phone’s name and account after it is gone', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    const target = [...(await sims()).geelark.phones.values()].find(
      (p) => p.status === 2 && !p.expired && notKept({ key: p.id, tags: p.tags, remark: p.remark }),
    )!;
    await page.getByRole('searchbox', { name: 'Search phones' }).fill(target.serialName);
    await row(target.serialName).click();
    await page.getByRole('button', { name: 'Delete 1 phone' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 1' }).click();
    const results = page.getByTestId('job-results');
    await expect.poll(async () => results.textContent(), { timeout: 15_000 }).toContain('Deleted');
    const text = await results.textContent();
    expect(text).toContain(target.serialName);
    expect(text).toContain('Demo GeeLark team');
    expect(text).not.toContain(target.id);
  });

  it('failed status reads are shown per account with a Retry, and a failed refresh never reads "just now"', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    const before = await page.getByTestId('last-refresh').getAttribute('title');
    const s = await sims();
    s.geelark.inject({ path: '/open/v1/phone/list', kind: 'code', code: 40004, times: 50 });
    s.geelark.inject({ path: '/open/v1/phone/status', kind: 'code', code: 40004, times: 500 });
    await page.getByRole('button', { name: 'Refresh list' }).click();
    const health = page.getByTestId('account-health');
    await expect
      .poll(async () => health.textContent(), { timeout: 15_000 })
      .toMatch(
        /Demo GeeLark team: the list could not be read: GeeLark rejected the request parameters\. Showing what was read before \(last good read/,
      );
    expect(await page.getByTestId('last-refresh').getAttribute('title')).toBe(before);
    // The manual refresh that failed says so once, with the action that helps.
    const notice = page.locator('.notice', { hasText: 'Demo GeeLark team: GeeLark rejected the request parameters' });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    // A started phone whose status cannot be read says so instead of sitting at "Starting" silently.
    const stopped = [...s.geelark.phones.values()].find((p) => p.status === 2 && !p.expired)!;
    await page.getByRole('searchbox', { name: 'Search phones' }).fill(stopped.serialName);
    await row(stopped.serialName).click();
    await page.getByRole('button', { name: 'Start 1 phone' }).click();
    await expect.poll(async () => health.textContent(), { timeout: 15_000 }).toMatch(/status reads are failing/);
    await page.screenshot({ path: join(SHOTS, 'account-health-failing.png') });
    s.geelark.http.faults.splice(0);
    await health.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => health.count(), { timeout: 15_000 }).toBe(0);
  });

  it('when no account could ever be read, the list says so rather than "no phones", and never "Updated … ago"', async () => {
    host = await startBrowserHost({ geelarkPhones: 30, huaweiPhones: 6 });
    const s = await sims();
    s.geelark.inject({ path: '/open/v1/phone/list', kind: 'code', code: 40003, times: 1000 });
    s.huawei.inject({ kind: 'http500', times: 1000 });
    ({ browser, page } = await openPage(host.url));
    // The app has already refreshed once with no account at all: that updated nothing.
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    const health = page.getByTestId('account-health');
    await expect
      .poll(async () => (await health.count()) && health.textContent(), { timeout: 20_000 })
      .toMatch(/Demo Huawei CPH \(cn-north-4\): the list could not be read.*no good read yet/);
    expect(await health.textContent()).toMatch(
      /Demo GeeLark team: the list could not be read: GeeLark rejected the credentials/,
    );
    await expect
      .poll(async () => page.getByTestId('empty-state').textContent(), { timeout: 20_000 })
      .toBe('2 accounts could not be read yet, so no phones can be shown from them. The reason and a Retry are above.');
    expect(await page.getByTestId('last-refresh').textContent()).toBe('Updated never');
    s.geelark.http.faults.splice(0);
    s.huawei.http.faults.splice(0);
    await health.getByRole('button', { name: 'Retry' }).first().click();
    await expect.poll(shown, { timeout: 20_000 }).toBe('36 of 36');
    await expect
      .poll(async () => page.getByTestId('last-refresh').textContent())
      .toMatch(/^Updated (just now|\d+s ago)$/);
  });

  it('Open says "Opening…", marks rows whose window is open, and lists every failure', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    const s = await sims();
    const [a, b, c] = [...s.geelark.phones.values()].filter((p) => p.status === 2 && !p.expired);
    s.geelark.failPhone('start', b.id, 45002);
    s.geelark.failPhone('start', c.id, 43029);
    s.geelark.http.latencyMs = 600;
    await page.getByRole('searchbox', { name: 'Search phones' }).fill(a.serialName);
    const openA = row(a.serialName).getByRole('button', { name: `Open ${a.serialName}` });
    await openA.click();
    await expect.poll(async () => row(a.serialName).textContent()).toContain('Opening…');
    await expect.poll(async () => row(a.serialName).textContent(), { timeout: 10_000 }).toContain('open');
    expect(host.windows.windows.map((w) => w.spec.title)).toContain(`${a.serialName} — Phonedeck`);
    s.geelark.http.latencyMs = 0;
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
    for (const p of [b, c]) {
      await page.getByRole('searchbox', { name: 'Search phones' }).fill(p.serialName);
      await row(p.serialName).click();
    }
    await page.getByRole('searchbox', { name: 'Search phones' }).fill('');
    await page.getByRole('button', { name: 'Open 2 phones' }).click();
    const notice = page.locator('.notice', { hasText: 'could not be opened' });
    await expect.poll(async () => notice.textContent(), { timeout: 10_000 }).toContain(b.serialName);
    expect(await notice.textContent()).toContain(c.serialName);
    expect(await notice.textContent()).toMatch(/proxy/i);
    expect(await notice.textContent()).toMatch(/maintenance/i);
  });

  it('names the column for what it is and marks times it only saw part of', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    expect(await page.getByRole('columnheader', { name: /Seen running/ }).count()).toBe(1);
    await chip('Running').click();
    // Already running when first seen, under a minute ago: said in words, never "≥ 0m" (#23.3).
    await expect.poll(async () => rows().first().textContent()).toMatch(/just seen/);
  });
});

describe('keyboard and screen reader', () => {
  it('the grid is one Tab stop: arrows move, Shift+arrows extend, Space toggles, Enter opens, Home/End jump', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    const grid = page.getByRole('grid', { name: 'Phones' });
    await grid.focus();
    const activeName = async () => {
      const id = await grid.getAttribute('aria-activedescendant');
      return id ? page.locator(`[id="${id}"] .name`).textContent() : null;
    };
    const first = await rows().first().locator('.name').textContent();
    expect(await activeName()).toBe(first);
    await page.keyboard.press('ArrowDown');
    const second = await rows().nth(1).locator('.name').textContent();
    expect(await activeName()).toBe(second);
    expect(
      await page.locator(`[id="${await grid.getAttribute('aria-activedescendant')}"]`).getAttribute('aria-rowindex'),
    ).toBe('3');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => page.getByTestId('selected-count').textContent()).toBe('3 selected');
    await page.keyboard.press('Space');
    await expect.poll(async () => page.getByTestId('selected-count').textContent()).toBe('2 selected');
    await page.keyboard.press('End');
    expect(await activeName()).toBe(await rows().last().locator('.name').textContent());
    await page.keyboard.press('Home');
    expect(await activeName()).toBe(first);
    // Enter opens the active GeeLark phone (sorted by name, the first rows are GeeLark's).
    const before = host.windows.windows.length;
    await page.keyboard.press('Enter');
    await expect.poll(() => host.windows.windows.length, { timeout: 10_000 }).toBe(before + 1);
    // Focus stayed in the grid all along.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
  });

  it('focus returns to a sensible place after the delete dialog, the results panel and the account form', async () => {
    await start();
    await expect.poll(shown, { timeout: 15_000 }).toBe('76 of 76');
    await rows().nth(7).click();
    const del = page.getByRole('button', { name: 'Delete 1 phone' });
    await del.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Delete 1 phone');
    // Bulk stop of a running phone, then close the results: focus goes back to the grid.
    await chip('Running').click();
    await rows().first().click();
    await page.getByRole('button', { name: /^Stop 1 phone$/ }).click();
    await expect
      .poll(async () => page.getByTestId('job-summary').textContent(), { timeout: 15_000 })
      .toContain('1 succeeded');
    await expect
      .poll(async () => page.getByRole('button', { name: 'Close results' }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await page.getByTestId('job-announcement').textContent()).toMatch(/Stop finished: 1 succeeded, 0 failed/);
    await page.getByRole('button', { name: 'Close results' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    // The account form: Cancel returns to "Add account"; a missing token is shown at its field, in words.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Test and save' }).click();
    const token = page.getByRole('textbox', { name: 'API token' });
    await expect.poll(() => token.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#account-form-error').textContent()).toBe('API token is required');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('token');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add account');
    // Remove asks in the app, saying what goes with the account, and Cancel returns focus.
    await page.getByRole('button', { name: 'Remove Demo GeeLark team' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toMatch(/its saved key.*its \d+ phones from this list.*keep running/s);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Remove Demo GeeLark team');
    expect(DEMO_GEELARK_ID).toBe('demo_geelark');
  });
});
