import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recordPage } from './record-page.ts';
import { transfervermerkText } from './transfervermerk.ts';
import { SAMPLE } from '../../test/fixtures/transfervermerk.ts';

describe('the Transfervermerk page', () => {
  it('is an A4 page image with its words as a text layer where they are drawn', async () => {
    const page = await recordPage(transfervermerkText(SAMPLE));
    const meta = await sharp(page.png).metadata();
    expect([meta.width, meta.height, meta.density]).toEqual([1653, 2338, 200]);
    const words = page.ocr!.lines.flatMap((l) => l.words);
    expect(words.map((w) => w.text)).toEqual(
      expect.arrayContaining(['Transfervermerk', 'Fujitsu', 'fi-7160']),
    );
    // The first word is inked where its box says (dark pixels inside, not beside it).
    const w = words[0]!.bbox;
    const box = await sharp(page.png)
      .extract({
        left: Math.round(w.x0),
        top: Math.round(w.y0),
        width: Math.round(w.x1 - w.x0),
        height: Math.round(w.y1 - w.y0),
      })
      .stats();
    expect(box.channels[0]!.min).toBeLessThan(100);
  });
});
