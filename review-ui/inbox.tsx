// Clerks' screens: the inbox of their units (and of units they deputise for while that is in force; of
// personal post only what is addressed to them), one item with its PDF, metadata and routing reason, read
// receipts, and 'nicht zuständig' back to QA.
import type { Hono } from 'hono';
import { z } from 'zod';
import { ActionForm, Page, when } from './layout.tsx';
import { errorPage, flash, takeFlash, today, type AppEnv, type Guard } from './app.tsx';
import { classifyResult } from '../pipeline/classify/schema.ts';
import { extractResult } from '../pipeline/extract/schema.ts';
import { CLASS_LABEL, clerkName, FIELD_LABEL, itemFor, latest } from './items.tsx';
import { can, effectiveUnits, itemFacts } from './policy.ts';
import * as rework from './rework.ts';

export function mountInbox(app: Hono<AppEnv>, guard: Guard): void {
  app.get('/inbox', guard('clerk'), async (c) => {
    const { ctx, ui } = c.var.deps;
    const user = c.var.user!;
    const env = { org: ctx.config.org, day: today(c) };
    const units = [...effectiveUnits(user, env.org, env.day)].sort();
    // The units' delivered items, less personal post that is not for this user (the policy decides each).
    const rows = (
      await Promise.all(
        (await ctx.repo.inbox(units, 500)).map(async (item) => ({
          item,
          routing: await latest(ctx, item, 'classify', classifyResult),
          meta: await latest(ctx, item, 'extract', extractResult),
        })),
      )
    ).filter((r) => can(user, 'inbox.read', env, itemFacts(r.item.status, r.routing)));
    const receipts = ui.receipts(rows.map((r) => r.item.id));
    const unitName = new Map(ctx.config.org.units.map((u) => [u.id, u.name]));
    return c.html(
      <Page title="Posteingang" user={user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p class="muted">
          {units.length
            ? `Einheiten: ${units.map((u) => unitName.get(u) ?? u).join(', ')}`
            : 'Sie sind keiner Organisationseinheit zugeordnet.'}
        </p>
        <table class="inbox">
          <thead>
            <tr>
              <th>Betreff</th>
              <th>Absender</th>
              <th>Einheit</th>
              <th>Eingang</th>
              <th>Gelesen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, meta, routing }) => {
              const read = receipts.get(item.id);
              const mine = read?.find((r) => r.user === user.id);
              return (
                <tr class={mine ? undefined : 'unread'}>
                  <td>
                    <a href={`/inbox/items/${item.id}`}>{meta?.subject ?? item.id}</a>
                    {routing?.class === 'persoenlich' && (
                      <>
                        {' '}
                        <span class="badge review">{CLASS_LABEL.persoenlich}</span>
                      </>
                    )}
                  </td>
                  <td>{meta?.sender ?? '–'}</td>
                  <td>{unitName.get(item.unit) ?? item.unit}</td>
                  <td>{item.receivedAt}</td>
                  <td>
                    {read?.length ? read.map((r) => `${r.user} ${when(r.at)}`).join(', ') : 'ungelesen'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p class="muted">Keine Post.</p>}
      </Page>,
    );
  });

  app.get('/inbox/items/:id', guard('clerk'), async (c) => {
    const view = await itemFor(c, c.req.param('id'));
    if (view instanceof Response) return view;
    const { ctx, ui } = c.var.deps;
    const user = c.var.user!;
    // The inbox shows (and receipts) only what was delivered to this user, not all a QA role may see.
    if (!can(user, 'inbox.read', { org: ctx.config.org, day: today(c) }, view.facts))
      return errorPage(c, 404, 'Dieses Poststück gibt es nicht oder Sie dürfen es nicht sehen.');
    const { item, batch, meta, routing } = view;
    const first = !ui
      .receipts([item.id])
      .get(item.id)
      ?.some((r) => r.user === user.id);
    ui.markRead(item.id, user.id);
    if (first) await ctx.repo.audit(user.id, 'item.read', item.id, {});
    const unit = ctx.config.org.units.find((u) => u.id === routing?.unit);
    return c.html(
      <Page
        title={meta?.subject ?? `Poststück ${item.id}`}
        user={user}
        csrf={c.var.csrf}
        flash={takeFlash(c)}
      >
        <p>
          <a href={`/items/${item.id}/pdf`} target="_blank" rel="noopener">
            PDF öffnen
          </a>{' '}
          <span class="muted">{`${item.id} · Eingang ${batch.receivedAt} · ${view.pages.length} Seite(n)`}</span>
        </p>
        <div class="item inbox-item">
          <div class="thumbs">
            {view.pages.map((p, i) => (
              <a
                href={`/items/${item.id}/pages/${p.pageNo}?rev=${p.rev}`}
                data-page-view={`Seite ${i + 1}`}
                class={i === 0 ? 'current' : undefined}
              >
                <img
                  src={`/items/${item.id}/pages/${p.pageNo}?size=thumb&rev=${p.rev}`}
                  alt={`Seite ${i + 1}`}
                  loading="lazy"
                />
              </a>
            ))}
          </div>
          <div class="viewer">
            {view.pages[0] && (
              <img
                id="page-view"
                src={`/items/${item.id}/pages/${view.pages[0].pageNo}?rev=${view.pages[0].rev}`}
                alt="Seite 1"
              />
            )}
          </div>
          <div>
            <section class="panel">
              <h2>Metadaten</h2>
              <dl>
                {(Object.keys(FIELD_LABEL) as Array<keyof typeof FIELD_LABEL>).map((k) => (
                  <>
                    <dt>{FIELD_LABEL[k]}</dt>
                    <dd>{meta?.[k] === null || meta?.[k] === undefined ? '–' : String(meta[k])}</dd>
                  </>
                ))}
              </dl>
            </section>
            <section class="panel">
              <h2>Warum bei Ihnen</h2>
              <p>
                <strong>{unit ? `${unit.code} ${unit.name}` : (routing?.unit ?? '–')}</strong>
                {routing && ` (${CLASS_LABEL[routing.class]})`}
                {routing?.clerk && (
                  <>
                    <br />
                    {`Sachbearbeitung: ${clerkName(ctx.config.org, routing.clerk)}`}
                  </>
                )}
                <br />
                <span class="evidence">{routing?.reason}</span>
              </p>
            </section>
            <section class="panel">
              <h2>Nicht zuständig?</h2>
              <ActionForm
                action={`/inbox/items/${item.id}/send-back`}
                csrf={c.var.csrf}
                class="fields"
                confirm="An die Poststelle zurückgeben?"
              >
                <label>
                  Hinweis für die Poststelle
                  <textarea name="comment" required maxlength={2000} rows={3}></textarea>
                </label>
                <button type="submit" class="danger">
                  Nicht zuständig
                </button>
              </ActionForm>
            </section>
          </div>
        </div>
      </Page>,
    );
  });

  app.post('/inbox/items/:id/send-back', guard('clerk'), async (c) => {
    const view = await itemFor(c, c.req.param('id'));
    if (view instanceof Response) return view;
    const env = { org: c.var.deps.ctx.config.org, day: today(c) };
    if (!can(c.var.user!, 'inbox.read', env, view.facts))
      return errorPage(c, 404, 'Dieses Poststück gibt es nicht.');
    const parsed = z
      .object({ comment: z.string().trim().min(1).max(2000) })
      .safeParse(await c.req.parseBody());
    if (!parsed.success) return errorPage(c, 400, 'Bitte einen Hinweis für die Poststelle angeben.');
    try {
      await rework.sendBack(c.var.deps.ctx, c.var.user!, view.item.id, parsed.data.comment);
    } catch (e) {
      if (!(e instanceof rework.ReworkError)) throw e;
      flash(c, 'error', e.message);
      return c.redirect(`/inbox/items/${view.item.id}`, 303);
    }
    flash(c, 'ok', 'Zurück an die Poststelle gegeben.');
    return c.redirect('/inbox', 303);
  });
}
