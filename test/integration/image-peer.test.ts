// Image correction on the peer corpus (OCRmyPDF test resources) with the real orientation detector.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describePeer, PEER } from '../helpers.ts';
import { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { measureSkew, normalizePage } from '../../pipeline/normalize/core.ts';
import { DEFAULT_DECODE, pagePngs } from '../../pipeline/split/decode.ts';
import { encodePng } from '../../pipeline/image/raster.ts';
import { isBlank } from '../../pipeline/split/blank.ts';
import { wordAccuracy } from '../../tools/letters/accuracy.ts';

const engine = new OcrEngine(1);
afterAll(() => engine.close());

async function pages(file: string) {
  return pagePngs(fs.readFileSync(path.join(PEER, file)), { ...DEFAULT_DECODE, dpi: 200 });
}

describePeer('image correction', () => {
  it('turns all four pages of cardinal.pdf upright', async () => {
    const rotations = [];
    for (const p of await pages('ocrmypdf/cardinal.pdf')) {
      const n = await normalizePage(p, { detectOrientation: (x) => engine.detectOrientation(x) });
      rotations.push(n.rotation);
      // Upright means: portrait, and the detector sees nothing left to turn.
      expect(n.raster.height).toBeGreaterThan(n.raster.width);
      expect((await engine.detectOrientation(await encodePng(n.raster)))?.degrees ?? 0).toBe(0);
    }
    expect(new Set(rotations)).toEqual(new Set([0, 90, 180, 270]));
  }, 60_000);

  it.each(['ocrmypdf/skew.pdf', 'ocrmypdf/rotated_skew.pdf'])(
    'straightens %s',
    async (file) => {
      const [p] = await pages(file);
      const n = await normalizePage(p!, { detectOrientation: (x) => engine.detectOrientation(x) });
      expect(Math.abs(n.skew)).toBeGreaterThan(0.5);
      expect(Math.abs(await measureSkew(n.raster))).toBeLessThanOrEqual(0.2);
      expect((await engine.detectOrientation(await encodePng(n.raster)))?.degrees ?? 0).toBe(0);
    },
    60_000,
  );

  it.each(['ocrmypdf/blank.pdf', 'ocrmypdf/no_contents.pdf'])('detects %s as blank', async (file) => {
    const [p] = await pages(file);
    expect(await isBlank(p!)).toBe(true);
  });

  it('reads linn.png (two columns, English) close to its ground truth', async () => {
    const [page] = await pagePngs(path.join(PEER, 'ocrmypdf/linn.png'));
    const n = await normalizePage(page!, { detectOrientation: (x) => engine.detectOrientation(x) });
    const ocr = await engine.recognize(await encodePng(n.raster), 120_000);
    const text = ocr.lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');
    const truth = fs.readFileSync(path.join(PEER, 'ocrmypdf/linn.txt'), 'utf8').split(/\s+/);
    expect(wordAccuracy(truth, text)).toBeGreaterThan(0.85);
  }, 60_000);

  it('does not call a text page blank', async () => {
    const [p] = await pages('ocrmypdf/linn.pdf');
    expect(await isBlank(p!)).toBe(false);
  });
});
