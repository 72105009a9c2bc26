// The split stage's adapter: which pages are left to decode, recording each page as the sandbox reports
// it (its page stages start at once), and the cut into mail items once the last page is in.
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { NextStep, PermanentError, ReasonCode } from '../../core/errors.ts';
import { checkCount, isDuplex } from '../../ingest/declared.ts';
import { quarantineBatch } from '../../ingest/quarantine.ts';
import type { Context } from '../context.ts';
import { enqueue, itemJob, pageJob, SPLIT_STEP } from '../flow.ts';
import type { Stage } from '../stage.ts';
import { batchProfile } from '../subjects.ts';
import { cutItems } from './cut.ts';
import { splitPage, splitResult, type SplitResult, type SplitTask } from './schema.ts';

/** Pages recorded so far, counted from page 1 without gaps: where the next step starts. */
async function recorded(ctx: Context, batchId: string) {
  const pages = await ctx.repo.pages(batchId);
  return pages.filter((p, i) => p.pageNo === i + 1);
}

export const split: Stage<'split', SplitTask, SplitResult> = {
  queue: 'split',
  processor: fileURLToPath(new URL('./sandboxed.ts', import.meta.url)),
  result: splitResult,

  async prepare(ctx, { batchId }) {
    const batch = await ctx.repo.getBatch(batchId);
    if (!batch || batch.status !== 'ingested') return null;
    const done = await recorded(ctx, batchId);
    if (!done.length) {
      const original = await ctx.repo.findProcessedBatchByHash(batch.hash, batch.id);
      if (original) {
        await ctx.repo.markBatch(batch.id, { status: 'duplicate', duplicateOf: original.id }, ctx.actor);
        if (original.spoolPath !== batch.spoolPath) await fs.rm(batch.spoolPath, { force: true });
        ctx.log.info('duplicate input', { batchId, duplicateOf: original.id });
        return null;
      }
    }
    const profile = ctx.config.profiles.get(batch.profile);
    if (!profile)
      throw new PermanentError(ReasonCode.unsupportedType, `Unbekanntes Scanprofil ${batch.profile}.`);
    return {
      step: done.length + 1,
      input: {
        batchId,
        spoolPath: batch.spoolPath,
        blobs: ctx.blobs.root,
        from: done.length + 1,
        maxPages: SPLIT_STEP,
        dpi: profile.dpi,
        separator: profile.separator,
        limits: profile.limits,
      },
      onProgress: async (value) => {
        const page = splitPage.parse(value);
        await enqueue(ctx.queues, [pageJob(await ctx.repo.recordPage({ ...page, batchId }))]);
      },
    };
  },

  async done(ctx, { batchId }, result) {
    if (result.next) throw new NextStep(`batch ${batchId} continues at page ${result.next}`);
    const { batch, profile } = await batchProfile(ctx, batchId);
    const pages = await recorded(ctx, batchId);
    if (pages.length !== result.pages)
      throw new Error(`batch ${batchId}: ${pages.length} of ${result.pages} pages recorded`);
    // Cut at separator sheets; without them a file is one mail item.
    const duplex = isDuplex(batch.declared, profile.duplex);
    const cut = cutItems(
      pages.map((p) => p.kind),
      duplex,
    );
    if (!cut.items.length)
      throw new PermanentError(ReasonCode.empty, 'Der Stapel enthält nur Trennblätter, keine Poststücke.');
    // Vollzähligkeit: the check is audited with the split itself (items of a mismatch go to review).
    const count = checkCount(batch.declared, duplex, pages.length);
    if (count.problem)
      ctx.log.warn('page count mismatch', { batchId, declared: count.declared, counted: count.counted });
    const items = await ctx.repo.recordSplit(batchId, cut.kinds, cut.items, ctx.actor, { count });
    ctx.log.info('batch split', { batchId, pages: pages.length, items: items.length });
    return items.map(itemJob);
  },

  async failed(ctx, { batchId }, reason, message) {
    const batch = await ctx.repo.getBatch(batchId);
    if (batch?.status === 'ingested') await quarantineBatch(ctx, batch, reason, message);
    return [];
  },
};
