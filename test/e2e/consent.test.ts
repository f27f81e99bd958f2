import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkConsent } from '../../main/app/link-consent';
import { handleDeepLink } from '../../main/shell/deep-link';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { notKept } from '../helpers/phones';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startBrowserHost({ geelarkPhones: 30, huaweiPhones: 2, startDelayMs: 300, jobDelayMs: 300 });
  const sims = await host.demo.sims();
  for (const p of sims.geelark.phones.values()) Object.assign(p, { status: 0, busyTask: false, expired: false });
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url, { width: 1440, height: 860 }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('one consent model in the window (#20)', () => {
  it('"Select all matching" then Stop asks first, says why and which are left out; Cancel sends nothing', async () => {
    await expect.poll(async () => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('32 of 32');
    await page.getByRole('button', { name: /^Running [\d,]+$/ }).click();
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: /^Stop \d+ phones$/ }).click();
    const plan = page.getByRole('dialog');
    await expect.poll(async () => plan.getByRole('heading').textContent()).toMatch(/^Stop \d+ phones\?$/);
    expect(await plan.getByTestId('plan-why').textContent()).toMatch(/phones within 5 min is more than 10/);
    expect(await plan.getByTestId('kept-apart').textContent()).toMatch(/marked to keep and left out/);
    await page.screenshot({ path: join(SHOTS, 'plan-stop-many.png') });
    const sims = await host.demo.sims();
    const before = sims.geelark.calls.filter((c) => c.path.endsWith('/stop')).length;
    await plan.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => plan.count()).toBe(0);
    expect(sims.geelark.calls.filter((c) => c.path.endsWith('/stop')).length).toBe(before);
  });

  it('a link to a stopped phone starts nothing until the person says yes in the window, then starts and opens it', async () => {
    const sims = await host.demo.sims();
    const target = host.core.fleet.all().find((p) => p.accountId === DEMO_GEELARK_ID && notKept(p))!;
    Object.assign(sims.geelark.phones.get(target.id)!, { status: 2 });
    await host.core.fleet.refresh();
    const starts = () => sims.geelark.calls.filter((c) => c.path.endsWith('/start')).length;
    const before = starts();
    await handleDeepLink(`phonedeck://open/${target.key}`, {
      showWindow: () => undefined,
      ...linkConsent(host.core),
      applyFilter: () => undefined,
      notice: () => undefined,
    });
    const plan = page.getByRole('dialog');
    await expect.poll(async () => plan.textContent()).toMatch(new RegExp(`A link asks to start ${target.name}`));
    expect(await plan.getByTestId('plan-why').textContent()).toMatch(/a link never acts without a yes/);
    await page.screenshot({ path: join(SHOTS, 'plan-link-start.png') });
    expect(starts()).toBe(before);
    const windows = host.windows.windows.length;
    await plan.getByRole('button', { name: 'Start 1' }).click();
    await expect.poll(() => host.windows.windows.length, { timeout: 15_000 }).toBe(windows + 1);
    expect(starts()).toBe(before + 1);
    const [job] = host.core.ledger.jobs({ source: 'link' });
    // Recorded as what the person did (#23.2): an open, from the link.
    expect(job).toMatchObject({ source: 'link', action: 'open', total: 1 });
  });
});
