// What the screens show of one mail item (its pages, OCR text, fields with evidence, routing) and the
// item's page images and PDF, each fetched only after the policy allowed this user this item (personal
// post: its content only to its addressees, to QA otherwise only an entry to route it).
import type { Hono, Context as HonoContext } from 'hono';
import sharp from 'sharp';
import type { Batch, Item, ItemStatus, PageRecord } from '../core/store/types.ts';
import type { OrgDirectory } from '../profiles/schema.ts';
import { assembleResult } from '../pipeline/assemble/schema.ts';
import { classifyResult, type ClassifyResult } from '../pipeline/classify/schema.ts';
import type { Context } from '../pipeline/context.ts';
import { extractResult, type ExtractResult } from '../pipeline/extract/schema.ts';
import { normalizeResult } from '../pipeline/normalize/schema.ts';
import { ocrResult, type OcrPage } from '../pipeline/ocr/schema.ts';
import { errorPage, today, type AppEnv, type Guard } from './app.tsx';
import { itemAccess, itemFacts, type ItemFacts } from './policy.ts';

type C = HonoContext<AppEnv>;

export interface ItemView {
  item: Item;
  batch: Batch;
  pages: PageRecord[];
  meta: ExtractResult | null;
  routing: ClassifyResult | null;
  /** The unit, class and clerk the policy judges the item by. */
  facts: ItemFacts;
}

/** What the user may see of an item: its content, or (QA on personal post not theirs) an entry to route. */
export type Access = 'content' | 'entry';

/** The latest recorded result of an item stage (the current run's, else an earlier run's). */
export async function latest<T>(
  ctx: Context,
  item: Item,
  stage: 'extract' | 'classify' | 'assemble',
  schema: { parse(v: unknown): T },
): Promise<T | null> {
  for (let run = item.run; run >= 1; run--) {
    const r = await ctx.repo.stageResult(item.id, stage, run);
    if (r !== undefined) return schema.parse(r);
  }
  return null;
}

export async function loadItem(ctx: Context, id: string): Promise<ItemView | null> {
  const item = await ctx.repo.getItem(id);
  if (!item) return null;
  const batch = (await ctx.repo.getBatch(item.batchId))!;
  const [pages, meta, routing] = await Promise.all([
    ctx.repo.itemPages(item),
    latest(ctx, item, 'extract', extractResult),
    latest(ctx, item, 'classify', classifyResult),
  ]);
  return {
    item,
    batch,
    pages,
    meta,
    routing,
    facts: itemFacts(item.status, routing),
  };
}

/**
 * The item if this user may see it as far as `need` (default: its content), with what they may see of
 * it; else an answer that does not tell whether it exists.
 */
export async function itemFor(
  c: C,
  id: string,
  need: Access = 'content',
): Promise<(ItemView & { access: Access }) | Response> {
  const { ctx } = c.var.deps;
  const view = /^[\w.-]{1,80}$/.test(id) ? await loadItem(ctx, id) : null;
  const access = view ? itemAccess(c.var.user!, { org: ctx.config.org, day: today(c) }, view.facts) : 'none';
  if (!view || access === 'none' || (need === 'content' && access !== 'content'))
    return errorPage(c, 404, 'Dieses Poststück gibt es nicht oder Sie dürfen es nicht sehen.');
  return { ...view, access };
}

/** The OCR text of each page of the item (null for pages not read). */
export async function pageTexts(ctx: Context, view: ItemView): Promise<Array<string | null>> {
  return Promise.all(
    view.pages.map(async (p) => {
      const r = await ctx.repo.pageResult(p.batchId, p.pageNo, 'ocr', p.rev);
      if (r === undefined) return null;
      const page = await ctx.blobs.getJson<OcrPage>(ocrResult.parse(r).ocr);
      return page.lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
    }),
  );
}

/** The upright page image: normalize's result for the page's revision, else the page as split stored it. */
async function pageImage(ctx: Context, page: PageRecord): Promise<Buffer> {
  const n = await ctx.repo.pageResult(page.batchId, page.pageNo, 'normalize', page.rev);
  return ctx.blobs.get(n === undefined ? page.blob : normalizeResult.parse(n).blob);
}

const SIZES = { thumb: 180, large: 1100 } as const;

export function mountItemFiles(app: Hono<AppEnv>, guard: Guard): void {
  app.get('/items/:id/pages/:page', guard(), async (c) => {
    const view = await itemFor(c, c.req.param('id'));
    if (view instanceof Response) return view;
    const page = view.pages.find((p) => String(p.pageNo) === c.req.param('page'));
    if (!page) return errorPage(c, 404, 'Diese Seite gibt es nicht.');
    const size = c.req.query('size') === 'thumb' ? SIZES.thumb : SIZES.large;
    const source = await pageImage(c.var.deps.ctx, page).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    // A separator sheet's image goes with the raw scan when that is deleted (protection need 'hoch').
    if (!source) return errorPage(c, 404, 'Das Bild dieser Seite wurde mit dem Rohscan gelöscht.');
    const img = await sharp(source)
      .resize({ width: size, withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    c.header('Content-Type', 'image/jpeg');
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(img));
  });

  app.get('/items/:id/pdf', guard(), async (c) => {
    const view = await itemFor(c, c.req.param('id'));
    if (view instanceof Response) return view;
    const result = await latest(c.var.deps.ctx, view.item, 'assemble', assembleResult);
    if (!result) return errorPage(c, 404, 'Für dieses Poststück gibt es noch kein PDF.');
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `inline; filename="${view.item.id}.pdf"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(await c.var.deps.ctx.blobs.get(result.pdf)));
  });
}

/** Reason codes (a closed set) in German; unknown codes are shown as they are. */
export const REASON_LABEL: Record<string, string> = {
  empty: 'leere Datei',
  not_regular_file: 'keine reguläre Datei',
  truncated: 'unvollständige Datei',
  encrypted: 'verschlüsselt',
  unsupported_type: 'Dateityp nicht unterstützt',
  unreadable: 'nicht lesbar',
  too_large: 'zu groß',
  low_confidence: 'unsichere Zuordnung',
  no_unit: 'keine Organisationseinheit',
  special_class: 'Sonderfall (persönlich, Fehlleitung, Werbung)',
  stage_failed: 'Verarbeitungsschritt fehlgeschlagen',
  dpi_mismatch: 'Auflösung passt nicht zum Profil',
  colour_mismatch: 'Farbmodus passt nicht zum Profil',
  page_count_mismatch: 'Seitenzahl weicht ab',
  bad_manifest: 'Begleitdatei fehlt oder ist ungültig',
  missing_page: 'Seite fehlt oder doppelt',
  misrouted: 'falsch zugestellt',
  sample: 'Stichprobe',
  rescan_requested: 'Neuscan angefordert',
  pending_approval: 'Freigabe ausstehend',
  seal_failed: 'Siegel fehlgeschlagen',
};
export const reasonLabel = (code: string | null | undefined) => (code ? (REASON_LABEL[code] ?? code) : '–');

export { actionLabel } from '../pipeline/actions.ts';

/** Item states as people read them. */
export const STATUS_LABEL: Record<ItemStatus, string> = {
  processing: 'in Arbeit',
  delivered: 'zugestellt',
  review: 'Nachbearbeitung',
  quarantined: 'Quarantäne',
  merged: 'zusammengeführt',
};

/** A clerk as people read it: 'Petra Sommer (p.sommer)', or the id when the org directory lacks it. */
export function clerkName(org: OrgDirectory, id: string): string {
  const c = org.units.flatMap((u) => u.clerks).find((k) => k.id === id);
  return c ? `${c.name} (${c.id})` : id;
}

export const CLASS_LABEL: Record<string, string> = {
  letter: 'Brief',
  invoice: 'Rechnung',
  persoenlich: 'persönlich/vertraulich',
  fehlleitung: 'Fehlleitung',
  werbung: 'Werbung',
};

export const FIELD_LABEL = {
  sender: 'Absender',
  date: 'Datum des Schreibens',
  fileref: 'Aktenzeichen',
  subject: 'Betreff',
  iban: 'IBAN',
  amount: 'Betrag (EUR)',
} as const;
