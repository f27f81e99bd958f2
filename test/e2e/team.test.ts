import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberSql, migrate } from '../../main/team/migrations';
import { seriousViolations } from '../support/axe';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS } from '../support/chromium';
import { startPostgres, type TestPostgres } from '../support/postgres';

/**
 * Settings → Team in real Chromium against a real PostgreSQL (#24.2): joining as one's own role, the state
 * in words, the top bar's badge, and the banner that says "offline from the team" while the database is
 * away and goes once the desktop has reconnected by itself.
 */
let db: TestPostgres;
let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  db = await startPostgres();
  const admin = new pg.Client(db.adminUrl);
  await admin.connect();
  await migrate(admin);
  await admin.query("CREATE ROLE lin LOGIN PASSWORD 'lin-pw'");
  await admin.query(memberSql('lin', 'operator', { runsJobs: true }));
  // A manager's policy, saved in the team database: the desktop lists it with who set it.
  await admin.query("CREATE ROLE ann LOGIN PASSWORD 'ann-pw'");
  await admin.query(memberSql('ann', 'manager'));
  const ann = new pg.Client(db.urlFor('ann', 'ann-pw'));
  await ann.connect();
  const nights = { id: 'nights', name: 'Nights', enabled: true, kind: 'schedule', scope: { group: 'QA' } };
  await ann.query('INSERT INTO phonedeck.policies (id, body) VALUES ($1, $2)', [
    'nights',
    { ...nights, action: 'stop', time: '23:00', weekdays: [1, 2, 3, 4, 5], actAlone: true },
  ]);
  await ann.end();
  await admin.end();
  host = await startBrowserHost({ startDelayMs: 200, jobDelayMs: 200, team: { retryMs: 200, checkMs: 200 } });
  ({ browser, page } = await openPage(host.url, { width: 1280, height: 800 }, { bypassCSP: true }));
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  await page.locator('.scroller [role="row"]').nth(3).waitFor();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await db?.stop();
});

describe('Settings → Team', () => {
  const teamUrl = () => `postgres://lin@127.0.0.1:${db.port}/postgres`;

  it('refuses a remote database without TLS, saying why, and stays alone', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('team-state').textContent()).toMatch(/Working alone/);
    await page.getByTestId('team-url').fill('postgres://lin@db.example.com/phonedeck?sslmode=disable');
    await page.getByTestId('team-password').fill('x');
    await page.getByTestId('team-connect').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/must use TLS/);
    expect(await page.getByTestId('team-state').textContent()).toMatch(/Working alone/);
  });

  it('joins as the person’s own role: the state in words, the badge, the list from the team', async () => {
    await page.getByTestId('team-url').fill(teamUrl());
    await page.getByTestId('team-password').fill('lin-pw');
    await page.getByTestId('team-connect').click();
    await expect
      .poll(() => page.getByTestId('team-state').textContent(), { timeout: 15_000 })
      .toMatch(/^Connected as lin \(operator\)\. This desktop runs the team’s jobs/);
    await expect.poll(() => page.getByTestId('team-badge').textContent()).toBe('Team · lin');
    await expect
      .poll(() => page.getByTestId('team-policies').locator('li').first().textContent())
      .toMatch(/^Nights .*23:00.*set by ann, /);
    // The password field is emptied and the password never comes back to the window.
    expect(await page.getByTestId('team-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain('lin-pw');
    await page.getByTestId('team-state').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'team-settings.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Phones' }).click();
    await expect.poll(() => page.locator('.scroller [role="row"]').count(), { timeout: 15_000 }).toBeGreaterThan(3);
  });

  it('acts through the team, and the Activity tab shows the team’s record with who did it', async () => {
    // A phone with a task running refuses stop (43005): the demo's are made idle first.
    for (const p of (await host.demo.sims()).geelark.phones.values()) p.busyTask = false;
    const running = host.core.fleet.all().find((p) => p.status === 'running' && p.provider === 'geelark')!;
    const plan = host.core.gate.plan({ source: 'window', action: 'stop', keys: [running.key], includeKept: true });
    const results = await host.core.gate.executeAndWait(plan, true);
    expect(results.map((r) => [r.ok, r.code, r.message])).toEqual([[true, 'OK', expect.any(String)]]);
    await page.getByRole('button', { name: 'Activity' }).click();
    const record = page.getByTestId('team-record');
    await record.waitFor({ timeout: 10_000 });
    const row = record.locator('tbody tr').first();
    await expect
      .poll(() => row.locator('td').allTextContents())
      .toEqual([expect.any(String), 'lin', 'Window', 'Stop', 'Demo GeeLark team', '1', '1 done']);
    await page.screenshot({ path: join(SCREENSHOTS, 'team-record.png') });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says "offline from the team" while the database is away, and clears it once reconnected', async () => {
    await db.down();
    try {
      await page.getByTestId('team-offline').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('team-offline').textContent()).toBe(
        'Offline from the team: read-only, reconnecting…',
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'team-offline.png') });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await db.up();
    }
    await page.getByTestId('team-offline').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => page.getByTestId('team-badge').textContent()).toBe('Team · lin');
  }, 60_000);
});
