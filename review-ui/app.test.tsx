// The app's own guarantees: login, sessions, CSRF, rate limit, security headers, errors without internals.
import { afterEach, describe, expect, it } from 'vitest';
import { mergeCookies, PASSWORD, uiHarness, type UiHarness } from '../test/ui.ts';

let h: UiHarness;
afterEach(() => h?.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('review UI app', () => {
  it('answers /healthz without a login and sends its security headers everywhere', async () => {
    h = await uiHarness();
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { store: 'ok', redis: 'ok' } });
    for (const url of ['/healthz', '/login', '/nope']) {
      const r = await h.app.request(url);
      const csp = r.headers.get('content-security-policy')!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('sends people without a session to the login page', async () => {
    h = await uiHarness();
    const res = await h.app.request('/qa');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('logs in with the right password only, in a HttpOnly SameSite session cookie, and audits both', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }], settings: { secureCookies: true } });
    const page = await h.app.request('/login');
    const cookie = mergeCookies('', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const wrong = await h.app.request('/login', {
      ...form({ _csrf: token, user: 'qa1', password: 'falsch' }),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe('/login');
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('__Host-ps_session='))).toBe(false);
    const right = await h.app.request('/login', {
      ...form({ _csrf: token, user: 'qa1', password: PASSWORD }),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(right.status).toBe(303);
    const session = right.headers.getSetCookie().find((c) => c.startsWith('__Host-ps_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Secure/i);
    expect(session).toMatch(/Path=\//);
    const actions = (await h.ctx.repo.auditTrail('qa1')).map((e) => e.action);
    expect(actions).toEqual(['ui.login.failed', 'ui.login']);
  });

  it('refuses a login post without the login form token (login CSRF)', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    const res = await h.app.request('/login', form({ user: 'qa1', password: PASSWORD }));
    expect(res.status).toBe(403);
  });

  it('refuses state changes without the session token or from another origin', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    const a = await h.login('qa1');
    expect((await a.post('/logout', { _csrf: 'falsch' })).status).toBe(403);
    expect((await a.post('/logout', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const out = await a.post('/logout');
    expect(out.status).toBe(303);
    // The session is gone on the server, not only in the browser.
    expect((await a.get('/qa')).status).toBe(302);
  });

  it('blocks a user name after five failed logins, also for the right password', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    const page = await h.app.request('/login');
    const cookie = mergeCookies('', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const attempt = (password: string) =>
      h.app.request('/login', {
        ...form({ _csrf: token, user: 'qa1', password }),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('falsch')).status).toBe(303);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Zu viele Fehlversuche');
  });

  it('counts failed logins per client behind a trusted proxy, not per proxy', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }], settings: { trustedProxies: ['local'] } });
    const page = await h.app.request('/login');
    const cookie = mergeCookies('', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const attempt = (user: string, client: string) =>
      h.app.request('/login', {
        ...form({ _csrf: token, user, password: 'falsch' }),
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.9.9.9, ${client}`,
        },
      });
    for (let i = 0; i < 20; i++) expect((await attempt(`user${i}`, '192.0.2.1')).status).toBe(303);
    expect((await attempt('user99', '192.0.2.1')).status).toBe(429);
    expect((await attempt('user99', '192.0.2.2')).status).toBe(303);
  });

  it('signs in a user named by a trusted proxy only when configured and only from that proxy', async () => {
    h = await uiHarness({
      users: [{ id: 'sso1', roles: ['qa'] }],
      settings: { proxyUserHeader: 'X-Remote-User', trustedProxies: ['local'] },
    });
    const res = await h.app.request('/qa', { headers: { 'x-remote-user': 'sso1' } });
    expect(res.status).toBe(200);
    h.close();
    h = await uiHarness({
      users: [{ id: 'sso1', roles: ['qa'] }],
      settings: { proxyUserHeader: 'X-Remote-User', trustedProxies: ['10.0.0.1'] },
    });
    expect((await h.app.request('/qa', { headers: { 'x-remote-user': 'sso1' } })).status).toBe(302);
  });

  it('lets a user change their own password: the old one and every session end, audited', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    const a = await h.login('qa1');
    const wrong = await a.post('/account/password', {
      current: 'falsch',
      next: 'ein-neues-passwort',
      repeat: 'ein-neues-passwort',
    });
    expect(wrong.headers.get('location')).toBe('/account');
    expect(
      (await a.post('/account/password', { current: PASSWORD, next: 'kurz', repeat: 'kurz' })).status,
    ).toBe(400);
    const ok = await a.post('/account/password', {
      current: PASSWORD,
      next: 'ein-neues-passwort',
      repeat: 'ein-neues-passwort',
    });
    expect(ok.headers.get('location')).toBe('/login');
    expect((await a.get('/qa')).status).toBe(302);
    expect(await h.ui.checkPassword('qa1', PASSWORD)).toBeNull();
    expect(await h.ui.checkPassword('qa1', 'ein-neues-passwort')).not.toBeNull();
    expect((await h.ctx.repo.auditTrail('qa1')).map((e) => e.action)).toContain('user.password_changed');
  });

  it('never writes what was typed as a user name into the audit trail unless it is an account', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    const page = await h.app.request('/login');
    const cookie = mergeCookies('', page);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    await h.app.request('/login', {
      ...form({ _csrf: token, user: 'Geheim!Passwort123', password: 'x' }),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const trail = JSON.stringify(await h.ctx.repo.auditTrail());
    expect(trail).toContain('ui.login.failed');
    expect(trail.toLowerCase()).not.toContain('geheim');
  });

  it('refuses an anonymous upload before reading it, and ingests nothing', async () => {
    h = await uiHarness();
    const body = new FormData();
    body.append('file', new Blob([Buffer.alloc(2 * 1024 * 1024, 1)]), 'x.pdf');
    const res = await h.app.request('/upload', { method: 'POST', body });
    expect(res.status).toBe(413); // the 1 MB limit of requests without a session, before any parsing
    expect(await h.ctx.repo.recentBatches(5)).toEqual([]);
    expect(h.enqueued).toEqual([]);
  });

  it('shows no internals when a route fails', async () => {
    h = await uiHarness({ users: [{ id: 'qa1', roles: ['qa'] }] });
    h.app.get('/boom', () => {
      throw new Error('secret /etc/passwd detail');
    });
    const res = await h.app.request('/boom');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('interner Fehler');
    expect(body).not.toContain('secret');
    expect(h.logEntries.some((e) => String(e.error).includes('secret'))).toBe(true);
  });
});
