// The text lines a perfect OCR would read from a generated letter: words placed as the renderer places
// them, rows of one baseline joined and split into segments at wide gaps as pipeline/ocr/lines.ts does.
// For tuning the extractors on many layouts in milliseconds; real OCR (tools/ocr-corpus.ts) adds the
// misreadings.
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { TextLine } from '../../classifiers/text.ts';
import { FACES, lineLeft, type LetterSpec } from './base.ts';

const PT = 25.4 / 72;
const PX = 300 / 25.4;

interface Word {
  text: string;
  x0: number;
  x1: number;
  base: number;
  size: number;
}

const fonts = new Map<string, PDFFont>();

/** The lines of every page of `spec`, in reading order, with word positions and boxes. */
export async function specLines(spec: LetterSpec): Promise<TextLine[]> {
  const pdf = await PDFDocument.create();
  for (const b of spec.pages.flatMap((p) => p.blocks)) {
    const name = FACES[b.font ?? 'sans'][b.bold ? 1 : 0];
    if (!fonts.has(name)) fonts.set(name, await pdf.embedFont(name as StandardFonts));
  }
  const out: TextLine[] = [];
  let row = 0;
  spec.pages.forEach((page, p) => {
    const words: Word[] = [];
    for (const b of page.blocks) {
      const font = fonts.get(FACES[b.font ?? 'sans'][b.bold ? 1 : 0])!;
      const width = (s: string) => font.widthOfTextAtSize(s, b.size) * PT;
      b.lines.forEach((line, i) => {
        if (!line.trim()) return;
        const base = b.y + (i + 1) * b.size * 1.35 * PT;
        let x = lineLeft(b, width(line));
        for (const w of line.split(' ')) {
          if (w) words.push({ text: w, x0: x, x1: x + width(w), base, size: b.size });
          x += width(w + ' ');
        }
      });
    }
    // Rows: words whose baselines lie within a third of a line of each other.
    words.sort((a, b) => a.base - b.base || a.x0 - b.x0);
    const rows: Word[][] = [];
    for (const w of words) {
      const last = rows[rows.length - 1];
      if (last && Math.abs(last[0]!.base - w.base) < 0.4 * w.size * PT) last.push(w);
      else rows.push([w]);
    }
    for (const r of rows) {
      r.sort((a, b) => a.x0 - b.x0);
      let seg: Word[] = [];
      const flush = () => {
        if (!seg.length) return;
        const top = Math.min(...seg.map((w) => w.base - 0.72 * w.size * PT));
        const bottom = Math.max(...seg.map((w) => w.base + 0.21 * w.size * PT));
        out.push({
          text: seg.map((w) => w.text).join(' '),
          xs: seg.map((w) => [Math.round(w.x0 * PX), Math.round(w.x1 * PX)]),
          page: p + 1,
          row,
          box: { x0: seg[0]!.x0, y0: top, x1: seg[seg.length - 1]!.x1, y1: bottom },
        });
        seg = [];
      };
      for (const w of r) {
        const prev = seg[seg.length - 1];
        if (prev && w.x0 - prev.x1 > 2 * 0.93 * w.size * PT) flush();
        seg.push(w);
      }
      flush();
      row++;
    }
    out.push({ text: '', page: p + 1, para: true });
  });
  return out;
}
