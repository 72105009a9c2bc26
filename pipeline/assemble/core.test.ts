import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { DEFAULT_DECODE, pagePngs } from '../split/decode.ts';
import { textLikePage } from '../../test/fixtures/pages.ts';
import type { OcrPage } from '../ocr/schema.ts';
import { assemblePdf } from './core.ts';

const word = (text: string, x0: number, y0: number) => ({
  text,
  confidence: 95,
  bbox: { x0, y0, x1: x0 + 20 * text.length, y1: y0 + 30 },
});

describe('assemblePdf', () => {
  it('puts the page image at its physical size and the OCR words as findable text', async () => {
    const ocr: OcrPage = {
      meanConfidence: 0.95,
      lines: [
        { words: [word('Grundsteuerbescheid', 100, 100), word('Müßiggang', 600, 100)] },
        { words: [word('Euro€', 100, 200)] },
      ],
    };
    const bytes = await assemblePdf(
      [
        { png: await textLikePage(), ocr, bitonal: false },
        { png: await textLikePage(), ocr: null, bitonal: true },
      ],
      {
        jpegQuality: 75,
        title: 'Betreff',
        subject: 'Betreff',
        keywords: ['letter'],
        created: new Date('2026-11-02T10:00:00Z'),
        part: 2,
        id: 'test',
        transfervermerk: null,
      },
    );
    const doc = await pdfjs.getDocument({ data: bytes, verbosity: 0 }).promise;
    expect(doc.numPages).toBe(2);
    const page = await doc.getPage(1);
    const vp = page.getViewport({ scale: 1 });
    expect([Math.round(vp.width), Math.round(vp.height)]).toEqual([595, 842]); // 1240 x 1754 px at 150 dpi = A4
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toContain('Grundsteuerbescheid');
    expect(text).toContain('Müßiggang');
    expect(text).toContain('Euro€');
    expect((await doc.getMetadata()).info).toMatchObject({ Title: 'Betreff', Producer: 'poststelle' });
  });

  it('writes bitonal pages as CCITT G4 that decodes back to the same pixels', async () => {
    const png = await textLikePage();
    const bytes = await assemblePdf([{ png, ocr: null, bitonal: true }], {
      jpegQuality: 75,
      title: null,
      subject: null,
      keywords: [],
      created: new Date(),
      part: 2,
      id: 'test',
      transfervermerk: null,
    });
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain('/CCITTFaxDecode');
    expect(raw).not.toContain('/JBIG2Decode');
    expect(bytes.length).toBeLessThan(60_000);
    // Render the page back and compare with the thresholded original.
    const [back] = await pagePngs(Buffer.from(bytes), { ...DEFAULT_DECODE, dpi: 150 });
    const meta = await sharp(back).metadata();
    const a = await sharp(back).threshold(128).extractChannel(0).raw().toBuffer();
    const b = await sharp(png).threshold(128).extractChannel(0).raw().toBuffer();
    expect(meta.width! * meta.height!).toBe(1240 * 1754);
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    expect(diff / a.length).toBeLessThan(0.001);
  });
});
