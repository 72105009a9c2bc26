// The address-field zone of a letter's first page, read once more on its own. Tesseract lays out a whole
// page into blocks and lines; where the endorsement under the address shares a baseline with a receipt
// stamp, or the address lines with the information block, it joins them and misreads both ('PERSÖNLICH
// EINGEGANGEN' read 'BE EINGEGANGEN'). Cut out, the zone is one column and reads clean.
import type { OcrLine, OcrPage, OcrWord } from './schema.ts';

/** A region of the page in pixels. */
export interface Zone {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The zone at a page's resolution: 0-110 mm across (the address field of DIN 5008 ends at 105 mm), 25-115
 * mm down (forms A and B with the endorsement zone over the field, a subject or marking under it; the
 * letterhead above is left to the page's reading, its lines run across the page).
 */
export function windowZone(width: number, height: number, dpi: number): Zone {
  const mm = dpi / 25.4;
  return {
    x0: 0,
    y0: Math.round(25 * mm),
    x1: Math.min(width, Math.round(110 * mm)),
    y1: Math.min(height, Math.round(115 * mm)),
  };
}

/** Within the zone by a margin: words near its edges may be cut there, so the page's reading stands. */
const inside = (w: OcrWord, z: Zone, m: number) =>
  w.bbox.x0 >= z.x0 && w.bbox.x1 <= z.x1 - m && w.bbox.y0 >= z.y0 + m && w.bbox.y1 <= z.y1 - m;

const mean = (ws: OcrWord[]) => ws.reduce((s, w) => s + w.confidence, 0) / Math.max(1, ws.length);

/**
 * The page's reading with the words inside the zone taken from the zone's own reading (`zone`, in the
 * cut-out's pixels); its lines stand where the page's zone lines stood. `margin`: pixels at the zone's
 * edges left to the page's reading (words there may be cut).
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
  // The zone's lines top to bottom (tesseract's block order may put a cut-off line last), one paragraph.
  const read = shifted
    .filter((l) => l.words.length)
    .sort((a, b) => a.words[0]!.bbox.y0 - b.words[0]!.bbox.y0);
  if (!read.length) return page;
  const block = [...read, { words: [] }];
  const lines: OcrLine[] = [];
  let placed = false;
  for (const line of page.lines) {
    const kept = line.words.filter((w) => !inside(w, at, margin));
    if (!placed && kept.length < line.words.length) {
      lines.push(...block);
      placed = true;
    }
    if (kept.length || !line.words.length) lines.push({ words: kept });
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
