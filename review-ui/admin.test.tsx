// Route tests of the administrators' screens: access by role, user administration (audited, no
// self-lockout), configuration validate/activate, audit search and chain check, queue board, metrics.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { uiHarness, type Agent, type UiHarness } from '../test/ui.ts';

let h: UiHarness;
afterEach(() => h?.close());

const USERS = [
  { id: 'admin1', roles: ['admin' as const] },
  { id: 'op1', roles: ['operator' as const] },
  { id: 'qa1', roles: ['qa' as const] },
  { id: 'clerk1', roles: ['clerk' as const] },
];

/** A form post with repeated fields (checkboxes) and the session's CSRF token. */
async function postMany(a: Agent, url: string, fields: Array<[string, string]>): Promise<Response> {
  const body = new FormData();
  body.append('_csrf', a.csrf);
  for (const [k, v] of fields) body.append(k, v);
  return h.app.request(url, { method: 'POST', body, headers: { cookie: a.cookie } });
}

const shownPassword = (html: string) => /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1];

async function actions(subject: string) {
  return (await h.ctx.repo.auditTrail(subject)).map((e) => e.action);
}

describe('admin screens', () => {
  it('render for administrators and are refused for every other role', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    for (const url of ['/admin/users', '/admin/users/op1', '/admin/config', '/admin/audit']) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<html lang="de">');
    }
    for (const id of ['op1', 'qa1', 'clerk1']) {
      const a = await h.login(id);
      for (const url of ['/admin/users', '/admin/config', '/admin/audit', '/admin/queues'])
        expect((await a.get(url)).status, `${id} ${url}`).toBe(403);
      expect((await a.post('/admin/users', { id: 'x1', name: 'X' })).status).toBe(403);
      expect((await a.post('/admin/audit/verify')).status).toBe(403);
    }
    expect(h.ui.user('x1')).toBeUndefined();
  });

  it('adds a user with roles, units and clerk id, shows the password once and audits without it', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    const res = await postMany(admin, '/admin/users', [
      ['id', 'okaiser'],
      ['name', 'Olaf <Kaiser>'],
      ['roles', 'clerk'],
      ['roles', 'qa'],
      ['units', 'hauptamt'],
      ['clerk', 'o.kaiser'],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const password = shownPassword(html)!;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(html).toContain('Olaf &lt;Kaiser&gt;');
    const user = h.ui.user('okaiser')!;
    expect(user).toMatchObject({ roles: ['clerk', 'qa'], units: ['hauptamt'], clerk: 'o.kaiser' });
    expect(await h.ui.checkPassword('okaiser', password)).not.toBeNull();
    // Shown once: the list does not show it again.
    expect(await (await admin.get('/admin/users')).text()).not.toContain(password);
    const trail = await h.ctx.repo.auditTrail('okaiser');
    expect(trail.map((e) => [e.actor, e.action])).toEqual([['admin1', 'user.created']]);
    expect(JSON.stringify(trail[0]!.details)).not.toContain(password);
  });

  it('refuses users with unknown units, clerk ids, roles or a taken name', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    const base: Array<[string, string]> = [
      ['id', 'neu1'],
      ['name', 'Neu'],
    ];
    expect((await postMany(admin, '/admin/users', [...base, ['units', 'nirgendwo']])).status).toBe(400);
    expect((await postMany(admin, '/admin/users', [...base, ['clerk', 'x.niemand']])).status).toBe(400);
    expect((await postMany(admin, '/admin/users', [...base, ['roles', 'root']])).status).toBe(400);
    expect(
      (
        await postMany(admin, '/admin/users', [
          ['id', 'op1'],
          ['name', 'Doppelt'],
        ])
      ).status,
    ).toBe(409);
    expect(
      (
        await postMany(admin, '/admin/users', [
          ['id', '../x'],
          ['name', 'Pfad'],
        ])
      ).status,
    ).toBe(400);
    expect(h.ui.user('neu1')).toBeUndefined();
  });

  it('changes roles, units and clerk id, disables and enables, resets passwords, all audited', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    const clerk = await h.login('clerk1');
    const change = await postMany(admin, '/admin/users/clerk1', [
      ['name', 'Karl Wolf'],
      ['roles', 'clerk'],
      ['units', 'kaemmerei'],
      ['clerk', 'k.wolf'],
    ]);
    expect(change.status).toBe(303);
    expect(h.ui.user('clerk1')).toMatchObject({ name: 'Karl Wolf', units: ['kaemmerei'], clerk: 'k.wolf' });

    expect((await admin.post('/admin/users/clerk1/disable')).status).toBe(303);
    expect(h.ui.user('clerk1')!.disabled).toBe(true);
    expect((await clerk.get('/inbox')).status).toBe(302); // the session ended with the account
    expect((await admin.post('/admin/users/clerk1/enable')).status).toBe(303);
    expect(h.ui.user('clerk1')!.disabled).toBe(false);

    const reset = await admin.post('/admin/users/clerk1/password');
    expect(reset.status).toBe(200);
    const password = shownPassword(await reset.text())!;
    expect(await h.ui.checkPassword('clerk1', password)).not.toBeNull();

    expect(await actions('clerk1')).toEqual([
      'ui.login',
      'user.changed',
      'user.disabled',
      'user.enabled',
      'user.password_reset',
    ]);
    const changed = (await h.ctx.repo.auditTrail('clerk1')).find((e) => e.action === 'user.changed')!;
    expect(changed.details).toMatchObject({ before: { units: [] }, after: { units: ['kaemmerei'] } });
  });

  it('does not let an administrator disable themselves or change their own roles', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    expect((await admin.post('/admin/users/admin1/disable')).status).toBe(409);
    const strip = await postMany(admin, '/admin/users/admin1', [
      ['name', 'Admin'],
      ['roles', 'qa'],
    ]);
    expect(strip.status).toBe(409);
    expect(h.ui.user('admin1')).toMatchObject({ roles: ['admin'], disabled: false });
    // Nor grant themselves a role that opens the post (QA); their name they may change.
    const grant = await postMany(admin, '/admin/users/admin1', [
      ['name', 'Admin'],
      ['roles', 'admin'],
      ['roles', 'qa'],
    ]);
    expect(grant.status).toBe(409);
    expect(h.ui.user('admin1')!.roles).toEqual(['admin']);
    const rename = await postMany(admin, '/admin/users/admin1', [
      ['name', 'Anna Admin'],
      ['roles', 'admin'],
    ]);
    expect(rename.status).toBe(303);
    expect(h.ui.user('admin1')!.name).toBe('Anna Admin');
  });

  it('shows the active configuration and validates and activates an org directory', async () => {
    h = await uiHarness({ users: USERS });
    const admin = await h.login('admin1');
    const page = await (await admin.get('/admin/config')).text();
    expect(page).toContain(h.ctx.config.version);
    expect(page).toContain('Kämmerei und Steueramt');
    expect(page).toContain('o.kaiser vertritt h.berg');

    const bad = await admin.post('/admin/config', { kind: 'org', do: 'validate', yaml: 'units: 3\n' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('ungültig');
    const { stringify } = await import('yaml');
    const org = structuredClone(h.ctx.config.org);
    org.units[0]!.name = 'Hauptamt (neu)';
    const yaml = stringify(org);
    const ok = await admin.post('/admin/config', { kind: 'org', do: 'validate', yaml });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('gültig');
    const before = h.ctx.config.version;
    const act = await admin.post('/admin/config', { kind: 'org', do: 'activate', yaml });
    expect(act.status).toBe(200);
    const html = await act.text();
    const version = h.ctx.config.version;
    expect(version).not.toBe(before);
    expect(html).toContain(`Neue Version: ${version}`);
    expect(html).toContain('Hauptamt (neu)');
    const [entry] = await h.ctx.repo.auditSearch({ actor: 'admin1', action: 'config.', limit: 10 });
    expect(entry).toMatchObject({
      action: 'config.activated',
      details: { version, previousVersion: before },
    });
    // A bad candidate is never activated.
    const refused = await admin.post('/admin/config', {
      kind: 'profile',
      do: 'activate',
      yaml: 'name: A B\n',
    });
    expect(refused.status).toBe(400);
    expect(h.ctx.config.version).toBe(version);
  });

  it('searches the audit trail newest first, 100 per page, and checks the chain', async () => {
    h = await uiHarness({ users: USERS });
    for (let i = 0; i < 130; i++) await h.ctx.repo.audit('k.wolf', 'item.view', `b${i}`, { i });
    await h.ctx.repo.audit('qa1', 'item.approve', 'b7', { note: '<script>' });
    const admin = await h.login('admin1');
    const first = await (await admin.get('/admin/audit?actor=k.wolf')).text();
    const rows = (html: string) =>
      [...html.matchAll(/<td title="item\.view">item\.view<\/td><td>(b\d+)<\/td>/g)].map((m) => m[1]);
    expect(rows(first)).toHaveLength(100);
    expect(rows(first)[0]).toBe('b129');
    const older = /href="(\/admin\/audit\?[^"]+)">Ältere/.exec(first)![1]!.replaceAll('&amp;', '&');
    const second = await (await admin.get(older)).text();
    expect(rows(second)).toHaveLength(30);
    expect(rows(second).at(-1)).toBe('b0');

    const bySubject = await (await admin.get('/admin/audit?subject=b7&action=item.approve')).text();
    expect(bySubject).toContain('item.approve');
    expect(bySubject).not.toContain('<script>"');
    expect(bySubject).toContain('&lt;script&gt;');

    const verify = await admin.post('/admin/audit/verify');
    expect(verify.status).toBe(303);
    const cookie = verify.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const intact = await h.app.request('/admin/audit', { headers: { cookie: `${admin.cookie}; ${cookie}` } });
    expect(await intact.text()).toContain('intakt');

    const db = new Database(h.ctx.dirs.db);
    db.prepare("UPDATE audit SET details = '{\"i\":999}' WHERE subject = 'b50'").run();
    db.close();
    const broken = await admin.post('/admin/audit/verify');
    const cookie2 = broken.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await h.app.request(broken.headers.get('location')!, {
      headers: { cookie: `${admin.cookie}; ${cookie2}` },
    });
    expect(await page.text()).toMatch(/ab Eintrag Nr\. \d+ verletzt/);
  });

  it('serves the queue board to administrators only, with its own base-uri policy', async () => {
    h = await uiHarness({ users: USERS });
    // The harness's queues only record jobs: give them an (empty) board.
    Object.assign(h.ctx.queues, { boardQueues: () => [] });
    const admin = await h.login('admin1');
    const res = await admin.get('/admin/queues/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<base href="/admin/queues/"');
    const script = await admin.get('/admin/queues');
    expect(script.status).toBe(200);
    expect((await h.app.request('/admin/queues')).status).toBe(302);
    expect((await (await h.login('op1')).get('/admin/queues/static/favicon.ico')).status).toBe(403);
    // The board sets its own <base>: base-uri 'self' on its responses only; still no inline scripts or
    // styles (what the board's inline styles do is cosmetic: a loading spinner, the logo's colour).
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("base-uri 'self'");
    const elsewhere = (await admin.get('/admin/users')).headers.get('content-security-policy')!;
    expect(elsewhere).toContain("base-uri 'none'");
  });

  it('serves metrics to an admin session, or with the bearer token when one is configured', async () => {
    const queues = {
      jobCounts: async () => ({
        split: { waiting: 2, prioritized: 0, delayed: 0, active: 1, completed: 5, failed: 0 },
      }),
    };
    h = await uiHarness({ users: USERS });
    Object.assign(h.ctx.queues, queues);
    expect((await h.app.request('/metrics')).status).toBe(401);
    expect((await h.app.request('/metrics', { headers: { authorization: 'Bearer x' } })).status).toBe(401);
    expect((await (await h.login('op1')).get('/metrics')).status).toBe(403);
    const asAdmin = await (await h.login('admin1')).get('/metrics');
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get('content-type')).toContain('text/plain');
    const text = await asAdmin.text();
    expect(text).toMatch(/^poststelle_queue_depth\{queue="split"\} 2$/m);
    expect(text).toMatch(/^poststelle_items\{status="delivered"\} 0$/m);
    h.close();

    h = await uiHarness({ users: USERS, settings: { metricsToken: 'geheim-token-123' } });
    Object.assign(h.ctx.queues, queues);
    const withToken = await h.app.request('/metrics', {
      headers: { authorization: 'Bearer geheim-token-123' },
    });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toMatch(/^# (HELP|TYPE) /m);
    const wrong = await h.app.request('/metrics', { headers: { authorization: 'Bearer geheim-token-124' } });
    expect(wrong.status).toBe(401);
    expect((await h.app.request('/metrics')).status).toBe(401);
    expect((await (await h.login('qa1')).get('/metrics')).status).toBe(403);
  });
});
