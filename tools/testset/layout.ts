// Page layouts of the test family: DIN 5008 form A and B, the reference line, private letters, authority
// letterheads, centred letterheads, flyers; continuation pages with page numbers, footers with bank
// details, the mailroom's receipt stamp, fold marks. A letter is described as a Doc and laid out here
// into pages of text blocks, rules and frames (mm from the top-left corner of an A4 page).
import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import type { Block, LetterPage } from '../letters/spec.ts';

export type Face = 'sans' | 'serif' | 'mono';

export interface TestBlock extends Block {
  face?: Face;
  italic?: boolean;
}
export interface Rule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width?: number;
  ink?: number;
}
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  width?: number;
  ink?: number;
  /** Grey fill (0 black .. 1 white); none when absent. */
  fill?: number;
}
export interface TestPage extends LetterPage {
  blocks: TestBlock[];
  rules: Rule[];
  rects: Rect[];
  /** The empty back of a sheet. */
  blank?: boolean;
}

export const MM = 72 / 25.4;
/** Distance of two baselines in mm (the renderer's 1.35 line spacing). */
export const lineMm = (size: number) => (size * 1.35) / MM;

export function fontOf(face: Face, bold = false, italic = false): StandardFonts {
  if (face === 'serif')
    return bold
      ? StandardFonts.TimesRomanBold
      : italic
        ? StandardFonts.TimesRomanItalic
        : StandardFonts.TimesRoman;
  if (face === 'mono')
    return bold ? StandardFonts.CourierBold : italic ? StandardFonts.CourierOblique : StandardFonts.Courier;
  return bold
    ? StandardFonts.HelveticaBold
    : italic
      ? StandardFonts.HelveticaOblique
      : StandardFonts.Helvetica;
}

const metrics = new Map<string, StandardFontEmbedder>();
export function widthMm(text: string, face: Face, bold: boolean, size: number, italic = false): number {
  const name = fontOf(face, bold, italic);
  let m = metrics.get(name);
  if (!m) {
    m = StandardFontEmbedder.for(name as never);
    metrics.set(name, m);
  }
  return m.widthOfTextAtSize(text, size) / MM;
}

/** Breaks a paragraph into lines no wider than `width` mm. */
export function wrap(text: string, width: number, face: Face, bold: boolean, size: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && widthMm(next, face, bold, size) > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

export type Layout = 'din-a' | 'din-b' | 'refline' | 'private' | 'authority' | 'centered' | 'flyer';

export interface Table {
  cols: Array<{ title: string; w: number; right?: boolean }>;
  rows: string[][];
  /** Label, value, bold. */
  totals: Array<[string, string, boolean]>;
  grid: boolean;
}

export type Part =
  | { p: string; bold?: boolean }
  | { list: string[] }
  | { table: Table }
  | { program: string[] }
  | { pagebreak: true };

export interface Doc {
  layout: Layout;
  face: Face;
  size: number;
  /** Grey of the body text (0.05 black .. ~0.45 light grey). */
  ink: number;
  head: { name: string; lines: string[]; align: 'left' | 'right' | 'center'; logo: boolean };
  returnLine: string | null;
  /** Lines of the Vermerkzone above the address (markings), and whether framed. */
  above: { lines: string[]; frame: boolean; bold: boolean } | null;
  window: string[];
  below: { lines: string[]; bold: boolean } | null;
  info: Array<[string, string]>;
  infoStacked: boolean;
  refline: Array<[string, string]> | null;
  /** A date line of its own ('Kronsberg, den 3. Oktober 2026'), where `datePlace` says. */
  dateLine: string | null;
  datePlace: 'info' | 'refline' | 'right' | 'sender' | 'left';
  /** Printed subject lines (the first may carry the label). */
  subject: string[];
  subjectBold: boolean;
  subjectExtra: string[];
  headline: { title: string[]; sub: string[] } | null;
  salutation: string | null;
  parts: Part[];
  closing: string[];
  /** Index of the closing line after which the signature goes. */
  sigAfter: number;
  enclosures: string[];
  footer: string[][] | null;
  footerAll: boolean;
  stamp: { lines: string[]; face: Face; size: number; ink: number } | null;
  pageStyle: 'von' | 'seite' | 'dash';
  contHead: string;
  foldMarks: boolean;
}

const LEFT = 25;
const RIGHT = 190;
const WIDTH = RIGHT - LEFT;
const INFO_X = 125;

interface Geometry {
  windowY: number;
  infoY: number;
  bodyY: number;
  folds: number[];
}
const GEOMETRY: Record<Layout, Geometry> = {
  'din-a': { windowY: 27, infoY: 32, bodyY: 98.5, folds: [87, 192] },
  'din-b': { windowY: 45, infoY: 50, bodyY: 103.5, folds: [105, 210] },
  refline: { windowY: 45, infoY: 50, bodyY: 112, folds: [105, 210] },
  private: { windowY: 48, infoY: 50, bodyY: 104, folds: [105, 210] },
  authority: { windowY: 45, infoY: 45, bodyY: 106, folds: [105, 210] },
  centered: { windowY: 45, infoY: 50, bodyY: 104, folds: [105, 210] },
  flyer: { windowY: 45, infoY: 50, bodyY: 98, folds: [] },
};

const emptyPage = (): TestPage => ({ blocks: [], rules: [], rects: [] });

/** Lays a letter out on pages. */
export function layoutDoc(doc: Doc): TestPage[] {
  const g = GEOMETRY[doc.layout];
  const { face, size, ink } = doc;
  const lh = lineMm(size);
  const footerTop = 271;
  const bottomOf = (pageNo: number) => (doc.footer && (pageNo === 0 || doc.footerAll) ? footerTop - 10 : 280);
  const pages: TestPage[] = [emptyPage()];
  const page = () => pages[pages.length - 1]!;
  const text = (b: Omit<TestBlock, 'face'> & { face?: Face }) => page().blocks.push({ face, ink, ...b });

  // ---- page 1: letterhead
  const head = doc.head;
  if (doc.layout === 'private') {
    text({ x: RIGHT, y: 12, size: size + 1, bold: true, lines: [head.name], align: 'right' });
    text({ x: RIGHT, y: 12 + lineMm(size + 1), size: size - 0.5, lines: head.lines, align: 'right' });
    if (doc.datePlace === 'sender' && doc.dateLine)
      text({
        x: RIGHT,
        y: 14 + lineMm(size + 1) + (head.lines.length + 1) * lineMm(size - 0.5),
        size,
        lines: [doc.dateLine],
        align: 'right',
      });
  } else if (doc.layout === 'authority') {
    let x = LEFT;
    if (head.logo) {
      page().rects.push({ x: LEFT, y: 10, w: 12, h: 15, width: 1, ink: 0.25 });
      page().rules.push({ x1: LEFT + 2, y1: 14, x2: LEFT + 10, y2: 21, width: 0.8, ink: 0.35 });
      x = LEFT + 16;
    }
    text({ x, y: 9, size: 17, bold: true, lines: [head.name], face: 'serif' });
    text({ x, y: 9 + lineMm(17) + 0.5, size: 10, lines: head.lines.slice(0, 1) });
    text({
      x,
      y: 9 + lineMm(17) + 1 + lineMm(10),
      size: 7.5,
      lines: head.lines.slice(1),
      ink: Math.max(ink, 0.25),
    });
    page().rules.push({ x1: LEFT, y1: 38, x2: RIGHT, y2: 38, width: 0.6, ink: 0.3 });
  } else if (doc.layout === 'centered' || doc.layout === 'flyer') {
    const small = head.lines.length > 2 ? [head.lines[0]!, head.lines.slice(1).join(' · ')] : head.lines;
    text({ x: 105, y: 9, size: 18, bold: true, lines: [head.name], align: 'center' });
    text({ x: 105, y: 9 + lineMm(18) + 0.5, size: 8.5, lines: small, align: 'center', italic: true });
    const ruleY = 9 + lineMm(18) + 1.5 + small.length * lineMm(8.5) + 1.5;
    page().rules.push({ x1: LEFT, y1: ruleY, x2: RIGHT, y2: ruleY, width: 1.2, ink: 0.2 });
  } else {
    // DIN letterheads: the name large, then the trade and address in small type.
    const top = doc.layout === 'din-a' ? 8 : 12;
    const x = head.align === 'right' ? RIGHT : LEFT;
    text({
      x,
      y: top,
      size: doc.layout === 'din-a' ? 14 : 16,
      bold: true,
      lines: [head.name],
      align: head.align,
    });
    text({
      x,
      y: top + lineMm(doc.layout === 'din-a' ? 14 : 16) + 0.5,
      size: 8,
      lines: head.lines.slice(0, doc.layout === 'din-a' ? 2 : 3),
      align: head.align,
    });
  }
  if (doc.foldMarks)
    for (const y of [...g.folds, 148.5])
      page().rules.push({ x1: 3, y1: y, x2: y === 148.5 ? 10 : 8, y2: y, width: 0.5, ink: 0.3 });

  // ---- the address field
  const winSize = Math.max(9, Math.min(11, size));
  let wy = g.windowY;
  if (doc.returnLine) {
    // Small type, shrunk to the width of the window (85 mm less the margin).
    const rsize = Math.max(5.5, Math.min(7, (7 * 80) / widthMm(doc.returnLine, face, false, 7)));
    text({ x: LEFT, y: wy + 1, size: rsize, lines: [doc.returnLine], ink: Math.max(ink, 0.3) });
    const w = widthMm(doc.returnLine, face, false, rsize);
    page().rules.push({
      x1: LEFT,
      y1: wy + 1 + lineMm(rsize) + 0.8,
      x2: LEFT + w,
      y2: wy + 1 + lineMm(rsize) + 0.8,
      width: 0.4,
      ink: 0.4,
    });
  }
  wy += 6;
  if (doc.above) {
    text({
      x: LEFT,
      y: wy,
      size: winSize,
      bold: doc.above.bold,
      frame: doc.above.frame,
      lines: doc.above.lines,
    });
    wy += doc.above.lines.length * lineMm(winSize) + (doc.above.frame ? 4 : 1.5);
  } else wy += 6;
  text({ x: LEFT, y: wy, size: winSize, lines: doc.window });
  wy += doc.window.length * lineMm(winSize);
  if (doc.below) {
    text({ x: LEFT, y: wy + 1.5, size: winSize, bold: doc.below.bold, lines: doc.below.lines });
    wy += 1.5 + doc.below.lines.length * lineMm(winSize);
  }
  let free = wy + 4;

  // ---- information block / reference line
  let infoBottom = g.infoY;
  if (doc.info.length && doc.layout !== 'private') {
    const isz = Math.max(8, Math.min(9.5, size - 0.5));
    const il = lineMm(isz);
    const labels = doc.info.map(([l]) => (l ? `${l}:` : ''));
    const lw = Math.max(...labels.map((l) => widthMm(l, face, false, isz)));
    const vw = Math.max(...doc.info.map(([, v]) => widthMm(v, face, false, isz)));
    if (doc.infoStacked || lw + 3 + vw > 200 - INFO_X) {
      let y = g.infoY;
      for (const [label, value] of doc.info) {
        text({ x: INFO_X, y, size: isz - 1.5, lines: [label], ink: Math.max(ink, 0.3) });
        // A long value (an e-mail address) in smaller type, so that it ends on the sheet.
        const vsz = Math.max(6, Math.min(isz, (isz * 78) / Math.max(1, widthMm(value, face, false, isz))));
        text({ x: INFO_X, y: y + lineMm(isz - 1.5), size: Math.round(vsz * 10) / 10, lines: [value] });
        y += lineMm(isz - 1.5) + il + 0.8;
      }
      infoBottom = y;
    } else {
      const vx = INFO_X + lw + 3;
      text({ x: INFO_X, y: g.infoY, size: isz, lines: labels });
      text({ x: vx, y: g.infoY, size: isz, lines: doc.info.map(([, v]) => v) });
      infoBottom = g.infoY + doc.info.length * il;
    }
  }
  free = Math.max(free, doc.layout === 'private' ? 0 : infoBottom + 4);
  let y = Math.max(g.bodyY, free);
  if (doc.refline) {
    const cols = [LEFT, 75, 125, 175];
    doc.refline.forEach(([heading, value], i) => {
      text({ x: cols[i]!, y, size: 7, lines: [heading], ink: Math.max(ink, 0.3) });
      text({ x: cols[i]!, y: y + lineMm(7), size: Math.min(size, 10), lines: [value] });
    });
    y += lineMm(7) + lineMm(10) + 6;
  }

  // ---- mailroom stamp, in the free band right of the window or at the top right
  if (doc.stamp) {
    const sl = doc.stamp.lines.length * lineMm(doc.stamp.size) + 4;
    const widest = Math.max(
      ...doc.stamp.lines.map((l) => widthMm(l, doc.stamp!.face, true, doc.stamp!.size)),
    );
    const sy = doc.layout === 'private' ? 60 : infoBottom + 3;
    const fits = sy + sl < y - 2;
    page().blocks.push({
      x: 186 - widest / 2,
      y: fits ? sy : 276 - (doc.footer ? 22 : 0) - sl,
      size: doc.stamp.size,
      bold: true,
      face: doc.stamp.face,
      ink: doc.stamp.ink,
      frame: true,
      align: 'center',
      lines: doc.stamp.lines,
    });
  }

  // ---- date on a line of its own
  if (doc.dateLine && (doc.datePlace === 'right' || doc.datePlace === 'left')) {
    text({
      x: doc.datePlace === 'right' ? RIGHT : LEFT,
      y: y - lh - 2,
      size,
      lines: [doc.dateLine],
      align: doc.datePlace === 'right' ? 'right' : 'left',
    });
    if (doc.datePlace === 'left') y += 2;
  }

  // ---- flowing text
  const pageNo = () => pages.length - 1;
  const newPage = () => {
    pages.push(emptyPage());
    text({ x: LEFT, y: 12, size: 8, lines: [doc.contHead], ink: Math.max(ink, 0.3) });
    y = 24;
  };
  const room = (h: number) => {
    if (y + h > bottomOf(pageNo())) newPage();
  };
  const lines = (
    ls: string[],
    opts: { bold?: boolean; size?: number; x?: number; align?: 'left' | 'center' } = {},
  ) => {
    const sz = opts.size ?? size;
    const l = lineMm(sz);
    let run: string[] = [];
    const flush = () => {
      if (run.length) {
        const x = opts.align === 'center' ? 105 : (opts.x ?? LEFT);
        text({ x, y: y - run.length * l, size: sz, bold: opts.bold, lines: run, align: opts.align });
      }
      run = [];
    };
    for (const line of ls) {
      if (y + l > bottomOf(pageNo())) {
        flush();
        newPage();
      }
      run.push(line);
      y += l;
    }
    flush();
  };
  const para = (s: string, bold = false) => lines(wrap(s, WIDTH, face, bold, size), { bold });

  if (doc.headline) {
    // A shaded banner behind the headline.
    const banner: Rect = { x: LEFT - 3, y, w: WIDTH + 6, h: 0, width: 1, ink: 0.35, fill: 0.92 };
    page().rects.push(banner);
    y += 3;
    for (const t of doc.headline.title)
      lines(wrap(t, WIDTH - 4, face, true, 20), { bold: true, size: 20, align: 'center' });
    y += 1;
    for (const t of doc.headline.sub)
      lines(wrap(t, WIDTH - 4, face, false, 13), { size: 13, align: 'center' });
    y += 3;
    banner.h = y - banner.y;
    y += lh;
  }
  if (doc.subject.length) {
    lines(
      doc.subject.flatMap((l) => wrap(l, WIDTH, face, doc.subjectBold, size)),
      { bold: doc.subjectBold },
    );
    if (doc.subjectExtra.length) lines(doc.subjectExtra.flatMap((l) => wrap(l, WIDTH, face, false, size)));
    y += lh * 1.2;
  }
  if (doc.salutation) {
    lines([doc.salutation]);
    y += lh * 0.6;
  }
  for (const part of doc.parts) {
    if ('pagebreak' in part) newPage();
    else if ('p' in part) {
      para(part.p, part.bold);
      y += lh * 0.6;
    } else if ('list' in part) {
      for (const item of part.list) {
        const ls = wrap(item, WIDTH - 6, face, false, size);
        lines(['–'], { x: LEFT + 1 });
        y -= lh;
        lines(ls, { x: LEFT + 6 });
      }
      y += lh * 0.6;
    } else if ('program' in part) {
      const h = part.program.length * lh + 6;
      room(h);
      page().rects.push({ x: LEFT + 10, y, w: WIDTH - 20, h, width: 0.8, ink: 0.3, fill: 0.93 });
      y += 3;
      lines(part.program, { x: LEFT + 15 });
      y += 3 + lh * 0.6;
    } else table(part.table);
  }
  // Greeting and signature stay together.
  room((doc.closing.length + 3) * lh);
  doc.closing.forEach((line, i) => {
    lines(line ? wrap(line, WIDTH, face, false, size) : ['']);
    if (i === doc.sigAfter) y += lh * 1.8; // room for the signature
  });
  if (doc.enclosures.length) {
    y += lh;
    lines(doc.enclosures);
  }

  function table(t: Table) {
    const rowH = lh + 1.6;
    room(rowH * Math.min(4, t.rows.length + 1) + 4);
    let x = LEFT;
    const xs = t.cols.map((c) => {
      const at = x;
      x += c.w;
      return at;
    });
    const right = x;
    const header = () => {
      page().rects.push({ x: LEFT, y, w: right - LEFT, h: rowH, width: 0.5, ink: 0.35, fill: 0.88 });
      t.cols.forEach((c, i) =>
        text({
          x: c.right ? xs[i]! + c.w - 1.5 : xs[i]! + 1.5,
          y: y + 0.3,
          size: size - 0.5,
          bold: true,
          lines: [c.title],
          align: c.right ? 'right' : 'left',
        }),
      );
      y += rowH;
    };
    header();
    let top = y;
    const closeGrid = () => {
      if (!t.grid) return;
      for (const gx of [...xs, right])
        page().rules.push({ x1: gx, y1: top - rowH, x2: gx, y2: y, width: 0.4, ink: 0.4 });
    };
    for (const row of t.rows) {
      const cells = row.map((c, i) => wrap(c, t.cols[i]!.w - 3, face, false, size - 0.5));
      const h = Math.max(...cells.map((c) => c.length)) * lineMm(size - 0.5) + 1.6;
      if (y + h > bottomOf(pageNo())) {
        closeGrid();
        newPage();
        header();
        top = y;
      }
      cells.forEach((c, i) =>
        text({
          x: t.cols[i]!.right ? xs[i]! + t.cols[i]!.w - 1.5 : xs[i]! + 1.5,
          y: y + 0.3,
          size: size - 0.5,
          lines: c,
          align: t.cols[i]!.right ? 'right' : 'left',
        }),
      );
      y += h;
      page().rules.push({ x1: LEFT, y1: y, x2: right, y2: y, width: 0.3, ink: 0.5 });
    }
    closeGrid();
    y += 1.5;
    for (const [label, value, bold] of t.totals) {
      room(lh + 1);
      text({ x: right - 32, y, size, bold, lines: [label], align: 'right' });
      text({ x: right - 1.5, y, size, bold, lines: [value], align: 'right' });
      y += lh + 0.6;
      if (bold)
        page().rules.push({ x1: right - 70, y1: y + 0.2, x2: right, y2: y + 0.2, width: 0.6, ink: 0.2 });
    }
    y += lh;
  }

  // ---- footers and page numbers
  const n = pages.length;
  pages.forEach((p, i) => {
    if (doc.footer && (i === 0 || doc.footerAll)) {
      p.rules.push({ x1: LEFT, y1: footerTop - 2, x2: RIGHT, y2: footerTop - 2, width: 0.4, ink: 0.4 });
      const colW = WIDTH / doc.footer.length;
      doc.footer.forEach((col, c) => {
        // Small type, smaller still where a single word (an e-mail address) would not fit the column.
        const longest = Math.max(
          ...col.flatMap((l) => l.split(/\s+/)).map((w) => widthMm(w, face, false, 7)),
        );
        const fsz = Math.max(5.5, Math.min(7, (7 * (colW - 2)) / longest));
        p.blocks.push({
          x: LEFT + c * colW,
          y: footerTop,
          size: Math.round(fsz * 10) / 10,
          face,
          ink: Math.max(ink, 0.25),
          lines: col.flatMap((l) => wrap(l, colW - 2, face, false, fsz)),
        });
      });
    }
    if (n === 1) return;
    const no = i + 1;
    if (doc.pageStyle === 'von')
      p.blocks.push({
        x: RIGHT,
        y: bottomOf(i) + 2,
        size: 8,
        face,
        ink,
        lines: [`Seite ${no} von ${n}`],
        align: 'right',
      });
    else if (i > 0)
      p.blocks.push({
        x: doc.pageStyle === 'dash' ? 105 : RIGHT,
        y: 12,
        size: 9,
        face,
        ink,
        lines: [doc.pageStyle === 'dash' ? `- ${no} -` : `Seite ${no}`],
        align: doc.pageStyle === 'dash' ? 'center' : 'right',
      });
  });
  return pages;
}
