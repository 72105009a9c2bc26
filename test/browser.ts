// Browser tests drive Debian's chromium with playwright-core (no downloaded browsers here), with the
// launch flags this machine needs (DEVELOPERS.md); screenshots go to test-results/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM_TAG, HAS_CHROMIUM } from './peer.ts';

export { launchBrowser } from './support.ts';
import { ROOT } from './helpers.ts';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** A suite that runs only where the browser is; skipped (and counted by the reporter) elsewhere. */
export const describeBrowser = (name: string, fn: () => void) =>
  (HAS_CHROMIUM ? describe : describe.skip)(`${name} ${CHROMIUM_TAG}`, fn);

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
