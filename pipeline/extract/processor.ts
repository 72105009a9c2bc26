// The extract stage (in this process: a few milliseconds of text rules): the letter's metadata from the
// OCR lines of all its pages.
import { extractMetadata } from '../../classifiers/extract.ts';
import type { Item } from '../../core/store/types.ts';
import { dueItem, itemFailed } from '../subjects.ts';
import { itemJob } from '../flow.ts';
import { toTextLines } from '../ocr/lines.ts';
import { itemOcr } from '../ocr/processor.ts';
import type { Stage } from '../stage.ts';
import { extractResult, type ExtractResult } from './schema.ts';

export const extract: Stage<'extract', Item, ExtractResult> = {
  queue: 'extract',
  result: extractResult,

  async prepare(ctx, data) {
    const item = await dueItem(ctx, data, 'extract');
    return item && { input: item };
  },

  async processor(item, ctx) {
    const lines = toTextLines(await itemOcr(ctx, item));
    return extractMetadata(lines, ctx.config.org.fileref.pattern, ctx.config.org.authority.name);
  },

  async done(ctx, data, result) {
    return [
      itemJob(
        await ctx.repo.completeStage(
          data.itemId,
          'extract',
          data.run,
          result,
          { stage: 'classify' },
          ctx.actor,
        ),
      ),
    ];
  },

  failed: itemFailed,
};
