import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS as SHOTS } from '../support/chromium';
import { seriousViolations } from '../support/axe';

let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

// A Chinese desktop: the OS (main's tray, notifications, errors) and the browser both prefer Simplified Chinese.
beforeAll(async () => {
  host = await startBrowserHost({ systemLanguages: ['zh-CN', 'en-US'] });
  ({ browser, page } = await openPage(host.url, { width: 1280, height: 800 }, { bypassCSP: true, locale: 'zh-CN' }));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** Latin words in what the window itself says (buttons, headings, labels, column headers), apart from names. */
async function englishInChrome(): Promise<string[]> {
  return page.evaluate(() => {
    const names = /^(Phonedeck|GeeLark|CSV|MCP|API|IAM|CPH|AK|SK|ID|Android|IMEI|RPA|URL|https?)$/;
    const found: string[] = [];
    const selector =
      'button:not(.row button):not([role="menuitem"]), h1, h2, h3, legend, summary, [role="columnheader"], th, .topbar, label';
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // The group and tag pickers list the user's own groups and tags.
      if (el.closest('fieldset.multi')) continue;
      // Data inside the chrome (account and phone names, tags) is the user's own words.
      const clone = el.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('option, .tag, code, .name, strong, .result-account').forEach((n) => n.remove());
      for (const word of clone.innerText.match(/[A-Za-z]{3,}/g) ?? [])
        if (!names.test(word)) found.push(`${el.tagName.toLowerCase()}: ${word} (in “${el.innerText.slice(0, 60)}”)`);
    }
    return [...new Set(found)];
  });
}

describe('the window in Simplified Chinese', () => {
  it('follows the OS: onboarding, the list, a selection and the delete dialog speak Chinese, with Chinese counts and plurals', async () => {
    await expect.poll(() => page.getByRole('heading', { name: '欢迎使用 Phonedeck' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await englishInChrome()).toEqual([]);
    await page.getByRole('button', { name: '试用演示工作区' }).click();
    await expect.poll(() => page.getByTestId('shown-count').textContent(), { timeout: 15_000 }).toBe('76 / 76');
    await expect
      .poll(() => page.locator('.scroller .badge').first().textContent())
      .toMatch(/^(运行中|已停止|启动中|停止中|已过期|故障)$/);
    expect(
      (await page.getByRole('tab', { name: '手机' }).count()) +
        (await page.getByRole('button', { name: '手机', exact: true }).count()),
    ).toBeGreaterThan(0);
    expect(await englishInChrome()).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'zh-main-window.png') });

    // Three stopped phones: the bulk bar counts them and the confirmation names them, in Chinese.
    await page.getByRole('button', { name: /^已停止 [\d,]+$/ }).click();
    for (const row of await page
      .locator('.scroller [role="row"]')
      .all()
      .then((r) => r.slice(0, 3)))
      await row.click();
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('已选 3 台');
    await page.getByRole('button', { name: '删除 3 台手机' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('删除 3 台手机？');
    expect(await dialog.innerText()).toContain('删除的手机及其数据无法恢复。');
    expect(await englishInChrome()).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'zh-confirm-delete.png') });
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('Settings, Activity and Autopilot speak Chinese too, and a provider refusal is said in Chinese', async () => {
    // A start the GeeLark simulator refuses (47001): the per-phone result carries the catalogue's words.
    const sims = await host.demo.sims();
    const [stopped] = host.core.fleet.all().filter((p) => p.provider === 'geelark' && p.status === 'stopped');
    sims.geelark.failPhone('start', stopped.id, 47001, 1, 'device concurrency limit');
    await host.core.dispatch('bulk:run', { action: 'start', keys: [stopped.key] });
    await page.getByRole('button', { name: '活动记录', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('activity-table').locator('tbody tr').count(), { timeout: 10_000 })
      .toBe(1);
    await page.getByTestId('activity-table').getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('activity-job').innerText()).toContain('已达到设备并发上限（47001）');
    await page.screenshot({ path: join(SHOTS, 'zh-activity.png') });

    for (const [tab, heading] of [
      ['设置', '账号'],
      ['活动记录', null],
      // "自动驾驶" read as self-driving (#23.8): the tab is named for what it holds, automatic policies.
      ['自动策略', '费用'],
    ] as const) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      if (heading) await expect.poll(() => page.getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
      else await expect.poll(() => page.getByTestId('activity-table').count()).toBe(1);
      expect(await englishInChrome(), tab).toEqual([]);
      expect(await seriousViolations(page), tab).toEqual([]);
    }
    await page.getByRole('button', { name: '设置', exact: true }).click();
    // The demo accounts are named in Chinese, and say they work once their phones are listed (#23.8).
    const cards = page.locator('.accounts > li');
    await expect.poll(() => cards.first().innerText()).toContain('演示 GeeLark 团队');
    // Tested, or not yet tested but its phones listed: either way it says it works.
    expect(await cards.first().innerText()).toMatch(/● (已连接|正常：)/);
    expect(await cards.first().innerText()).not.toContain('尚未测试');
    await page.screenshot({ path: join(SHOTS, 'zh-settings.png'), fullPage: true });
  });

  it('a Settings choice overrides the OS at once, in the window and in main', async () => {
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { name: 'Accounts', exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Main switched too: the tray's words come from the same choice.
    const { buildTrayMenu } = await import('../../main/tray/tray-menu');
    expect(
      buildTrayMenu({ phones: [], favorites: [], openSessions: [], startedHere: [], viewerAccounts: new Set() })[0]
        .label,
    ).toBe('Show Phonedeck');
    // Every language is offered in its own words as well, so someone who cannot read the current one finds theirs.
    expect(await page.getByLabel('Language').locator('option').allTextContents()).toEqual([
      'Follow the system',
      'English',
      '简体中文 (Simplified Chinese)',
    ]);
    await page.getByLabel('Language').selectOption('system');
    await expect.poll(() => page.getByRole('heading', { name: '账号', exact: true }).count()).toBe(1);
  });
});
