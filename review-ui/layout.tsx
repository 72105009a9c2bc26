// The page frame of every screen: navigation by role, the CSRF token for forms, flash messages. All text
// German; everything shown goes through hono/jsx, which escapes text and attribute values.
import type { Child } from 'hono/jsx';
import type { User } from './auth/users.ts';
import { hasRole, ROLE_LABEL } from './policy.ts';

const NAV: Array<{ href: string; label: string; role: 'qa' | 'clerk' | 'operator' | 'admin' }> = [
  { href: '/qa', label: 'Nachbearbeitung', role: 'qa' },
  { href: '/inbox', label: 'Posteingang', role: 'clerk' },
  { href: '/batches', label: 'Stapel', role: 'operator' },
  { href: '/quarantine', label: 'Quarantäne', role: 'operator' },
  { href: '/upload', label: 'Hochladen', role: 'operator' },
  { href: '/originals', label: 'Originale', role: 'operator' },
  { href: '/admin/users', label: 'Benutzer', role: 'admin' },
  { href: '/admin/config', label: 'Konfiguration', role: 'admin' },
  { href: '/admin/audit', label: 'Audit', role: 'admin' },
  { href: '/admin/queues', label: 'Warteschlangen', role: 'admin' },
];

export interface PageProps {
  title: string;
  user: User | null;
  csrf?: string;
  /** A notice for the user after an action (German). */
  flash?: { kind: 'ok' | 'error'; text: string } | null;
  children?: Child;
}

export function Page({ title, user, csrf, flash, children }: PageProps) {
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – poststelle`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            poststelle
          </a>
          {user && (
            <nav>
              {NAV.filter((n) => hasRole(user, n.role)).map((n) => (
                <a href={n.href}>{n.label}</a>
              ))}
            </nav>
          )}
          {user && (
            <form method="post" action="/logout" class="logout">
              <input type="hidden" name="_csrf" value={csrf} />
              <a href="/account" title={user.roles.map((r) => ROLE_LABEL[r]).join(', ')}>
                {user.name}
              </a>{' '}
              <button type="submit">Abmelden</button>
            </form>
          )}
        </header>
        <main>
          <h1>{title}</h1>
          {flash && (
            <p class={`flash ${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
              {flash.text}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

/** A form that changes state: POST with the session's CSRF token. */
export function ActionForm(props: {
  action: string;
  csrf: string;
  children?: Child;
  class?: string;
  confirm?: string;
}) {
  return (
    <form method="post" action={props.action} class={props.class} data-confirm={props.confirm}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** Dates and times as people here read them (Europe/Berlin). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });
}
