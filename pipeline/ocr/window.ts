// The two columns of a letter's head on its first page, each read once more on its own: the address
// field (with endorsements) and the information block beside it (references, date, a receipt stamp).
// Tesseract lays out a whole page into blocks and lines; where the endorsement under the address shares a
// baseline with a receipt stamp, or the address lines with the information block, it joins them and
// misreads both ('PERSÖNLICH EINGEGANGEN' read 'BE EINGEGANGEN', '15.10.2026' read '151012026'). Cut out,
// each zone is one column and reads clean.
import { columnGap } from './lines.ts';
import type { OcrLine, OcrPage, OcrWord } from './schema.ts';

/** A region of the page in pixels. */
export interface Zone {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The zones at a page's resolution, 25-115 mm down (DIN 5008 forms A and B with the endorsement zone over
 * the field, a subject or marking under it; the letterhead above is left to the page's reading, its lines
 * run across the page): the address field 0-110 mm across (it ends at 105 mm), the information block from
 * 110 mm to the right edge.
 */
export function headZones(width: number, height: number, dpi: number): Zone[] {
  const mm = dpi / 25.4;
  const [y0, y1, split] = [Math.round(25 * mm), Math.min(height, Math.round(115 * mm)), Math.round(110 * mm)];
  if (width <= split) return [{ x0: 0, y0, x1: width, y1 }];
  return [
    { x0: 0, y0, x1: split, y1 },
    { x0: split, y0, x1: width, y1 },
  ];
}

/** Within the zone by a margin: words near its edges may be cut there, so the page's reading stands. */
const inside = (w: OcrWord, z: Zone, m: number) =>
  w.bbox.x0 >= z.x0 + (z.x0 > 0 ? m : 0) &&
  w.bbox.x1 <= z.x1 - m &&
  w.bbox.y0 >= z.y0 + m &&
  w.bbox.y1 <= z.y1 - m;

const mean = (ws: OcrWord[]) => ws.reduce((s, w) => s + w.confidence, 0) / Math.max(1, ws.length);

/** Two lines in one row: their heights overlap by half. */
const sameRow = (a: OcrLine, b: OcrLine) => {
  const top = (l: OcrLine) => Math.min(...l.words.map((w) => w.bbox.y0));
  const bottom = (l: OcrLine) => Math.max(...l.words.map((w) => w.bbox.y1));
  const overlap = Math.min(bottom(a), bottom(b)) - Math.max(top(a), top(b));
  return overlap >= 0.5 * Math.min(bottom(a) - top(a), bottom(b) - top(b));
};

/** Where tesseract read a line's words left to right with a word inside the zone next to one outside: the gaps. */
function edgeGaps(line: OcrLine, at: Zone, margin: number): number[] {
  const byX = [...line.words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
  const gaps: number[] = [];
  for (let i = 1; i < byX.length; i++)
    if (inside(byX[i]!, at, margin) !== inside(byX[i - 1]!, at, margin))
      gaps.push(byX[i]!.bbox.x0 - byX[i - 1]!.bbox.x1);
  return gaps;
}

/** A row tesseract joined from two columns: words in and out of the zone, more than two text heights apart. */
const joined = (line: OcrLine, at: Zone, margin: number) => {
  const gaps = edgeGaps(line, at, margin);
  return gaps.length > 0 && gaps.every((g) => g > columnGap(line.words));
};

/**
 * The page's reading with the words inside the zone taken from the zone's own reading (`zone`, in the
 * cut-out's pixels); its lines stand where the page's zone lines stood. `margin`: pixels at the zone's
 * edges left to the page's reading (words there may be cut). A line that runs on over the zone's edge (a
 * subject, a letterhead line) stays as the page read it, and the zone's reading of its row is dropped; a
 * row tesseract joined from two columns (a gap of more than two text heights at the edge: the address and
 * the information block, a marking and a stamp) is two columns, and the zone's part is read anew.
 */
export function withZone(page: OcrPage, zone: OcrPage, at: Zone, margin: number): OcrPage {
  const shifted: OcrLine[] = zone.lines.map((l) => ({
    words: l.words
      .map((w) => ({
        ...w,
        bbox: { x0: w.bbox.x0 + at.x0, y0: w.bbox.y0 + at.y0, x1: w.bbox.x1 + at.x0, y1: w.bbox.y1 + at.y0 },
      }))
      .filter((w) => inside(w, at, margin)),
  }));
  const kept = new Map<OcrLine, OcrWord[]>();
  const runOn: OcrLine[] = [];
  for (const line of page.lines) {
    const out = line.words.filter((w) => !inside(w, at, margin));
    const ins = line.words.filter((w) => inside(w, at, margin));
    if (!ins.length || !out.length) {
      kept.set(line, out);
      continue;
    }
    if (joined(line, at, margin)) kept.set(line, out);
    else {
      kept.set(line, line.words);
      runOn.push(line);
    }
  }
  // The zone's lines top to bottom (tesseract's block order may put a cut-off line last), one paragraph.
  const read = shifted
    .filter((l) => l.words.length && !runOn.some((r) => sameRow(r, l)))
    .sort((a, b) => a.words[0]!.bbox.y0 - b.words[0]!.bbox.y0);
  if (!read.length) return page;
  const block = [...read, { words: [] }];
  const lines: OcrLine[] = [];
  let placed = false;
  for (const line of page.lines) {
    const words = kept.get(line)!;
    if (!placed && words.length < line.words.length) {
      lines.push(...block);
      placed = true;
    }
    if (words.length || !line.words.length) lines.push({ words });
  }
  if (!placed) {
    // No word of the page's own reading stood in the zone: the zone's lines go where they stand on the page.
    const top = read[0]!.words[0]!.bbox.y0;
    const i = lines.findIndex((l) => l.words.length && l.words[0]!.bbox.y0 > top);
    lines.splice(i < 0 ? lines.length : i, 0, ...block);
  }
  const all = lines.flatMap((l) => l.words);
  return { ...page, lines, meanConfidence: mean(all) / 100 };
}
