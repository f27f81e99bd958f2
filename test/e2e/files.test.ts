import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { seriousViolations } from '../support/axe';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS } from '../support/chromium';

/**
 * Apps and files from the window in real Chromium (#25.1, #25.2, #25.4): a file chosen in main's dialog, the
 * plan asking above the rule's count, each phone's result in the job panel, retry of the failed ones only,
 * uninstall always asking; axe at 0 serious and the results in both languages.
 */
const apk = join(mkdtempSync(join(tmpdir(), 'pd-e2e-files-')), 'shop.apk');
writeFileSync(apk, Buffer.alloc(3 * 1_048_576, 7));

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;
let higher = '';

beforeAll(async () => {
  host = await startBrowserHost({
    geelarkPhones: 24,
    huaweiPhones: 3,
    startDelayMs: 300,
    jobDelayMs: 300,
    chooseFile: async () => apk,
  });
  const sims = await host.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 2 ? 2 : 0, busyTask: false, expired: false }),
  );
  for (const p of sims.huawei.phones.values()) p.status = 2;
  sims.geelark.apps.reviewMs = 300;
  sims.geelark.apps.installMs = 0;
  // One phone has a newer build of the app already: GeeLark refuses to go back (42004).
  higher = [...sims.geelark.phones.values()][5].id;
  sims.geelark.apps.installed.set(higher, new Map([['com.sim.shop', { version: 99, until: 0 }]]));
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url, { width: 1440, height: 900 }, { bypassCSP: true }));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const selectRunning = async (runningLabel: RegExp, selectAll: string) => {
  await page.getByRole('button', { name: runningLabel }).click();
  await page.getByRole('checkbox', { name: selectAll }).check();
};
const openFiles = async (item: string) => {
  await page.getByTestId('files-menu').locator('summary').click();
  await page.getByTestId('files-menu').getByRole('button', { name: item, exact: true }).click();
};

describe('apps and files from the window', () => {
  it('installs a chosen app on the running GeeLark phones: asks above the count, then each phone’s result', async () => {
    await expect.poll(() => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('27 of 27');
    await selectRunning(/^Running [\d,]+$/, 'Select all shown');
    await openFiles('Install an app…');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => dialog.getByTestId('picked-name').textContent()).toBe('shop.apk, 3.0 MB');
    // Running GeeLark phones take it; the Huawei ones are left out (CPH installs from OBS), and said so.
    expect(await dialog.getByTestId('files-targets').textContent()).toBe('22 running phones will get this');
    expect(await dialog.textContent()).toContain('3 selected phones are left out');
    await page.screenshot({ path: join(SCREENSHOTS, 'install-dialog.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Continue (22)' }).click();
    // 22 phones is more than the rule's 10: the plan asks, naming the app.
    const plan = page.getByRole('dialog');
    await expect.poll(() => plan.getByRole('heading').textContent()).toBe('Install an app: shop.apk, on 22 phones?');
    expect(await plan.getByTestId('plan-why').textContent()).toMatch(/more than 10/);
    await plan.getByRole('button', { name: 'Install an app 22' }).click();
    const summary = page.getByTestId('job-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/21 succeeded.*1 failed/);
    const panel = page.getByTestId('job-panel');
    expect(await panel.textContent()).toContain('a higher version of this app is installed');
    await new Promise((r) => setTimeout(r, 400)); // the progress bar's width eases in
    await page.screenshot({ path: join(SCREENSHOTS, 'install-results.png') });
    expect(await seriousViolations(page)).toEqual([]);
    const sims = await host.demo.sims();
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/app/install')).toHaveLength(22);
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/app/operation/batch')).toHaveLength(0);
    const [job] = host.core.ledger.jobs({ limit: 3 }).filter((j) => j.action === 'install');
    expect(job).toMatchObject({ source: 'window', total: 22 });
  }, 60_000);

  it('retries the failed phone only, from the version GeeLark already has (no second upload or review)', async () => {
    const sims = await host.demo.sims();
    const installs = () => sims.geelark.calls.filter((c) => c.path === '/open/v1/app/install').length;
    const uploads = () => sims.geelark.calls.filter((c) => /\/(upload\/getUrl|app\/upload)$/.test(c.path)).length;
    const before = installs();
    const uploaded = uploads();
    await page.getByTestId('retry-failed').click();
    await expect
      .poll(() => page.getByTestId('job-summary').textContent(), { timeout: 20_000 })
      .toMatch(/0 succeeded.*1 failed/);
    expect(installs()).toBe(before + 1);
    expect(uploads()).toBe(uploaded);
    expect(sims.geelark.apps.installed.get(higher)?.get('com.sim.shop')?.version).toBe(99);
  }, 30_000);

  it('every uninstall asks, even for one phone; Cancel sends nothing', async () => {
    await page.getByRole('checkbox', { name: 'Select all shown' }).uncheck();
    const row = page.locator('.scroller [role="row"]').filter({ hasText: 'running' }).first();
    await row.getByRole('checkbox').check();
    await openFiles('Uninstall an app…');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Package name').fill('com.sim.shop');
    await dialog.getByRole('button', { name: 'Continue (1)' }).click();
    const plan = page.getByRole('dialog');
    await expect.poll(() => plan.getByTestId('plan-why').textContent()).toMatch(/Uninstall an app always asks/);
    const sims = await host.demo.sims();
    const before = sims.geelark.calls.filter((c) => c.path === '/open/v1/app/uninstall').length;
    await plan.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => plan.count()).toBe(0);
    expect(sims.geelark.calls.filter((c) => c.path === '/open/v1/app/uninstall').length).toBe(before);
    await row.getByRole('checkbox').uncheck();
  }, 30_000);

  it('in Chinese: an app from a web address onto the running phones, each phone’s result', async () => {
    await host.core.dispatch('settings:update', { language: 'zh-CN' });
    await expect.poll(() => page.getByTestId('files-menu').locator('summary').textContent()).toBe('应用与文件');
    await page.getByRole('checkbox', { name: '全选显示的手机' }).check();
    await openFiles('安装应用…');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('GeeLark 下载的网址（https）').check();
    await dialog.getByLabel('.apk 或 .xapk 的地址').fill('https://cdn.example.com/builds/shop-2.apk');
    await dialog.getByRole('button', { name: '继续（22）' }).click();
    const plan = page.getByRole('dialog');
    await expect.poll(() => plan.getByRole('heading').textContent()).toMatch(/^安装应用：https:\/\/cdn\.example\.com/);
    await plan.getByRole('button', { name: /^安装应用 22/ }).click();
    await expect.poll(() => page.getByTestId('job-summary').textContent(), { timeout: 30_000 }).toMatch(/22/);
    await expect.poll(() => page.getByTestId('job-panel').textContent()).toContain('GeeLark 已接受安装，正在安装应用');
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: join(SCREENSHOTS, 'install-results-zh.png') });
    expect(await seriousViolations(page)).toEqual([]);
    const sims = await host.demo.sims();
    const running = host.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running');
    expect(running.filter((p) => sims.geelark.apps.installed.get(p.id)?.has('com.sim.shop2')).length).toBe(22);
    await host.core.dispatch('settings:update', { language: 'en' });
  }, 60_000);
});
