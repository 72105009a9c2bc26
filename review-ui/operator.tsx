// Screens of the mailroom operators: batches with their reports and live progress, the quarantine (release
// into the hot folder), uploads through the browser, and the originals that may now be destroyed or
// returned. Every route is behind guard('operator'); names shown come from the store or the quarantine
// listing, never a path from the browser.
import type { Hono, Context as HonoContext } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Batch, ItemStatus } from '../core/store/types.ts';
import { printable } from '../core/paths.ts';
import { batchReport, type BatchReport, type PageFate } from '../pipeline/report.ts';
import { batchProgressView, type BatchProgressView } from '../pipeline/progress.ts';
import { originalsDue, releaseOriginals } from '../pipeline/originals.ts';
import { intakeUpload, UploadRefused } from '../ingest/upload.ts';
import { listQuarantine, releaseQuarantined, ReleaseRefused } from '../ingest/quarantine.ts';
import { ITEM_STAGES, PAGE_STAGES } from '../core/jobs.ts';
import { ReasonCode } from '../core/errors.ts';
import { errorPage, flash, sessionAlive, takeFlash, type AppEnv, type Guard, type UiDeps } from './app.tsx';
import { ActionForm, Page, when } from './layout.tsx';
import { reasonLabel, STATUS_LABEL } from './items.tsx';

const STATUSES = Object.keys(STATUS_LABEL) as ItemStatus[];

const BATCH_STATUS_LABEL: Record<Batch['status'], string> = {
  ingested: 'angenommen',
  split: 'zerlegt',
  quarantined: 'Quarantäne',
  duplicate: 'Duplikat',
};

const SOURCE_LABEL: Record<Batch['source'], string> = {
  hotfolder: 'Scan-Ordner',
  cli: 'Kommandozeile',
  rescan: 'Neuscan',
  upload: 'Hochgeladen',
};

const FATE_LABEL: Record<string, string> = {
  item: 'Seite eines Poststücks',
  blank: 'Leerseite',
  separator: 'Trennblatt',
  quarantined: 'Quarantäne',
  removed: 'entfernt',
};

const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** How many of a batch's items are in each state. */
async function itemCounts(deps: Omit<UiDeps, 'mounts'>, batchId: string) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  for (const i of await deps.ctx.repo.items(batchId)) counts[i.status]++;
  return counts;
}

function Counts({ counts }: { counts: Record<ItemStatus, number> }) {
  const shown = STATUSES.filter((s) => counts[s] > 0);
  if (!shown.length) return <span class="muted">–</span>;
  return (
    <span>
      {shown.map((s) => (
        <span class={`badge ${s}`}>{`${STATUS_LABEL[s]}: ${counts[s]}`}</span>
      ))}
    </span>
  );
}

function Report({ r }: { r: BatchReport }) {
  const pageWhere = (p: PageFate) => {
    if (p.fate === 'item' && p.item) return `Poststück ${p.item}, Seite ${p.itemPage ?? '?'}`;
    return FATE_LABEL[p.fate] ?? p.fate;
  };
  return (
    <div>
      <div class="panel">
        <h2>Vollzähligkeit</h2>
        <dl class="facts">
          <dt>Quelle</dt>
          <dd>{printable(r.source)}</dd>
          <dt>Profil</dt>
          <dd>{r.profile}</dd>
          <dt>Status</dt>
          <dd>
            {BATCH_STATUS_LABEL[r.status as Batch['status']] ?? r.status}
            {r.reason && ` (${reasonLabel(r.reason)}${r.message ? `: ${r.message}` : ''})`}
          </dd>
          <dt>Erwartet</dt>
          <dd>{r.declaredPages === null ? 'nicht angegeben' : `${r.declaredPages} Seiten`}</dd>
          <dt>Gezählt</dt>
          <dd>{r.countedPages === null ? 'noch nicht gezählt' : `${r.countedPages} Seiten`}</dd>
          <dt>Duplex</dt>
          <dd>{r.duplex ? 'ja' : 'nein'}</dd>
          <dt>Vollständig zugeordnet</dt>
          <dd class={r.complete ? 'ok' : 'error'}>{r.complete ? 'ja' : 'nein'}</dd>
        </dl>
        {r.countProblem && <p class="flash error">{r.countProblem}</p>}
      </div>
      <h2>Poststücke</h2>
      {r.items.length ? (
        <table>
          <thead>
            <tr>
              <th>Poststück</th>
              <th>Seiten</th>
              <th>Status</th>
              <th>Grund</th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((i) => (
              <tr>
                <td>{i.id}</td>
                <td>{`${i.pages[0]}–${i.pages[1]}`}</td>
                <td>
                  <span class={`badge ${i.status}`}>{STATUS_LABEL[i.status] ?? i.status}</span>
                </td>
                <td>{i.reason ? `${reasonLabel(i.reason)}${i.message ? `: ${i.message}` : ''}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">Keine Poststücke.</p>
      )}
      <h2>Seiten</h2>
      {r.pages.length ? (
        <table class="report-pages">
          <thead>
            <tr>
              <th>Seite</th>
              {r.duplex && <th>Blatt</th>}
              <th>Verbleib</th>
              <th>Hinweis</th>
            </tr>
          </thead>
          <tbody>
            {r.pages.map((p) => (
              <tr class={`fate-${p.fate}`}>
                <td>{p.page}</td>
                {r.duplex && (
                  <td>
                    {p.sheet === null ? '–' : `${p.sheet} ${p.side === 'back' ? 'Rückseite' : 'Vorderseite'}`}
                  </td>
                )}
                <td>{pageWhere(p)}</td>
                <td>{p.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">Noch keine Seiten erfasst.</p>
      )}
    </div>
  );
}

/** The live numbers of a batch; app.js fills the `data-field` elements from the `progress` events. */
const STAGE_LABEL: Record<string, string> = {
  normalize: 'Bildaufbereitung',
  ocr: 'Texterkennung',
  pages: 'wartet auf Seiten',
  extract: 'Merkmale',
  classify: 'Zuordnung',
  assemble: 'PDF/A',
  deliver: 'Zustellung',
};

/** The live numbers of a batch; app.js fills the `data-field` elements from the `progress` events. */
function Progress({ view }: { view: BatchProgressView }) {
  return (
    <section
      class={view.done ? 'live done' : 'live'}
      data-events={`/batches/${encodeURIComponent(view.batchId)}/events`}
    >
      <h2>Fortschritt</h2>
      <progress max={view.pages.total || 1} value={view.pages.done}></progress>
      <div class="progress-grid">
        <div>
          Seiten fertig
          <strong>
            <span data-field="pages.done">{view.pages.done}</span> /{' '}
            <span data-field="pages.total">{view.pages.total}</span>
          </strong>
        </div>
        <div>
          Seiten fehlgeschlagen
          <strong data-field="pages.failed">{view.pages.failed}</strong>
        </div>
        {PAGE_STAGES.map((s) => (
          <div>
            {`Seiten offen: ${STAGE_LABEL[s]}`}
            <strong data-field={`pages.open.${s}`}>{view.pages.open[s]}</strong>
          </div>
        ))}
        {STATUSES.map((s) => (
          <div>
            {`Poststücke ${STATUS_LABEL[s]}`}
            <strong data-field={`items.${s}`}>{view.items[s] ?? 0}</strong>
          </div>
        ))}
        {(['pages', ...ITEM_STAGES] as const).map((s) => (
          <div>
            {`in Arbeit: ${STAGE_LABEL[s]}`}
            <strong data-field={`itemStages.${s}`}>{view.itemStages[s]}</strong>
          </div>
        ))}
      </div>
      <p class="muted">
        Stand: <span data-field="state">{view.done ? 'abgeschlossen' : 'läuft'}</span>
      </p>
    </section>
  );
}

export function mountOperator(app: Hono<AppEnv>, guard: Guard, deps: Omit<UiDeps, 'mounts'>): void {
  const { ctx } = deps;
  const op = guard('operator');

  const batchOr404 = async (id: string) => (BATCH_ID.test(id) ? ctx.repo.getBatch(id) : undefined);

  app.get('/batches', op, async (c) => {
    const batches = await ctx.repo.recentBatches(100);
    const rows = await Promise.all(batches.map(async (b) => ({ b, counts: await itemCounts(deps, b.id) })));
    return c.html(
      <Page title="Stapel" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        {rows.length ? (
          <table>
            <thead>
              <tr>
                <th>Quelle</th>
                <th>Eingang</th>
                <th>Profil</th>
                <th>Status</th>
                <th>Seiten</th>
                <th>Poststücke</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ b, counts }) => (
                <tr>
                  <td>
                    <a href={`/batches/${encodeURIComponent(b.id)}`}>{printable(b.originalName)}</a>
                    <div class="muted">{`${SOURCE_LABEL[b.source] ?? b.source}${b.operator ? `, ${b.operator}` : ''}`}</div>
                  </td>
                  <td>{`${b.receivedAt} (${when(b.createdAt)})`}</td>
                  <td>{b.profile}</td>
                  <td>
                    {BATCH_STATUS_LABEL[b.status] ?? b.status}
                    {b.reason && <div class="muted">{reasonLabel(b.reason)}</div>}
                  </td>
                  <td>{b.pageCount ?? '–'}</td>
                  <td>
                    <Counts counts={counts} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Noch keine Stapel.</p>
        )}
      </Page>,
    );
  });

  app.get('/batches/:id', op, async (c) => {
    const batch = await batchOr404(c.req.param('id'));
    if (!batch) return errorPage(c, 404, 'Diesen Stapel gibt es nicht.');
    const report = await batchReport(ctx.repo, batch, ctx.config.profiles.get(batch.profile));
    const view = await batchProgressView(ctx.repo, batch);
    return c.html(
      <Page title={`Stapel ${batch.id}`} user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p>
          <a href="/batches">Zurück zur Übersicht</a>
        </p>
        <p class="muted">
          {`Eingang ${batch.receivedAt}, ${SOURCE_LABEL[batch.source] ?? batch.source}${batch.operator ? `, von ${batch.operator}` : ''}, SHA-256 ${batch.hash}`}
        </p>
        <Progress view={view} />
        <Report r={report} />
      </Page>,
    );
  });

  app.get('/batches/:id/events', op, async (c) => {
    const batch = await batchOr404(c.req.param('id'));
    if (!batch) return errorPage(c, 404, 'Diesen Stapel gibt es nicht.');
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      let gone = false;
      stream.onAbort(() => {
        gone = true;
      });
      // A stream outlives its request: it ends when the user logs out or is disabled (checked every 10 s).
      for (let tick = 0; !gone && (tick % 10 !== 9 || sessionAlive(c)); tick++) {
        const view = await batchProgressView(ctx.repo, batch);
        await stream.writeSSE({
          event: 'progress',
          data: JSON.stringify({ ...view, state: view.done ? 'abgeschlossen' : 'läuft' }),
        });
        if (view.done) break;
        await stream.sleep(1000);
      }
    });
  });

  // --- Quarantine ------------------------------------------------------------------------------------

  app.get('/quarantine', op, async (c) => {
    const records = await listQuarantine(ctx.dirs);
    const rescans = await ctx.repo.itemEntries('quarantined', ReasonCode.rescanRequested);
    const profiles = [...ctx.config.profiles.keys()];
    return c.html(
      <Page title="Quarantäne" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p class="muted">
          Dateien, die nicht verarbeitet werden konnten. Nach Behebung der Ursache können sie erneut in den
          Scan-Ordner eines Profils eingespielt werden.
        </p>
        {records.length ? (
          <table>
            <thead>
              <tr>
                <th>Datei</th>
                <th>Stapel</th>
                <th>Seit</th>
                <th>Grund</th>
                <th>Aktion</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr>
                  <td>{printable(r.originalName)}</td>
                  <td>
                    <a href={`/batches/${encodeURIComponent(r.batch)}`}>{r.batch}</a>
                  </td>
                  <td>{when(r.at)}</td>
                  <td>
                    <strong>{reasonLabel(r.reason)}</strong>
                    <div>{r.message}</div>
                  </td>
                  <td>
                    {r.file ? (
                      <ActionForm
                        action="/quarantine/release"
                        csrf={c.var.csrf}
                        class="actions"
                        confirm="Datei erneut einspielen?"
                      >
                        <input type="hidden" name="name" value={r.name} />
                        <label>
                          Profil
                          <select name="profile">
                            {profiles.map((p) => (
                              <option value={p} selected={p === r.profile}>
                                {p}
                              </option>
                            ))}
                          </select>
                        </label>
                        <button type="submit">erneut einspielen</button>
                      </ActionForm>
                    ) : (
                      <span class="muted">keine Datei vorhanden</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Die Quarantäne ist leer.</p>
        )}
        <h2>Zum Neuscan zurückgegeben</h2>
        {rescans.length ? (
          <table>
            <thead>
              <tr>
                <th>Poststück</th>
                <th>Stapel, Seiten</th>
                <th>Seit</th>
                <th>Hinweis der Qualitätssicherung</th>
              </tr>
            </thead>
            <tbody>
              {rescans.map((i) => (
                <tr>
                  <td>{i.id}</td>
                  <td>
                    <a href={`/batches/${encodeURIComponent(i.batchId)}`}>{printable(i.originalName)}</a>
                    {`, Seiten ${i.firstPage}–${i.lastPage}`}
                  </td>
                  <td>{when(i.updatedAt)}</td>
                  <td>{i.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Keine Poststücke zum Neuscan.</p>
        )}
      </Page>,
    );
  });

  const releaseForm = z.object({ name: z.string().min(1).max(1024), profile: z.string().min(1).max(64) });

  app.post('/quarantine/release', op, async (c) => {
    const parsed = releaseForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return errorPage(c, 400, 'Ungültige Angaben.');
    const { name, profile } = parsed.data;
    if (!ctx.config.profiles.has(profile)) return errorPage(c, 400, 'Dieses Profil gibt es nicht.');
    // Only a name the listing shows: never a path from the browser.
    const record = (await listQuarantine(ctx.dirs)).find((r) => r.name === name);
    if (!record) return errorPage(c, 404, 'Diese Datei liegt nicht (mehr) in der Quarantäne.');
    try {
      await releaseQuarantined(ctx, { name: record.name, profile, actor: c.var.user!.id });
    } catch (e) {
      if (e instanceof ReleaseRefused) return errorPage(c, 409, e.message);
      throw e;
    }
    flash(c, 'ok', `${printable(record.originalName)} wurde in den Scan-Ordner von ${profile} eingespielt.`);
    return c.redirect('/quarantine', 303);
  });

  // --- Upload ----------------------------------------------------------------------------------------

  const uploadPage = (c: HonoContext<AppEnv>, status: 200 | 400 | 413 | 415, error?: string) => {
    const profiles = [...ctx.config.profiles.values()];
    c.status(status);
    return c.html(
      <Page
        title="Hochladen"
        user={c.var.user}
        csrf={c.var.csrf}
        flash={error ? { kind: 'error', text: error } : takeFlash(c)}
      >
        <p class="muted">
          {`Ein Scan (PDF, TIFF, PNG oder JPEG, höchstens ${Math.floor(deps.settings.uploadMaxBytes / 1048576)} MB) wird als Stapel angenommen, als wäre er in den Scan-Ordner des Profils gelegt worden. Sie werden als scannende Person vermerkt.`}
        </p>
        <form method="post" action="/upload" enctype="multipart/form-data" class="upload panel">
          <input type="hidden" name="_csrf" value={c.var.csrf} />
          <label>
            Datei <input type="file" name="file" required accept=".pdf,.tif,.tiff,.png,.jpg,.jpeg" />
          </label>
          <label>
            Profil
            <select name="profile">
              {profiles.map((p) => (
                <option value={p.name} selected={p.name === 'standard'}>
                  {p.description ? `${p.name} – ${p.description}` : p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Hochladen</button>
        </form>
      </Page>,
    );
  };

  app.get('/upload', guard('operator'), (c) => uploadPage(c, 200));

  app.post('/upload', guard('operator'), async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const profile = typeof body.profile === 'string' ? body.profile : '';
    if (!(file instanceof File) || file.size === 0) return uploadPage(c, 400, 'Bitte eine Datei auswählen.');
    if (!ctx.config.profiles.has(profile)) return uploadPage(c, 400, 'Dieses Profil gibt es nicht.');
    try {
      const batch = await intakeUpload(ctx, {
        bytes: new Uint8Array(await file.arrayBuffer()),
        fileName: file.name,
        profile,
        operator: c.var.user!.id,
        maxBytes: deps.settings.uploadMaxBytes,
      });
      flash(c, 'ok', `${printable(file.name)} wurde angenommen.`);
      return c.redirect(`/batches/${encodeURIComponent(batch.id)}`, 303);
    } catch (e) {
      if (e instanceof UploadRefused) return uploadPage(c, e.status, e.message);
      throw e;
    }
  });

  // --- Originals -------------------------------------------------------------------------------------

  app.get('/originals', op, async (c) => {
    const due = await originalsDue(ctx);
    return c.html(
      <Page title="Originale" user={c.var.user} csrf={c.var.csrf} flash={takeFlash(c)}>
        <p class="muted">
          Stapel, deren Poststücke alle zugestellt sind: die Papieroriginale dürfen jetzt so behandelt werden,
          wie das Profil es vorsieht.
        </p>
        {due.length ? (
          <table>
            <thead>
              <tr>
                <th>Stapel</th>
                <th>Eingang</th>
                <th>Profil</th>
                <th>Poststücke</th>
                <th>Zugestellt am</th>
                <th>Originale</th>
                <th>Erledigt</th>
              </tr>
            </thead>
            <tbody>
              {due.map((d) => (
                <tr>
                  <td>
                    <a href={`/batches/${encodeURIComponent(d.batch.id)}`}>
                      {printable(d.batch.originalName)}
                    </a>
                  </td>
                  <td>{d.batch.receivedAt}</td>
                  <td>{d.batch.profile}</td>
                  <td>{d.delivered}</td>
                  <td>{when(d.settledAt)}</td>
                  <td>
                    <strong>{d.label}</strong>
                  </td>
                  <td>
                    <ActionForm
                      action={`/originals/${encodeURIComponent(d.batch.id)}`}
                      csrf={c.var.csrf}
                      confirm={`Originale von ${printable(d.batch.originalName)}: ${d.label} – erledigt?`}
                    >
                      <button type="submit">{`${d.label}: erledigt`}</button>
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Zurzeit keine.</p>
        )}
      </Page>,
    );
  });

  app.post('/originals/:id', op, async (c) => {
    const id = c.req.param('id');
    // Only a batch the list offers, with the disposition its profile says (never one from the browser).
    const due = BATCH_ID.test(id) ? (await originalsDue(ctx)).find((d) => d.batch.id === id) : undefined;
    if (!due) return errorPage(c, 404, 'Die Originale dieses Stapels stehen nicht (mehr) zur Erledigung an.');
    await releaseOriginals(ctx, due, c.var.user!.id);
    flash(c, 'ok', `Originale von ${printable(due.batch.originalName)}: ${due.label} – vermerkt.`);
    return c.redirect('/originals', 303);
  });
}
