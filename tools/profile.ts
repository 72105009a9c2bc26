// npm run profile -- [--pages 6] [--seed 3] : milliseconds per processing step of one page, measured in
// isolation on generated 300 dpi scans (one core, engines warm). Shows where a page's time goes before
// anything is optimised; `npm run bench` measures the whole pipeline.
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadOrg } from '../profiles/load.ts';
import { makeLetter, rng } from './letters/spec.ts';
import { renderScan } from './letters/render.ts';
import { openInput } from '../pipeline/split/decode.ts';
import { encodePng } from '../pipeline/image/raster.ts';
import { pageKind, type BarcodeFormat } from '../pipeline/split/separator.ts';
import { normalizePage } from '../pipeline/normalize/core.ts';
import { ocrCopyPng } from '../pipeline/image/components.ts';
import { OcrEngine } from '../pipeline/ocr/engine.ts';
import { assemblePdf } from '../pipeline/assemble/core.ts';
import { textOnly } from '../pipeline/assemble/auto.ts';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: '6' }, seed: { type: 'string', default: '3' } },
});
sharp.cache(false);
sharp.concurrency(1);
const org = loadOrg();
const times = new Map<string, number[]>();
async function time<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const v = await fn();
  times.set(step, [...(times.get(step) ?? []), performance.now() - t]);
  return v;
}

const engine = new OcrEngine(1);
const separator = { values: ['PATCHT'], formats: ['Code128', 'Code39', 'QRCode'] as BarcodeFormat[] };
let done = 0;
for (let i = 0; done < Number(values.pages); i++) {
  const spec = makeLetter(org, Number(values.seed) * 1000 + i);
  const { data } = await renderScan(spec, rng(i), 'pdf');
  const input = await openInput(data);
  const it = input.pages(1)[Symbol.asyncIterator]();
  for (;;) {
    const next = await time('split: page image + preview', () => it.next());
    if (next.done) break;
    const page = next.value;
    await time('split: barcode + blank', () => pageKind(page.preview, separator));
    const raster = await time('normalize: decode', async () => {
      const r = await sharp(page.image)
        .rotate(page.orient)
        .toColourspace('b-w')
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { data: r.data, width: r.info.width, height: r.info.height, dpi: page.dpiX };
    });
    const n = await time('normalize (OSD, crop, deskew)', () =>
      normalizePage(raster, {
        detectOrientation: (p) => time('  of which OSD', () => engine.detectOrientation(p)),
      }),
    );
    const png = await time('normalize: encode PNG', () => encodePng(n.raster));
    const clean = await time('ocr: specks and rules', () => ocrCopyPng(png));
    const ocr = await time('ocr: tesseract', () => engine.recognize(clean, 120_000));
    await time('assemble: text-only check', () => textOnly(png));
    await time('assemble: G4 + PDF', () =>
      assemblePdf([{ png, ocr, bitonal: true }], {
        jpegQuality: 75,
        title: null,
        subject: null,
        keywords: [],
        created: new Date(),
        part: 2,
        id: 'test',
        transfervermerk: null,
      }),
    );
    done++;
  }
  await input.close();
}
await engine.close();
console.log(`profile: ${done} pages, ms per page (mean, min-max)`);
let total = 0;
for (const [step, ms] of times) {
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  if (!step.startsWith(' ')) total += mean;
  console.log(
    `  ${step.padEnd(32)} ${mean.toFixed(0).padStart(6)}  (${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)})`,
  );
}
console.log(`  ${'total per page'.padEnd(32)} ${total.toFixed(0).padStart(6)}`);
