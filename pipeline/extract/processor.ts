// The extract stage (in this process: a few milliseconds of text rules): the letter's metadata from the
// OCR lines of all its pages.
import { extractMetadata } from '../../classifiers/extract.ts';
import type { Item, ItemEdit } from '../../core/store/types.ts';
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
    const { pattern } = ctx.config.org.fileref;
    const batch = await ctx.repo.getBatch(item.batchId);
    const meta = extractMetadata(
      lines,
      pattern,
      ctx.config.org.authority.name,
      batch?.receivedAt.slice(0, 10),
    );
    return withManualFields(meta, await ctx.repo.itemEdit(item.id), pattern);
  },

  done: itemDone('extract'),
  failed: itemFailed,
};

/**
 * QA's manual fields over what was read, each with confidence 1 and who set it; a manual file reference
 * brings its plan part (which selects the unit).
 * @example withManualFields(meta, { ...edit, fields: { sender: 'Stadtwerke' } }, pattern).evidence.sender // { confidence: 1, reason: 'manuell (qa1)' }
 */
export function withManualFields(
  meta: ExtractResult,
  edit: Pick<ItemEdit, 'fields' | 'updatedBy'> | undefined,
  filerefPattern: string,
): ExtractResult {
  const manual = Object.entries(edit?.fields ?? {}).filter(([, v]) => v !== undefined);
  if (!edit || !manual.length) return meta;
  const evidence = { ...meta.evidence };
  for (const [key] of manual) evidence[key] = { confidence: 1, reason: `manuell (${edit.updatedBy})` };
  const { fileref } = edit.fields;
  const fileplan =
    fileref === undefined
      ? meta.fileplan
      : (fileref && new RegExp(filerefPattern).exec(fileref)?.groups?.plan) || null;
  return { ...meta, ...Object.fromEntries(manual), fileplan, evidence };
}
