// The normalize stage's adapter: one page of a batch, while the split goes on or after it.
import { fileURLToPath } from 'node:url';
import { batchProfile, duePage, pageFailed } from '../subjects.ts';
import { afterNormalize, itemJob, pageJob } from '../flow.ts';
import type { Stage } from '../stage.ts';
import { normalizeResult, type NormalizeResult, type NormalizeTask } from './schema.ts';

export const normalize: Stage<'normalize', NormalizeTask, NormalizeResult> = {
  queue: 'normalize',
  processor: fileURLToPath(new URL('./sandboxed.ts', import.meta.url)),
  result: normalizeResult,

  async prepare(ctx, data) {
    const page = await duePage(ctx, data, 'normalize');
    if (!page) return null;
    const { cleanup } = (await batchProfile(ctx, page.batchId)).profile;
    return {
      input: { blob: page.blob, blobs: ctx.blobs.root, orient: page.orient, dpi: page.dpiX, cleanup },
    };
  },

  async done(ctx, data, result) {
    const page = (await ctx.repo.page(data.batchId, data.pageNo))!;
    const { page: now, ready } = await ctx.repo.completePageStage(
      data,
      'normalize',
      result,
      afterNormalize(page),
      ctx.actor,
    );
    return [pageJob(now), itemJob(ready)];
  },

  failed: pageFailed('normalize'),
};
