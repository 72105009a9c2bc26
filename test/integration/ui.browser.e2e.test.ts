// The review UI in a real browser against the real pipeline and Redis: an operator uploads a scan and
// follows the batch live; QA fixes the misrouted item (unit), rotates a page and approves; the clerk of
// the new unit finds it, the clerk of the old one does not. Screenshots of every main screen are saved.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { log } from '../../core/log.ts';
import { startRuntime, type Runtime } from '../../pipeline/runtime.ts';
import { UiStore } from '../../review-ui/auth/users.ts';
import { settingsFromEnv, startUi, uiStoreFile, type UiServer } from '../../review-ui/server.ts';
import { describeBrowser, launchBrowser, screenshot } from '../browser.ts';
import { deliverableLetters, REDIS_URL, ROOT, tmpDir, waitFor } from '../helpers.ts';
import type { TruthLine } from '../../tools/letters/corpus.ts';

const PASSWORD = 'browser-test-passwort';

describeBrowser('review UI in the browser', () => {
  let dir: string;
  let rt: Runtime;
  let server: UiServer & { firstAdminPassword: string | null };
  let browser: Browser;
  let letter: TruthLine;
  let target: string;
  let itemId: string;
  const shots: string[] = [];

  beforeAll(async () => {
    dir = tmpDir('ui-browser');
    // A profile that sends every letter to review: the machine's proposal is what QA has to fix.
    const profiles = path.join(dir, 'profiles');
    fs.mkdirSync(profiles);
    for (const f of fs.readdirSync(path.join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml')))
      fs.copyFileSync(path.join(ROOT, 'profiles', f), path.join(profiles, f));
    const standard = path.join(profiles, 'standard.yaml');
    fs.writeFileSync(
      standard,
      fs.readFileSync(standard, 'utf8').replace(/^routingThreshold:.*$/m, 'routingThreshold: 1'),
    );
    letter = (await deliverableLetters(path.join(dir, 'letters'), 1, 4711))[0]!;
    rt = await startRuntime({
      dataDir: path.join(dir, 'data'),
      profilesDir: profiles,
      redisUrl: REDIS_URL,
      queuePrefix: `ui-browser-${process.pid}`,
      watch: false,
      log,
    });
    const org = rt.ctx.config.org;
    target = org.units.find((u) => u.id !== letter!.unit && u.clerks.length)!.id;
    const ui = new UiStore(uiStoreFile(rt.dirs.root));
    const add = (id: string, roles: Array<'operator' | 'qa' | 'clerk' | 'admin'>, units: string[] = []) =>
      ui.addUser({ id, name: id, roles, units, clerk: null }, PASSWORD);
    await add('operator1', ['operator']);
    await add('qa1', ['qa']);
    await add('clerk-new', ['clerk'], [target]);
    await add('clerk-old', ['clerk'], [letter!.unit!]);
    await add('admin1', ['admin']);
    ui.close();
    server = await startUi(rt.ctx, { host: '127.0.0.1', port: 0, settings: settingsFromEnv() });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.close(5000);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    log.info('screenshots', { shots });
  });

  async function login(user: string): Promise<Page> {
    const page = await (
      await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } })
    ).newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=user]', user);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form.login button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  const shot = async (page: Page, name: string) => shots.push(await screenshot(page, name));
  const status = async () => (await rt.ctx.repo.getItem(itemId))?.status;
  /** Submits a form of the item screen and waits until the rework it started has settled in review. */
  async function rework(page: Page, form: string) {
    const run = (await rt.ctx.repo.getItem(itemId))!.run;
    await Promise.all([page.waitForURL(/\/qa\/items\//), page.click(`${form} button[type=submit]`)]);
    await waitFor(
      `${form} to settle`,
      async () => {
        const item = await rt.ctx.repo.getItem(itemId);
        return item!.run > run && item!.status === 'review';
      },
      60_000,
    );
    expect((await rt.ctx.repo.getItem(itemId))!.reason).toBe('pending_approval');
  }

  it('an operator uploads a scan and follows the batch live to the end', async () => {
    const page = await login('operator1');
    await page.goto(`${server.url}/upload`);
    await shot(page, 'operator-upload');
    await page.setInputFiles('input[type=file]', letter.file);
    await page.click('form[enctype="multipart/form-data"] button[type=submit]');
    await page.waitForURL(/\/batches\/[^/]+$/);
    expect(await page.locator('[data-events]').count()).toBe(1);
    await shot(page, 'operator-batch-live');
    const batchId = new URL(page.url()).pathname.split('/').pop()!;
    // When the batch ends, the page reloads itself once and then shows the whole report.
    await page.waitForSelector('[data-events].done', { timeout: 90_000 });
    await page.waitForSelector(`text=${batchId}-01`, { timeout: 30_000 });
    await shot(page, 'operator-batch-done');
    const [item] = await rt.ctx.repo.items(batchId);
    itemId = item!.id;
    expect(item!.status).toBe('review');
    await page.goto(`${server.url}/batches`);
    await shot(page, 'operator-batches');
    await page.goto(`${server.url}/quarantine`);
    await shot(page, 'operator-quarantine');
    await page.goto(`${server.url}/originals`);
    await shot(page, 'operator-originals');
  }, 120_000);

  it('QA changes the unit of the misrouted item, turns a page (and back) and approves it', async () => {
    const page = await login('qa1');
    await page.goto(`${server.url}/qa`);
    await shot(page, 'qa-queue');
    await page.click(`a[href="/qa/items/${itemId}"]`);
    await shot(page, 'qa-item');
    await page.selectOption('select[name=unit]', target);
    await rework(page, 'form[action$="/unit"]');
    await page.goto(`${server.url}/qa/items/${itemId}`);
    await page.selectOption('form[action$="/rotate"] select[name=degrees]', '90');
    await rework(page, 'form[action$="/rotate"]');
    // Only the rotated page was read again (its OCR ran for the new revision); its image is now landscape.
    const [first] = await rt.ctx.repo.itemPages((await rt.ctx.repo.getItem(itemId))!);
    const trail = (await rt.ctx.repo.auditTrail(`${first!.batchId}/${first!.pageNo}`)).map((e) => e.action);
    expect(trail.filter((a) => a === 'page.ocr.done').length).toBe(2);
    expect(trail.filter((a) => a === 'page.normalize.done').length).toBe(1);
    await page.goto(`${server.url}/qa/items/${itemId}`);
    await shot(page, 'qa-item-rotated');
    // Turned back upright: read once more, and the subject is found again.
    await page.selectOption('form[action$="/rotate"] select[name=degrees]', '270');
    await rework(page, 'form[action$="/rotate"]');
    const pageTrail = (await rt.ctx.repo.auditTrail(`${first!.batchId}/${first!.pageNo}`)).map(
      (e) => e.action,
    );
    expect(pageTrail.filter((a) => a === 'page.ocr.done').length).toBe(3);
    const item = (await rt.ctx.repo.getItem(itemId))!;
    const meta = (await rt.ctx.repo.stageResult(itemId, 'extract', item.run)) as { subject: string | null };
    const word = letter.subject.split(/\s+/).find((w) => w.length > 4 && /^\p{L}+$/u.test(w))!;
    expect(meta.subject).toContain(word);
    await page.goto(`${server.url}/qa/items/${itemId}`);
    await shot(page, 'qa-item-upright');
    await page.click('form[action$="/approve"] button[type=submit]');
    await waitFor('delivery', async () => (await status()) === 'delivered', 60_000);
    expect(fs.existsSync(path.join(rt.dirs.inbox, target, `${itemId}.pdf`))).toBe(true);
    expect(fs.existsSync(path.join(rt.dirs.inbox, letter.unit!, `${itemId}.pdf`))).toBe(false);
    expect(fs.existsSync(path.join(rt.dirs.inbox, '_review', `${itemId}.pdf`))).toBe(false);
    const actions = (await rt.ctx.repo.auditTrail(itemId)).map((e) => `${e.actor} ${e.action}`);
    expect(actions.some((a) => a.startsWith('qa1 ') && /approve/.test(a))).toBe(true);
  }, 180_000);

  it('the clerk of the new unit finds the item; the clerk of the old unit cannot reach it', async () => {
    const page = await login('clerk-new');
    expect(await page.locator(`a[href="/inbox/items/${itemId}"]`).count()).toBe(1);
    await shot(page, 'clerk-inbox');
    await page.click(`a[href="/inbox/items/${itemId}"]`);
    await shot(page, 'clerk-item');
    const pdf = await page.request.get(`${server.url}/items/${itemId}/pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const other = await login('clerk-old');
    expect(await other.locator(`a[href="/inbox/items/${itemId}"]`).count()).toBe(0);
    for (const url of [`/inbox/items/${itemId}`, `/items/${itemId}/pdf`, `/items/${itemId}/pages/1`])
      expect((await other.request.get(`${server.url}${url}`)).status(), url).toBe(404);
  }, 60_000);

  it('an admin sees users, configuration, audit trail and queues', async () => {
    const page = await login('admin1');
    for (const [url, name] of [
      ['/admin/users', 'admin-users'],
      ['/admin/config', 'admin-config'],
      ['/admin/audit', 'admin-audit'],
      ['/admin/queues', 'admin-queues'],
    ] as const) {
      const res = await page.goto(`${server.url}${url}`);
      expect(res?.status(), url).toBe(200);
      await page.waitForLoadState('networkidle');
      await shot(page, name);
    }
    const login2 = await (await browser.newContext()).newPage();
    await login2.goto(`${server.url}/login`);
    await shot(login2, 'login');
  }, 60_000);
});
