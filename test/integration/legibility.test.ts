// Compression must not cost legibility: OCR word accuracy on the page as it goes into the PDF (bitonal,
// thresholded for G4) may fall at most 0.5 points below the page as scanned and normalised.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverableLetters, tmpDir } from '../helpers.ts';
import { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { normalizePage } from '../../pipeline/normalize/core.ts';
import { pagePngs } from '../../pipeline/split/decode.ts';
import { encodePng } from '../../pipeline/image/raster.ts';
import { textOnly } from '../../pipeline/assemble/auto.ts';
import { G4_THRESHOLD } from '../../pipeline/assemble/g4.ts';
import { wordAccuracy } from '../../tools/letters/accuracy.ts';

const engine = new OcrEngine(2);
afterAll(() => engine.close());
const text = async (png: Buffer) =>
  (await engine.recognize(png, 120_000)).lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n');

describe('legibility after compression', () => {
  it('bitonal output of text pages reads at least as well as the greyscale page', async () => {
    // Six generated letters; per page OCR varies by a few points either way, so the check is on the mean.
    const letters = [
      ...(await deliverableLetters(tmpDir('legibility'), 3, 515)),
      ...(await deliverableLetters(tmpDir('legibility'), 3, 3)),
    ];
    const raw: number[] = [];
    const bitonal: number[] = [];
    for (const t of letters) {
      const [page] = await pagePngs(t.file);
      const { raster } = await normalizePage(page!, {
        detectOrientation: (p) => engine.detectOrientation(p),
      });
      const png = await encodePng(raster);
      expect(await textOnly(png)).toBe(true);
      const thresholded = await sharp(png).threshold(G4_THRESHOLD).withDensity(300).png().toBuffer();
      const [a, b] = await Promise.all([text(png), text(thresholded)]);
      raw.push(wordAccuracy(t.words[0]!, a));
      bitonal.push(wordAccuracy(t.words[0]!, b));
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    expect(mean(raw)).toBeGreaterThan(0.9);
    expect(mean(bitonal)).toBeGreaterThanOrEqual(mean(raw) - 0.005);
  }, 300_000);
});
