// Writes N synthetic scanned letters plus truth.jsonl (ground truth per file) into a folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { OrgDirectory } from '../../profiles/schema.ts';
import { makeLetter, rng, type LetterPage, type Truth } from './spec.ts';

import { blankPdf, packScans, renderScan, scanPdf, vectorPdf, type ScanFormat } from './render.ts';
import { separatorSheet } from '../../pipeline/split/sheet.ts';

const pageWords = (p: LetterPage) => p.blocks.flatMap((b) => b.lines.join(' ').split(/\s+/)).filter(Boolean);

export interface TruthLine extends Truth {
  file: string;
  id: string;
  pages: number;
  /** The printed words of each page (for OCR word accuracy). */
  words: string[][];
  rotation: number[];
  skew: number[];
}

export async function writeCorpus(
  org: OrgDirectory,
  dir: string,
  count: number,
  seed: number,
  opts: {
    classic?: boolean;
    /** Only letters whose truth passes (the others are not rendered); at most 50 tries per letter. */
    only?: (truth: Truth) => boolean;
  } = {},
): Promise<TruthLine[]> {
  await fs.mkdir(dir, { recursive: true });
  const truths: TruthLine[] = [];
  for (let i = 0; truths.length < count && i < (opts.only ? count * 50 : count); i++) {
    const spec = makeLetter(org, seed * 100_000 + i, opts);
    if (opts.only && !opts.only(spec.truth)) continue;
    const r = rng(seed * 7919 + i);
    const roll = r();
    const format: ScanFormat = roll < 0.7 ? 'pdf' : roll < 0.85 ? 'tiff' : 'png';
    const { data, effects } = await renderScan(
      spec,
      r,
      spec.pages.length > 1 && format === 'png' ? 'pdf' : format,
    );
    const ext = data.subarray(0, 4).toString('latin1') === '%PDF' ? 'pdf' : data[0] === 0x89 ? 'png' : 'tif';
    const file = path.join(dir, `${spec.id}.${ext}`);
    await fs.writeFile(file, data);
    truths.push({
      file,
      id: spec.id,
      ...spec.truth,
      words: spec.pages.map(pageWords),
      pages: effects.length,
      rotation: effects.map((e) => e.rotation),
      skew: effects.map((e) => e.skew),
    });
  }
  await fs.writeFile(path.join(dir, 'truth.jsonl'), truths.map((t) => JSON.stringify(t)).join('\n') + '\n');
  return truths;
}

export interface BatchTruth extends TruthLine {
  /** 1-based page range of the letter in the batch file, separator sheets excluded. */
  range: [number, number];
}

/**
 * One scanned batch: `count` letters with a separator sheet before each but the first, as one PDF.
 * Returns the truth of each letter with its page range in the batch.
 */
/**
 * One scanned batch of `count` letters with separator sheets between them. Duplex: every sheet is scanned
 * on both sides; letters and separator sheets are printed on one side, so each page gets an empty back.
 */
export async function writeSeparatedBatch(
  org: OrgDirectory,
  file: string,
  count: number,
  seed: number,
  opts: { duplex?: boolean } = {},
): Promise<BatchTruth[]> {
  const r = rng(seed);
  const sheet = await separatorSheet();
  const blank = await blankPdf();
  const scans: Buffer[] = [];
  const truths: BatchTruth[] = [];
  const sheetOf = async (front: Buffer) => [front, ...(opts.duplex ? (await scanPdf(blank, r)).scans : [])];
  for (let i = 0; i < count; i++) {
    if (i > 0) scans.push(...(await sheetOf((await scanPdf(sheet, r)).scans[0]!)));
    const spec = makeLetter(org, seed * 100_000 + i);
    const letter = await scanPdf(await vectorPdf(spec), r);
    const first = scans.length + 1;
    for (const page of letter.scans) scans.push(...(await sheetOf(page)));
    truths.push({
      file,
      id: spec.id,
      ...spec.truth,
      words: spec.pages.map(pageWords),
      pages: letter.scans.length,
      rotation: letter.effects.map((e) => e.rotation),
      skew: letter.effects.map((e) => e.skew),
      range: [first, scans.length],
    });
  }
  await fs.writeFile(file, await packScans(scans, 'pdf'));
  return truths;
}
