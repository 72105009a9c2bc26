// The rework engine behind the QA screens and the clerks' "nicht zuständig": every action checks what the
// user may do, changes the store in one audited transaction and enqueues only the stages it affects,
// through the same queues as the pipeline (a turned page is read again, the other pages keep their OCR).
import sharp from 'sharp';
import { isPermanent, ReasonCode } from '../core/errors.ts';
import type { Item, ManualFields, PagePlan, PageRecord, ReworkPlan } from '../core/store/types.ts';
import { validIban } from '../classifiers/extract.ts';
import { sniffType } from '../ingest/sniff.ts';
import { berlinDate } from '../ingest/intake.ts';
import { classifyResult } from '../pipeline/classify/schema.ts';
import type { Context } from '../pipeline/context.ts';
import { removeEarlierDeliveries } from '../pipeline/deliver/processor.ts';
import { afterNormalize, enqueue, itemJob, pageJob } from '../pipeline/flow.ts';
import { normalizeResult, type NormalizeResult } from '../pipeline/normalize/schema.ts';
import { openInput } from '../pipeline/split/decode.ts';
import { batchProfile } from '../pipeline/subjects.ts';
import { approvalVerdict, can, hasRole, itemFacts, type ItemFacts, type Principal } from './policy.ts';

/** A rework the user asked for that cannot be done; the message (German) is for the user. */
export class ReworkError extends Error {
  override name = 'ReworkError';
}

const STATUS_LABEL: Record<Item['status'], string> = {
  processing: 'in Bearbeitung',
  delivered: 'zugestellt',
  review: 'in der Nachbearbeitung',
  quarantined: 'in Quarantäne',
  merged: 'mit einem anderen Poststück zusammengeführt',
};

/** The item, when it is in status `status` (default: in review). */
async function itemIn(ctx: Context, itemId: string, status: Item['status'] = 'review'): Promise<Item> {
  const item = await ctx.repo.getItem(itemId);
  if (!item) throw new ReworkError(`Das Poststück ${itemId} gibt es nicht.`);
  if (item.status !== status)
    throw new ReworkError(
      `Das Poststück ${itemId} ist ${STATUS_LABEL[item.status]}, nicht ${STATUS_LABEL[status]}.`,
    );
  return item;
}

/** What the policy judges an item by: its status and the routing of its latest run that has one. */
async function factsOf(ctx: Context, item: Item): Promise<ItemFacts> {
  for (let run = item.run; run >= 1; run--) {
    const r = classifyResult.safeParse(await ctx.repo.stageResult(item.id, 'classify', run));
    if (r.success) return itemFacts(item.status, r.data);
  }
  return itemFacts(item.status, null);
}

/**
 * An item in review that a QA user works on, with its pages in order. `route` (unit, approval) is open to
 * QA for every item; `work` (pages, metadata, split, merge, rescan) needs the item's content, which of
 * personal post only its addressees see.
 */
async function qaItem(ctx: Context, user: Principal, itemId: string, need: 'route' | 'work' = 'work') {
  if (!hasRole(user, 'qa')) throw new ReworkError('Nachbearbeiten darf nur die Qualitätssicherung.');
  const item = await itemIn(ctx, itemId);
  const env = { org: ctx.config.org, day: berlinDate() };
  if (!can(user, need === 'route' ? 'qa.route' : 'qa.work', env, await factsOf(ctx, item)))
    throw new ReworkError(
      `Das Poststück ${itemId} ist persönlich/vertraulich: zuordnen und freigeben ja, bearbeiten nur, wer es lesen darf.`,
    );
  return { item, pages: await ctx.repo.itemPages(item) };
}

function pageOf(item: Item, pages: PageRecord[], pageNo: number): PageRecord {
  const page = pages.find((p) => p.pageNo === pageNo);
  if (!page) throw new ReworkError(`Seite ${pageNo} gehört nicht zum Poststück ${item.id}.`);
  return page;
}

const keep = (pages: PageRecord[]): PagePlan[] => pages.map((p) => ({ pageNo: p.pageNo }));

/** Runs the rework in the store and enqueues what it left pending. */
async function rework(ctx: Context, user: Principal, itemId: string, plan: ReworkPlan): Promise<Item> {
  const { item, pages } = await ctx.repo.reworkItem(itemId, plan, user.id).catch(fromStore);
  await enqueue(ctx.queues, [...pages.map(pageJob), itemJob(item)]);
  ctx.log.info('item reworked', { itemId, action: plan.action, run: item.run, user: user.id });
  return item;
}

/** The store refuses what changed under the user's hands (another user, the pipeline). */
function fromStore(e: unknown): never {
  throw new ReworkError('Das Poststück wurde inzwischen verändert; bitte neu laden.', { cause: e });
}

/** The unit an item goes to: QA's choice, else the routing of its current run. */
async function unitOf(ctx: Context, item: Item): Promise<string | null> {
  const edit = await ctx.repo.itemEdit(item.id);
  if (edit?.unit) return edit.unit;
  const routing = classifyResult.safeParse(await ctx.repo.stageResult(item.id, 'classify', item.run));
  return routing.success ? routing.data.unit : null;
}

/**
 * Approves an item for delivery (four-eyes rule of the profile); classify, assemble and deliver run again.
 * @example await approve(ctx, qaUser, 'a1b2c3d4e5f6-01')
 */
export async function approve(
  ctx: Context,
  user: Principal,
  itemId: string,
  /** The run the approver looked at: a change in between (another user, the pipeline) refuses the approval. */
  seenRun?: number,
  /** The unit to approve the item for, when QA corrects the routing in the same step. */
  toUnit?: string,
): Promise<Item> {
  const { item } = await qaItem(ctx, user, itemId, 'route');
  if (seenRun !== undefined && seenRun !== item.run)
    throw new ReworkError('Das Poststück wurde inzwischen verändert; bitte prüfen Sie es erneut.');
  const { batch, profile } = await batchProfile(ctx, item.batchId);
  // Who changed the item by hand (the worker's own entries are not people's).
  const reworkedBy = [
    ...new Set(
      (await ctx.repo.auditTrail(item.id))
        .filter((e) => e.action.startsWith('item.') && !e.actor.startsWith('worker@'))
        .map((e) => e.actor),
    ),
  ];
  const verdict = approvalVerdict(user, { ...batch, reworkedBy }, profile);
  if (!verdict.ok) throw new ReworkError(verdict.message);
  if (toUnit && !ctx.config.org.units.some((u) => u.id === toUnit))
    throw new ReworkError(`Die Organisationseinheit ${toUnit} gibt es im Organisationsverzeichnis nicht.`);
  const unit = toUnit ?? (await unitOf(ctx, item));
  if (!unit)
    throw new ReworkError(
      'Ohne zuständige Organisationseinheit kann nicht freigegeben werden: bitte zuerst eine wählen.',
    );
  return rework(ctx, user, itemId, {
    action: 'item.approve',
    details: { unit },
    from: 'classify',
    pages: keep(await ctx.repo.itemPages(item)),
    // The unit approved is the unit delivered to, whatever a later routing would say.
    edit: { approve: true, unit },
  });
}

/** Routes an item to another unit of the org directory (classify runs again, with confidence 1). */
export async function changeUnit(ctx: Context, user: Principal, itemId: string, unit: string): Promise<Item> {
  const { pages } = await qaItem(ctx, user, itemId, 'route');
  if (!ctx.config.org.units.some((u) => u.id === unit))
    throw new ReworkError(`Die Organisationseinheit ${unit} gibt es im Organisationsverzeichnis nicht.`);
  return rework(ctx, user, itemId, {
    action: 'item.unit',
    details: { unit },
    from: 'classify',
    pages: keep(pages),
    edit: { unit },
  });
}

/** Input of `editMetadata`: what a form sends (strings) or typed values; null or '' clears a field. */
export type FieldInput = Partial<Record<keyof ManualFields, string | number | null>>;

const FIELDS = ['fileref', 'date', 'sender', 'subject', 'iban', 'amount'] as const;

/** One field as the result contract has it (canonical file reference, ISO date, IBAN, euros). */
function fieldValue(
  ctx: Context,
  key: keyof ManualFields,
  raw: string | number | null,
): string | number | null {
  if (raw === null || String(raw).trim() === '') return null;
  const text = String(raw).trim();
  switch (key) {
    case 'fileref': {
      const ref = text.replace(/\s+/g, '');
      if (!new RegExp(`^(?:${ctx.config.org.fileref.pattern})$`).test(ref))
        throw new ReworkError(
          `Das Aktenzeichen ${text} hat nicht die Form des Aktenplans (z. B. 63.21.04/2026-0147).`,
        );
      return ref;
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
      const [y, mo, d] = m ? (m[1]!.length === 4 ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]]) : [];
      const iso = m ? `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
      if (
        !m ||
        Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ||
        new Date(iso).toISOString().slice(0, 10) !== iso
      )
        throw new ReworkError(`Das Datum ${text} ist ungültig (TT.MM.JJJJ oder JJJJ-MM-TT).`);
      return iso;
    }
    case 'iban': {
      const iban = text.replace(/\s+/g, '').toUpperCase();
      if (!validIban(iban)) throw new ReworkError(`Die IBAN ${text} ist ungültig (Prüfziffer).`);
      return iban;
    }
    case 'amount': {
      const n =
        typeof raw === 'number'
          ? raw
          : Number(
              text
                .replace(/[€\s]/g, '')
                .replace(/\.(?=\d{3}\b)/g, '')
                .replace(',', '.'),
            );
      if (!Number.isFinite(n) || n < 0) throw new ReworkError(`Der Betrag ${text} ist keine Zahl in Euro.`);
      return Math.round(n * 100) / 100;
    }
    default:
      return text.slice(0, 500);
  }
}

/** Sets metadata by hand (over what is read, in every later run); extract and what follows run again. */
export async function editMetadata(
  ctx: Context,
  user: Principal,
  itemId: string,
  input: FieldInput,
): Promise<Item> {
  const { pages } = await qaItem(ctx, user, itemId);
  const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw new ReworkError(`Unbekannte Felder: ${unknown.join(', ')}.`);
  const fields = Object.fromEntries(
    FIELDS.filter((k) => input[k] !== undefined).map((k) => [k, fieldValue(ctx, k, input[k]!)]),
  ) as ManualFields;
  if (!Object.keys(fields).length) throw new ReworkError('Keine Änderung angegeben.');
  return rework(ctx, user, itemId, {
    action: 'item.metadata',
    details: { fields: Object.keys(fields) },
    from: 'extract',
    pages: keep(pages),
    edit: { fields },
  });
}

/** The page's recorded normalize result (what OCR read and the PDF shows). */
async function normalized(ctx: Context, page: PageRecord): Promise<NormalizeResult> {
  const r = normalizeResult.safeParse(
    await ctx.repo.pageResult(page.batchId, page.pageNo, 'normalize', page.rev),
  );
  if (!r.success)
    throw new ReworkError(
      `Seite ${page.pageNo} wurde noch nicht aufbereitet; bitte das Poststück erneut verarbeiten.`,
    );
  return r.data;
}

/**
 * Turns a page clockwise by hand: its upright image turned here, recorded as the page's new normalize
 * result (the turn logged as an enhancement); only this page is read again, then the item stages run.
 */
export async function rotatePage(
  ctx: Context,
  user: Principal,
  itemId: string,
  pageNo: number,
  degrees: 90 | 180 | 270,
): Promise<Item> {
  if (![90, 180, 270].includes(degrees)) throw new ReworkError('Drehen nur um 90, 180 oder 270 Grad.');
  const { item, pages } = await qaItem(ctx, user, itemId);
  const page = pageOf(item, pages, pageNo);
  const norm = await normalized(ctx, page);
  const src = await ctx.blobs.get(norm.blob);
  const { density } = await sharp(src).metadata();
  const png = await sharp(src)
    .rotate(degrees)
    .toColourspace('b-w')
    .withDensity(density ?? page.dpiX)
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
  const turned: NormalizeResult = {
    ...norm,
    blob: await ctx.blobs.put(png),
    rotation: ((norm.rotation - degrees + 360) % 360) as NormalizeResult['rotation'],
    enhancements: [...norm.enhancements, { op: 'rotate', params: { degrees, manual: 1 } }],
  };
  return rework(ctx, user, itemId, {
    action: 'item.rotate',
    details: { page: pageNo, degrees },
    from: 'extract',
    pages: pages.map((p) =>
      p.pageNo === pageNo
        ? { pageNo, redo: { normalized: turned, next: afterNormalize(p) } }
        : { pageNo: p.pageNo },
    ),
  });
}

/** Takes pages out of an item (they stay accounted for in the batch report as removed). */
export async function deletePages(
  ctx: Context,
  user: Principal,
  itemId: string,
  pageNos: number[],
): Promise<Item> {
  const { item, pages } = await qaItem(ctx, user, itemId);
  for (const n of pageNos) pageOf(item, pages, n);
  const rest = pages.filter((p) => !pageNos.includes(p.pageNo));
  if (!rest.length)
    throw new ReworkError(
      'Ein Poststück braucht mindestens eine Seite; zum Verwerfen bitte einen Neuscan anfordern.',
    );
  return rework(ctx, user, itemId, {
    action: 'item.pages.delete',
    details: { deleted: pageNos },
    from: 'extract',
    pages: keep(rest),
  });
}

/** Puts an item's pages in a new order (page numbers of the batch, each page once). */
export async function reorderPages(
  ctx: Context,
  user: Principal,
  itemId: string,
  order: number[],
): Promise<Item> {
  const { pages } = await qaItem(ctx, user, itemId);
  const own = pages.map((p) => p.pageNo);
  if (
    order.length !== own.length ||
    new Set(order).size !== order.length ||
    !order.every((n) => own.includes(n))
  )
    throw new ReworkError(
      `Die neue Reihenfolge muss jede Seite des Poststücks genau einmal nennen (${own.join(', ')}).`,
    );
  return rework(ctx, user, itemId, {
    action: 'item.reorder',
    details: { order },
    from: 'extract',
    pages: order.map((pageNo) => ({ pageNo })),
  });
}

/** Splits an item before one of its pages: from there on a new item; both run from extract. Returns the new one. */
export async function splitItem(
  ctx: Context,
  user: Principal,
  itemId: string,
  atPageNo: number,
): Promise<Item> {
  const { item, pages } = await qaItem(ctx, user, itemId);
  const at = pages.indexOf(pageOf(item, pages, atPageNo));
  if (at === 0) throw new ReworkError('Vor der ersten Seite kann nicht geteilt werden.');
  const r = await ctx.repo.splitItem(itemId, atPageNo, user.id).catch(fromStore);
  await enqueue(ctx.queues, [...r.pages.map(pageJob), itemJob(r.item), itemJob(r.created)]);
  ctx.log.info('item split', { itemId, created: r.created.id, user: user.id });
  return r.created;
}

/** Appends the pages of another item in review of the same batch; that item is then merged. */
export async function mergeItems(
  ctx: Context,
  user: Principal,
  targetId: string,
  otherId: string,
): Promise<Item> {
  const { item, pages } = await qaItem(ctx, user, targetId);
  if (otherId === targetId)
    throw new ReworkError('Ein Poststück kann nicht mit sich selbst zusammengeführt werden.');
  const other = await qaItem(ctx, user, otherId);
  if (other.item.batchId !== item.batchId)
    throw new ReworkError('Nur Poststücke desselben Stapels können zusammengeführt werden.');
  return rework(ctx, user, targetId, {
    action: 'item.merge',
    details: { other: otherId },
    from: 'extract',
    pages: keep([...pages, ...other.pages]),
  });
}

/**
 * Replaces a page by a rescan (PNG, JPEG or TIFF of one page), decoded as the split stores a page, within
 * the limits of the batch's profile; the new page runs through normalize and OCR, the old one is removed.
 */
export async function replacePage(
  ctx: Context,
  user: Principal,
  itemId: string,
  pageNo: number,
  bytes: Buffer,
): Promise<Item> {
  const { item, pages } = await qaItem(ctx, user, itemId);
  pageOf(item, pages, pageNo);
  const { profile } = await batchProfile(ctx, item.batchId);
  const { limits } = profile;
  if (bytes.length > limits.maxFileBytes)
    throw new ReworkError(`Der Neuscan ist größer als ${limits.maxFileBytes} Byte.`);
  const type = sniffType(bytes.subarray(0, 1024));
  if (type !== 'png' && type !== 'jpeg' && type !== 'tiff')
    throw new ReworkError('Bitte ein Bild der einen Seite hochladen (PNG, JPEG oder TIFF).');
  const decoded = await decodeOne(bytes, {
    dpi: profile.dpi,
    maxPagePixels: limits.maxPagePixels,
    maxPages: 1,
    maxImagePixels: limits.maxImagePixels,
  });
  const { image, width, height, dpiX, dpiY, scanDpi, colour, orient } = decoded;
  const added = await ctx.repo.addPage(
    item.batchId,
    { blob: await ctx.blobs.put(image), width, height, dpiX, dpiY, scanDpi, colour, orient },
    `Neuscan für Seite ${pageNo} (von ${user.id})`,
    user.id,
  );
  return rework(ctx, user, itemId, {
    action: 'item.page.replace',
    details: { page: pageNo, by: added.pageNo },
    from: 'extract',
    pages: pages.map((p) =>
      p.pageNo === pageNo ? { pageNo: added.pageNo, redo: 'all' as const } : { pageNo: p.pageNo },
    ),
    notes: { [pageNo]: `ersetzt durch Neuscan, Seite ${added.pageNo} (von ${user.id})` },
  });
}

/** The one page of an uploaded image; what the decoder refuses is the user's problem. */
async function decodeOne(bytes: Buffer, opts: Parameters<typeof openInput>[1]) {
  try {
    const input = await openInput(bytes, opts);
    try {
      for await (const page of input.pages(1)) return page;
      throw new ReworkError('Das Bild enthält keine Seite.');
    } finally {
      await input.close();
    }
  } catch (e) {
    if (isPermanent(e)) throw new ReworkError(`Neuscan nicht lesbar: ${e.message}`, { cause: e });
    throw e;
  }
}

function comment(text: string): string {
  const t = text.trim();
  if (!t) throw new ReworkError('Bitte einen Hinweis angeben.');
  return t.slice(0, 2000);
}

/** QA gives an item back to the mailroom to be scanned again: it goes to quarantine with QA's comment. */
export async function rejectForRescan(
  ctx: Context,
  user: Principal,
  itemId: string,
  text: string,
): Promise<Item> {
  const { item } = await qaItem(ctx, user, itemId);
  return leave(
    ctx,
    user,
    item,
    { status: 'quarantined', reason: ReasonCode.rescanRequested, message: comment(text) },
    'item.rescan_requested',
  );
}

/** Moves an item out of where it is (audited) and takes its files out of every folder they were delivered to. */
async function leave(
  ctx: Context,
  user: Principal,
  item: Item,
  to: { status: 'review' | 'quarantined'; reason: ReasonCode; message: string },
  action: string,
): Promise<Item> {
  const done = await ctx.repo.transitionItem(item.id, item.status, to, action, user.id).catch(fromStore);
  await removeEarlierDeliveries((await ctx.repo.getBatch(item.batchId))!.outDir, item.id, null);
  return done;
}

/**
 * A clerk sends a delivered item of their unit back ('nicht zuständig'): it leaves the inbox and goes to
 * review as misrouted, with the clerk's comment.
 */
export async function sendBack(ctx: Context, user: Principal, itemId: string, text: string): Promise<Item> {
  const item = await itemIn(ctx, itemId, 'delivered');
  const facts = { ...(await factsOf(ctx, item)), unit: await unitOf(ctx, item) };
  if (!can(user, 'inbox.read', { org: ctx.config.org, day: berlinDate() }, facts))
    throw new ReworkError('Zurückgeben kann nur die Stelle, der das Poststück zugestellt wurde.');
  return leave(
    ctx,
    user,
    item,
    { status: 'review', reason: ReasonCode.misrouted, message: comment(text) },
    'item.sent_back',
  );
}
