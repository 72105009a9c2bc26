// The OCR stage's adapter: one content page, once it is normalised.
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.ts';
import { itemJob } from '../flow.ts';
import { batchProfile, duePage, pageFailed } from '../subjects.ts';
import { normalizeResult } from '../normalize/schema.ts';
import type { Stage } from '../stage.ts';
import { ocrResult, type OcrPage, type OcrResult, type OcrTask } from './schema.ts';

export const ocr: Stage<'ocr', OcrTask, OcrResult> = {
  queue: 'ocr',
  processor: fileURLToPath(new URL('./sandboxed.ts', import.meta.url)),
  result: ocrResult,

  async prepare(ctx, data) {
    const page = await duePage(ctx, data, 'ocr');
    if (!page) return null;
    const { profile } = await batchProfile(ctx, page.batchId);
    const norm = normalizeResult.parse(
      await ctx.repo.pageResult(page.batchId, page.pageNo, 'normalize', page.rev),
    );
    const first = page.itemId
      ? (await ctx.repo.itemPages({ id: page.itemId, batchId: page.batchId })).find(
          (p) => p.kind === 'content',
        )
      : undefined;
    return {
      input: {
        blob: norm.blob,
        window: first?.pageNo === page.pageNo,
        blobs: ctx.blobs.root,
        languages: profile.languages,
        // tesseract's own limit per page; the sandbox's (the stage's time limit) ends a hung engine.
        timeoutMs: profile.limits.ocrPageTimeoutMs,
      },
    };
  },

  async done(ctx, data, result) {
    const { ready } = await ctx.repo.completePageStage(data, 'ocr', result, null, ctx.actor);
    return [itemJob(ready)];
  },

  failed: pageFailed('ocr'),
};

/** The OCR of each page of an item, in page order (null for pages that were not read: blank ones). */
export async function itemOcr(ctx: Context, item: { id: string; batchId: string; run: number }) {
  const pages = await ctx.repo.itemPages(item);
  return Promise.all(
    pages.map(async (p) => {
      if (p.kind !== 'content') return null;
      const r = ocrResult.parse(await ctx.repo.pageResult(p.batchId, p.pageNo, 'ocr', item.run));
      return ctx.blobs.getJson<OcrPage>(r.ocr);
    }),
  );
}
