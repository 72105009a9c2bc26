// The Transfervermerk as a last page for people (per profile: `transfervermerkPage`): its text set in
// Helvetica on an A4 page, rasterised like a scan (so the PDF/A embeds no visible font), with the text
// layer taken from the layout itself (no OCR needed: every word's box is known).
import sharp from 'sharp';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { pagePngs } from '../split/decode.ts';
import type { OcrPage } from '../ocr/schema.ts';
import type { AssemblePage } from './core.ts';

const A4 = [595.28, 841.89] as const;
const MARGIN = 56;
const SIZE = 9;
const LEADING = SIZE * 1.45;
const DPI = 200;

/** Characters Helvetica (WinAnsi) cannot show become '?' (names stay findable in the XML). */
function encodable(font: PDFFont, text: string): string {
  const charset = new Set(font.getCharacterSet());
  return [...text].map((c) => (charset.has(c.codePointAt(0)!) ? c : '?')).join('');
}

/** Breaks a line at spaces so it fits `width` points (continuations indented). */
function wrap(font: PDFFont, line: string, width: number): string[] {
  const indent = /^\s*/.exec(line)![0];
  const out: string[] = [];
  let current = '';
  for (const word of line.trim().split(/\s+/)) {
    const next = current ? `${current} ${word}` : `${indent}${word}`;
    if (current && font.widthOfTextAtSize(next, SIZE) > width) {
      out.push(current);
      current = `${indent}    ${word}`;
    } else current = next;
  }
  if (current) out.push(current);
  return out;
}

/** The page (a grey PNG at 200 dpi) and its text layer; text that does not fit ends with a note. */
export async function recordPage(text: string): Promise<AssemblePage> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([...A4]);
  const k = DPI / 72;
  const lines = text
    .trimEnd()
    .split('\n')
    .flatMap((l) => wrap(font, encodable(font, l), A4[0] - 2 * MARGIN));
  const fit = Math.floor((A4[1] - 2 * MARGIN) / LEADING);
  const shown =
    lines.length > fit
      ? [...lines.slice(0, fit - 1), '  ... (vollständig im angehängten transfervermerk.xml)']
      : lines;
  const ocr: OcrPage = { lines: [], meanConfidence: 1 };
  shown.forEach((line, i) => {
    const baseline = A4[1] - MARGIN - (i + 1) * LEADING;
    page.drawText(line, { x: MARGIN, y: baseline, size: SIZE, font, color: rgb(0, 0, 0) });
    const words = [];
    let x = MARGIN + font.widthOfTextAtSize(/^\s*/.exec(line)![0], SIZE);
    for (const word of line.trim().split(/\s+/).filter(Boolean)) {
      const w = font.widthOfTextAtSize(word, SIZE);
      const top = A4[1] - baseline - SIZE * 0.8;
      words.push({
        text: word,
        confidence: 100,
        bbox: { x0: x * k, y0: top * k, x1: (x + w) * k, y1: (top + SIZE) * k },
      });
      x += w + font.widthOfTextAtSize(' ', SIZE);
    }
    ocr.lines.push({ words });
  });
  const [raster] = await pagePngs(Buffer.from(await doc.save()), {
    dpi: DPI,
    maxPagePixels: 36_000_000,
    maxPages: 1,
    maxImagePixels: 36_000_000,
  });
  const png = await sharp(raster!).withMetadata({ density: DPI }).png().toBuffer();
  return { png, ocr, bitonal: true };
}
