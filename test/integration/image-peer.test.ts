// Image correction on the peer corpus (OCRmyPDF test resources) with the real orientation detector.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { PEER } from '../helpers.ts';
import { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { measureSkew, normalizePage } from '../../pipeline/normalize/core.ts';
import { openInput } from '../../pipeline/split/decode.ts';
import { isBlank } from '../../pipeline/split/blank.ts';
import { wordAccuracy } from '../../tools/letters/accuracy.ts';

const engine = new OcrEngine(1);
afterAll(() => engine.close());

async function pages(file: string) {
  const { pages } = await openInput('pdf', fs.readFileSync(path.join(PEER, file)), {
    dpi: 200,
    maxPagePixels: 36e6,
    maxPages: 10,
  });
  const out = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('image correction (peer corpus)', () => {
  it('turns all four pages of cardinal.pdf upright', async () => {
    const rotations = [];
    for (const p of await pages('ocrmypdf/cardinal.pdf')) {
      const n = await normalizePage(p.png, { detectOrientation: (x) => engine.detectOrientation(x) });
      rotations.push(n.rotation);
      // Upright means: portrait, and the detector sees nothing left to turn.
      const meta = await sharp(n.png).metadata();
      expect(meta.height!).toBeGreaterThan(meta.width!);
      expect((await engine.detectOrientation(n.png))?.degrees ?? 0).toBe(0);
    }
    expect(new Set(rotations)).toEqual(new Set([0, 90, 180, 270]));
  }, 60_000);

  it.each(['ocrmypdf/skew.pdf', 'ocrmypdf/rotated_skew.pdf'])(
    'straightens %s',
    async (file) => {
      const [p] = await pages(file);
      const n = await normalizePage(p!.png, { detectOrientation: (x) => engine.detectOrientation(x) });
      expect(Math.abs(n.skew)).toBeGreaterThan(0.5);
      expect(Math.abs(await measureSkew(n.png))).toBeLessThanOrEqual(0.2);
      expect((await engine.detectOrientation(n.png))?.degrees ?? 0).toBe(0);
    },
    60_000,
  );

  it.each(['ocrmypdf/blank.pdf', 'ocrmypdf/no_contents.pdf'])('detects %s as blank', async (file) => {
    const [p] = await pages(file);
    expect(await isBlank(p!.png)).toBe(true);
  });

  it('reads linn.png (two columns, English) close to its ground truth', async () => {
    const data = fs.readFileSync(path.join(PEER, 'ocrmypdf/linn.png'));
    const { pages: it } = await openInput('png', data, { dpi: 300, maxPagePixels: 36e6, maxPages: 1 });
    const page = (await it.next()).value!;
    const n = await normalizePage(page.png, { detectOrientation: (x) => engine.detectOrientation(x) });
    const ocr = await engine.recognize(n.png, 120_000);
    const text = ocr.lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
    const truth = fs.readFileSync(path.join(PEER, 'ocrmypdf/linn.txt'), 'utf8').split(/\s+/);
    expect(wordAccuracy(truth, text)).toBeGreaterThan(0.85);
  }, 60_000);

  it('does not call a text page blank', async () => {
    const [p] = await pages('ocrmypdf/linn.pdf');
    expect(await isBlank(p!.png)).toBe(false);
  });
});
