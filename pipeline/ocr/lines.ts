// OCR pages as the lines the extractors and routing read.
import type { TextLine } from '../../classifiers/text.ts';
import type { OcrPage, OcrWord } from './schema.ts';

/** Punctuation-only "words" at the edge of a line are specks read as text. */
const SPECK = /^[|;:,.'"`~_()[\]{}!^°*+=\\/-]+$/;

/** The gap between two words of a line that parts columns: twice the line's median word height. */
export function columnGap(words: OcrWord[]): number {
  const heights = words.map((w) => w.bbox.y1 - w.bbox.y0).sort((a, b) => a - b);
  return 2 * (heights[Math.floor(heights.length / 2)] ?? 30);
}

/**
 * OCR pages as the lines the extractors read. Tesseract joins columns that share a baseline (address
 * block and date block, the DIN reference line); a gap wider than twice the text height splits them into
 * segments of the same row, each with its word positions.
 */
export function toTextLines(pages: Array<OcrPage | null>): TextLine[] {
  const out: TextLine[] = [];
  let row = 0;
  pages.forEach((page, i) => {
    // Millimetres per pixel: from the page width (A4), else 300 dpi.
    const mm = page?.width ? 210 / Math.min(page.width, page.height ?? page.width) : 25.4 / 300;
    for (const line of page?.lines ?? []) {
      const words = line.words.filter((w) => w.text.trim() !== '');
      while (words.length && SPECK.test(words[0]!.text)) words.shift();
      while (words.length && SPECK.test(words[words.length - 1]!.text)) words.pop();
      if (!words.length) {
        if (out.length && !out[out.length - 1]!.para) out.push({ text: '', page: i + 1, para: true });
        continue;
      }
      const gap = columnGap(words);
      let seg: OcrWord[] = [];
      const flush = () => {
        if (seg.length)
          out.push({
            text: seg.map((w) => w.text.replace(/\s+/g, '')).join(' '),
            xs: seg.map((w) => [w.bbox.x0, w.bbox.x1]),
            page: i + 1,
            row,
            box: {
              x0: Math.min(...seg.map((w) => w.bbox.x0)) * mm,
              y0: Math.min(...seg.map((w) => w.bbox.y0)) * mm,
              x1: Math.max(...seg.map((w) => w.bbox.x1)) * mm,
              y1: Math.max(...seg.map((w) => w.bbox.y1)) * mm,
            },
          });
        seg = [];
      };
      for (const w of words) {
        const prev = seg[seg.length - 1];
        if (prev && w.bbox.x0 - prev.bbox.x1 > gap) flush();
        seg.push(w);
      }
      flush();
      row++;
    }
  });
  return out;
}
