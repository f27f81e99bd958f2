import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where e2e tests save screenshots for people to look at. */
export const SCREENSHOTS = (() => {
  const dir = join(import.meta.dirname, '../../test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
})();

/** A page in a fresh Chromium, with page errors echoed so a broken renderer is visible in the test log. */
export async function openPage(
  url: string,
  viewport = { width: 1440, height: 860 },
  opts: { bypassCSP?: boolean; locale?: string } = {},
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  // bypassCSP only lets a test inject its own tools (axe-core); the app's CSP stays on everywhere else.
  const page = await browser.newPage({ viewport, bypassCSP: opts.bypassCSP ?? false, locale: opts.locale });
  page.on('pageerror', (e) => console.error('page error:', e));
  // An action that cannot happen fails within seconds, naming the locator, instead of hanging the test.
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  return { browser, page };
}
