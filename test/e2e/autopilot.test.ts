import { writeFileSync } from 'node:fs';
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

beforeAll(async () => {
  host = await startBrowserHost({ startDelayMs: 200, autopilotGraceMs: 1_000 });
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 4 ? 0 : 2, expired: false, busyTask: false, chargeMode: 0 }),
  );
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url));
  await page.locator('.scroller [role="row"]').nth(10).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('activity and autopilot in the window', () => {
  it('lists what the window did, per phone, with the failure named', async () => {
    const sims = await host.demo.sims();
    const stopped = host.core.fleet
      .all()
      .filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p))
      .slice(0, 3);
    sims.geelark.failPhone('start', stopped[2].id, 47001, 1, 'device concurrency limit');
    await host.core.dispatch('bulk:run', { action: 'start', keys: stopped.map((p) => p.key) });
    await page.getByRole('button', { name: 'Activity' }).click();
    const table = page.getByTestId('activity-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/Window\s+Start\s+3\s+2 done · 1 failed/);
    await table.getByRole('button').first().click();
    const job = page.getByTestId('activity-job');
    await expect.poll(() => job.locator('li').count()).toBe(3);
    expect(await job.locator('li.fail').innerText()).toContain(stopped[2].name);
    expect(await job.locator('li.fail').innerText()).toContain('47001');
    // The provider confirms the two starts a moment later: the open rows say so too, as the table does.
    await expect
      .poll(
        () =>
          job
            .locator('li.ok')
            .filter({ hasText: /confirmed \d/ })
            .count(),
        { timeout: 15_000 },
      )
      .toBe(2);
    await expect.poll(() => table.locator('tbody tr').first().innerText()).toMatch(/2 of 2/);
    // The filters: no policy has acted yet.
    await page.getByLabel('Source').selectOption('policy');
    await expect.poll(() => page.getByTestId('activity-empty').count()).toBe(1);
    await page.getByLabel('Source').selectOption('');
    await page.screenshot({ path: join(SCREENSHOTS, 'activity.png') });
  });

  it('answers "what happened to this phone": calendar days, a per-phone timeline and a CSV row per phone (#23.2)', async () => {
    const job = page.getByTestId('activity-job');
    const failedName = (await job.locator('li.fail strong').innerText()).trim();
    const okName = (await job.locator('li.ok strong').first().innerText()).trim();
    await job.getByRole('button', { name: `Timeline of ${okName}` }).click();
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.count()).toBe(1);
    await expect.poll(() => timeline.innerText()).toMatch(/Start from Window: accepted · confirmed/);
    // Its running period since the start, and a cost line that says why there is none yet (no price set).
    await expect.poll(() => timeline.innerText()).toMatch(/Running since .* so far/);
    expect(await page.getByTestId('timeline-summary').innerText()).toMatch(/no per-minute price/);
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline.png') });
    await timeline.getByRole('button', { name: 'Close the timeline' }).click();
    // Yesterday held nothing; a custom range of today shows today's action again.
    await page.getByLabel('Period').selectOption('yesterday');
    await expect.poll(() => page.getByTestId('activity-empty').count()).toBe(1);
    await page.getByLabel('Period').selectOption('custom');
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To').fill(today);
    await expect.poll(() => page.getByTestId('activity-table').locator('tbody tr').count()).toBe(1);
    // The export: one row per phone, with its id, name, outcome and code.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV (a row per phone)' }).click(),
    ]);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      });
    });
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Time,Source,Action,Phone ID,Phone,Account,Outcome,Code,Message,Confirmed at,With');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes(failedName))).toMatch(/,window,start,\d+,.*,failed,47001,/);
    await page.getByLabel('Period').selectOption('today');
  });

  it('sets a price, shows the estimate, creates a budget guard and asks before stopping only the phones started here', async () => {
    await page.getByRole('button', { name: /^Autopilot/ }).click();
    const card = page.getByTestId(`spend-${DEMO_GEELARK_ID}`);
    const price = card.getByLabel('Price per minute');
    await price.fill('-3');
    await price.press('Enter');
    await expect.poll(() => price.getAttribute('aria-invalid')).toBe('true');
    await price.fill('250');
    await price.press('Enter');
    await expect.poll(async () => card.getByTestId('spend-today').innerText()).toMatch(/\$\d/);
    await expect.poll(() => page.getByTestId('spend-today-total').count()).toBe(1);
    // Where the running time went, by group and tag.
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: 'Running minutes and spend by group' })
          .locator('tbody tr td')
          .first()
          .innerText(),
      )
      .not.toBe('Nothing ran yet');

    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New policy' });
    await form.getByLabel('Kind').selectOption('budget');
    await form.getByRole('button', { name: 'Save policy' }).click();
    // The empty name is shown at its field, with focus moved there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await form.getByLabel('Name').fill('Daily cap');
    await form.getByLabel(/Warn when/).fill('0.01');
    await form.getByLabel(/Stop the phones/).fill('0.02');
    await new Promise((r) => setTimeout(r, 1_100)); // past the grace after the start above
    await form.getByRole('button', { name: 'Dry run' }).click();
    await expect
      .poll(async () => await form.getByRole('status', { name: 'Dry run' }).innerText())
      .toMatch(/Would stop \(after asking\) 2 phone/);
    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.getByTestId('policies').locator(':scope > li').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'autopilot.png') });

    await host.core.autopilot.tick();
    const pending = page.getByTestId('pending-stop');
    await expect.poll(() => pending.count()).toBe(1);
    expect(await pending.innerText()).toMatch(/Daily cap asks to stop/);
    await page.screenshot({ path: join(SCREENSHOTS, 'autopilot-pending.png') });
    // It cannot be missed: a banner on every tab with both answers, and a badge on the Autopilot tab.
    await page.getByRole('button', { name: 'Phones', exact: true }).click();
    const banner = page.getByTestId('pending-banner');
    expect(await banner.innerText()).toMatch(/Daily cap asks to stop/);
    expect(await banner.getByRole('button', { name: 'Stop now' }).count()).toBe(1);
    expect(await page.getByTestId('autopilot-badge').innerText()).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'pending-banner.png') });
    await page.getByRole('button', { name: /^Autopilot/ }).click();
    await pending.getByRole('button', { name: 'Keep running 30 min' }).click();
    await expect.poll(() => pending.count()).toBe(0);
    // Keep running removes the notice everywhere: no banner, no badge.
    await expect.poll(() => page.getByTestId('pending-banner').count()).toBe(0);
    expect(await page.getByTestId('autopilot-badge').count()).toBe(0);
    // Snoozed: the next evaluation leaves them alone.
    await host.core.autopilot.tick();
    expect(host.core.autopilot.state().pending).toEqual([]);
    // The tray's pause works from the window too.
    await page.getByLabel('Pause all policies').click();
    await expect.poll(() => page.getByRole('button', { name: 'Autopilot (paused)' }).count()).toBe(1);
    writeFileSync(join(SCREENSHOTS, 'autopilot-state.json'), JSON.stringify(host.core.autopilot.state(), null, 2));
  });
});
