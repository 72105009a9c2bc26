// The extract stage (in this process: a few milliseconds of text rules): the letter's metadata from the
// OCR lines of all its pages.
import { extractMetadata } from '../../classifiers/extract.ts';
import type { Item } from '../../core/store/types.ts';
import { itemDone, itemFailed, itemWork } from '../subjects.ts';
import { toTextLines } from '../ocr/lines.ts';
import { itemOcr } from '../ocr/processor.ts';
import type { Stage } from '../stage.ts';
import { extractResult, type ExtractResult } from './schema.ts';

export const extract: Stage<'extract', Item, ExtractResult> = {
  queue: 'extract',
  result: extractResult,

  prepare: itemWork('extract'),

  async processor(item, ctx) {
    const lines = toTextLines(await itemOcr(ctx, item));
    return extractMetadata(lines, ctx.config.org.fileref.pattern, ctx.config.org.authority.name);
  },

  done: itemDone('extract'),
  failed: itemFailed,
};
