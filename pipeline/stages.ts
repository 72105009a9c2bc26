// The stage handlers: thin adapters around the pure cores. Each is idempotent: it works from what the
// store recorded, writes content-addressed blobs, and records its result atomically with the next stage.
import fs from 'node:fs/promises';
import { ReasonCode, errorMessage, isPermanent, PermanentError } from '../core/errors.ts';
import type { JobMeta, Handlers } from '../core/queue.ts';
import type { Batch, Item, ItemStage, PageRecord } from '../core/store/types.ts';
import { quarantineBatch } from '../ingest/quarantine.ts';
import { sniffType } from '../ingest/sniff.ts';
import { extractMetadata, type Metadata } from '../classifiers/extract.ts';
import { classify, type Routing } from '../classifiers/route.ts';
import { pageNumbers, paginationProblem } from '../classifiers/pagination.ts';
import { checkCount, isDuplex } from '../ingest/declared.ts';
import type { Context } from './context.ts';
import { enqueueItem, nextStage, previousStage } from './flow.ts';
import { openInput } from './split/decode.ts';
import { cutItems } from './split/cut.ts';
import { pageKind } from './split/separator.ts';
import { checkAgainstProfile } from './split/scan-info.ts';
import { despecklePng } from './image/components.ts';
import { normalizePage, type Enhancement } from './normalize/core.ts';
import { toTextLines, type OcrPage } from './ocr/engine.ts';
import { assemblePdf } from './assemble/core.ts';
import { textOnly } from './assemble/auto.ts';
import { writeResultFiles } from './results.ts';

export interface NormalizeResult {
  pages: Array<{
    pageNo: number;
    blob: string;
    rotation: number;
    skew: number;
    blank: boolean;
    enhancements: Enhancement[];
  }>;
}
export interface OcrResult {
  pages: Array<{ pageNo: number; ocr: string | null; confidence: number | null }>;
  meanConfidence: number | null;
}
export type ExtractResult = Metadata;
export interface ClassifyResult extends Routing {
  decision: 'delivered' | 'review';
  reviewReason: ReasonCode | null;
  reviewMessage: string | null;
}
export interface AssembleResult {
  pdf: string;
}

/** OCR confidence below this makes an item illegible for automatic routing (A.SC.8 legibility). */
const MIN_OCR_CONFIDENCE = 0.55;

// ------------------------------------------------------------------------------------------ split

async function split(ctx: Context, batchId: string): Promise<void> {
  const batch = await ctx.repo.getBatch(batchId);
  if (!batch) return;
  if (batch.status !== 'ingested') {
    // Already split (a retry after a crash): just make sure its items are queued.
    for (const item of await ctx.repo.items(batchId)) await enqueueItem(ctx.queues, item);
    return;
  }
  const log = ctx.log.child({ batchId, hash: batch.hash });
  const started = Date.now();
  try {
    const original = await ctx.repo.findProcessedBatchByHash(batch.hash, batch.id);
    if (original) {
      await ctx.repo.markBatch(batch.id, { status: 'duplicate', duplicateOf: original.id }, ctx.actor);
      if (original.spoolPath !== batch.spoolPath) await fs.rm(batch.spoolPath, { force: true });
      log.info('duplicate input', { duplicateOf: original.id });
      return;
    }
    const profile = ctx.config.profiles.get(batch.profile);
    if (!profile)
      throw new PermanentError(ReasonCode.unsupportedType, `Unbekanntes Scanprofil ${batch.profile}.`);
    const data = await fs.readFile(batch.spoolPath);
    if (data.length === 0) throw new PermanentError(ReasonCode.empty, 'Die Datei ist leer (0 Byte).');
    if (data.length > profile.limits.maxFileBytes)
      throw new PermanentError(
        ReasonCode.tooLarge,
        `Die Datei ist größer als ${profile.limits.maxFileBytes} Byte.`,
      );
    const type = sniffType(data);
    if (!type)
      throw new PermanentError(
        ReasonCode.unsupportedType,
        'Dateityp nicht unterstützt (erwartet PDF, TIFF, PNG oder JPEG).',
      );
    // Pages recorded by an attempt that was cut short are not decoded again: a long batch makes progress
    // even when its worker is killed now and then.
    const records = (await ctx.repo.pages(batchId)).filter((p, i) => p.pageNo === i + 1);
    const { pages } = await openInput(type, data, {
      dpi: profile.dpi,
      maxPagePixels: profile.limits.maxPagePixels,
      maxPages: profile.limits.maxPages,
      maxImagePixels: profile.limits.maxImagePixels,
      skip: records.length,
    });
    if (records.length) log.info('split resumed', { after: records.length });
    for await (const page of pages) {
      const blob = await ctx.blobs.put(page.png);
      const kind = await pageKind(page.png, profile.separator);
      const record: PageRecord = {
        batchId,
        pageNo: records.length + 1,
        blob,
        width: page.width,
        height: page.height,
        dpiX: page.dpiX,
        dpiY: page.dpiY,
        scanDpi: page.scanDpi,
        colour: page.colour,
        kind,
        itemId: null,
      };
      await ctx.repo.recordPage(record);
      records.push(record);
    }
    // Cut at separator sheets; without them a file is one mail item.
    const duplex = isDuplex(batch.declared, profile.duplex);
    const cut = cutItems(
      records.map((r) => r.kind),
      duplex,
    );
    if (!cut.items.length)
      throw new PermanentError(ReasonCode.empty, 'Der Stapel enthält nur Trennblätter, keine Poststücke.');
    records.forEach((r, i) => (r.kind = cut.kinds[i]!));
    // Vollzähligkeit: the check is audited with the split itself (items of a mismatch go to review).
    const count = checkCount(batch.declared, duplex, records.length);
    if (count.problem) log.warn('page count mismatch', { declared: count.declared, counted: count.counted });
    const items = await ctx.repo.recordSplit(batchId, records, cut.items, ctx.actor, { count });
    log.info('stage done', {
      stage: 'split',
      ms: Date.now() - started,
      pages: records.length,
      items: items.length,
    });
    for (const item of items) await enqueueItem(ctx.queues, item);
  } catch (e) {
    if (!isPermanent(e)) throw e;
    await quarantineBatch(ctx, batch, e.reason, e.message);
  }
}

// ------------------------------------------------------------------------------------- item stages

interface StageInput {
  item: Item;
  batch: Batch;
  pages: PageRecord[];
}
type Next =
  | { stage: ItemStage }
  | {
      status: 'delivered' | 'review';
      reason?: ReasonCode | null;
      message?: string | null;
      output?: string | null;
    };

async function previous<T>(ctx: Context, item: Item, stage: ItemStage): Promise<T> {
  const prev = previousStage(stage)!;
  const r = await ctx.repo.stageResult<T>(item.id, prev, item.run);
  if (r === undefined) throw new Error(`item ${item.id}: no result of ${prev} for run ${item.run}`);
  return r;
}

async function ocrPages(ctx: Context, item: Item): Promise<Array<OcrPage | null>> {
  const ocr = await ctx.repo.stageResult<OcrResult>(item.id, 'ocr', item.run);
  return Promise.all((ocr?.pages ?? []).map((p) => (p.ocr ? ctx.blobs.getJson<OcrPage>(p.ocr) : null)));
}

/**
 * Whether a page goes out as bitonal G4: bitonal scans always (lossless for them); in mode g4 every page;
 * in mode auto grey pages that hold only text (colour pages and pictures stay JPEG).
 */
async function bitonalOutput(
  png: Buffer,
  colour: PageRecord['colour'] | undefined,
  mode: 'jpeg' | 'g4' | 'auto',
): Promise<boolean> {
  if (colour === 'bitonal' || mode === 'g4') return true;
  return mode === 'auto' && colour !== 'colour' && (await textOnly(png));
}

const WORK: {
  [S in ItemStage]: (ctx: Context, input: StageInput) => Promise<{ result: unknown; next?: Next }>;
} = {
  async normalize(ctx, { pages, batch }) {
    const out: NormalizeResult['pages'] = [];
    const { cleanup } = ctx.config.profiles.get(batch.profile)!;
    for (const page of pages) {
      const png = await ctx.blobs.get(page.blob);
      const n = await normalizePage(
        png,
        { detectOrientation: (p) => ctx.engine.detectOrientation(p) },
        cleanup,
      );
      out.push({
        pageNo: page.pageNo,
        blob: await ctx.blobs.put(n.png),
        rotation: n.rotation,
        skew: n.skew,
        blank: page.kind === 'blank',
        enhancements: n.enhancements,
      });
    }
    return { result: { pages: out } satisfies NormalizeResult };
  },

  async ocr(ctx, { item, batch }) {
    const norm = await previous<NormalizeResult>(ctx, item, 'ocr');
    const profile = ctx.config.profiles.get(batch.profile)!;
    const pages: OcrResult['pages'] = [];
    for (const p of norm.pages) {
      if (p.blank) {
        pages.push({ pageNo: p.pageNo, ocr: null, confidence: null });
        continue;
      }
      const page = await ctx.engine.recognize(
        await despecklePng(await ctx.blobs.get(p.blob)),
        profile.limits.ocrPageTimeoutMs,
      );
      pages.push({ pageNo: p.pageNo, ocr: await ctx.blobs.putJson(page), confidence: page.meanConfidence });
    }
    const confs = pages.flatMap((p) => (p.confidence === null ? [] : [p.confidence]));
    return {
      result: {
        pages,
        meanConfidence: confs.length ? confs.reduce((a, b) => a + b, 0) / confs.length : null,
      } satisfies OcrResult,
    };
  },

  async extract(ctx, { item }) {
    const lines = toTextLines(await ocrPages(ctx, item));
    return {
      result: extractMetadata(
        lines,
        ctx.config.org.fileref.pattern,
        ctx.config.org.authority.name,
      ) satisfies ExtractResult,
    };
  },

  async classify(ctx, { item, batch, pages }) {
    const meta = await previous<ExtractResult>(ctx, item, 'classify');
    const ocr = (await ctx.repo.stageResult<OcrResult>(item.id, 'ocr', item.run))!;
    const ocrd = await ocrPages(ctx, item);
    const lines = toTextLines(ocrd);
    const routing = classify(lines, meta, ctx.config.org);
    const profile = ctx.config.profiles.get(batch.profile)!;
    const mismatch = checkAgainstProfile(pages, profile);
    const count = checkCount(batch.declared, isDuplex(batch.declared, profile.duplex), batch.pageCount ?? 0);
    const gaps = paginationProblem(pageNumbers(lines, ocrd.length).filter((_, i) => ocrd[i]));
    let review: [ReasonCode, string] | null = null;
    if (count.problem)
      review = [
        batch.declared?.error ? ReasonCode.badManifest : ReasonCode.pageCountMismatch,
        `Vollzähligkeit des Stapels prüfen: ${count.problem}`,
      ];
    else if (gaps) review = [ReasonCode.missingPage, gaps];
    else if (routing.class === 'fehlleitung' || routing.class === 'werbung')
      review = [ReasonCode.specialClass, `Sonderfall ${routing.class}: nicht automatisch zustellen.`];
    else if (mismatch) review = [mismatch.reason, mismatch.message];
    else if (ocr.meanConfidence === null)
      review = [ReasonCode.lowConfidence, 'Kein Text erkannt (nur Leerseiten?).'];
    else if (ocr.meanConfidence < MIN_OCR_CONFIDENCE)
      review = [
        ReasonCode.lowConfidence,
        `Schlecht lesbar (OCR-Konfidenz ${ocr.meanConfidence.toFixed(2)}).`,
      ];
    else if (!routing.unit) review = [ReasonCode.noUnit, 'Keine zuständige Organisationseinheit erkannt.'];
    else if ((routing.confidence ?? 0) < profile.routingThreshold)
      review = [
        ReasonCode.lowConfidence,
        `Zuordnung unsicher (${(routing.confidence ?? 0).toFixed(2)} < ${profile.routingThreshold}).`,
      ];
    const result: ClassifyResult = {
      ...routing,
      decision: review ? 'review' : 'delivered',
      reviewReason: review?.[0] ?? null,
      reviewMessage: review?.[1] ?? null,
    };
    ctx.log.info('item classified', {
      itemId: item.id,
      unit: routing.unit,
      class: routing.class,
      confidence: routing.confidence,
      decision: result.decision,
    });
    return { result };
  },

  async assemble(ctx, { item, batch, pages: records }) {
    const norm = (await ctx.repo.stageResult<NormalizeResult>(item.id, 'normalize', item.run))!;
    const ocr = await ocrPages(ctx, item);
    const meta = (await ctx.repo.stageResult<ExtractResult>(item.id, 'extract', item.run))!;
    const routing = await previous<ClassifyResult>(ctx, item, 'assemble');
    const profile = ctx.config.profiles.get(batch.profile)!;
    const pages = [];
    for (const [i, p] of norm.pages.entries()) {
      if (p.blank && profile.blankPages === 'drop') continue;
      const png = await ctx.blobs.get(p.blob);
      const colour = records.find((r) => r.pageNo === p.pageNo)?.colour;
      pages.push({
        png,
        ocr: ocr[i] ?? null,
        bitonal: await bitonalOutput(png, colour, profile.compression.mode),
      });
    }
    const pdf = await assemblePdf(pages, {
      jpegQuality: profile.compression.jpegQuality,
      title: meta.subject,
      subject: meta.subject,
      keywords: [routing.class, routing.unit ?? 'review', meta.fileref ?? ''].filter(Boolean),
      created: new Date(batch.createdAt),
    });
    return { result: { pdf: await ctx.blobs.put(pdf) } satisfies AssembleResult };
  },

  async deliver(ctx, { item, batch }) {
    const routing = (await ctx.repo.stageResult<ClassifyResult>(item.id, 'classify', item.run))!;
    const { pdf } = await previous<AssembleResult>(ctx, item, 'deliver');
    const status = routing.decision;
    const output = await writeResultFiles(ctx, batch, item, status, routing.unit, await ctx.blobs.get(pdf));
    return {
      result: { output },
      next: { status, reason: routing.reviewReason, message: routing.reviewMessage, output },
    };
  },
};

async function runItemStage(
  ctx: Context,
  stage: ItemStage,
  itemId: string,
  run: number,
  meta: JobMeta,
): Promise<void> {
  const item = await ctx.repo.getItem(itemId);
  if (!item || item.run !== run || item.status !== 'processing') return; // stale job: nothing to do
  const log = ctx.log.child({ itemId, batchId: item.batchId, stage, jobId: meta.id, attempt: meta.attempt });
  if (item.stage !== stage) {
    log.debug('stage already done, skipped');
    await enqueueItem(ctx.queues, item);
    return;
  }
  const batch = (await ctx.repo.getBatch(item.batchId))!;
  const pages = (await ctx.repo.pages(batch.id)).filter((p) => p.itemId === item.id);
  const started = Date.now();
  try {
    const { result, next } = await WORK[stage](ctx, { item, batch, pages });
    const following = nextStage(stage);
    const updated = await ctx.repo.completeStage(
      item.id,
      stage,
      run,
      result,
      next ?? { stage: following! },
      ctx.actor,
    );
    log.info('stage done', { ms: Date.now() - started, status: updated.status });
    await enqueueItem(ctx.queues, updated);
  } catch (e) {
    if (isPermanent(e)) {
      log.error('stage failed permanently', { reason: e.reason, error: e.message });
      await ctx.repo.failItem(item.id, 'review', e.reason, e.message, ctx.actor);
    } else if (meta.attempt >= meta.maxAttempts) {
      log.error('stage failed, retries exhausted', { error: errorMessage(e) });
      await ctx.repo.failItem(
        item.id,
        'review',
        ReasonCode.stageFailed,
        `Schritt ${stage} fehlgeschlagen: ${errorMessage(e)}`,
        ctx.actor,
      );
    } else {
      log.warn('stage failed, will retry', { error: errorMessage(e) });
      throw e;
    }
  }
}

export function stageHandlers(ctx: Context): Handlers {
  const item = (stage: ItemStage) => (d: { itemId: string; run: number }, m: JobMeta) =>
    runItemStage(ctx, stage, d.itemId, d.run, m);
  return {
    split: (d) => split(ctx, d.batchId),
    normalize: item('normalize'),
    ocr: item('ocr'),
    extract: item('extract'),
    classify: item('classify'),
    assemble: item('assemble'),
    deliver: item('deliver'),
  };
}
