// QA's screens: the review queue (reasons, filter, sort) and one item with its pages, OCR text and fields
// beside the actions. Every action goes through rework.ts, which re-runs only the stages it affects.
// Personal post that is not addressed to the QA user shows only as an entry (receipt date, class, proposed
// unit and clerk) that QA may route (unit, approval) without seeing pages, text, metadata or PDF.
import type { Hono, Context as HonoContext } from 'hono';
import { z } from 'zod';
import { ReasonCode } from '../core/errors.ts';
import { ActionForm, Page, when } from './layout.tsx';
import { errorPage, flash, takeFlash, today, type AppEnv, type Guard } from './app.tsx';
import { classifyResult } from '../pipeline/classify/schema.ts';
import {
  CLASS_LABEL,
  clerkName,
  FIELD_LABEL,
  itemFor,
  latest,
  loadItem,
  mountItemFiles,
  pageTexts,
  REASON_LABEL,
  STATUS_LABEL,
  actionLabel,
  type Access,
  type ItemView,
} from './items.tsx';
import { itemAccess, itemFacts } from './policy.ts';
import * as rework from './rework.ts';

type C = HonoContext<AppEnv>;

const SORTS = {
  received: 'Eingang',
  updated: 'Letzte Änderung',
  reason: 'Grund',
} as const;

const queueQuery = z.object({
  reason: z
    .enum(Object.values(ReasonCode) as [string, ...string[]])
    .optional()
    .catch(undefined),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).catch('received'),
});

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`;

export function mountQa(app: Hono<AppEnv>, guard: Guard): void {
  mountItemFiles(app, guard);

  app.get('/qa', guard('qa'), async (c) => {
    const { ctx } = c.var.deps;
    const q = queueQuery.parse(c.req.query());
    let entries = await ctx.repo.itemEntries('review');
    const reasons = [...new Set(entries.map((r) => r.reason).filter(Boolean))] as string[];
    if (q.reason) entries = entries.filter((r) => r.reason === q.reason);
    const env = { org: ctx.config.org, day: today(c) };
    const rows = await Promise.all(
      entries.map(async (item) => {
        const routing = await latest(ctx, item, 'classify', classifyResult);
        return { item, routing, access: itemAccess(c.var.user!, env, itemFacts(item.status, routing)) };
      }),
    );
    const key = (r: (typeof rows)[number]) =>
      q.sort === 'updated'
        ? r.item.updatedAt
        : q.sort === 'reason'
          ? (r.item.reason ?? '')
          : r.item.receivedAt;
    rows.sort((a, b) => (q.sort === 'updated' ? key(b).localeCompare(key(a)) : key(a).localeCompare(key(b))));
    return c.html(
      <Page title="Nachbearbeitung" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <form method="get" action="/qa" class="filters">
          <label>
            Grund
            <select name="reason">
              <option value="">alle</option>
              {reasons.map((r) => (
                <option value={r} selected={q.reason === r}>
                  {REASON_LABEL[r] ?? r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sortierung
            <select name="sort">
              {Object.entries(SORTS).map(([k, label]) => (
                <option value={k} selected={q.sort === k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            Anzeigen
          </button>
          <span class="muted">{`${rows.length} Poststücke`}</span>
        </form>
        <table class="queue">
          <thead>
            <tr>
              <th>Poststück</th>
              <th>Grund</th>
              <th>Vorschlag</th>
              <th>Quelle</th>
              <th>Eingang</th>
              <th>Geändert</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, routing, access }) => (
              <tr>
                <td>
                  <a href={`/qa/items/${item.id}`}>{item.id}</a>
                </td>
                <td>
                  <span class="badge review">{REASON_LABEL[item.reason ?? ''] ?? item.reason ?? '–'}</span>
                  {/* The message may quote the letter (proposals and their reasons): not for an entry. */}
                  {access === 'content' && <div class="muted">{item.message}</div>}
                </td>
                <td>
                  {routing?.unit ?? '–'}
                  {routing?.clerk && ` / ${routing.clerk}`}{' '}
                  <span class="muted">
                    {routing
                      ? access === 'content'
                        ? `${CLASS_LABEL[routing.class]}, ${pct(routing.confidence)}`
                        : `${CLASS_LABEL[routing.class]}, Inhalt nicht sichtbar`
                      : ''}
                  </span>
                </td>
                <td>{`${item.originalName} (S. ${item.firstPage}–${item.lastPage})`}</td>
                <td>{item.receivedAt}</td>
                <td>{when(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p class="muted">Nichts zu tun.</p>}
      </Page>,
    );
  });

  app.get('/qa/items/:id', guard('qa'), async (c) => {
    const view = await itemFor(c, c.req.param('id'), 'entry');
    if (view instanceof Response) return view;
    return c.html(view.access === 'content' ? await ItemScreen({ c, view }) : await EntryScreen({ c, view }));
  });

  /** A QA action on one item; `need`: what the user must see of it (routing needs only the entry). */
  const act = (
    name: string,
    schema: z.ZodType,
    run: (c: C, view: ItemView, input: never) => Promise<string>,
    need: Access = 'content',
  ) =>
    app.post(`/qa/items/:id/${name}`, guard('qa'), async (c) => {
      const view = await itemFor(c, c.req.param('id'), need);
      if (view instanceof Response) return view;
      const parsed = schema.safeParse(await c.req.parseBody({ all: true }));
      if (!parsed.success) return errorPage(c, 400, 'Die Eingaben sind unvollständig oder ungültig.');
      try {
        const text = await run(c, view, parsed.data as never);
        flash(c, 'ok', text);
        return c.redirect(name === 'approve' || name === 'reject' ? '/qa' : `/qa/items/${view.item.id}`, 303);
      } catch (e) {
        if (!(e instanceof rework.ReworkError)) throw e;
        flash(c, 'error', e.message);
        return c.redirect(`/qa/items/${view.item.id}`, 303);
      }
    });

  const args = (c: C) => [c.var.deps.ctx, c.var.user!] as const;
  const pageNo = z.coerce.number().int().positive();

  act(
    'approve',
    z.object({ run: z.coerce.number().int().positive() }).passthrough(),
    async (c, v, i: { run: number }) => {
      await rework.approve(...args(c), v.item.id, i.run);
      return `${v.item.id} freigegeben: wird zugestellt.`;
    },
    'entry',
  );
  act(
    'unit',
    z.object({ unit: z.string().min(1).max(64) }).passthrough(),
    async (c, v, i: { unit: string }) => {
      await rework.changeUnit(...args(c), v.item.id, i.unit);
      return `Organisationseinheit geändert: ${i.unit}.`;
    },
    'entry',
  );
  const fields = z
    .object(
      Object.fromEntries(Object.keys(FIELD_LABEL).map((k) => [k, z.string().max(500).optional()])) as Record<
        keyof typeof FIELD_LABEL,
        z.ZodOptional<z.ZodString>
      >,
    )
    .passthrough();
  act('metadata', fields, async (c, v, i: Partial<Record<keyof typeof FIELD_LABEL, string>>) => {
    const clean = Object.fromEntries(
      Object.keys(FIELD_LABEL)
        .filter((k) => i[k as keyof typeof FIELD_LABEL] !== undefined)
        .map((k) => [k, i[k as keyof typeof FIELD_LABEL]!.trim() || null]),
    );
    await rework.editMetadata(...args(c), v.item.id, clean);
    return 'Metadaten gespeichert.';
  });
  act(
    'rotate',
    z.object({ page: pageNo, degrees: z.enum(['90', '180', '270']) }).passthrough(),
    async (c, v, i: { page: number; degrees: '90' | '180' | '270' }) => {
      await rework.rotatePage(...args(c), v.item.id, i.page, Number(i.degrees) as 90 | 180 | 270);
      return `Seite ${i.page} um ${i.degrees}° gedreht; die Texterkennung läuft für diese Seite neu.`;
    },
  );
  act(
    'delete-pages',
    z.object({ pages: z.union([pageNo, z.array(pageNo)]) }).passthrough(),
    async (c, v, i: { pages: number | number[] }) => {
      const pages = [i.pages].flat();
      await rework.deletePages(...args(c), v.item.id, pages);
      return `${pages.length} Seite(n) entfernt.`;
    },
  );
  act(
    'reorder',
    z
      .object({ order: z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'Seitennummern mit Komma') })
      .passthrough(),
    async (c, v, i: { order: string }) => {
      const order = i.order.split(',').map((s) => Number(s.trim()));
      await rework.reorderPages(...args(c), v.item.id, order);
      return `Neue Seitenfolge: ${order.join(', ')}.`;
    },
  );
  act('split', z.object({ page: pageNo }).passthrough(), async (c, v, i: { page: number }) => {
    const created = await rework.splitItem(...args(c), v.item.id, i.page);
    return `Geteilt: ab Seite ${i.page} neues Poststück ${created.id}.`;
  });
  act(
    'merge',
    z.object({ other: z.string().regex(/^[\w.-]{1,80}$/) }).passthrough(),
    async (c, v, i: { other: string }) => {
      const other = await loadItem(c.var.deps.ctx, i.other);
      if (!other) throw new rework.ReworkError('Das andere Poststück gibt es nicht.');
      await rework.mergeItems(...args(c), v.item.id, i.other);
      return `${i.other} angehängt.`;
    },
  );
  act(
    'replace',
    z.object({ page: pageNo, scan: z.instanceof(File) }).passthrough(),
    async (c, v, i: { page: number; scan: File }) => {
      await rework.replacePage(...args(c), v.item.id, i.page, Buffer.from(await i.scan.arrayBuffer()));
      return `Seite ${i.page} durch den Neuscan ersetzt.`;
    },
  );
  act(
    'reject',
    z.object({ comment: z.string().trim().min(1).max(2000) }).passthrough(),
    async (c, v, i: { comment: string }) => {
      await rework.rejectForRescan(...args(c), v.item.id, i.comment);
      return `${v.item.id} an die Poststelle zum Neuscan zurückgegeben.`;
    },
  );
}

async function ItemScreen({ c, view }: { c: C; view: ItemView }) {
  const { ctx } = c.var.deps;
  const { item, batch, pages, meta, routing } = view;
  const csrf = c.var.csrf;
  const texts = await pageTexts(ctx, view);
  const siblings = (await ctx.repo.items(batch.id)).filter((i) => i.id !== item.id && i.status === 'review');
  const trail = (await ctx.repo.auditTrail(item.id)).slice(-15).reverse();
  const open = item.status === 'review';
  const first = pages[0];
  const base = `/qa/items/${item.id}`;
  return (
    <Page title={`Poststück ${item.id}`} user={c.var.user} csrf={csrf} flash={takeFlash(c)}>
      <p>
        <span class={`badge ${item.status}`}>{STATUS_LABEL[item.status] ?? item.status}</span>{' '}
        {item.reason && <strong>{REASON_LABEL[item.reason] ?? item.reason}: </strong>}
        {item.message}{' '}
        <span class="muted">{`– ${batch.originalName}, Seiten ${item.firstPage}–${item.lastPage}, Eingang ${batch.receivedAt}, Profil ${batch.profile}`}</span>
      </p>
      <div class="item">
        <div class="thumbs">
          {pages.map((p, i) => (
            <a
              href={`/items/${item.id}/pages/${p.pageNo}?rev=${p.rev}`}
              data-page-view={`Seite ${i + 1}`}
              class={i === 0 ? 'current' : undefined}
            >
              <img
                src={`/items/${item.id}/pages/${p.pageNo}?size=thumb&rev=${p.rev}`}
                alt={`Seite ${i + 1} (Scan-Seite ${p.pageNo})`}
                loading="lazy"
              />
              <span class="muted">{`${i + 1} · S. ${p.pageNo}${p.kind === 'blank' ? ' · leer' : ''}`}</span>
            </a>
          ))}
        </div>
        <div class="viewer">
          {first ? (
            <img
              id="page-view"
              src={`/items/${item.id}/pages/${first.pageNo}?rev=${first.rev}`}
              alt="Seite 1"
            />
          ) : (
            <p class="muted">Keine Seiten.</p>
          )}
          <h2>Erkannter Text</h2>
          {texts.map((t, i) => (
            <>
              <h3 class="muted">{`Seite ${i + 1}`}</h3>
              <pre class="ocr">{t ?? '(nicht gelesen)'}</pre>
            </>
          ))}
        </div>
        <div>
          <section class="panel">
            <h2>Zuordnung</h2>
            <p>
              {routing ? (
                <>
                  <strong>{routing.unit ?? 'keine Einheit'}</strong>
                  {routing.clerk && ` / ${clerkName(ctx.config.org, routing.clerk)}`}
                  {` (${CLASS_LABEL[routing.class]}, Sicherheit ${pct(routing.confidence)})`}
                  <br />
                  <span class="evidence">{routing.reason}</span>
                  {routing.model && <span class="muted">{` Modell ${routing.model}`}</span>}
                </>
              ) : (
                'noch nicht zugeordnet'
              )}
            </p>
            {routing && routing.candidates.length > 0 && (
              <ol class="evidence candidates">
                {routing.candidates.map((c) => (
                  <li>{`${c.unit} – ${pct(c.confidence)}: ${c.reason}`}</li>
                ))}
              </ol>
            )}
            {open && <RoutingForms c={c} view={view} />}
          </section>
          <section class="panel">
            <h2>Metadaten</h2>
            <ActionForm action={`${base}/metadata`} csrf={csrf} class="fields">
              {(Object.keys(FIELD_LABEL) as Array<keyof typeof FIELD_LABEL>).map((k) => {
                const value = meta?.[k];
                const ev = meta?.evidence[k];
                return (
                  <label>
                    {FIELD_LABEL[k]}
                    <input
                      name={k}
                      value={value === null || value === undefined ? '' : String(value)}
                      disabled={!open}
                      maxlength={500}
                    />
                    {ev && <span class="evidence">{`${pct(ev.confidence)} – ${ev.reason}`}</span>}
                  </label>
                );
              })}
              {open && (
                <button type="submit" class="secondary">
                  Metadaten speichern
                </button>
              )}
            </ActionForm>
          </section>
          {open && (
            <section class="panel">
              <h2>Seiten bearbeiten</h2>
              <ActionForm action={`${base}/rotate`} csrf={csrf} class="actions">
                <PageSelect pages={view} />
                <label>
                  Drehen
                  <select name="degrees">
                    <option value="90">90° rechts</option>
                    <option value="180">180°</option>
                    <option value="270">90° links</option>
                  </select>
                </label>
                <button type="submit" class="secondary">
                  Drehen
                </button>
              </ActionForm>
              <ActionForm
                action={`${base}/delete-pages`}
                csrf={csrf}
                class="actions"
                confirm="Ausgewählte Seite entfernen?"
              >
                <PageSelect pages={view} name="pages" />
                <button type="submit" class="secondary">
                  Seite entfernen
                </button>
              </ActionForm>
              <ActionForm action={`${base}/reorder`} csrf={csrf} class="actions">
                <label>
                  Reihenfolge (Scan-Seiten)
                  <input
                    name="order"
                    value={pages.map((p) => p.pageNo).join(', ')}
                    pattern="\s*\d+(\s*,\s*\d+)*\s*"
                  />
                </label>
                <button type="submit" class="secondary">
                  Umsortieren
                </button>
              </ActionForm>
              {pages.length > 1 && (
                <ActionForm action={`${base}/split`} csrf={csrf} class="actions">
                  <label>
                    Teilen ab
                    <select name="page">
                      {pages.slice(1).map((p, i) => (
                        <option value={String(p.pageNo)}>{`Seite ${i + 2} (S. ${p.pageNo})`}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" class="secondary">
                    Teilen
                  </button>
                </ActionForm>
              )}
              {siblings.length > 0 && (
                <ActionForm action={`${base}/merge`} csrf={csrf} class="actions">
                  <label>
                    Anhängen
                    <select name="other">
                      {siblings.map((s) => (
                        <option value={s.id}>{`${s.id} (S. ${s.firstPage}–${s.lastPage})`}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" class="secondary">
                    Zusammenführen
                  </button>
                </ActionForm>
              )}
              <form method="post" action={`${base}/replace`} enctype="multipart/form-data" class="actions">
                <input type="hidden" name="_csrf" value={csrf} />
                <PageSelect pages={view} />
                <label>
                  Neuscan (PNG, JPEG, TIFF)
                  <input type="file" name="scan" accept="image/png,image/jpeg,image/tiff" required />
                </label>
                <button type="submit" class="secondary">
                  Seite ersetzen
                </button>
              </form>
            </section>
          )}
          {open && (
            <section class="panel">
              <h2>Zurück an die Poststelle</h2>
              <ActionForm
                action={`${base}/reject`}
                csrf={csrf}
                class="fields"
                confirm="Zum Neuscan an die Poststelle zurückgeben?"
              >
                <label>
                  Begründung
                  <textarea name="comment" required maxlength={2000} rows={2}></textarea>
                </label>
                <button type="submit" class="danger">
                  Neuscan anfordern
                </button>
              </ActionForm>
            </section>
          )}
          <Trail trail={trail} />
        </div>
      </div>
    </Page>
  );
}

/** The routing forms (unit, approval) of an item in review: all an entry of personal post offers. */
function RoutingForms({ c, view }: { c: C; view: ItemView }) {
  const { item, routing } = view;
  const base = `/qa/items/${item.id}`;
  return (
    <>
      <ActionForm action={`${base}/unit`} csrf={c.var.csrf} class="actions">
        <label>
          Organisationseinheit
          <select name="unit" required>
            {c.var.deps.ctx.config.org.units.map((u) => (
              <option value={u.id} selected={routing?.unit === u.id}>
                {`${u.code} ${u.name}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Einheit ändern
        </button>
      </ActionForm>
      <ActionForm action={`${base}/approve`} csrf={c.var.csrf} class="actions">
        <input type="hidden" name="run" value={String(item.run)} />
        <button type="submit">Freigeben und zustellen</button>
      </ActionForm>
    </>
  );
}

/**
 * Personal post for a QA user it is not addressed to: when it came in, its class and where it is to go,
 * and the routing forms; never its pages, text, metadata, PDF, routing reason or review message.
 */
async function EntryScreen({ c, view }: { c: C; view: ItemView }) {
  const { ctx } = c.var.deps;
  const { item, batch, routing } = view;
  const org = ctx.config.org;
  const unit = org.units.find((u) => u.id === routing?.unit);
  const trail = (await ctx.repo.auditTrail(item.id)).slice(-15).reverse();
  const open = item.status === 'review';
  return (
    <Page title={`Poststück ${item.id}`} user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
      <p>
        <span class={`badge ${item.status}`}>{STATUS_LABEL[item.status] ?? item.status}</span>{' '}
        {item.reason && <strong>{REASON_LABEL[item.reason] ?? item.reason}</strong>}{' '}
        <span class="muted">{`– Eingang ${batch.receivedAt}`}</span>
      </p>
      <section class="panel">
        <h2>{CLASS_LABEL.persoenlich}</h2>
        <p>
          Inhalt, Seiten und PDF sehen nur die adressierte Sachbearbeitung und ihre Vertretung, ohne Adressat
          die vertrauliche Organisationseinheit. Zuordnen und freigeben können Sie es trotzdem.
        </p>
        <dl>
          <dt>Eingang</dt>
          <dd>{batch.receivedAt}</dd>
          <dt>Klasse</dt>
          <dd>{routing ? CLASS_LABEL[routing.class] : '–'}</dd>
          <dt>Vorschlag Organisationseinheit</dt>
          <dd>{unit ? `${unit.code} ${unit.name}` : (routing?.unit ?? '–')}</dd>
          <dt>Vorschlag Sachbearbeitung</dt>
          <dd>{routing?.clerk ? clerkName(org, routing.clerk) : '– (die Einheit)'}</dd>
        </dl>
        {routing && !routing.clerk && unit && !unit.confidential && (
          <p class="flash error">
            Ohne adressierte Person kann das Poststück nur eine vertrauliche Organisationseinheit lesen: bitte
            dorthin zuordnen.
          </p>
        )}
        {open && <RoutingForms c={c} view={view} />}
      </section>
      <Trail trail={trail} />
    </Page>
  );
}

/** The item's history: who did what when. */
function Trail({ trail }: { trail: Array<{ at: string; actor: string; action: string }> }) {
  return (
    <section class="panel">
      <h2>Verlauf</h2>
      <ul class="evidence">
        {trail.map((e) => (
          <li>{`${when(e.at)} ${e.actor}: ${actionLabel(e.action)}`}</li>
        ))}
      </ul>
    </section>
  );
}

function PageSelect({ pages: view, name = 'page' }: { pages: ItemView; name?: string }) {
  return (
    <label>
      Seite
      <select name={name}>
        {view.pages.map((p, i) => (
          <option value={String(p.pageNo)}>{`Seite ${i + 1} (S. ${p.pageNo})`}</option>
        ))}
      </select>
    </label>
  );
}
