// The review UI's HTTP application: security headers, sessions, CSRF, login, and the screens of each
// role mounted below. Every route decides access on the server through policy.ts; nothing the browser
// sends is trusted beyond what zod lets through.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context as HonoContext, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Metrics } from '../core/metrics.ts';
import type { Context } from '../pipeline/context.ts';
import { berlinDate } from '../ingest/intake.ts';
import { USER_ID, type Session, type UiStore, type User } from './auth/users.ts';
import { LoginLimiter } from './auth/limiter.ts';
import { CSP } from './csp.ts';
import { Page } from './layout.tsx';
import { hasRole, type Role } from './policy.ts';

export interface UiSettings {
  secureCookies: boolean;
  sessionHours: number;
  /** Reverse-proxy authentication: header with the user name, trusted only from these addresses. */
  proxyUserHeader?: string;
  trustedProxies: readonly string[];
  metricsToken?: string;
  uploadMaxBytes: number;
}

export interface UiDeps {
  ctx: Context;
  ui: UiStore;
  settings: UiSettings;
  /** What /metrics reports (the server also feeds it the durations of this process's stage jobs). */
  metrics: Metrics;
  /** Today in Europe/Berlin (deputyships in force); a parameter so tests can set the day. */
  today?: () => string;
  /** Extra routes mounted by the composition root (bull-board, metrics), each behind its own check. */
  mounts?: (app: Hono<AppEnv>, guard: Guard) => void;
}

export type AppEnv = {
  Variables: { session: Session | null; user: User | null; csrf: string; deps: UiDeps };
};
export type Guard = (...roles: Role[]) => MiddlewareHandler<AppEnv>;
type C = HonoContext<AppEnv>;

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const STATIC_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Routes that take a scan as their body. */
const UPLOAD_PATHS = /^\/(upload|qa\/items\/[^/]+\/replace)$/;

const cookieName = (s: UiSettings, name: string) => (s.secureCookies ? `__Host-${name}` : name);

/** The address of the socket's peer (tests without a socket: 'local'). */
function peerAddress(c: C): string {
  try {
    // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d.
    return (getConnInfo(c).remote.address ?? 'unknown').replace(/^::ffff:/, '');
  } catch {
    return 'local';
  }
}

/** Whether the request comes from a configured reverse proxy. */
const fromTrustedProxy = (c: C) => c.var.deps.settings.trustedProxies.includes(peerAddress(c));

/**
 * The client's address: the socket's peer, or behind a trusted proxy the address the proxy appended last
 * to X-Forwarded-For (so the login limit counts people, not the proxy).
 */
export function clientAddress(c: C): string {
  const forwarded = fromTrustedProxy(c)
    ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim()
    : undefined;
  return forwarded || peerAddress(c);
}

/** Whether the request's session is still valid now (long-running responses: event streams). */
export function sessionAlive(c: C): boolean {
  const token = getCookie(c, cookieName(c.var.deps.settings, 'ps_session'));
  return Boolean(token && c.var.deps.ui.session(token));
}

/** The user's notice for the next page (after a redirect), kept in a short-lived cookie. */
export function flash(c: C, kind: 'ok' | 'error', text: string): void {
  setCookie(
    c,
    cookieName(c.var.deps.settings, 'ps_flash'),
    Buffer.from(JSON.stringify({ kind, text })).toString('base64url'),
    {
      path: '/',
      httpOnly: true,
      secure: c.var.deps.settings.secureCookies,
      sameSite: 'Strict',
      maxAge: 60,
    },
  );
}

export function takeFlash(c: C): { kind: 'ok' | 'error'; text: string } | null {
  const name = cookieName(c.var.deps.settings, 'ps_flash');
  const raw = getCookie(c, name);
  if (!raw) return null;
  deleteCookie(c, name, { path: '/', secure: c.var.deps.settings.secureCookies });
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string };
    return { kind: v.kind === 'ok' ? 'ok' : 'error', text: String(v.text).slice(0, 500) };
  } catch {
    return null;
  }
}

/** Answers with a German error page (no stack, no internals). */
export function errorPage(c: C, status: 401 | 403 | 404 | 400 | 409 | 413 | 415 | 429 | 500, text: string) {
  c.status(status);
  return c.html(
    <Page title={TITLES[status]} user={c.var.user} csrf={c.var.csrf}>
      <p class="flash error">{text}</p>
    </Page>,
  );
}

const TITLES = {
  400: 'Ungültige Anfrage',
  401: 'Anmeldung erforderlich',
  403: 'Kein Zugriff',
  404: 'Nicht gefunden',
  409: 'Nicht möglich',
  413: 'Zu groß',
  415: 'Dateityp nicht erlaubt',
  429: 'Zu viele Versuche',
  500: 'Fehler',
} as const;

const equal = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The form field or header carrying the CSRF token of a state-changing request. */
async function sentToken(c: C): Promise<string> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    return typeof body._csrf === 'string' ? body._csrf : '';
  }
  return '';
}

/** Same-origin check on state-changing requests: a browser always sends Origin on cross-site POSTs. */
function sameOrigin(c: C): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true; // non-browser clients; the token still has to match
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

export function createApp(deps: UiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ui, settings } = deps;
  const limiter = new LoginLimiter();
  const log = deps.ctx.log.child({ component: 'ui' });
  const sessionCookie = cookieName(settings, 'ps_session');
  const loginCookie = cookieName(settings, 'ps_login');

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('user', null);
    c.set('session', null);
    c.set('csrf', '');
    await next();
    // A route with its own policy (the queue board) keeps it; every other response gets the strict one.
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500)
      return errorPage(c, (err.status in TITLES ? err.status : 400) as 400, 'Ungültige Anfrage.');
    log.error('ui request failed', {
      path: c.req.path,
      method: c.req.method,
      error: err.message,
      stack: err.stack,
    });
    return errorPage(c, 500, 'Ein interner Fehler ist aufgetreten. Er wurde protokolliert.');
  });
  app.notFound((c) => errorPage(c, 404, 'Diese Seite gibt es nicht.'));

  app.get('/healthz', async (c) => {
    const checks: Record<string, string> = {};
    try {
      await deps.ctx.repo.recentBatches(1);
      checks.store = 'ok';
    } catch (e) {
      checks.store = (e as Error).message;
    }
    try {
      await deps.ctx.queues.counts();
      checks.redis = 'ok';
    } catch (e) {
      checks.redis = (e as Error).message;
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    if (!ok) log.error('health check failed', { checks });
    // Without a login: which check failed, never the error text (hosts, paths).
    const shown = Object.fromEntries(
      Object.entries(checks).map(([k, v]) => [k, v === 'ok' ? 'ok' : 'error']),
    );
    return c.json({ status: ok ? 'ok' : 'error', checks: shown }, ok ? 200 : 503);
  });

  app.get('/static/:file', (c) => {
    const file = c.req.param('file');
    const type = STATIC_TYPES[path.extname(file)];
    if (!type || !/^[a-z0-9-]+\.(css|js)$/.test(file)) return c.notFound();
    const full = path.join(STATIC_DIR, file);
    if (!fs.existsSync(full)) return c.notFound();
    c.header('Content-Type', type);
    c.header('Cache-Control', 'private, max-age=300');
    return c.body(fs.readFileSync(full));
  });

  // Who is asking: a session cookie, or (when configured) a trusted reverse proxy's user header.
  app.use('*', async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const session = token ? ui.session(token) : null;
    if (session) {
      c.set('session', session);
      c.set('user', session.user);
      c.set('csrf', session.csrf);
    } else if (settings.proxyUserHeader && fromTrustedProxy(c)) {
      const name = c.req.header(settings.proxyUserHeader)?.trim().toLowerCase();
      const user = name ? ui.user(name) : undefined;
      if (user && !user.disabled) {
        const s = ui.createSession(user.id, settings.sessionHours);
        setSession(c, s.token);
        c.set('user', user);
        c.set('csrf', s.csrf);
        await deps.ctx.repo.audit(user.id, 'ui.login', user.id, { via: 'proxy', address: clientAddress(c) });
      }
    }
    await next();
  });

  const setSession = (c: C, token: string) =>
    setCookie(c, sessionCookie, token, {
      path: '/',
      httpOnly: true,
      secure: settings.secureCookies,
      sameSite: 'Strict',
      maxAge: Math.round(settings.sessionHours * 3600),
    });

  // Bodies are bounded before anything reads them: scans where scans are uploaded, small forms elsewhere.
  const small = bodyLimit({ maxSize: 1_000_000, onError: (c) => errorPage(c as C, 413, 'Anfrage zu groß.') });
  const large = bodyLimit({
    maxSize: settings.uploadMaxBytes,
    onError: (c) =>
      errorPage(
        c as C,
        413,
        `Datei zu groß (höchstens ${Math.round(settings.uploadMaxBytes / 1048576)} MB).`,
      ),
  });
  app.use('*', (c, next) => (c.var.user && UPLOAD_PATHS.test(c.req.path) ? large : small)(c, next));

  // CSRF: every state-changing request carries the session's token (login: the login form's own token,
  // double-submitted with its cookie) and, from a browser, an Origin of this host.
  app.use('*', async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    if (!sameOrigin(c)) return errorPage(c, 403, 'Anfrage von fremder Seite abgelehnt.');
    const expected = c.req.path === '/login' ? (getCookie(c, loginCookie) ?? '') : c.var.csrf;
    // Logging out of a session that has already ended: nothing to protect, back to the login.
    if (!expected && c.req.path === '/logout') return c.redirect('/login', 303);
    // No token to compare with: refused before the body is read (no one buffers uploads anonymously).
    if (!expected)
      return errorPage(c, 403, 'Sicherheitsprüfung fehlgeschlagen (CSRF). Bitte die Seite neu laden.');
    const sent = await sentToken(c);
    if (!expected || !sent || !equal(expected, sent))
      return errorPage(c, 403, 'Sicherheitsprüfung fehlgeschlagen (CSRF). Bitte die Seite neu laden.');
    return next();
  });

  app.get('/login', (c) => {
    if (c.var.user) return c.redirect('/');
    const token = crypto.randomBytes(24).toString('base64url');
    setCookie(c, loginCookie, token, {
      path: '/',
      httpOnly: true,
      secure: settings.secureCookies,
      sameSite: 'Strict',
      maxAge: 3600,
    });
    return c.html(<LoginPage csrf={token} flash={takeFlash(c)} />);
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const id = String(body.user ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 64);
    const password = String(body.password ?? '').slice(0, 1024);
    const address = clientAddress(c);
    // Only names of real accounts go into the audit trail (a password typed into the name field must not).
    const known = USER_ID.test(id) && ui.user(id) ? id : '-';
    const wait = limiter.blocked(id, address);
    if (wait) {
      await deps.ctx.repo.audit(known, 'ui.login.blocked', known, { address });
      return errorPage(
        c,
        429,
        `Zu viele Fehlversuche. Bitte in ${Math.ceil(wait / 60)} Minuten erneut versuchen.`,
      );
    }
    // Counted before the password is checked, so parallel attempts cannot slip past the limit.
    limiter.failed(id, address);
    const user = id ? await ui.checkPassword(id, password) : null;
    if (!user) {
      await deps.ctx.repo.audit(known, 'ui.login.failed', known, { address });
      flash(c, 'error', 'Benutzername oder Passwort falsch.');
      return c.redirect('/login', 303);
    }
    limiter.succeeded(id, address);
    const s = ui.createSession(user.id, settings.sessionHours);
    setSession(c, s.token);
    deleteCookie(c, loginCookie, { path: '/', secure: settings.secureCookies });
    await deps.ctx.repo.audit(user.id, 'ui.login', user.id, { address });
    return c.redirect('/', 303);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) ui.endSession(token);
    deleteCookie(c, sessionCookie, { path: '/', secure: settings.secureCookies });
    if (c.var.user) await deps.ctx.repo.audit(c.var.user.id, 'ui.logout', c.var.user.id, {});
    return c.redirect('/login', 303);
  });

  const guard: Guard =
    (...roles) =>
    async (c, next) => {
      const user = c.var.user;
      if (!user) {
        if (c.req.method === 'GET' && !c.req.header('accept')?.includes('text/event-stream'))
          return c.redirect(`/login`, 302);
        return errorPage(c, 401, 'Bitte zuerst anmelden.');
      }
      if (roles.length && !roles.some((r) => hasRole(user, r)))
        return errorPage(c, 403, 'Für diese Seite fehlt Ihnen die Berechtigung.');
      return next();
    };

  app.get('/', guard(), (c) => {
    const u = c.var.user!;
    const home = hasRole(u, 'qa')
      ? '/qa'
      : hasRole(u, 'clerk')
        ? '/inbox'
        : hasRole(u, 'operator')
          ? '/batches'
          : '/admin/users';
    return c.redirect(home, 302);
  });

  deps.mounts?.(app, guard);
  return app;
}

/** Today (Europe/Berlin) for the request's checks. */
export const today = (c: C) => (c.var.deps.today ?? (() => berlinDate()))();

function LoginPage({
  csrf,
  flash: f,
}: {
  csrf: string;
  flash: { kind: 'ok' | 'error'; text: string } | null;
}) {
  return (
    <Page title="Anmelden" user={null} flash={f}>
      <form method="post" action="/login" class="login">
        <input type="hidden" name="_csrf" value={csrf} />
        <label>
          Benutzername <input name="user" autocomplete="username" required autofocus maxlength={64} />
        </label>
        <label>
          Passwort <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Anmelden</button>
      </form>
    </Page>
  );
}
