// Screens of the administrators: users (roles, units, clerk id, disable, password reset), the active
// configuration (validate and activate a new org directory or profile), the audit trail (search, chain
// check), the queue board and the Prometheus metrics. Every change is audited; an administrator cannot
// lock themselves out (disable themselves or drop their own admin role).
import crypto from 'node:crypto';
import { Hono, type Context as HonoContext } from 'hono';
import { z } from 'zod';
import type { AuditEntry } from '../core/store/types.ts';
import { activateVersion, configHistory, validateCandidate } from '../profiles/versions.ts';
import { ConfigError } from '../profiles/load.ts';
import { mountQueueBoard, QUEUE_BOARD_CSP, QUEUE_BOARD_PATH } from './admin/queues.ts';
import { randomPassword, USER_ID, type User } from './auth/users.ts';
import { errorPage, flash, takeFlash, type AppEnv, type Guard, type UiDeps } from './app.tsx';
import { ActionForm, Page, when } from './layout.tsx';
import { actionLabel } from './items.tsx';
import { hasRole, ROLE_LABEL, ROLES, type Role } from './policy.ts';

type C = HonoContext<AppEnv>;

const AUDIT_PAGE = 100;

/** Form fields that may come once or several times (checkboxes, multi-selects). */
function many(body: Record<string, string | File | Array<string | File>>, key: string): string[] {
  const v = body[key] ?? body[`${key}[]`];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

function RoleBoxes({ selected }: { selected: readonly Role[] }) {
  return (
    <fieldset class="choices">
      <legend>Rollen</legend>
      {ROLES.map((r) => (
        <label class="check">
          <input type="checkbox" name="roles" value={r} checked={selected.includes(r)} /> {ROLE_LABEL[r]}
        </label>
      ))}
    </fieldset>
  );
}

export function mountAdmin(app: Hono<AppEnv>, guard: Guard, deps: Omit<UiDeps, 'mounts'>): void {
  const { ctx, ui } = deps;
  const admin = guard('admin');
  // Everything under /admin is for administrators, whatever a route below (or the queue board) checks itself.
  app.use('/admin', admin);
  app.use('/admin/*', admin);

  const orgUnits = () => ctx.config.org.units;
  const orgClerks = () =>
    orgUnits().flatMap((u) => u.clerks.map((k) => ({ id: k.id, name: k.name, unit: u.name })));

  function UnitBoxes({ selected }: { selected: readonly string[] }) {
    return (
      <fieldset class="choices">
        <legend>Organisationseinheiten (Mitgliedschaft)</legend>
        {orgUnits().map((u) => (
          <label class="check">
            <input type="checkbox" name="units" value={u.id} checked={selected.includes(u.id)} /> {u.name}
          </label>
        ))}
      </fieldset>
    );
  }

  function ClerkSelect({ selected }: { selected: string | null }) {
    const seen = new Set<string>();
    return (
      <label>
        Sachbearbeiter-Kennung im Organisationsverzeichnis
        <select name="clerk">
          <option value="">– keine –</option>
          {orgClerks()
            .filter((k) => !seen.has(k.id) && seen.add(k.id))
            .map((k) => (
              <option value={k.id} selected={k.id === selected}>{`${k.id} – ${k.name} (${k.unit})`}</option>
            ))}
        </select>
      </label>
    );
  }

  /** Roles, units and clerk id of a user form, checked against the roles and the org directory. */
  function userFields(body: Record<string, string | File | Array<string | File>>) {
    const roles = many(body, 'roles');
    const units = many(body, 'units');
    const clerk = typeof body.clerk === 'string' ? body.clerk.trim() : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (roles.some((r) => !(ROLES as readonly string[]).includes(r))) return 'Unbekannte Rolle.';
    const unitIds = new Set(orgUnits().map((u) => u.id));
    if (units.some((u) => !unitIds.has(u))) return 'Unbekannte Organisationseinheit.';
    if (clerk && !orgClerks().some((k) => k.id === clerk))
      return 'Diese Sachbearbeiter-Kennung steht nicht im Organisationsverzeichnis.';
    if (!name || name.length > 200) return 'Bitte den vollen Namen angeben (höchstens 200 Zeichen).';
    return { roles: [...new Set(roles)] as Role[], units: [...new Set(units)], clerk: clerk || null, name };
  }

  function UsersPage({ c, created }: { c: C; created?: { user: User; password: string; reset: boolean } }) {
    const users = ui.users();
    return (
      <Page title="Benutzer" user={c.var.user} csrf={c.var.csrf} flash={created ? null : takeFlash(c)}>
        {created && (
          <div class="panel once" role="status">
            <p>
              {created.reset
                ? `Neues Passwort für ${created.user.id}:`
                : `Benutzer ${created.user.id} angelegt. Erstes Passwort:`}
            </p>
            <p>
              <code class="secret">{created.password}</code>
            </p>
            <p class="muted">Das Passwort wird nur jetzt angezeigt. Bitte sicher an die Person übergeben.</p>
          </div>
        )}
        <table>
          <thead>
            <tr>
              <th>Benutzer</th>
              <th>Name</th>
              <th>Rollen</th>
              <th>Einheiten</th>
              <th>Kennung</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr class={u.disabled ? 'disabled' : ''}>
                <td>
                  <a href={`/admin/users/${encodeURIComponent(u.id)}`}>{u.id}</a>
                </td>
                <td>{u.name}</td>
                <td>{u.roles.map((r) => ROLE_LABEL[r]).join(', ') || '–'}</td>
                <td>{u.units.join(', ') || '–'}</td>
                <td>{u.clerk ?? '–'}</td>
                <td>{u.disabled ? 'gesperrt' : 'aktiv'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Benutzer anlegen</h2>
        <ActionForm action="/admin/users" csrf={c.var.csrf} class="panel fields">
          <label>
            Benutzername <input name="id" required maxlength={32} pattern={USER_ID.source} />
          </label>
          <label>
            Voller Name <input name="name" required maxlength={200} />
          </label>
          <RoleBoxes selected={[]} />
          <UnitBoxes selected={[]} />
          <ClerkSelect selected={null} />
          <button type="submit">Anlegen</button>
        </ActionForm>
      </Page>
    );
  }

  app.get('/admin/users', admin, (c) => c.html(<UsersPage c={c} />));

  app.post('/admin/users', admin, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const id = typeof body.id === 'string' ? body.id.trim().toLowerCase() : '';
    if (!USER_ID.test(id))
      return errorPage(c, 400, 'Benutzername: 2–32 Zeichen, Kleinbuchstaben, Ziffern, Punkt, - und _.');
    if (ui.user(id)) return errorPage(c, 409, `Den Benutzer ${id} gibt es schon.`);
    const fields = userFields(body);
    if (typeof fields === 'string') return errorPage(c, 400, fields);
    const password = randomPassword();
    const user = await ui.addUser({ id, ...fields }, password);
    await ctx.repo.audit(c.var.user!.id, 'user.created', id, {
      name: fields.name,
      roles: fields.roles,
      units: fields.units,
      clerk: fields.clerk,
    });
    return c.html(<UsersPage c={c} created={{ user, password, reset: false }} />);
  });

  const targetUser = (c: C) => {
    const id = c.req.param('id') ?? '';
    return USER_ID.test(id) ? ui.user(id) : undefined;
  };

  app.get('/admin/users/:id', admin, (c) => {
    const u = targetUser(c);
    if (!u) return errorPage(c, 404, 'Diesen Benutzer gibt es nicht.');
    const self = u.id === c.var.user!.id;
    const base = `/admin/users/${encodeURIComponent(u.id)}`;
    return c.html(
      <Page title={`Benutzer ${u.id}`} user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p>
          <a href="/admin/users">Zurück zur Liste</a>
        </p>
        <p class="muted">{`Angelegt ${when(u.createdAt)}; ${u.disabled ? 'gesperrt' : 'aktiv'}`}</p>
        <ActionForm action={base} csrf={c.var.csrf} class="panel fields">
          <label>
            Voller Name <input name="name" required maxlength={200} value={u.name} />
          </label>
          <RoleBoxes selected={u.roles} />
          {self && (
            <p class="muted">
              Eigene Rollen, Einheiten und Sachbearbeiter-Kennung ändert ein anderer Administrator.
            </p>
          )}
          <UnitBoxes selected={u.units} />
          <ClerkSelect selected={u.clerk} />
          <button type="submit">Speichern</button>
        </ActionForm>
        <div class="actions">
          {!self &&
            (u.disabled ? (
              <ActionForm action={`${base}/enable`} csrf={c.var.csrf}>
                <button type="submit">Entsperren</button>
              </ActionForm>
            ) : (
              <ActionForm action={`${base}/disable`} csrf={c.var.csrf} confirm={`${u.id} sperren?`}>
                <button type="submit" class="danger">
                  Sperren
                </button>
              </ActionForm>
            ))}
          <ActionForm
            action={`${base}/password`}
            csrf={c.var.csrf}
            confirm={`Neues Passwort für ${u.id} erzeugen? Das alte gilt dann nicht mehr.`}
          >
            <button type="submit" class="secondary">
              Passwort zurücksetzen
            </button>
          </ActionForm>
        </div>
      </Page>,
    );
  });

  app.post('/admin/users/:id', admin, async (c) => {
    const u = targetUser(c);
    if (!u) return errorPage(c, 404, 'Diesen Benutzer gibt es nicht.');
    const fields = userFields(await c.req.parseBody({ all: true }));
    if (typeof fields === 'string') return errorPage(c, 400, fields);
    // Administrators manage accounts, not post: nobody grants themselves roles, units or a clerk id (that
    // would open the content of the post), and nobody takes away their own administration.
    const same = (x: readonly string[], y: readonly string[]) =>
      [...x].sort().join() === [...y].sort().join();
    if (
      u.id === c.var.user!.id &&
      (!same(fields.roles, u.roles) || !same(fields.units, u.units) || (fields.clerk ?? null) !== u.clerk)
    )
      return errorPage(
        c,
        409,
        'Eigene Rollen, Einheiten und Sachbearbeiter-Kennung ändert ein anderer Administrator.',
      );
    const before = { name: u.name, roles: u.roles, units: u.units, clerk: u.clerk };
    ui.updateUser(u.id, fields);
    await ctx.repo.audit(c.var.user!.id, 'user.changed', u.id, { before, after: fields });
    flash(c, 'ok', `Benutzer ${u.id} gespeichert.`);
    return c.redirect(`/admin/users/${encodeURIComponent(u.id)}`, 303);
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    app.post(`/admin/users/:id/${action}`, admin, async (c) => {
      const u = targetUser(c);
      if (!u) return errorPage(c, 404, 'Diesen Benutzer gibt es nicht.');
      if (u.id === c.var.user!.id) return errorPage(c, 409, 'Sie können sich nicht selbst sperren.');
      ui.updateUser(u.id, { disabled });
      await ctx.repo.audit(c.var.user!.id, disabled ? 'user.disabled' : 'user.enabled', u.id, {});
      flash(c, 'ok', disabled ? `Benutzer ${u.id} gesperrt.` : `Benutzer ${u.id} entsperrt.`);
      return c.redirect(`/admin/users/${encodeURIComponent(u.id)}`, 303);
    });

  app.post('/admin/users/:id/password', admin, async (c) => {
    const u = targetUser(c);
    if (!u) return errorPage(c, 404, 'Diesen Benutzer gibt es nicht.');
    const password = randomPassword();
    await ui.setPassword(u.id, password);
    await ctx.repo.audit(c.var.user!.id, 'user.password_reset', u.id, {});
    return c.html(<UsersPage c={c} created={{ user: u, password, reset: true }} />);
  });

  // --- Configuration ---------------------------------------------------------------------------------

  function ConfigPage({
    c,
    result,
    kind,
    text,
  }: {
    c: C;
    result?: { ok: boolean; issues: string[]; version?: string; activated?: boolean };
    kind?: string;
    text?: string;
  }) {
    const { config } = ctx;
    const org = config.org;
    const history = configHistory(ctx.dirs.root).slice(0, 20);
    return (
      <Page title="Konfiguration" user={c.var.user} csrf={c.var.csrf} flash={result ? null : takeFlash(c)}>
        <p>
          Aktive Version: <code>{config.version}</code>
        </p>
        <h2>Profile</h2>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Beschreibung</th>
              <th>Auflösung</th>
              <th>Farbe</th>
              <th>Duplex</th>
              <th>Schutzbedarf (I/V/V)</th>
              <th>Leerseiten</th>
            </tr>
          </thead>
          <tbody>
            {[...config.profiles.values()].map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{p.description}</td>
                <td>{`${p.dpi} dpi`}</td>
                <td>{p.colour}</td>
                <td>{p.duplex ? 'ja' : 'nein'}</td>
                <td>{`${p.protection.integrity} / ${p.protection.confidentiality} / ${p.protection.availability}`}</td>
                <td>{p.blankPages === 'drop' ? 'entfernen' : 'behalten'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{`Organisationsverzeichnis: ${org.authority.name}`}</h2>
        <table>
          <thead>
            <tr>
              <th>Einheit</th>
              <th>Kennziffer</th>
              <th>Aktenplan</th>
              <th>Sachbearbeitung</th>
              <th>Vertretungen, Abwesenheiten</th>
            </tr>
          </thead>
          <tbody>
            {org.units.map((u) => (
              <tr>
                <td>
                  {u.name}
                  <div class="muted">{u.id}</div>
                </td>
                <td>{u.code}</td>
                <td>{u.fileplan.join(', ')}</td>
                <td>{u.clerks.map((k) => `${k.name} (${k.id})`).join(', ') || '–'}</td>
                <td>
                  {u.clerks
                    .filter((k) => k.deputy_for)
                    .map((k) => (
                      <div>{`${k.id} vertritt ${k.deputy_for}${k.deputy_from ? ` ab ${k.deputy_from}` : ''}${k.deputy_until ? ` bis ${k.deputy_until}` : ''}`}</div>
                    ))}
                  {u.clerks.flatMap((k) =>
                    (k.absent ?? []).map((a) => (
                      <div class="muted">{`${k.id} abwesend ab ${a.from}${a.until ? ` bis ${a.until}` : ''}`}</div>
                    )),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Aktivierte Versionen</h2>
        {history.length ? (
          <table>
            <thead>
              <tr>
                <th>Zeitpunkt</th>
                <th>Inhalt</th>
                <th>Prüfsumme</th>
              </tr>
            </thead>
            <tbody>
              {history.map((v) => (
                <tr>
                  <td>{when(v.at)}</td>
                  <td>
                    {v.what === 'org'
                      ? 'Organisationsverzeichnis'
                      : `Profil ${v.what.replace(/^profile-/, '')}`}
                  </td>
                  <td>
                    <code>{v.hash}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Es gilt die mitgelieferte Konfiguration.</p>
        )}
        <h2>Neue Version prüfen und aktivieren</h2>
        {result && (
          <div class={`flash ${result.ok ? 'ok' : 'error'}`} role={result.ok ? 'status' : 'alert'}>
            {result.activated
              ? `Aktiviert. Neue Version: ${result.version ?? ''}. Weitere Prozesse (Worker, Eingang) übernehmen sie bei ihrem nächsten Start.`
              : result.ok
                ? 'Die Datei ist gültig.'
                : 'Die Datei ist ungültig:'}
            {result.issues.length > 0 && (
              <ul>
                {result.issues.map((i) => (
                  <li>{i}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ActionForm action="/admin/config" csrf={c.var.csrf} class="panel fields">
          <label>
            Art
            <select name="kind">
              <option value="org" selected={kind !== 'profile'}>
                Organisationsverzeichnis
              </option>
              <option value="profile" selected={kind === 'profile'}>
                Scan-Profil
              </option>
            </select>
          </label>
          <label>
            YAML
            <textarea name="yaml" rows={18} required spellcheck={false} class="yaml">
              {text ?? ''}
            </textarea>
          </label>
          <div class="actions">
            <button type="submit" name="do" value="validate" class="secondary">
              Prüfen
            </button>
            <button type="submit" name="do" value="activate">
              Aktivieren
            </button>
          </div>
        </ActionForm>
      </Page>
    );
  }

  app.get('/admin/config', admin, (c) => c.html(<ConfigPage c={c} />));

  const configForm = z.object({
    kind: z.enum(['org', 'profile']),
    yaml: z.string().min(1).max(500_000),
    do: z.enum(['validate', 'activate']),
  });

  app.post('/admin/config', admin, async (c) => {
    const parsed = configForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return errorPage(c, 400, 'Ungültige Angaben.');
    const { kind, yaml, do: what } = parsed.data;
    const check = validateCandidate(ctx, kind, yaml);
    if (!check.ok || what === 'validate') {
      if (!check.ok) c.status(400);
      return c.html(
        <ConfigPage c={c} kind={kind} text={yaml} result={{ ok: check.ok, issues: check.issues }} />,
      );
    }
    let activated;
    try {
      activated = await activateVersion(ctx, kind, yaml, c.var.user!.id);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      c.status(400);
      return c.html(<ConfigPage c={c} kind={kind} text={yaml} result={{ ok: false, issues: [e.message] }} />);
    }
    // This process works with the new version from now on (others when they start next).
    ctx.config = activated.config;
    return c.html(
      <ConfigPage
        c={c}
        kind={kind}
        result={{ ok: true, issues: [], version: activated.version, activated: true }}
      />,
    );
  });

  // --- Audit trail -----------------------------------------------------------------------------------

  const auditQuery = z.object({
    subject: z.string().trim().max(200).optional(),
    actor: z.string().trim().max(100).optional(),
    action: z.string().trim().max(100).optional(),
    before: z.coerce.number().int().positive().optional(),
  });

  app.get('/admin/audit', admin, async (c) => {
    const parsed = auditQuery.safeParse(c.req.query());
    if (!parsed.success) return errorPage(c, 400, 'Ungültige Suche.');
    const q = parsed.data;
    const entries: AuditEntry[] = await ctx.repo.auditSearch({
      subject: q.subject || undefined,
      actor: q.actor || undefined,
      action: q.action || undefined,
      beforeSeq: q.before,
      limit: AUDIT_PAGE + 1,
    });
    const more = entries.length > AUDIT_PAGE;
    const shown = entries.slice(0, AUDIT_PAGE);
    const next = new URLSearchParams();
    for (const k of ['subject', 'actor', 'action'] as const) if (q[k]) next.set(k, q[k]);
    if (more) next.set('before', String(shown[shown.length - 1]!.seq));
    return c.html(
      <Page title="Audit" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <form method="get" action="/admin/audit" class="filters">
          <label>
            Gegenstand (beginnt mit) <input name="subject" value={q.subject ?? ''} maxlength={200} />
          </label>
          <label>
            Wer <input name="actor" value={q.actor ?? ''} maxlength={100} />
          </label>
          <label>
            Aktion (beginnt mit) <input name="action" value={q.action ?? ''} maxlength={100} />
          </label>
          <button type="submit">Suchen</button>
        </form>
        <ActionForm action="/admin/audit/verify" csrf={c.var.csrf} class="actions">
          <button type="submit" class="secondary">
            Kette prüfen
          </button>
        </ActionForm>
        {shown.length ? (
          <table class="audit">
            <thead>
              <tr>
                <th>Nr.</th>
                <th>Zeit</th>
                <th>Wer</th>
                <th>Aktion</th>
                <th>Gegenstand</th>
                <th>Einzelheiten</th>
                <th>Konfiguration</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr>
                  <td>{e.seq}</td>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td title={e.action}>{actionLabel(e.action)}</td>
                  <td>{e.subject}</td>
                  <td>
                    <code class="details">{e.details == null ? '' : JSON.stringify(e.details)}</code>
                  </td>
                  <td>
                    <code>{e.configVersion}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Keine Einträge gefunden.</p>
        )}
        {more && (
          <p>
            <a href={`/admin/audit?${next.toString()}`}>Ältere Einträge</a>
          </p>
        )}
      </Page>,
    );
  });

  app.post('/admin/audit/verify', admin, async (c) => {
    const broken = await ctx.repo.verifyAudit();
    if (broken === null) flash(c, 'ok', 'Die Audit-Kette ist intakt.');
    else flash(c, 'error', `Die Audit-Kette ist ab Eintrag Nr. ${broken} verletzt.`);
    return c.redirect(broken === null ? '/admin/audit' : `/admin/audit?before=${broken + 1}`, 303);
  });

  // --- Queues and metrics ----------------------------------------------------------------------------

  // The board is built on its first request, from the queues as they are then: an app whose queues
  // cannot show a board (the tests' recording queues) still serves every other screen. The admin guard
  // above stands in front of its page, API and files; its page needs inline styles and its own <base>
  // (QUEUE_BOARD_CSP), so its responses, and only they, carry that policy. Read-only: the store is the
  // system of record, and the board's own requests carry no CSRF token.
  let board: Hono | null = null;
  const queueBoard = (c: C) => {
    if (!board) {
      const inner = new Hono();
      mountQueueBoard(inner, (_c, next) => next(), ctx);
      board = inner;
    }
    return board.fetch(c.req.raw);
  };
  for (const path of [QUEUE_BOARD_PATH, `${QUEUE_BOARD_PATH}/*`])
    app.get(path, admin, async (c) => {
      const res = await queueBoard(c);
      const out = new Response(res.body, res);
      out.headers.set('Content-Security-Policy', QUEUE_BOARD_CSP);
      return out;
    });

  const { metrics } = deps;
  app.get('/metrics', async (c) => {
    const token = deps.settings.metricsToken;
    const auth = c.req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
    const tokenOk =
      !!token &&
      !!bearer &&
      crypto.timingSafeEqual(
        crypto.createHash('sha256').update(bearer).digest(),
        crypto.createHash('sha256').update(token).digest(),
      );
    const user = c.var.user;
    if (!tokenOk) {
      if (!user) {
        c.header('WWW-Authenticate', 'Bearer realm="poststelle"');
        return c.text('Anmeldung erforderlich.\n', 401);
      }
      if (!hasRole(user, 'admin')) return c.text('Kein Zugriff.\n', 403);
    }
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(await metrics.text());
  });
}
