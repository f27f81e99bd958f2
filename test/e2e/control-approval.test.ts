import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { startBrowserHost } from '../support/browser-host';
import { openPage, SCREENSHOTS } from '../support/chromium';
import { notKept } from '../helpers/phones';

const CLI = join(import.meta.dirname, '../../out/cli/phonedeck.mjs');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let host: Awaited<ReturnType<typeof startBrowserHost>>;
let browser: Browser;
let page: Page;
let where: { socket: string; socketDir: string; tokenFile: string };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-e2e-control-'));
  where = {
    socket: join(dir, 'run', 'control.sock'),
    socketDir: join(dir, 'run'),
    tokenFile: join(dir, 'control.token'),
  };
  host = await startBrowserHost({ control: where });
  await host.core.accounts.enableDemo();
  await host.core.fleet.refresh();
  ({ browser, page } = await openPage(host.url, undefined, { bypassCSP: true }));
  await page.locator('.scroller [role="row"]').nth(5).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const cli = (args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, PHONEDECK_SOCKET: where.socket, PHONEDECK_TOKEN_FILE: where.tokenFile } },
      (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    ),
  );

describe('a CLI action waits for the person at the window', () => {
  it('names the client, the action and the phones; Deny refuses, and focus comes back', async () => {
    const phone = host.core.fleet
      .all()
      .find((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped' && notKept(p))!;
    const run = cli(['delete', phone.key]);
    const dialog = page.getByRole('dialog', { name: /The phonedeck command line wants to delete 1 phone/ });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(phone.name);
    expect(await dialog.innerText()).toMatch(/cannot be recovered/);
    // No serious or critical accessibility findings in the dialog.
    await page.addScriptTag({ path: AXE });
    const serious = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(c: Document, o: object): Promise<{ violations: { id: string; impact: string }[] }> };
        }
      ).axe;
      return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id);
    });
    expect(serious).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'cli-approval.png') });
    await dialog.getByRole('button', { name: 'Deny' }).click();
    const r = await run;
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/not approved/);
    expect(host.core.fleet.get(phone.key)).toBeDefined();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
  });

  it('an unpaired client cannot be always allowed; `phonedeck pair` asks in the window, then "Always allow" works', async () => {
    const [a, b, c] = host.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped');
    // Unpaired: any program could call itself "cli", so the dialog offers no "Always allow" and says why.
    const unpaired = cli(['start', c.key]);
    const asked = page.getByRole('dialog', { name: /wants to start 1 phone/ });
    await asked.waitFor();
    expect(await asked.getByLabel(/Always allow/).count()).toBe(0);
    expect(await asked.innerText()).toMatch(/Unpaired: any program on this computer can call itself this/);
    await asked.getByRole('button', { name: 'Allow' }).click();
    expect((await unpaired).code).toBe(0);
    // Pairing: the person says yes in the window; the CLI gets its own key.
    const pairing = cli(['pair']);
    const pairDialog = page.getByRole('dialog', { name: /asks to be paired/ });
    await pairDialog.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'pair-dialog.png') });
    await pairDialog.getByRole('button', { name: 'Pair' }).click();
    expect((await pairing).code).toBe(0);
    const first = cli(['start', a.key]);
    const dialog = page.getByRole('dialog', { name: /wants to start 1 phone/ });
    await dialog.waitFor();
    await dialog.getByLabel(/Always allow the command line/).check();
    await dialog.getByRole('button', { name: 'Allow' }).click();
    expect((await first).code).toBe(0);
    expect((await cli(['start', b.key])).code).toBe(0);
    await page.getByRole('button', { name: 'Settings' }).click();
    const allowed = page.getByRole('list', { name: /allowed to start, stop and restart/ });
    await allowed.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => allowed.count()).toBe(0);
    expect(host.core.settings.get().control.allowedClients).toEqual([]);
    // Unpairing takes its key away: a request with the old key is just an unpaired client again.
    await page.getByRole('list', { name: 'Paired clients' }).getByRole('button', { name: 'Unpair' }).click();
    await expect.poll(() => host.core.settings.get().control.pairedClients.length).toBe(0);
  });
});
