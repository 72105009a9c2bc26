// The assemble stage's adapter: which pages go into the item's PDF (blank pages as the profile says), with
// the OCR and metadata recorded for them.
import { fileURLToPath } from 'node:url';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import { classifyResult } from '../classify/schema.ts';
import { extractResult } from '../extract/schema.ts';
import { normalizeResult } from '../normalize/schema.ts';
import { ocrResult } from '../ocr/schema.ts';
import type { Stage } from '../stage.ts';
import { batchProfile, dueItem, itemDone, itemFailed } from '../subjects.ts';
import { sealRequired, timestampRequired } from '../../profiles/policy.ts';
import { sealSettings } from '../seal.ts';
import { transfervermerkFor } from './record.ts';
import { assembleResult, type AssembleResult, type AssembleTask } from './schema.ts';
import { transfervermerkXml } from './transfervermerk.ts';

/** Time for an item's PDF: the stage's limit, and this much more per page. */
const PER_PAGE_MS = 15_000;

export const assemble: Stage<'assemble', AssembleTask, AssembleResult> = {
  queue: 'assemble',
  processor: fileURLToPath(new URL('./sandboxed.ts', import.meta.url)),
  result: assembleResult,

  async prepare(ctx, data) {
    const item = await dueItem(ctx, data, 'assemble');
    if (!item) return null;
    const { batch, profile } = await batchProfile(ctx, item.batchId);
    const meta = extractResult.parse(await ctx.repo.stageResult(item.id, 'extract', item.run));
    const routing = classifyResult.parse(await ctx.repo.stageResult(item.id, 'classify', item.run));
    const pages = [];
    for (const p of await ctx.repo.itemPages(item)) {
      if (p.kind === 'blank' && profile.blankPages === 'drop') continue;
      const norm = normalizeResult.parse(
        await ctx.repo.pageResult(p.batchId, p.pageNo, 'normalize', item.run),
      );
      const ocr =
        p.kind === 'content'
          ? ocrResult.parse(await ctx.repo.pageResult(p.batchId, p.pageNo, 'ocr', item.run)).ocr
          : null;
      pages.push({ blob: norm.blob, ocr, colour: p.colour });
    }
    const seal = sealSettings(ctx.dirs);
    const requireTimestamp = timestampRequired(profile);
    if (requireTimestamp && !seal.tsaUrl)
      throw new PermanentError(
        ReasonCode.sealFailed,
        `Profil ${profile.name} (Integrität sehr hoch) verlangt einen Zeitstempel; es ist kein Zeitstempeldienst (POSTSTELLE_TSA_URL) eingerichtet.`,
      );
    const record = transfervermerkXml(await transfervermerkFor(ctx, item));
    return {
      input: {
        blobs: ctx.blobs.root,
        pages,
        compression: profile.compression,
        title: meta.subject,
        keywords: [routing.class, routing.unit ?? 'review', meta.fileref ?? ''].filter(Boolean),
        created: batch.createdAt,
        part: profile.pdfa === '2b' ? 2 : 3,
        id: `${item.id}/${item.run}`,
        transfervermerk: await ctx.blobs.put(Buffer.from(record)),
        recordPage: profile.transfervermerkPage,
        seal: {
          keyFile: seal.keyFile,
          certFile: seal.certFile,
          p12File: seal.p12File,
          tsaUrl: seal.tsaUrl,
          required: sealRequired(profile),
          requireTimestamp,
        },
      },
      timeoutMs: ctx.timeouts.assemble + PER_PAGE_MS * pages.length,
    };
  },

  async done(ctx, data, result) {
    if (!result.sealed || (sealSettings(ctx.dirs).tsaUrl && !result.timestamped))
      ctx.log.warn('item assembled without seal or timestamp', { itemId: data.itemId, ...result });
    return itemDone('assemble')(ctx, data, result);
  },
  failed: itemFailed,
};
