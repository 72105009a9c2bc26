// Writes N scanned letters of the test family plus truth.jsonl (one line per file) into a folder, the way
// tools/letters/corpus.ts does for the training family: same file formats, same truth line shape, with
// the test family's extra fields (clerk, kind, variant, layout, ...).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { OrgDirectory } from '../../profiles/schema.ts';
import type { TruthLine } from '../letters/corpus.ts';
import { packScans, scanPdf, type ScanFormat } from '../letters/render.ts';
import { makeTestLetter, type Kind, type TestMeta, type Variant } from './family.ts';
import type { Layout, TestPage } from './layout.ts';
import { addSpecks, testVectorPdf } from './render.ts';
import { int, rng } from './util.ts';

export interface TestTruthLine extends TruthLine {
  family: 'test';
  clerk: string | null;
  kind: Kind;
  variant: Variant;
  layout: Layout;
  /** Pages with text (the rest are empty backs). */
  letterPages: number;
  blankPages: number[];
  meta: TestMeta;
}

const pageWords = (p: TestPage) => p.blocks.flatMap((b) => b.lines.join(' ').split(/\s+/)).filter(Boolean);

/** Seed of the i-th letter of a corpus. */
export const letterSeed = (seed: number, i: number) => seed * 100_000 + i;

export async function writeTestCorpus(
  org: OrgDirectory,
  dir: string,
  count: number,
  seed: number,
): Promise<TestTruthLine[]> {
  await fs.mkdir(dir, { recursive: true });
  const truths: TestTruthLine[] = [];
  for (let i = 0; i < count; i++) {
    const spec = makeTestLetter(org, letterSeed(seed, i));
    const r = rng((seed * 104_729 + i * 31 + 0x7e57) >>> 0);
    const roll = r();
    let format: ScanFormat = roll < 0.65 ? 'pdf' : roll < 0.85 ? 'tiff' : 'png';
    if (spec.pages.length > 1 && format === 'png') format = 'pdf';
    const { scans, effects } = await scanPdf(await testVectorPdf(spec.pages), r);
    if (spec.meta.specks)
      for (let p = 0; p < scans.length; p++)
        if (!spec.pages[p]!.blank) scans[p] = await addSpecks(scans[p]!, r, int(r, 3000, 9000));
    const data = await packScans(scans, format);
    const ext = data.subarray(0, 4).toString('latin1') === '%PDF' ? 'pdf' : data[0] === 0x89 ? 'png' : 'tif';
    const file = path.join(dir, `${spec.id}.${ext}`);
    await fs.writeFile(file, data);
    truths.push({
      file,
      id: spec.id,
      ...spec.truth,
      family: 'test',
      kind: spec.meta.kind,
      variant: spec.meta.variant,
      layout: spec.meta.layout,
      letterPages: spec.meta.letterPages,
      blankPages: spec.meta.blankPages,
      words: spec.pages.map(pageWords),
      pages: effects.length,
      rotation: effects.map((e) => e.rotation),
      skew: effects.map((e) => e.skew),
      meta: spec.meta,
    });
  }
  await fs.writeFile(path.join(dir, 'truth.jsonl'), truths.map((t) => JSON.stringify(t)).join('\n') + '\n');
  return truths;
}
