import { describe, expect, it } from 'vitest';
import { toTextLines } from './lines.ts';
import type { OcrLine, OcrPage } from './schema.ts';
import type { Zone } from './window.ts';
import { headZones, withZone } from './window.ts';

const MM = 300 / 25.4;
/** A line of words at (x, y) mm, each word 20 mm wide, 4 mm high. */
const line = (x: number, y: number, ...texts: string[]): OcrLine => ({
  words: texts.map((text, i) => ({
    text,
    confidence: 90,
    bbox: {
      x0: Math.round((x + 22 * i) * MM),
      y0: Math.round(y * MM),
      x1: Math.round((x + 22 * i + 20) * MM),
      y1: Math.round((y + 4) * MM),
    },
  })),
});
const page = (lines: OcrLine[]): OcrPage => ({ lines, meanConfidence: 0.9, width: 2480, height: 3508 });
/** A line of the cut-out: positions relative to the zone's corner. */
const cut = (l: OcrLine, zone: { x0: number; y0: number }): OcrLine => ({
  words: l.words.map((w) => ({
    ...w,
    bbox: {
      x0: w.bbox.x0 - zone.x0,
      y0: w.bbox.y0 - zone.y0,
      x1: w.bbox.x1 - zone.x0,
      y1: w.bbox.y1 - zone.y0,
    },
  })),
});
const texts = (p: OcrPage) => toTextLines([p]).map((l) => l.text);

describe('withZone', () => {
  const [zone, info] = headZones(2480, 3508, 300) as [Zone, Zone];
  const margin = Math.round(1.5 * MM);
  const full = page([
    line(25, 12, 'Kanzlei', 'Mertens'),
    line(25, 60, 'Stadt', 'Musterstadt'),
    // The marking joined with a receipt stamp on one baseline, misread.
    line(25, 76, 'BE'),
    line(150, 76, 'EINGEGANGEN'),
    { words: [] },
    line(25, 118, 'Sehr', 'geehrte', 'Damen'),
  ]);
  // Tesseract gives the two parts of the row as one line: join them as it does.
  full.lines.splice(2, 2, { words: [...full.lines[2]!.words, ...full.lines[3]!.words] });

  it("takes the zone's reading for the words inside it and keeps the rest of the page in order", () => {
    const read = page(
      [line(25, 76, 'PERSÖNLICH'), line(25, 60, 'Stadt', 'Musterstadt')].map((l) => cut(l, zone)),
    );
    expect(texts(withZone(full, read, zone, margin))).toEqual([
      'Kanzlei Mertens',
      'Stadt Musterstadt',
      'PERSÖNLICH',
      '',
      'EINGEGANGEN',
      '',
      'Sehr geehrte Damen',
    ]);
  });

  it('keeps a line that runs on over the edge of the zone as the page read it', () => {
    // 'Fällgenehmigung nach der Baumschutzsatzung' from 25 to 109 mm: the cut-out reads its first part.
    const subject = page([
      line(25, 100, 'Fällgenehmigung', 'nach', 'der', 'Baumschutzsatzung'),
      line(25, 60, 'Stadt'),
    ]);
    const read = page(
      [line(25, 100, 'Fällgenehmigung', 'nach', 'der'), line(25, 60, 'Stadt', 'Musterstadt')].map((l) =>
        cut(l, zone),
      ),
    );
    expect(texts(withZone(subject, read, zone, margin))).toEqual([
      'Fällgenehmigung nach der Baumschutzsatzung',
      'Stadt Musterstadt',
      '',
    ]);
  });

  it('reads the information block anew beside the address, and keeps a subject running through both', () => {
    const head = page([
      line(25, 60, 'Stadt', 'Musterstadt'),
      line(125, 60, 'Datum'),
      line(125, 64, '151012026'),
      line(25, 105, 'Antrag', 'auf', 'Fällung', 'einer', 'Blutbuche', 'im', 'Garten'),
    ]);
    const read = page(
      [line(125, 60, 'Datum'), line(125, 64, '15.10.2026'), line(115, 105, 'Blutbuche')].map((l) =>
        cut(l, info),
      ),
    );
    const after = withZone(head, read, info, margin);
    expect(texts(after).filter(Boolean)).toEqual([
      'Stadt Musterstadt',
      'Datum',
      '15.10.2026',
      'Antrag auf Fällung einer Blutbuche im Garten',
    ]);
  });

  it('leaves the page as read where the cut-out found nothing, and words cut at its edge to the page', () => {
    expect(withZone(full, page([]), zone, margin)).toBe(full);
    // A word running over the zone's right edge is cut in the cut-out: the page's reading of it stands.
    const edge = page([line(100, 60, 'Muster')]);
    const read = page([cut(line(100, 60, 'Mus'), zone)]);
    read.lines[0]!.words[0]!.bbox.x1 = zone.x1 - zone.x0;
    expect(texts(withZone(edge, read, zone, margin))).toEqual(['Muster']);
  });
});
