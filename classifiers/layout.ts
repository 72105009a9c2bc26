// Where things stand on a letter's first page: the address field (recipient), and what lies above and
// beside it (the sender's letterhead, return line, information block). DIN 5008 puts the address field
// at 20 mm from the left, 85 mm wide, 27–72 mm from the top (form A) or 45–90 mm (form B); a window
// envelope shows exactly that. Without positions (plain text) the first lines of page 1 stand in.
import { fold, type TextLine } from './text.ts';

export interface LetterLayout {
  /** The address field's lines (recipient, with endorsements such as 'persönlich' over it). */
  recipient: TextLine[];
  /** Lines of page 1 above or beside the address field: letterhead, return line, information block. */
  letterhead: TextLine[];
  /** 'window': found by position; 'head': no positions known, the first lines of page 1. */
  source: 'window' | 'head';
  /** The sender's one-line return address over the address field (found by position only). */
  returnLine?: TextLine;
}

/** One line with the sender's return address over the window ('Name · Street 1 · 12345 Town'). */
export const RETURN_LINE = /\d{5}\s+\p{L}/u;
/** Separators of a return line, and what OCR makes of a middle dot in small print ('+', '.', ':'). */
export const RETURN_SEP =
  /\s+[·•|∙‧+:*]\s+|\s+[-–]\s+|(?<=\S)[’']?\s?[·•∙‧]\s?|\s\.\s|,\s+|(?<=\p{L})[’'`]:\s+/u;
const POSTCODE_TOWN = /(^|\s)(D-)?\d{5}\s+\p{Lu}/u;
const ADDRESSEE = /^(an\s+(die|das|den)\b|z\.?\s*hd|zu\s+h(ä|a)nden|herrn?\b|frau\b|firma\b)/;

/**
 * Lines of page 1 in the address-field zone (with positions), grouped into blocks of adjacent lines; marks
 * without a letter or digit ('— Ordnungsamt —' read as three lines) are no lines of a block.
 */
function blocks(page1: TextLine[]): TextLine[][] {
  const zone = page1
    .filter((l) => l.box && l.box.x0 < 105 && l.box.y0 >= 15 && l.box.y1 <= 110 && /[\p{L}\d]/u.test(l.text))
    .sort((a, b) => a.box!.y0 - b.box!.y0);
  const out: TextLine[][] = [];
  for (const l of zone) {
    const block = out[out.length - 1];
    const prev = block?.[block.length - 1];
    const height = prev ? prev.box!.y1 - prev.box!.y0 : 0;
    if (
      prev &&
      l.box!.y0 - prev.box!.y1 < Math.max(2.5, 1.3 * height) &&
      Math.abs(l.box!.x0 - prev.box!.x0) < 20
    )
      block.push(l);
    else out.push([l]);
  }
  return out;
}

/** How much a block looks like a recipient's address field. */
function addressScore(block: TextLine[], ours: string): number {
  const text = block.map((l) => fold(l.text));
  const top = block[0]!.box!.y0;
  let score = 0;
  if (text.some((t) => POSTCODE_TOWN.test(t))) score += 3;
  if (text.some((t) => t.includes(ours))) score += 3;
  if (text.some((t) => ADDRESSEE.test(t))) score += 2;
  if (top >= 25 && top <= 75) score += 2;
  if (block.length >= 3 && block.length <= 9) score += 1;
  // A return line alone over the window is not the address field.
  if (block.length === 1 && RETURN_SEP.test(block[0]!.text)) score -= 5;
  return score;
}

/**
 * The address field and the letterhead of a letter from its OCR lines.
 * @example letterLayout(lines, 'Stadt Musterstadt').recipient.map((l) => l.text) // ['Stadt Musterstadt', 'Bauordnungsamt', ...]
 */
export function letterLayout(lines: TextLine[], authority: string): LetterLayout {
  const page1 = lines.filter((l) => l.page === 1 && !l.para);
  const ours = fold(authority);
  if (!page1.some((l) => l.box)) {
    const head = page1.slice(0, 16);
    return { recipient: head, letterhead: head, source: 'head' };
  }
  const scored = blocks(page1).map((b) => ({ b, score: addressScore(b, ours) }));
  const best = scored.reduce<{ b: TextLine[]; score: number } | null>(
    (a, c) => (!a || c.score > a.score ? c : a),
    null,
  );
  if (!best || best.score < 3) {
    const head = page1.slice(0, 16);
    return { recipient: head, letterhead: head, source: 'head' };
  }
  // A return line set close over the address lines joins their block: it is the sender's, not ours.
  const first = best.b[0]!;
  const rest = best.b.slice(1);
  const returnLine = rest.length >= 2 && isReturnLine(first.text) ? first : above(page1, best.b);
  const recipient = returnLine === first ? rest : best.b;
  const top = recipient[0]!.box!.y0;
  const bottom = recipient[recipient.length - 1]!.box!.y1;
  const letterhead = page1.filter(
    (l) =>
      !recipient.includes(l) && l.box && (l.box.y1 <= top + 1 || (l.box.x0 >= 100 && l.box.y0 < bottom + 40)),
  );
  return { recipient, letterhead, source: 'window', ...(returnLine ? { returnLine } : {}) };
}

/** 'Name · Street 1 · 12345 Town': a postcode and at least two separators on one line. */
export function isReturnLine(text: string): boolean {
  return RETURN_LINE.test(text) && text.split(new RegExp(RETURN_SEP.source, 'gu')).length >= 3;
}

/** The return line just over an address block (within 12 mm, at its left edge), if any. */
function above(page1: TextLine[], block: TextLine[]): TextLine | undefined {
  const top = block[0]!.box!;
  return page1.find(
    (l) =>
      l.box &&
      l.box.y1 <= top.y0 + 0.5 &&
      top.y0 - l.box.y1 < 12 &&
      Math.abs(l.box.x0 - top.x0) < 15 &&
      isReturnLine(l.text),
  );
}
