// Metadata extractors: letter date, file reference, subject, sender, IBAN, amount. Pure functions over
// OCR lines; each finding carries a confidence, the reason it was chosen, and where it was read (page and
// box in mm, when the lines come from OCR) for the review UI to highlight. Every rule reads positions
// where they are known and falls back to reading order where not (plain text).
import { guardedRegExp, matchAll } from '../profiles/regex.ts';
import { isReturnLine, letterLayout, RETURN_SEP } from './layout.ts';
import { markingOnly } from './marking.ts';
import { fold, plain, xAt, type Box, type TextLine } from './text.ts';

/** How sure, why, and where the value was read. */
export interface Evidence {
  confidence: number;
  reason: string;
  page?: number;
  box?: Box;
}

export interface Metadata {
  date: string | null;
  fileref: string | null;
  /** Plan part of the file reference (selects the unit). */
  fileplan: string | null;
  subject: string | null;
  sender: string | null;
  iban: string | null;
  amount: number | null;
  /** Per-field confidence 0..1, reason and position, for the review UI and the routing decision. */
  evidence: Record<string, Evidence>;
}

/** Where a finding was read: the page and the box around its lines (boxes only where OCR gave them). */
type Where = Pick<Evidence, 'page' | 'box'>;

function where(...ls: TextLine[]): Where {
  const boxes = ls.filter((l) => l.box && l.page === ls[0]!.page).map((l) => l.box!);
  if (!boxes.length) return { page: ls[0]!.page };
  return {
    page: ls[0]!.page,
    box: {
      x0: Math.min(...boxes.map((b) => b.x0)),
      y0: Math.min(...boxes.map((b) => b.y0)),
      x1: Math.max(...boxes.map((b) => b.x1)),
      y1: Math.max(...boxes.map((b) => b.y1)),
    },
  };
}

const SALUTATION =
  /^[^\p{L}\d]{0,2}(sehr geehrte|sehr\s+\p{L}+\s+(damen|frau|herr|dr\.?|prof)|guten tag|hallo|liebe[rs]?\b|lieber|sg\s|moin|servus|gr(ü|u)(ß|ss) gott|werte[rs]?\s)/iu;

/** Index of the salutation on page 1, which ends the letter's head (-1: none). */
function salutationOf(lines: TextLine[]): number {
  return lines.findIndex((l) => l.page === 1 && SALUTATION.test(l.text));
}

// ---------------------------------------------------------------- labels

/**
 * What a value under or after a label is: our file reference ('Ihr Zeichen'), the date of the reader's
 * letter ('Ihre Nachricht vom'), the sender's own reference ('Unser Zeichen', customer numbers), a
 * reference of either side ('Aktenzeichen'), the letter date ('Datum'), or contact data ('Telefon').
 */
type Role = 'ours' | 'reply' | 'theirs' | 'ref' | 'date' | 'when' | 'contact';

/** 'Ihr', 'Ihre', 'Ihrem', ... as OCR reads them (a capital I often becomes l, 1 or |). */
const IHR = '(?<!\\p{L})[Iil1|]h[rn](?:e|em|en|er|es)?\\s*';
/** 'Zeichen' as OCR reads it ('Zelchen'); labels lose their spaces too ('Unsenzeichen'). */
const ZEICHEN = 'z[ea][il1íì]chen';
/** Labels in order of precedence: where two overlap ('Ihr Aktenzeichen', 'Aktenzeichen'), the first wins. */
const LABELS: Array<{ re: RegExp; role: Role }> = [
  {
    re: new RegExp(
      `(?<!\\p{L})(uns\\p{L}{1,4}|mein\\p{L}{0,3})\\s*(${ZEICHEN}|az\\b\\.?|akten${ZEICHEN}|gesch(ä|a)fts${ZEICHEN}|referenz|nachricht|schreiben|kundennummer|vorgangsnummer)`,
      'iu',
    ),
    role: 'theirs',
  },
  {
    re: /(kunden|rechnungs|vertrags|auftrags|mitglieds|versicherungs|steuer|personal|vorgangs|beleg|bestell)[\s-]*(nummer|nr\b\.?)|(?<!\p{L})st\.?-?nr\b|(?<!\p{L})ust-?id/iu,
    role: 'theirs',
  },
  {
    re: new RegExp(`${IHR}(${ZEICHEN}|az\\b\\.?|akten${ZEICHEN}|gesch(ä|a)fts${ZEICHEN}|referenz)`, 'iu'),
    role: 'ours',
  },
  {
    re: new RegExp(`${IHR}(nachricht|schreiben|anfrage|antrag|e-?mail|brief|bescheid)(\\s+vom)?`, 'iu'),
    role: 'reply',
  },
  { re: /(?<!\p{L})(aktenzeichen|az\.|gesch(ä|a)ftszeichen|gz\.)/iu, role: 'ref' },
  // 'Ihre Nachricht vomDatum': headings run together where OCR loses the gap between columns.
  // OCR cuts the label short now and then ('Dat', 'Datu'). The date of an invoice is the letter's.
  {
    re: /((?<!\p{L})|(?<=vom))(rechnungs|beleg|ausstellungs|brief|schreibens)?(datum|datun|datu|dat\.?)(?!\p{L})/iu,
    role: 'date',
  },
  // Other dates' labels: Leistungsdatum, Geburtsdatum, Eingangsdatum, Fälligkeitsdatum.
  { re: /\p{L}{3,}datum(?!\p{L})/iu, role: 'when' },
  {
    re: /(?<!\p{L})(telefon|tel\.|telefax|fax|e-?mail|zimmer|(ihr(e)?\s+)?ansprechpartner(in)?|(sach)?bearbeiter(\/?in)?|durchwahl|auskunft)(?!\p{L})/iu,
    role: 'contact',
  },
];

interface LabelHit {
  role: Role;
  at: number;
  end: number;
  x?: number;
}

function labelsIn(line: TextLine): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const { re, role } of LABELS) {
    const g = new RegExp(re.source, 'giu');
    for (let m = g.exec(line.text); m; m = g.exec(line.text)) {
      const [at, end] = [m.index, m.index + m[0].length];
      if (hits.some((h) => at < h.end && end > h.at)) continue;
      hits.push({ role, at, end, x: xAt(line, at) });
    }
  }
  return hits.sort((a, b) => a.at - b.at);
}

/** What may stand between and after labels of a heading: punctuation and small words. */
const FILLER = /^(\s|[:,./-]|vom|von|und|bzw\.?|nr\.?)*$/i;

/** Text that holds labels only, no values ('Ihr Zeichen, Ihre Nachricht vom', 'Datum:'). */
function labelOnly(text: string, hits: LabelHit[]): boolean {
  let rest = text;
  for (const h of [...hits].reverse()) rest = rest.slice(0, h.at) + ' ' + rest.slice(h.end);
  return hits.length > 0 && FILLER.test(rest);
}

const MM = 300 / 25.4; // word positions are page pixels at 300 dpi

/**
 * The label that governs a value at offset `at` of line `i`: before it on the same segment, at the end of
 * the segment left of it in the same row (an information block: label, tab, value), or a heading just
 * above it (the DIN 5008 reference line, a stacked information block), matched by x position where known.
 */
function governingLabel(lines: TextLine[], i: number, at: number): Role | null {
  const line = lines[i]!;
  const before = labelsIn(line).filter((h) => h.end <= at && at - h.end <= 50);
  if (before.length) return before[before.length - 1]!.role;
  const near = leftSegment(lines, i);
  const hits = near ? labelsIn(near) : [];
  const last = hits[hits.length - 1];
  if (near && last && FILLER.test(near.text.slice(last.end))) return last.role;
  const heads = headingsAbove(lines, i).flatMap((l) => labelsIn(l));
  if (!heads.length) return null;
  const x = xAt(line, at);
  if (x !== undefined && heads.every((h) => h.x !== undefined)) {
    const left = heads.filter((h) => h.x! <= x + 3 * MM && x - h.x! <= 40 * MM).sort((a, b) => a.x! - b.x!);
    return left.length ? left[left.length - 1]!.role : null;
  }
  // Without positions: by proportional position in the line.
  const idx = Math.min(heads.length - 1, Math.floor((at / Math.max(1, line.text.length)) * heads.length));
  return heads[idx]!.role;
}

/**
 * Whether two segments stand in one row: one OCR line, or (OCR reads the columns of an information block
 * as lines of their own) boxes on the same page whose heights overlap by half.
 */
function sameRow(a: TextLine, b: TextLine): boolean {
  if (a.page !== b.page) return false;
  if (a.row !== undefined && a.row === b.row) return true;
  if (!a.box || !b.box) return false;
  const overlap = Math.min(a.box.y1, b.box.y1) - Math.max(a.box.y0, b.box.y0);
  return overlap >= 0.5 * Math.min(a.box.y1 - a.box.y0, b.box.y1 - b.box.y0);
}

/**
 * The segment just left of line `i` in its row and less than 45 mm from it, as an information block's
 * label column is (by position where known, else by order); never a line of the address field far left.
 */
function leftSegment(lines: TextLine[], i: number): TextLine | undefined {
  return segmentsLeft(lines, i).at(-1);
}

/** The segments left of line `i` in its row within 45 mm of it, left to right (specks read as a mark or a letter are none). */
function segmentsLeft(lines: TextLine[], i: number): TextLine[] {
  const line = lines[i]!;
  const isLeft = (l: TextLine, k: number) =>
    l.box && line.box ? l.box.x1 <= line.box.x0 && line.box.x0 - l.box.x1 < 45 : k < i;
  return lines
    .map((l, k) => ({ l, k }))
    .filter(({ l, k }) => k !== i && /[\p{L}\d]{2}/u.test(l.text) && sameRow(l, line) && isLeft(l, k))
    .sort((a, b) => (a.l.box && b.l.box ? a.l.box.x1 - b.l.box.x1 : a.k - b.k))
    .map(({ l }) => l);
}

/**
 * Heading segments of the nearest row above line `i` (within 8 mm where positions are known): label-only
 * ones, or labels without any digit where OCR garbled the rest ('Unser Zeichen, unsere Nachricht vomelefon').
 */
function headingsAbove(lines: TextLine[], i: number): TextLine[] {
  const line = lines[i]!;
  const isHeading = (l: TextLine) => {
    const hits = labelsIn(l);
    return !l.para && (labelOnly(l.text, hits) || (hits.length > 0 && !/\d/.test(l.text)));
  };
  if (line.box) {
    const gap = (l: TextLine) => line.box!.y0 - l.box!.y1;
    const above = column(lines, i, 8, 99);
    const nearest = Math.min(...above.map(gap));
    return above.filter((l) => gap(l) <= nearest + 1.5 && isHeading(l));
  }
  const row = line.row ?? i;
  for (const r of [row - 1, row - 2]) {
    const segs = lines.filter((l, k) => !l.para && l.page === line.page && (l.row ?? k) === r);
    if (segs.length) return segs.filter(isHeading);
  }
  return [];
}

/**
 * Lines just above (or below) line `i` in its column, within `gap` mm, nearest first; without positions
 * the lines before (or after) it in its paragraph.
 */
function column(lines: TextLine[], i: number, gap: number, count = 2, below = false): TextLine[] {
  const line = lines[i]!;
  if (line.box) {
    const dist = (l: TextLine) => (below ? l.box!.y0 - line.box!.y1 : line.box!.y0 - l.box!.y1);
    return lines
      .filter(
        (l) =>
          l !== line &&
          l.page === line.page &&
          l.box &&
          dist(l) >= -1 &&
          dist(l) <= gap &&
          l.box.x0 < line.box!.x1 &&
          l.box.x1 > line.box!.x0,
      )
      .sort((a, b) => dist(a) - dist(b))
      .slice(0, count);
  }
  const out: TextLine[] = [];
  const step = below ? 1 : -1;
  for (
    let k = i + step;
    out.length < count && lines[k] && !lines[k]!.para && lines[k]!.page === line.page;
    k += step
  )
    out.push(lines[k]!);
  return out;
}

/** OCR's letters in digit groups made digits again ('2O26', '3l.12.'), commas and doubled marks between digit groups dots ('05.:09/'). */
function digitsFixed(s: string): string {
  return s
    .replace(/[Oo](?=\d)|(?<=\d)[Oo]/g, '0')
    .replace(/(?<=\d)[lI|](?=[\d.])|(?<=[\d.])[lI|](?=\d)/g, '1')
    .replace(/(?<=\d)([,:;]|[.,:;]{2})(?=\d{2}\s?[./])/g, '.');
}

// ---------------------------------------------------------------- file reference

/**
 * The role of a label OCR garbled beyond reading ('UA chen:', 'Meinkzeichen:'), from what is left of it
 * before the value (on its segment, or ending the segment left of it): 'Ihr...' ours, 'Unser...' or
 * 'Mein...' theirs, else a label of unknown kind (which makes a value no reference of ours); null where
 * nothing label-like stands before the value.
 */
function guessedRole(lines: TextLine[], i: number, at: number): Role | 'unknown' | null {
  const line = lines[i]!;
  // The segments just left of the value in its row (a label column, perhaps broken by OCR).
  const left = segmentsLeft(lines, i)
    .map((l) => l.text)
    .join(' ');
  const before = line.text.slice(0, at);
  const label = /(\p{L}[\p{L}. ]{0,30}):\s*$/u.exec(before.trim() ? before : left)?.[1];
  if (!label) return null;
  const f = fold(label).trim();
  return /^[il1|]h/.test(f) ? 'ours' : /^(u|m)/.test(f) ? 'theirs' : 'unknown';
}

/** Any file-reference-like token (which is never a date, whatever pattern the profile gives). */
const FILEREF_ANY = /\d{2}(?:\.\d{2}){1,3}\s*\/\s*\d{4}-\d{1,6}/;

/**
 * Our file reference: cited under or after 'Ihr Zeichen', 'Ihr Aktenzeichen' (also in the text: 'zu
 * Ihrem Aktenzeichen ...'), else under a neutral 'Aktenzeichen', else unlabelled; never one under the
 * sender's own 'Unser Zeichen' or a customer number.
 */
export function findFileref(
  lines: TextLine[],
  pattern: string,
): ({ fileref: string; plan: string; confidence: number; reason: string } & Where) | null {
  // The pattern comes from configuration: checked for runaway backtracking, and run on bounded lines.
  const re = guardedRegExp(pattern, 'g');
  let best: { fileref: string; plan: string; score: number; reason: string; line: TextLine } | null = null;
  lines.forEach((line, i) => {
    const text = digitsFixed(plain(line.text));
    for (const m of matchAll(re, text)) {
      const g = m.groups ?? {};
      if (!g.plan || !g.year || !g.seq) continue;
      const role = governingLabel(lines, i, m.index) ?? guessedRole(lines, i, m.index);
      const score = role === 'ours' ? 3 : role === 'ref' || role === 'reply' ? 2 : role === null ? 1 : 0;
      if (score && (!best || score > best.score))
        best = {
          fileref: `${g.plan}/${g.year}-${g.seq}`,
          plan: g.plan,
          score,
          reason: role ? `label:${role}` : 'unlabelled',
          line,
        };
    }
  });
  if (!best) return null;
  const b = best as { fileref: string; plan: string; score: number; reason: string; line: TextLine };
  return {
    fileref: b.fileref,
    plan: b.plan,
    confidence: b.score === 3 ? 0.95 : b.score === 2 ? 0.9 : 0.6,
    reason: b.reason,
    ...where(b.line),
  };
}

// ---------------------------------------------------------------- dates

const MONTHS: Array<[RegExp, number]> = [
  [/^jan/, 1],
  [/^feb/, 2],
  [/^(mar|mrz|maer|malz)/, 3],
  [/^apr/, 4],
  [/^mai/, 5],
  [/^jun/, 6],
  [/^jul/, 7],
  [/^aug/, 8],
  [/^sep/, 9],
  [/^okt/, 10],
  [/^nov/, 11],
  [/^dez/, 12],
];
const MONTH_WORD =
  '(Januar|Jan|Februar|Feb|M(?:ä|a|ae)[rl]z|Mrz|April|Apr|Mai|Juni|Jun|Juli|Jul|August|Aug|September|Sept|Sep|Oktober|Okt|November|Nov|Dezember|Dez)';

interface DateRe {
  re: RegExp;
  parse(m: RegExpExecArray): [number, number, number] | null;
  /** Dots lost in OCR ('09122025'): taken only where the line or a label says it is a date. */
  relaxed?: boolean;
}
const DATE_RES: DateRe[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, parse: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  {
    // OCR reads the dots of small print as , : or ' now and then; a dot may stand before it ('den.23.10.').
    re: /(?<!\d|\d\.)(\d{1,2})\s?[.,:;'´`‘’/*]{1,2}\s?(\d{1,2})\s?[.,:;'´`‘’/*]{1,2}\s?(\d{4}|\d{2})(?![\d])/g,
    parse: (m) => [m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!, +m[2]!, +m[1]!],
  },
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g, parse: (m) => [+m[3]!, +m[2]!, +m[1]!] },
  {
    // OCR's marks between day and month ('12: ©Okt2026'), the year run on to the month.
    re: new RegExp(`(?<!\\d)(\\d{1,2})\\s?[.,:;]?\\s?[©®°*]?\\s*${MONTH_WORD}\\.?\\s*(\\d{4})\\b`, 'gi'),
    parse: (m) => {
      const month = MONTHS.find(([r]) => r.test(fold(m[2]!)))?.[1];
      return month ? [+m[3]!, month, +m[1]!] : null;
    },
  },
  {
    re: /(?<![\d.])(\d{2})[.,:'´`*]?(\d{2})[.,:'´`*]?((?:19|20)\d{2})(?!\d)/g,
    parse: (m) => [+m[3]!, +m[2]!, +m[1]!],
    relaxed: true,
  },
  {
    // Both dots lost ('6102026' for 6.10.2026) or both read as digits ('301222025' for 3.12.2025): taken
    // where exactly one date comes of the splits.
    re: /(?<![\d.])\d{2,6}(?:19|20)\d{2}(?!\d)/g,
    parse: (m) => {
      const s = m[0];
      const dates = new Map<string, [number, number, number]>();
      for (const dot of [0, 1])
        for (const dl of [1, 2])
          for (const ml of [1, 2]) {
            if (dl + ml + 4 + 2 * dot !== s.length) continue;
            const ymd: [number, number, number] = [
              +s.slice(-4),
              +s.slice(dl + dot, dl + dot + ml),
              +s.slice(0, dl),
            ];
            const iso = isoDate(...ymd);
            if (iso) dates.set(iso, ymd);
          }
      return dates.size === 1 ? [...dates.values()][0]! : null;
    },
    relaxed: true,
  },
];

function isoDate(y: number, mo: number, d: number): string | null {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Words just before a date that make it some other date than the letter's own. */
const OTHER_DATE =
  /(?<!\p{L})(vom|seit|bis|ab|geb\.?|geboren|\*|f(ä|a)llig(keit)?|frist|zahlbar|zeitraum|leistungs\w*|liefer\w*|termin|g(ü|u)ltig\w*|zum|am|nachricht|schreiben|antrag|bescheid|eingang|eingegangen|eing\.|zugang|poststelle|erhalten|empfangen|zugegangen|stand|verl(ä|a)ngert|sp(ä|a)testens|geburtstag|von|und|per|zwischen|ziel|stichtag|ablauf|wiedervorlage|zustellung|einreichung)\s*:?\s*$/iu;
const WEEKDAY =
  /(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so)\.?,?\s*$/i;
/** A compound '...datum' label that names another date (Geburtsdatum, Fälligkeitsdatum, Eingangsdatum). */
const OTHER_DATUM = /(\p{L}{3,})datum\s*:?\s*$/iu;
const OWN_DATUM = /^(rechnungs|beleg|ausstellungs|brief|schreibens|druck)$/i;
/** One end of a period: '01.09.–30.09.2026', '01.09.2026 - 30.09.2026'. */
const PERIOD_BEFORE = /\d{1,2}\.\s?\d{1,2}\.(\s?\d{2,4})?\s*(-|bis)\s*$/i;
const PERIOD_AFTER = /^\s*(-|bis)\s*\d{1,2}\./i;
/** A receipt stamp's words (EINGEGANGEN / 03. Nov. 2026; Posteingang). */
const STAMP =
  /^\W*(eingang|eingegangen|eing\.|posteingang|zugang|poststelle|empfangen|erhalten|zugegangen)(?!\p{L})/iu;
/** A stamp's words alone on a line, also in spaced capitals ('E I N G A N G'). */
const isStamp = (t: string) => t.length < 30 && (STAMP.test(t) || STAMP.test(t.replace(/\s+/g, '')));
const PLACE_DATE = /^[\p{L}][\p{L} .()/-]*,\s*(den[\s.]+)?$/u;

/**
 * The letter's own date: labelled 'Datum' (information block, reference line), after the place ('Talstadt,
 * 3. März 2026'), or alone on a line of the head; never one a word before it makes another date (the
 * reader's letter, deadlines, dates of birth, periods, receipt stamps).
 */
export function findDate(
  lines: TextLine[],
  receivedOn?: string,
): ({ date: string; confidence: number; reason: string } & Where) | null {
  const head = salutationOf(lines);
  const found: Array<{ date: string; score: number; reason: string; line: TextLine }> = [];
  lines.forEach((line, i) => {
    if (line.para) return;
    const text = digitsFixed(plain(line.text));
    const taken: Array<[number, number]> = [];
    // A file reference ('12.05/2025-0099') is no date.
    const refs = [...text.matchAll(new RegExp(FILEREF_ANY.source, 'g'))].map(
      (r) => [r.index, r.index + r[0].length] as [number, number],
    );
    for (const { re, parse, relaxed } of DATE_RES) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const [from, to] = [m.index, m.index + m[0].length];
        if ([...taken, ...refs].some(([a, b]) => from < b && to > a)) continue;
        const ymd = parse(m);
        const date = ymd && isoDate(...ymd);
        if (!date) continue;
        taken.push([from, to]);
        // A value at the start of its segment: the label column of an information block left of it counts.
        const label = leftSegment(lines, i);
        const ownLabel = from <= 2 && label?.box && label.box.x0 >= 100 ? `${plain(label.text)} ` : '';
        const raw = ownLabel + text.slice(Math.max(0, from - 40), from);
        const before = raw.replace(WEEKDAY, '');
        const after = text.slice(to);
        const role = governingLabel(lines, i, from);
        const other = OTHER_DATUM.exec(before);
        const alone = text.trim().length <= m[0].length + 4;
        let [score, reason] = [0, 'date in text'];
        if (/(rechnungs|beleg|ausstellungs)datum|datum der rechnung/i.test(before))
          [score, reason] = [9, 'invoice date'];
        else if (/(?<!\p{L})datum\s*:?\s*$/iu.test(before)) [score, reason] = [10, 'label Datum'];
        else if (
          OTHER_DATE.test(before) ||
          (other && !OWN_DATUM.test(other[1]!)) ||
          PERIOD_BEFORE.test(before) ||
          PERIOD_AFTER.test(after) ||
          (role !== null && role !== 'date')
        )
          [score, reason] = [-10, 'other date'];
        else if (role === 'date') [score, reason] = [10, 'label Datum'];
        else if ([...column(lines, i, 10, 1), ...column(lines, i, 6, 1, true)].some((l) => isStamp(l.text)))
          [score, reason] = [-10, 'receipt stamp'];
        else if ((PLACE_DATE.test(raw.trimStart()) || PLACE_DATE.test(before.trimStart())) && from < 45)
          [score, reason] = [8, 'place, date'];
        else if (alone) [score, reason] = [5, 'date line'];
        if (relaxed) {
          if (score < 5) continue;
          [score, reason] = [score - 1, `${reason}, dots misread`];
        }
        // The head of page 1 is where a letter is dated; later pages barely count.
        score += line.page === 1 ? (head < 0 || i < head ? 2 : 0) : -2;
        // No letter is dated after it came in (a later date is a deadline, an appointment: taken only where
        // no other stands, the day of receipt may be set wrong); a date of that very day unlabelled is
        // likely a stamp's.
        if (receivedOn && date > receivedOn) score -= 6;
        else if (receivedOn && date === receivedOn && score < 10) score -= 3;
        found.push({ date, score, reason, line });
      }
    }
  });
  const sorted = found.filter((f) => f.score > -5).sort((a, b) => b.score - a.score);
  const b = sorted[0];
  if (!b) return null;
  // A rival of nearly the same standing makes the choice less sure.
  const rival = sorted.find((f) => f.date !== b.date && f.score >= b.score - 2);
  const confidence =
    (b.score >= 11 ? 0.95 : b.score >= 9 ? 0.9 : b.score >= 7 ? 0.75 : 0.5) - (rival ? 0.2 : 0);
  return { date: b.date, confidence, reason: b.reason, ...where(b.line) };
}

// ---------------------------------------------------------------- subject

export const SUBJECT_LABEL = /^\W{0,2}(betreff|betr\.|betrifft|gegenstand|subject)(?!\p{L})\s*[:.]?\s*/iu;
const CLOSING =
  /^(mit (den )?(freundlichen|besten|herzlichen) gr|freundliche gr|hochachtungsvoll|viele gr|beste gr)/i;

/** A line that cannot be (part of) a subject: a reference or date line, an address line, a stamp, a marking. */
function notSubject(lines: TextLine[], i: number): boolean {
  const l = lines[i]!;
  const t = plain(l.text);
  const hits = labelsIn(l);
  return (
    l.para === true ||
    t.length < 3 ||
    !/\p{L}{2}/u.test(t) ||
    SALUTATION.test(t) ||
    CLOSING.test(t) ||
    STAMP.test(t) ||
    markingOnly(t) ||
    /(^|\s)(D-)?\d{5}\s+\p{Lu}/u.test(t) ||
    t.replace(/\D/g, '').length / t.length >= 0.4 ||
    labelOnly(t, hits) ||
    (hits.length > 0 && hits[0]!.at <= 2 && /\d/.test(t.slice(hits[0]!.end))) ||
    (findDate([{ text: t, page: 1 }]) !== null && t.length < 40)
  );
}

/**
 * The nearest line under (or over) line `i` that continues its block of text: within `gap` mm, its left
 * edge from `indent[0]` mm left to `indent[1]` mm right of line `i`'s; without positions, the next (or
 * previous) line of the paragraph. -1: none.
 */
function neighbour(
  lines: TextLine[],
  i: number,
  gap: number,
  below: boolean,
  indent: [number, number],
): number {
  const l = lines[i]!;
  const ok = (c: TextLine) =>
    !l.box || (c.box!.x0 >= l.box.x0 - indent[0] && c.box!.x0 <= l.box.x0 + indent[1]);
  const m = column(lines, i, gap, 9, below).find(ok);
  return m ? lines.indexOf(m) : -1;
}

/** A subject's next line under line `i` (it may be indented under the text after 'Betreff:'). */
const lineBelow = (lines: TextLine[], i: number) =>
  neighbour(lines, i, lines[i]!.box ? 0.9 * (lines[i]!.box!.y1 - lines[i]!.box!.y0) : 0, true, [3, 35]);
/** A subject's previous line over line `i`. */
const lineAbove = (lines: TextLine[], i: number, gap: number) => neighbour(lines, i, gap, false, [5, 5]);

const joinLines = (ts: string[]) =>
  tidy(ts.map((t) => t.trim()).join(' '))
    // A word broken at the line's end joins; 'Garten- und Hausmeisterdienst' keeps its hyphen.
    .replace(/(\p{Ll})- (?!(und|oder|bzw|sowie|als|bis)(?!\p{L}))(\p{Ll})/gu, '$1$3')
    .replace(/\s+/g, ' ');

/**
 * The subject: after 'Betreff:' (and its second line), else the line or two just above the salutation
 * (DIN 5008 writes it bold, without a label), when they are no reference, date or address lines.
 */
export function findSubject(
  lines: TextLine[],
): ({ subject: string; confidence: number; reason: string } & Where) | null {
  const sal = salutationOf(lines);
  const head = lines.slice(0, sal >= 0 ? sal : Math.min(lines.length, 60));
  for (let i = 0; i < head.length; i++) {
    if (lines[i]!.page !== 1) break;
    const m = SUBJECT_LABEL.exec(plain(lines[i]!.text));
    if (!m) continue;
    const parts: number[] = [];
    let text = plain(lines[i]!.text).slice(m[0].length).trim();
    let j = i;
    if (!text) {
      // The subject beside its label (a tab stop), else on the line under it.
      const l = lines[i]!;
      const beside = lines.findIndex(
        (o, k) =>
          k !== i &&
          o.page === l.page &&
          o.row !== undefined &&
          o.row === l.row &&
          (!o.box || !l.box || o.box.x0 > l.box.x1),
      );
      j = beside >= 0 ? beside : lineBelow(lines, i);
      if (j < 0 || notSubject(lines, j)) continue;
      text = lines[j]!.text;
    }
    parts.push(j);
    for (let k = lineBelow(lines, j); k >= 0 && parts.length < 3 && k !== sal; k = lineBelow(lines, k)) {
      if (notSubject(lines, k) || lines[k]!.text.length > 100) break;
      parts.push(k);
    }
    const subject = joinLines([text, ...parts.slice(1).map((k) => lines[k]!.text)]);
    return {
      subject,
      confidence: 0.95,
      reason: 'label Betreff',
      ...where(lines[i]!, ...parts.map((k) => lines[k]!)),
    };
  }
  if (sal < 0) return null;
  // DIN 5008: no label; the subject is the block just above the salutation.
  const salLine = lines[sal]!;
  let first = -1;
  if (salLine.box) {
    // The lines over the salutation, nearest first; specks in the margin (punch holes) read as letters
    // are none, and a reference line between subject and salutation ('Ihr Zeichen: ...') is passed over.
    const over = lines
      .map((m, k) => ({ m, k }))
      .filter(
        ({ m, k }) =>
          k < sal &&
          m.page === 1 &&
          m.box &&
          m.box.x0 >= 12 &&
          m.box.x0 <= 100 &&
          m.box.y1 <= salLine.box!.y0 + 0.5 &&
          salLine.box!.y0 - m.box.y1 <= 20 &&
          /\p{L}{3}/u.test(m.text),
      )
      .sort((a, b) => b.m.box!.y1 - a.m.box!.y1);
    const reference = (m: TextLine) => labelsIn(m).some((h) => /\d/.test(m.text.slice(h.end)));
    first = (over[0] && reference(over[0].m) ? over[1] : over[0])?.k ?? -1;
  } else {
    for (first = sal - 1; first >= 0 && lines[first]!.para; first--);
  }
  if (first < 0 || notSubject(lines, first)) return null;
  const parts = [first];
  for (let k = lineAbove(lines, first, 2.5); k >= 0 && parts.length < 3; k = lineAbove(lines, k, 2.5)) {
    if (notSubject(lines, k)) break;
    parts.unshift(k);
  }
  // A block of more than three lines is a paragraph of text, not a subject.
  if (
    parts.length === 3 &&
    lineAbove(lines, parts[0]!, 2.5) >= 0 &&
    !notSubject(lines, lineAbove(lines, parts[0]!, 2.5))
  )
    return null;
  return {
    subject: joinLines(parts.map((k) => lines[k]!.text)),
    confidence: salLine.box ? 0.8 : 0.7,
    reason: 'line above salutation',
    ...where(...parts.map((k) => lines[k]!)),
  };
}

// ---------------------------------------------------------------- sender

const NOT_A_NAME =
  /^(persönlich|persoenlich|vertraulich|eilt|einschreiben|per\s+(fax|e-?mail)|an\s*die|an\s*das|an\s*den|z\.\s*hd|herrn?$|frau$|datum|seite\s+\d|im auftrag|i\.\s?a\.|i\.\s?v\.|ppa\.|gez\.|anlage|bankverbindung)/i;
/** Looks like a street and number ("Hauptstraße 5", "Am Markt 3a"), not a name. */
const STREET =
  /(stra(ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|markt)\s*\d|^\p{L}[\p{L} .-]*\s\d{1,4}\s?[a-z]?$|postfach/iu;
/** Contact data: as words only ('Tagungshotel' is no 'Tel.'). */
const CONTACT =
  /(?<!\p{L})(tel\.?|telefon|telefax|fax|e-?mail|ust-?id|hrb|iban|bic)(?!\p{L})|www\.|@|https?:|\.de\b|\.com\b/iu;
/** Words of an organisation's name: legal forms, courts, authorities, institutions. */
const ORG =
  /(gmbh|(?<!\p{L})(ag|kg|ohg|ug|se|gbr|eg)(?!\p{L})|e\.\s?k\.|e\.\s?v\.|gericht|\p{L}*amt\s+\p{Lu}|jobcenter|agentur|verwaltung|gemeinde|stadt(?!\p{L})|stadtwerke|kreis|ministerium|beh(ö|o)rde|rentenversicherung|krankenkasse|versicherung|sparkasse|bank|polizei|pr(ä|a)sidium|universit(ä|a)t|hochschule|innung|verband|verein|stiftung|institut|kanzlei|rechtsanw(ä|a)lt|steuerberat|praxis|notar)/iu;
/** A department line under an organisation's name (never the sender itself). */
const DEPARTMENT =
  /^(abteilung|abt\.|referat|sachgebiet|fachbereich|fachdienst|dezernat|gesch(ä|a)ftsstelle|team|stabsstelle|leistungsabteilung|\d+\.\s*kammer|amt f(ü|u)r|(der|die)\s+(ober)?(pr(ä|a)sident|landr(a|ä)t|b(ü|u)rgermeister|direktor|leiter|vorsitzende)|\p{L}+amt$)/iu;

/** A letterhead's slogan of three or more single words ('Tagen - Übernachten - Feiern'). */
const TAGLINE = /^\p{L}+(\s+[-–·|•+]\s+\p{L}+){2,}$/u;

/** OCR's look-alike letters in names and subjects made plain ('Ingrıd'). */
const tidy = (s: string) => s.replace(/ı/g, 'i').replace(/[‘’‚`´]/g, "'");

const cleanName = (s: string) =>
  tidy(s)
    .replace(/^(absender|abs\.|von)\s*:?\s*/i, '')
    .replace(/[’'`:;,·|+*\s-]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The name a line offers: the first part of a return line, else the line. */
function nameOf(text: string): string {
  const t = plain(text).replace(/^(absender|abs\.|von)\s*:?\s*/i, '');
  return cleanName(isReturnLine(t) ? (t.split(new RegExp(RETURN_SEP.source, 'u'))[0] ?? '') : t);
}

const tokenSet = (s: string) =>
  new Set(
    fold(s)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
/** Whether two names share most of their words. */
function agree(a: string, b: string): boolean {
  const [x, y] = [tokenSet(a), tokenSet(b)];
  const common = [...x].filter((t) => y.has(t)).length;
  return common > 0 && (2 * common) / (x.size + y.size) >= 0.6;
}

/** 'J. Üffing', 'H.-P. von Ahlefeldt': given names cut to their initials, then the rest of the name. */
const INITIALS = /^((?:\p{Lu}\.\s?-?\s?)+)(\p{L}.*)$/u;
const TITLE = /^(dr|prof|dipl|ing)\./i;

/**
 * The line elsewhere in the letter (the signature, the letterhead) that writes out a name the return line
 * cuts to initials: the same rest of the name, given names with those initials ('Jördis Üffing' for
 * 'J. Üffing'; titles kept).
 */
function fullName(short: string, lines: TextLine[]): TextLine | undefined {
  const m = INITIALS.exec(short);
  if (!m) return undefined;
  const initials = fold(m[1]!).replace(/[^a-z]/g, '');
  const rest = fold(m[2]!).split(/\s+/);
  return lines.find((l) => {
    const words = nameOf(l.text).split(/\s+/);
    if (words.length > 7 || words.length <= rest.length) return false;
    if (words.slice(-rest.length).some((w, i) => fold(w) !== rest[i])) return false;
    const given = words.slice(0, -rest.length).filter((w) => !TITLE.test(w));
    return (
      given.length > 0 &&
      given.every((w) => /^\p{Lu}\p{Ll}+(-\p{Lu}\p{Ll}+)?$/u.test(w)) &&
      fold(given.map((w) => w.replace(/(\p{Lu})\p{Ll}+-?/gu, '$1')).join('')).startsWith(initials)
    );
  });
}

/**
 * The sender as the letter names it: the first part of the return line over the address field, else the
 * most prominent name of the letterhead (an organisation before its department; a private sender's name
 * over their street), else the name under the closing. Never our own authority or the recipient.
 */
export function findSender(
  lines: TextLine[],
  authority: string,
): ({ sender: string; confidence: number; reason: string } & Where) | null {
  const ours = fold(authority);
  const layout = letterLayout(lines, authority);
  const sal = salutationOf(lines);
  const page1 = lines.filter((l, k) => l.page === 1 && !l.para && (sal < 0 || k < sal));
  const usable = (s: string) =>
    s.length >= 3 &&
    /\p{L}{3}/u.test(s) &&
    s.length <= 80 &&
    /\p{L}{2}/u.test(s) &&
    !NOT_A_NAME.test(s) &&
    !(ours && fold(s).includes(ours)) &&
    !/^\d/.test(s) &&
    !STREET.test(s) &&
    !CONTACT.test(s) &&
    !STAMP.test(s) &&
    !SALUTATION.test(s) &&
    !/\d{5}/.test(s) &&
    s.replace(/\D/g, '').length / s.length < 0.2 &&
    !findDate([{ text: s, page: 1 }]);
  const inRecipient = (l: TextLine) => layout.source === 'window' && layout.recipient.includes(l);
  const labelled = (l: TextLine) => {
    const i = lines.indexOf(l);
    return labelsIn(l).length > 0 || governingLabel(lines, i, 0) !== null;
  };
  type Cand = { sender: string; score: number; reason: string; line: TextLine };
  const cands: Cand[] = [];

  // 1. The return line over the address field: 'Name · Street 1 · 12345 Town'.
  const ret =
    layout.returnLine ??
    (layout.source === 'head'
      ? page1.slice(0, 20).find((l) => isReturnLine(plain(l.text)) && usable(nameOf(l.text)))
      : undefined);
  if (ret) {
    const name = nameOf(ret.text);
    if (usable(name) && !DEPARTMENT.test(name))
      cands.push({ sender: name, score: 20, reason: 'return address line', line: ret });
  }

  // 2. The letterhead: above the address field and beside it, by prominence (text size) and kind.
  if (layout.source === 'window') {
    const heights = page1
      .filter((l) => l.box)
      .map((l) => l.box!.y1 - l.box!.y0)
      .sort((a, b) => a - b);
    const typical = heights[Math.floor(heights.length / 2)] ?? 1;
    const head = layout.letterhead.filter((l) => l !== ret && !inRecipient(l) && !labelled(l));
    for (const l of head) {
      const name = nameOf(l.text);
      if (!usable(name)) continue;
      const ratio = (l.box!.y1 - l.box!.y0) / typical;
      const below = lineBelow(lines, lines.indexOf(l));
      const overAddress = below >= 0 && STREET.test(lines[below]!.text);
      const topmost = !head.some(
        (o) => o.box!.y1 <= l.box!.y0 && Math.abs(o.box!.x0 - l.box!.x0) < 30 && usable(nameOf(o.text)),
      );
      const score =
        6 +
        Math.min(3, Math.max(0, 3 * (ratio - 1))) +
        (ORG.test(name) ? 2 : 0) -
        (DEPARTMENT.test(name) ? 3 : 0) +
        (topmost ? 1 : 0) +
        (overAddress ? 1 : 0) -
        (/[.!?]$/.test(name) && !ORG.test(name) ? 2 : 0) -
        (TAGLINE.test(name) ? 4 : 0);
      cands.push({ sender: name, score, reason: 'letterhead', line: l });
    }
  } else {
    // Without positions: the first name before the address field.
    const to = page1.findIndex((l) => ours && fold(l.text).includes(ours));
    const first = page1.slice(0, to >= 0 ? to : 14).find((l) => usable(nameOf(l.text)) && !labelled(l));
    if (first) cands.push({ sender: nameOf(first.text), score: 7, reason: 'letter head', line: first });
  }

  // 3. The name under the closing (an organisation's before the signer's).
  const closing = lines.findIndex((l) => CLOSING.test(l.text));
  if (closing >= 0) {
    const after = lines.slice(closing + 1, closing + 7).filter((l) => !l.para && usable(cleanName(l.text)));
    const org = after.find((l) => ORG.test(l.text)) ?? after[0];
    if (org && cleanName(org.text).split(' ').length <= 8)
      cands.push({
        sender: cleanName(org.text),
        score: ORG.test(org.text) ? 5 : 4,
        reason: 'signature',
        line: org,
      });
  }

  const found = cands.sort((a, b) => b.score - a.score)[0];
  if (!found) return null;
  const full = fullName(found.sender, lines);
  const best = full ? { ...found, sender: nameOf(full.text), line: full } : found;
  const confirmed = cands.some((c) => c !== best && c.reason !== best.reason && agree(c.sender, best.sender));
  const base =
    best.score >= 20 ? 0.9 : best.score >= 10 ? 0.85 : best.score >= 8 ? 0.8 : best.score >= 6 ? 0.7 : 0.6;
  return {
    sender: best.sender,
    confidence: Math.min(0.95, base + (confirmed ? 0.1 : 0)),
    reason: best.reason + (confirmed ? ', confirmed' : ''),
    ...where(best.line),
  };
}

// ---------------------------------------------------------------- IBAN

const IBAN_LENGTH: Record<string, number> = {
  DE: 22,
  AT: 20,
  CH: 21,
  LI: 21,
  NL: 18,
  BE: 16,
  LU: 20,
  FR: 27,
  IT: 27,
  ES: 24,
  PL: 28,
  DK: 18,
  GB: 22,
  IE: 22,
  CZ: 24,
  SE: 24,
  NO: 15,
  FI: 18,
  PT: 25,
};

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function validIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const expect = IBAN_LENGTH[iban.slice(0, 2)];
  if (expect && iban.length !== expect) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest === 1;
}

/** Letters OCR reads for digits (German IBANs are digits after the country code). */
const OCR_DIGIT: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  I: '1',
  i: '1',
  L: '1',
  l: '1',
  '|': '1',
  '!': '1',
  '\\': '1',
  S: '5',
  s: '5',
  $: '5',
  B: '8',
  Z: '2',
  z: '2',
  G: '6',
  b: '6',
  T: '7',
  g: '9',
  q: '9',
};

/** 'DE' and what OCR makes of it in a bad light ('OE', '0E', 'D E'), then the two check digits. */
const START = /(?<![A-Za-z0-9])([A-Z0O])\s?([A-Z])[\s.,]{0,2}([0-9OoIlSBZzGgqT|]{2})/g;
const IBAN_CHAR = /[A-Za-z0-9|!$\\]/;
const SEPARATOR = /[\s.,_-]/;

/**
 * Up to `n` IBAN characters from the start of `s`, skipping separators (spaces in odd places, stray
 * dots); stops at the first character that cannot be part of an IBAN.
 */
function ibanChars(s: string, n: number, digitsOnly: boolean): { chars: string; end: number } {
  let chars = '';
  let k = 0;
  for (; k < s.length && chars.length < n; k++) {
    const c = s[k]!;
    if (SEPARATOR.test(c)) continue;
    if (digitsOnly ? !/\d/.test(c) && !OCR_DIGIT[c] : !IBAN_CHAR.test(c)) break;
    chars += c;
  }
  return { chars, end: k };
}

/** The IBAN a country code and body spell when its checksum holds, raw or with OCR confusions undone. */
function checked(country: string, body: string): { iban: string; repaired: boolean } | null {
  const raw = country + body.toUpperCase();
  if (validIban(raw)) return { iban: raw, repaired: false };
  if (country !== 'DE') return null;
  const fixed = country + body.replace(/[^0-9]/g, (c) => OCR_DIGIT[c] ?? c);
  return validIban(fixed) ? { iban: fixed, repaired: true } : null;
}

/** A spaced German IBAN's groups: two check digits after the country code, four groups of four, two. */
const DE_GROUPS = [2, 4, 4, 4, 4, 2];

/**
 * A spaced German IBAN with one character too many in one of its groups ('DE386 6565 ...', OCR read a
 * speck as a digit): the one deletion in that group whose checksum holds, if exactly one does.
 */
function oneTooMany(text: string): { iban: string; repaired: boolean } | null {
  const tokens = text.split(/\s+/);
  const groups = [tokens[0]!.slice(2), ...tokens.slice(1, DE_GROUPS.length)];
  const extra = groups.map((g, k) => g.length - DE_GROUPS[k]!);
  if (
    groups.length !== DE_GROUPS.length ||
    extra.filter((e) => e === 1).length !== 1 ||
    extra.some((e) => e < 0 || e > 1)
  )
    return null;
  if (groups.some((g) => !/^[0-9OoIlSBZzGgqT|]+$/.test(g))) return null;
  const k = extra.indexOf(1);
  const found = new Set<string>();
  for (let d = 0; d < groups[k]!.length; d++) {
    const body = groups.map((g, j) => (j === k ? g.slice(0, d) + g.slice(d + 1) : g)).join('');
    const ok = checked('DE', body);
    if (ok) found.add(ok.iban);
  }
  return found.size === 1 ? { iban: [...found][0]!, repaired: true } : null;
}

interface IbanHit {
  iban: string;
  repaired: boolean;
  /** The line of the IBAN's start, and of its continuation when broken. */
  lines: TextLine[];
  index: number;
  at: number;
}

/** Lines that may hold the rest of an IBAN broken at the end of line `i`: next in reading order or below it. */
function continuations(lines: TextLine[], i: number): TextLine[] {
  const line = lines[i]!;
  const next = lines.slice(i + 1, i + 6).filter((l) => !l.para && l.page === line.page);
  if (!line.box) return next;
  const below = lines.filter(
    (l) =>
      l.page === line.page &&
      l.box &&
      l.box.y0 >= line.box!.y1 - 1 &&
      l.box.y0 - line.box!.y1 < 6 &&
      l.box.x0 < line.box!.x1 &&
      l.box.x1 > line.box!.x0,
  );
  return [...new Set([...below, ...next.slice(0, 1)])];
}

/** The words of `line` from the one that starts at page x `column` (within 4 mm), or ''. */
function fromColumn(line: TextLine, column: number): string {
  const w = line.xs?.findIndex(([x0]) => Math.abs(x0 - column) < 4 * MM) ?? -1;
  return w > 0 ? plain(line.text).split(' ').slice(w).join(' ') : '';
}

/** Every IBAN whose checksum holds: on one line, or broken over two (a line end, a footer column). */
function ibanHits(lines: TextLine[]): IbanHit[] {
  const hits: IbanHit[] = [];
  lines.forEach((line, i) => {
    const text = plain(line.text);
    for (const m of text.matchAll(START)) {
      const country = /^[O0]E$/.test(m[1]! + m[2]!) ? 'DE' : m[1]! + m[2]!;
      const len = IBAN_LENGTH[country];
      if (!len) continue;
      const de = country === 'DE';
      const rest = text.slice(m.index + m[0].length);
      const head = ibanChars(rest, len - 4, de);
      const check = m[3]!;
      const repairedCountry = country !== m[1]! + m[2]!;
      const add = (found: { iban: string; repaired: boolean } | null, ls: TextLine[]) => {
        if (found)
          hits.push({
            ...found,
            repaired: found.repaired || repairedCountry,
            lines: ls,
            index: i,
            at: m.index,
          });
        return !!found;
      };
      if (head.chars.length === len - 4) {
        // A digit running on means a longer number, not this IBAN, unless it is one stray character.
        if (!/^\d/.test(rest.slice(head.end))) add(checked(country, check + head.chars), [line]);
        else if (de) add(oneTooMany(text.slice(m.index)), [line]);
        continue;
      }
      // The rest starts at the line's left edge (a line break) or under the IBAN's column (a footer).
      const label = /iban\W{0,3}$/i.exec(text.slice(0, m.index));
      const column = xAt(line, label ? label.index : m.index);
      for (const next of continuations(lines, i)) {
        const texts = [plain(next.text), ...(column !== undefined ? [fromColumn(next, column)] : [])];
        const joined = texts.some((raw) => {
          const t = raw.replace(/^\s*(iban)?[\s:]*/i, '');
          if (!/^[0-9OoIlSB]/.test(t)) return false;
          const need = len - 4 - head.chars.length;
          const tail = ibanChars(t, need, de);
          if (tail.chars.length === need && !/^\d/.test(t.slice(tail.end)))
            return add(checked(country, check + head.chars + tail.chars), [line, next]);
          // One character too many over both lines (a speck read as a digit): as on one line.
          const more = ibanChars(t, need + 1, de);
          return (
            de &&
            more.chars.length === need + 1 &&
            !/^\d/.test(t.slice(more.end)) &&
            add(oneTooMany(`${text.slice(m.index)} ${t.slice(0, more.end)}`), [line, next])
          );
        });
        if (joined) break;
      }
    }
  });
  return hits;
}

/**
 * The sender's IBAN: every IBAN whose checksum holds (as read, or after undoing OCR letter-for-digit
 * confusions, or joined over a line break or a footer column), the labelled one near 'überweisen' or
 * 'Konto' first, never an account named as the reader's ('Ihre Bankverbindung'). Nothing is taken whose
 * checksum does not hold.
 */
export function findIban(
  lines: TextLine[],
): ({ iban: string; confidence: number; reason: string } & Where) | null {
  const scored = ibanHits(lines).map((h) => {
    const line = lines[h.index]!;
    const before = plain(line.text).slice(0, h.at);
    const above = column(lines, h.index, 12, 3);
    const context = [...above.map((l) => l.text), before].join(' ');
    const labelled =
      /iban\W{0,3}$/i.test(before) || (!before.trim() && /^\W*iban\W*$/i.test(above[0]?.text ?? ''));
    let score = (labelled ? 3 : 0) + (h.repaired ? 0 : 0.5) + (h.lines.length > 1 ? 0 : 0.2);
    if (/(bankverbindung|konto|kto\.?)/i.test(context)) score += 1;
    if (/(überweis|uberweis|zahlbar|zahlung|einzahl|begleichen)/i.test(context)) score += 2;
    if (new RegExp(`${IHR}(konto|bankverbindung|iban)`, 'iu').test(context)) score -= 5;
    return { ...h, score, labelled };
  });
  const sorted = scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const b = sorted[0];
  if (!b || b.score < 0) return null;
  const rival = sorted.some((o) => o.iban !== b.iban && o.score >= b.score - 1);
  const reason = [
    b.labelled ? 'label IBAN' : 'checksum',
    ...(b.repaired ? ['OCR misreading undone'] : []),
    ...(b.lines.length > 1 ? ['over two lines'] : []),
  ].join(', ');
  const confidence =
    (b.labelled ? 0.97 : 0.9) - (b.repaired ? 0.1 : 0) - (b.lines.length > 1 ? 0.05 : 0) - (rival ? 0.2 : 0);
  return { iban: b.iban, confidence, reason, ...where(...b.lines) };
}

// ---------------------------------------------------------------- amount

const AMOUNT = /(?<![\d,.])(\d{1,3}(?:[.\s]\d{3})+|\d+),(\d{2}|-{1,2})(?!\d)/g;
const VAT = /(mwst|ust\b|umsatzsteuer|mehrwertsteuer)/i;
const NOT_TOTAL = /(netto|mwst|ust\b|umsatzsteuer|mehrwertsteuer|zwischensumme|rabatt|skonto)/i;
const TOTAL_LABELS: Array<[RegExp, number]> = [
  [
    /(gesamtbetrag|rechnungsbetrag|endbetrag|gesamtsumme|zahlbetrag|zu zahlen(der betrag)?|offener betrag|forderungsbetrag|summe brutto|bruttobetrag|gesamt\s*\(?brutto)/i,
    10,
  ],
  [/(gesamt|summe|betrag|total|brutto)/i, 6],
];

const euros = (m: RegExpExecArray) =>
  Number(m[1]!.replace(/[.\s]/g, '')) + (/^\d\d$/.test(m[2]!) ? Number(m[2]) / 100 : 0);
const cents = (v: number) => Math.round(v * 100);

/** The first euro amount on a line whose text matches `label` (net or VAT lines of an invoice). */
function labelledAmount(lines: TextLine[], label: RegExp): number | null {
  for (const line of lines) {
    const text = plain(line.text);
    if (!label.test(text)) continue;
    AMOUNT.lastIndex = 0;
    const m = AMOUNT.exec(text);
    if (m) return euros(m);
  }
  return null;
}

/**
 * The document's main amount: the labelled total of an invoice, else the largest euro amount. When net
 * and VAT are read too and the VAT fits 19 % or 7 % of the net but the total does not fit their sum, the
 * total was misread and their sum is taken (the plausibility check of invoice capture).
 */
export function findAmount(
  lines: TextLine[],
): ({ amount: number; confidence: number; reason: string } & Where) | null {
  let best: { amount: number; score: number; reason: string; line: TextLine } | null = null;
  for (const line of lines) {
    const text = plain(line.text);
    AMOUNT.lastIndex = 0;
    for (let m = AMOUNT.exec(text); m; m = AMOUNT.exec(text)) {
      const value = euros(m);
      const around = text.slice(Math.max(0, m.index - 6), m.index + m[0].length + 6);
      const currency = /€|eur/i.test(around);
      const before = text.slice(0, m.index);
      const label = TOTAL_LABELS.find(([re]) => re.test(before));
      if (!currency && !label) continue;
      if (NOT_TOTAL.test(before.slice(-40))) continue;
      const score = (label?.[1] ?? 0) + (currency ? 2 : 0) + value / 1e9;
      if (!best || score > best.score)
        best = {
          amount: cents(value) / 100,
          score,
          reason: label ? 'total label' : 'largest euro amount',
          line,
        };
    }
  }
  const b = best as { amount: number; score: number; reason: string; line: TextLine } | null;
  if (!b) return null;
  const net = labelledAmount(lines, /netto/i);
  const vat = labelledAmount(lines, VAT);
  if (b.score >= 10 && net !== null && vat !== null && cents(net) + cents(vat) !== cents(b.amount)) {
    if ([0.19, 0.07].some((rate) => Math.abs(cents(net * rate) - cents(vat)) <= 1)) {
      return {
        amount: (cents(net) + cents(vat)) / 100,
        confidence: 0.8,
        reason: 'net + VAT (total misread)',
        ...where(b.line),
      };
    }
  }
  return { amount: b.amount, confidence: b.score >= 10 ? 0.9 : 0.6, reason: b.reason, ...where(b.line) };
}

/**
 * All metadata of one mail item, each field with its evidence (confidence, reason, page and box).
 * `receivedOn` (YYYY-MM-DD): the day the post came in, after which no letter is dated (later dates lose to
 * any other).
 * @example extractMetadata(linesFromText(ocrText), org.fileref.pattern, org.authority.name, '2026-11-02')
 */
export function extractMetadata(
  lines: TextLine[],
  filerefPattern: string,
  authority: string,
  receivedOn?: string,
): Metadata {
  const evidence: Metadata['evidence'] = {};
  const note = <T extends Evidence>(field: string, r: T | null): T | null => {
    if (r)
      evidence[field] = {
        confidence: r.confidence,
        reason: r.reason,
        ...(r.page !== undefined ? { page: r.page } : {}),
        ...(r.box ? { box: r.box } : {}),
      };
    return r;
  };
  const ref = note('fileref', findFileref(lines, filerefPattern));
  return {
    date: note('date', findDate(lines, receivedOn))?.date ?? null,
    fileref: ref?.fileref ?? null,
    fileplan: ref?.plan ?? null,
    subject: note('subject', findSubject(lines))?.subject ?? null,
    sender: note('sender', findSender(lines, authority))?.sender ?? null,
    iban: note('iban', findIban(lines))?.iban ?? null,
    amount: note('amount', findAmount(lines))?.amount ?? null,
    evidence,
  };
}
