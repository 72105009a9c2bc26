// Text helpers shared by the extractors and the router: the page lines they read, and normalisation.

/** One OCR line: its text and, where known, the x position of each word (for column layouts). */
export interface TextLine {
  text: string;
  /** Left and right edge of each word of `text` (split on single spaces), in page pixels. */
  xs?: Array<[number, number]>;
  page: number;
  /** Visual row on the page: segments of one row (columns split at wide gaps) share it. */
  row?: number;
  /** True for the empty marker line between paragraphs. */
  para?: boolean;
  /** The segment's box on the page in millimetres from the top-left corner (where OCR gave positions). */
  box?: Box;
}

/** A rectangle on a page in millimetres from its top-left corner. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Lines from plain text (tests, eval): one per text line, a blank line is a paragraph break. */
export function linesFromText(text: string, page = 1): TextLine[] {
  return text
    .split('\n')
    .map((t, row) =>
      t.trim() === ''
        ? { text: '', page, row, para: true }
        : { text: t.trim().replace(/\s+/g, ' '), page, row },
    );
}

/** A piece of text placed on a page: left edge and top in mm, text size in pt (default 10). */
export interface Placed {
  x: number;
  y: number;
  text: string;
  size?: number;
  page?: number;
}

/**
 * Lines from placed text (tests): each piece one segment with its box and estimated word positions (half
 * an em per character), pieces at the same top on a page one row, in reading order, as OCR gives them.
 * @example linesFromBoxes([{ x: 25, y: 50, text: 'Stadt Musterstadt' }, { x: 125, y: 50, text: 'Datum: 03.11.2026' }])
 */
export function linesFromBoxes(pieces: Placed[]): TextLine[] {
  const px = 300 / 25.4;
  const sorted = [...pieces].sort((a, b) => (a.page ?? 1) - (b.page ?? 1) || a.y - b.y || a.x - b.x);
  const rows = [...new Set(sorted.map((p) => `${p.page ?? 1}:${p.y}`))];
  return sorted.map((p) => {
    const em = ((p.size ?? 10) * 25.4) / 72;
    const xs: Array<[number, number]> = [];
    let x = p.x;
    for (const w of p.text.split(' ')) {
      xs.push([Math.round(x * px), Math.round((x + 0.5 * em * w.length) * px)]);
      x += 0.5 * em * (w.length + 1);
    }
    return {
      text: p.text,
      xs,
      page: p.page ?? 1,
      row: rows.indexOf(`${p.page ?? 1}:${p.y}`),
      box: { x0: p.x, y0: p.y, x1: x - 0.5 * em, y1: p.y + 0.75 * em },
    };
  });
}

/** Lower case, umlauts and ß folded, for matching words whatever the OCR made of diacritics. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Typographic dashes and OCR variants of separators made plain. */
export function plain(s: string): string {
  return s.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/[\u00a0\u2009\u202f]/g, ' ');
}

/** x position (left edge) of character offset `at` in a line, when word positions are known. */
export function xAt(line: TextLine, at: number): number | undefined {
  if (!line.xs) return undefined;
  let offset = 0;
  const words = line.text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const end = offset + words[i]!.length;
    if (at <= end) return line.xs[i]?.[0];
    offset = end + 1;
  }
  return line.xs[line.xs.length - 1]?.[0];
}
