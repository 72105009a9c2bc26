// npm run bench:image -- --pages 12 : image correction and compression on generated pages with known
// rotation/skew and on the peer files. Prints orientation accuracy, deskew residual (mean/max), blank-page
// precision/recall, bytes per page (JPEG grey and G4 bitonal), ms per page; with `ocrmypdf` on PATH also
// the bytes per page of `ocrmypdf -O1` on the same pages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrg } from '../profiles/load.ts';
import { OcrEngine } from '../pipeline/ocr/engine.ts';
import { normalizePage } from '../pipeline/normalize/core.ts';
import { pagePngs } from '../pipeline/split/decode.ts';
import { encodePng } from '../pipeline/image/raster.ts';
import { isBlank } from '../pipeline/split/blank.ts';
import { assemblePdf } from '../pipeline/assemble/core.ts';
import { blankPage, textLikePage } from '../test/fixtures/pages.ts';
import { writeCorpus } from './letters/corpus.ts';
import { ocrmypdfInstalled, runOcrmypdf } from './letters/ocrmypdf.ts';
import { wordAccuracy } from './letters/accuracy.ts';
import { textOnly } from '../pipeline/assemble/auto.ts';
import sharp from 'sharp';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: '12' }, seed: { type: 'string', default: '3' } },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-bench-image-'));
const truths = await writeCorpus(loadOrg(), path.join(work, 'in'), Number(values.pages), Number(values.seed));
const engine = new OcrEngine(1);
const detect = (p: Buffer) => engine.detectOrientation(p);
const decode = (file: string) => pagePngs(file);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

// Orientation and deskew on generated pages.
let right = 0;
let total = 0;
const residual: number[] = [];
const normalizeMs: number[] = [];
const normalized: Buffer[] = [];
const printed: string[][] = [];
for (const t of truths) {
  const pages = await decode(t.file);
  for (const [i, p] of pages.entries()) {
    const t0 = performance.now();
    const n = await normalizePage(p, { detectOrientation: detect });
    normalizeMs.push(performance.now() - t0);
    normalized.push(await encodePng(n.raster));
    printed.push(t.words[i] ?? []);
    total++;
    if (n.rotation === t.rotation[i]) right++;
    residual.push(Math.abs(n.skew - t.skew[i]!));
  }
}
// Orientation on cardinal.pdf.
let cardinalRight = 0;
const cardinal = await decode(
  path.join(import.meta.dirname, '../../shared/corpus/peer/ocrmypdf/cardinal.pdf'),
).catch(() => []);
for (const p of cardinal) {
  const n = await normalizePage(p, { detectOrientation: detect });
  if (((await detect(await encodePng(n.raster)))?.degrees ?? 0) === 0) cardinalRight++;
}

// Blank pages: empty backs (specks, bleed-through) vs pages with a mark or text.
const blanks = [await blankPage(), await blankPage({ bleed: true })];
const marked = [
  await blankPage({ mark: 'initials' }),
  await blankPage({ mark: 'stamp' }),
  await textLikePage({ rows: 2 }),
  ...normalized.slice(0, 4),
];
let tp = 0;
let fp = 0;
for (const b of blanks) if (await isBlank(b)) tp++;
for (const m of marked) if (await isBlank(m)) fp++;
const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = tp / blanks.length;

// Bytes per page.
const bytes = async (bitonal: boolean) => {
  const t0 = performance.now();
  const pdf = await assemblePdf(
    normalized.map((png) => ({ png, ocr: null, bitonal })),
    {
      jpegQuality: 75,
      title: null,
      subject: null,
      keywords: [],
      created: new Date(),
      part: 2,
      id: 'bench',
      transfervermerk: null,
    },
  );
  return { perPage: pdf.length / normalized.length, ms: (performance.now() - t0) / normalized.length };
};
const jpeg = await bytes(false);
const g4 = await bytes(true);

// Legibility: OCR word accuracy on the page as normalised and after thresholding for G4 (G4 itself is
// lossless over the thresholded page), and which pages the auto mode would send bitonal.
const ocrText = async (png: Buffer) =>
  (await engine.recognize(png, 120_000)).lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
const rawAcc: number[] = [];
const g4Acc: number[] = [];
let autoBitonal = 0;
for (const [i, png] of normalized.entries()) {
  if (await textOnly(png)) autoBitonal++;
  if (i >= 6) continue;
  rawAcc.push(wordAccuracy(printed[i]!, await ocrText(png)));
  const { density = 300 } = await sharp(png).metadata();
  g4Acc.push(
    wordAccuracy(
      printed[i]!,
      await ocrText(await sharp(png).threshold(128).withDensity(density).png().toBuffer()),
    ),
  );
}
await engine.close();

console.log(
  `\nbench:image ${new Date().toISOString()}, ${os.cpus().length} cores, ${total} generated pages (seed ${values.seed})`,
);
console.log(
  `orientation: ${((100 * right) / total).toFixed(1)} % of generated pages, ${cardinalRight}/${cardinal.length} of cardinal.pdf upright`,
);
console.log(
  `deskew residual: mean ${mean(residual).toFixed(3)} deg, max ${Math.max(...residual).toFixed(3)} deg`,
);
console.log(
  `blank pages: precision ${(100 * precision).toFixed(0)} %, recall ${(100 * recall).toFixed(0)} % (${blanks.length} blank, ${marked.length} marked or text)`,
);
console.log(`normalize: ${mean(normalizeMs).toFixed(0)} ms per page (orientation + deskew)`);
console.log(
  `legibility (OCR word accuracy, ${rawAcc.length} pages): raw ${(100 * mean(rawAcc)).toFixed(1)} %, bitonal ${(100 * mean(g4Acc)).toFixed(1)} % (${(100 * (mean(g4Acc) - mean(rawAcc))).toFixed(1)} points); auto mode sends ${autoBitonal}/${normalized.length} pages bitonal`,
);
console.log(
  `output without text layer: JPEG q75 grey ${(jpeg.perPage / 1024).toFixed(0)} KB/page (${jpeg.ms.toFixed(0)} ms), G4 bitonal ${(g4.perPage / 1024).toFixed(0)} KB/page (${g4.ms.toFixed(0)} ms)`,
);

if (ocrmypdfInstalled()) {
  const run = runOcrmypdf(
    truths.map((t) => t.file),
    path.join(work, 'ocrmypdf'),
  );
  const theirs = run.bytes / Math.max(1, total);
  console.log(
    `ocrmypdf -O1: ${(theirs / 1024).toFixed(0)} KB/page; G4/ocrmypdf ${(g4.perPage / theirs).toFixed(2)}x, JPEG/ocrmypdf ${(jpeg.perPage / theirs).toFixed(2)}x`,
  );
} else {
  console.log('ocrmypdf not installed: no comparison');
}
fs.rmSync(work, { recursive: true, force: true });
