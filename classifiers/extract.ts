// Metadata extractors: letter date, file reference, subject, sender, IBAN, amount. Pure functions over
// OCR lines; each finding carries a confidence and the reason it was chosen.
import { fold, plain, xAt, type TextLine } from './text.ts';

export interface Metadata {
  date: string | null;
  fileref: string | null;
  /** Plan part of the file reference (selects the unit). */
  fileplan: string | null;
  subject: string | null;
  sender: string | null;
  iban: string | null;
  amount: number | null;
  /** Per-field confidence 0..1 and reason, for the review UI and the routing decision. */
  evidence: Record<string, { confidence: number; reason: string }>;
}

type Role = 'theirs' | 'ours' | 'ref' | 'date' | 'other-date';

/** Labels of a letter's reference line (DIN 5008 Bezugszeichenzeile) and what a value under them is. */
const LABELS: Array<{ re: RegExp; role: Role }> = [
  {
    re: /\b(unser(e)?|mein(e)?)\s+(zeichen|az\.?|aktenzeichen|gesch(ä|a)ftszeichen|referenz|nachricht|schreiben)/i,
    role: 'theirs',
  },
  {
    re: /\b(kunden|rechnungs|vertrags|auftrags|mitglieds|versicherungs)[\s-]*(nummer|nr\.?)/i,
    role: 'theirs',
  },
  {
    re: /\b(ihr(e)?)\s+(zeichen|az\.?|aktenzeichen|gesch(ä|a)ftszeichen|nachricht|schreiben)/i,
    role: 'ours',
  },
  { re: /\b(aktenzeichen|az\.|gesch(ä|a)ftszeichen|gz\.)/i, role: 'ref' },
  { re: /\b(datum)\b/i, role: 'date' },
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
    const g = new RegExp(re.source, 'gi');
    for (let m = g.exec(line.text); m; m = g.exec(line.text)) {
      // 'Ihr Zeichen' inside 'Unser Zeichen' etc. cannot happen, but 'Aktenzeichen' inside 'Ihr Aktenzeichen' can.
      if (hits.some((h) => m!.index >= h.at && m!.index < h.end)) continue;
      hits.push({ role, at: m.index, end: m.index + m[0].length, x: xAt(line, m.index) });
    }
  }
  return hits.sort((a, b) => a.at - b.at);
}

/**
 * The label that governs a value at `at` in line `i`: on the same line before it, or the column heading in
 * the row above (DIN 5008 reference line: headings over values), matched by x position where known.
 */
function governingLabel(lines: TextLine[], i: number, at: number): Role | null {
  const line = lines[i]!;
  const same = labelsIn(line).filter((h) => h.end <= at);
  if (same.length) return same[same.length - 1]!.role;
  const row = line.row ?? i;
  for (const above of [row - 1, row - 2]) {
    const segs = lines.filter((l, k) => !l.para && l.page === line.page && (l.row ?? k) === above);
    if (!segs.length) continue;
    // A heading row holds labels and no values (no digits) of its own.
    const heads = segs.some((l) => /\d/.test(l.text)) ? [] : segs.flatMap(labelsIn);
    if (!heads.length) return null;
    const x = xAt(line, at);
    if (x !== undefined && heads.every((h) => h.x !== undefined)) {
      const left = heads.filter((h) => h.x! <= x + 40).sort((a, b) => a.x! - b.x!);
      return (left.length ? left[left.length - 1]! : heads[0]!).role;
    }
    // Without positions: proportional position in the line.
    const idx = Math.min(heads.length - 1, Math.floor((at / Math.max(1, line.text.length)) * heads.length));
    return heads[idx]!.role;
  }
  return null;
}

// ---------------------------------------------------------------- file reference

/** Any file-reference-like token (for telling reference lines from subjects). */
const FILEREF_ANY = '(?<plan>\\d{2}(?:\\.\\d{2}){1,3})\\s*/\\s*(?<year>\\d{4})-(?<seq>\\d{1,6})';

export function findFileref(
  lines: TextLine[],
  pattern: string,
): { fileref: string; plan: string; confidence: number; reason: string } | null {
  const re = new RegExp(pattern, 'g');
  let best: { fileref: string; plan: string; score: number; reason: string } | null = null;
  lines.forEach((line, i) => {
    const text = plain(line.text);
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const g = m.groups ?? {};
      if (!g.plan || !g.year || !g.seq) continue;
      const role = governingLabel(lines, i, m.index);
      if (role === 'theirs') continue;
      const score = role === 'ours' ? 3 : role === 'ref' ? 2 : 1;
      if (!best || score > best.score) {
        best = {
          fileref: `${g.plan}/${g.year}-${g.seq}`,
          plan: g.plan,
          score,
          reason: role ? `label:${role}` : 'unlabelled',
        };
      }
    }
  });
  if (!best) return null;
  const b = best as { fileref: string; plan: string; score: number; reason: string };
  return { fileref: b.fileref, plan: b.plan, confidence: b.score >= 2 ? 0.95 : 0.75, reason: b.reason };
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

const DATE_RES: Array<{ re: RegExp; parse(m: RegExpExecArray): [number, number, number] | null }> = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, parse: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  {
    // OCR reads the dots of small print as , : or ' now and then.
    re: /(?<![\d.])(\d{1,2})\s?[.,:'´`]\s?(\d{1,2})\s?[.,:'´`]\s?(\d{4}|\d{2})(?![\d])/g,
    parse: (m) => [m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!, +m[2]!, +m[1]!],
  },
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g, parse: (m) => [+m[3]!, +m[2]!, +m[1]!] },
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})\\.?\\s*${MONTH_WORD}\\.?\\s+(\\d{4})\\b`, 'gi'),
    parse: (m) => {
      const month = MONTHS.find(([r]) => r.test(fold(m[2]!)))?.[1];
      return month ? [+m[3]!, month, +m[1]!] : null;
    },
  },
];

function isoDate(y: number, mo: number, d: number): string | null {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Words before a date that make it some other date than the letter's own. */
const OTHER_DATE =
  /(vom|seit|bis|ab|geb\.?|geboren|f(ä|a)llig(keit)?|frist|zahlbar|zeitraum|leistungs\w*|liefer\w*|termin|g(ü|u)ltig\w*|zum|am|nachricht|schreiben|antrag|bescheid|eingang|eingegangen|stand|bis zum|verl(ä|a)ngert|sp(ä|a)testens|geburtstag)\s*:?\s*$/i;

/** A compound '...datum' label that names another date (Geburtsdatum, Fälligkeitsdatum, Eingangsdatum). */
const OTHER_DATUM = /(\p{L}{3,})datum\s*:?\s*$/iu;
const OWN_DATUM = /^(rechnungs|beleg|ausstellungs|brief|schreibens|druck)$/i;

/** A receipt stamp's words on the line above a date that stands alone (EINGEGANGEN / 03. Nov. 2025). */
const STAMP = /(eingang|eingegangen|posteingang|empfangen|erhalten)\s*:?\s*$/i;

export function findDate(lines: TextLine[]): { date: string; confidence: number; reason: string } | null {
  let best: { date: string; score: number; reason: string } | null = null;
  lines.forEach((line, i) => {
    const text = plain(line.text);
    for (const { re, parse } of DATE_RES) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const ymd = parse(m);
        const date = ymd && isoDate(...ymd);
        if (!date) continue;
        const before = text.slice(Math.max(0, m.index - 30), m.index);
        const role = governingLabel(lines, i, m.index);
        let score = 0;
        let reason = 'first date';
        if (/rechnungsdatum|datum der rechnung|belegdatum|ausstellungsdatum/i.test(before))
          [score, reason] = [9, 'invoice date'];
        else if (/\bdatum\s*:?\s*$/i.test(before) || role === 'date') [score, reason] = [10, 'label Datum'];
        else if (/^[\p{L}][\p{L} .-]*,\s*(den\s+)?$/u.test(before.trimStart()) && m.index < 40)
          [score, reason] = [8, 'place, date'];
        else if (
          OTHER_DATE.test(before) ||
          (OTHER_DATUM.test(before) && !OWN_DATUM.test(OTHER_DATUM.exec(before)![1]!)) ||
          role === 'ours' ||
          role === 'theirs' ||
          role === 'other-date'
        )
          [score, reason] = [-10, 'other date'];
        else if (text.trim().length <= m[0].length + 4)
          [score, reason] =
            i > 0 && lines[i - 1]!.page === line.page && STAMP.test(plain(lines[i - 1]!.text))
              ? [-10, 'receipt stamp']
              : [5, 'date line'];
        // Earlier is likelier in a letter head; later pages barely count.
        score += line.page === 1 ? Math.max(0, 2 - i / 20) : -1;
        if (!best || score > best.score) best = { date, score, reason };
      }
    }
  });
  const b = best as { date: string; score: number; reason: string } | null;
  if (!b || b.score < -5) return null;
  return { date: b.date, confidence: b.score >= 7 ? 0.95 : b.score >= 4 ? 0.8 : 0.6, reason: b.reason };
}

// ---------------------------------------------------------------- subject

const SALUTATION = /^(sehr geehrte|guten tag|hallo|liebe[rs]?\b|lieber|sg\s|moin|servus|gr(ü|u)(ß|ss) gott)/i;
const SUBJECT_LABEL = /^(betreff|betr\.|betrifft|subject|re|bezug)\s*[:.]\s*/i;

export function findSubject(
  lines: TextLine[],
): { subject: string; confidence: number; reason: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text;
    const m = SUBJECT_LABEL.exec(t) ?? (/^betreff\b\s*/i.exec(t) || null);
    if (!m) continue;
    let subject = t.slice(m[0].length).trim();
    let j = i + 1;
    if (!subject) {
      while (j < lines.length && lines[j]!.para) j++;
      subject = lines[j]?.text.trim() ?? '';
      j++;
    }
    // A second subject line in the same paragraph that is not the salutation.
    const next = lines[j];
    if (
      subject &&
      next &&
      !next.para &&
      !SALUTATION.test(next.text) &&
      next.text.length < 90 &&
      !/[.!?]$/.test(subject)
    ) {
      if (!/^(ihr|unser|datum|az|aktenzeichen)\b/i.test(next.text))
        subject = `${subject} ${next.text.trim()}`;
    }
    if (subject) return { subject: subject.replace(/\s+/g, ' '), confidence: 0.95, reason: 'label Betreff' };
  }
  // DIN 5008: no label; the subject is the line just above the salutation (not the reference line).
  const sal = lines.findIndex((l) => SALUTATION.test(l.text));
  let j = sal - 1;
  while (j >= 0 && lines[j]!.para) j--;
  const t = j >= 0 ? lines[j]!.text : '';
  const digits = t.replace(/\D/g, '').length;
  if (
    t &&
    digits / t.length < 0.5 &&
    !findFileref([lines[j]!], FILEREF_ANY) &&
    !/\d{5}\s+\p{L}/u.test(t) &&
    !labelsIn(lines[j]!).length &&
    !(findDate([lines[j]!]) && t.length < 40)
  ) {
    return { subject: t.replace(/\s+/g, ' '), confidence: 0.7, reason: 'line above salutation' };
  }
  return null;
}

// ---------------------------------------------------------------- sender

const NOT_A_NAME =
  /^(persönlich|persoenlich|vertraulich|eilt|einschreiben|per\s+(fax|e-?mail)|an\s*die|an\s*das|an\s*den|z\.\s*hd|herrn?$|frau$|datum|seite\s+\d)/i;
/** Looks like a street and number ("Hauptstraße 5", "Am Markt 3a"), not a name. */
const STREET =
  /(stra(ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|markt)\s*\d|^\p{L}[\p{L} .-]*\s\d{1,4}\s?[a-z]?$|postfach/iu;
const RETURN_SEP = /\s+[·•|∙‧]\s+|\s+[-–]\s+(?=\S)|,\s+(?=\S*\s*\d)/;

export function findSender(
  lines: TextLine[],
  authority: string,
): { sender: string; confidence: number; reason: string } | null {
  const ours = fold(authority);
  const head = lines.filter((l) => l.page === 1 && !l.para).slice(0, 14);
  const clean = (s: string) =>
    s
      .replace(/^(absender|von)\s*:\s*/i, '')
      .replace(/\s+/g, ' ')
      .trim();
  const usable = (s: string) =>
    s.length >= 3 &&
    /\p{L}{2}/u.test(s) &&
    !NOT_A_NAME.test(s) &&
    !fold(s).includes(ours) &&
    !/^\d/.test(s) &&
    !findDate([{ text: s, page: 1 }]);
  // 1. The one-line return address above the window: "Name · Street 1 · 12345 Town".
  for (const l of head) {
    if (/\b\d{5}\s+\p{L}/u.test(l.text) && RETURN_SEP.test(l.text)) {
      const first = clean(l.text.split(RETURN_SEP)[0] ?? '');
      if (usable(first) && !/\d/.test(first) && !STREET.test(first))
        return { sender: first, confidence: 0.9, reason: 'return address line' };
    }
  }
  // 2. Letter head: the first line that reads like a name.
  for (const l of head.slice(0, 4)) {
    const t = clean(l.text);
    if (usable(t) && !/\d{5}/.test(t) && !STREET.test(t))
      return { sender: t, confidence: 0.75, reason: 'letter head' };
  }
  // 3. The signature under the closing.
  const closing = lines.findIndex((l) =>
    /^mit freundlichen gr|^freundliche gr|^hochachtungsvoll|^viele gr|^beste gr/i.test(l.text),
  );
  if (closing >= 0) {
    for (const l of lines.slice(closing + 1, closing + 5)) {
      const t = clean(l.text);
      if (!l.para && usable(t) && t.split(' ').length <= 6)
        return { sender: t, confidence: 0.6, reason: 'signature' };
    }
  }
  return null;
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
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
  G: '6',
};

type Found = { iban: string; confidence: number; reason: string };

/** The IBAN a country code and the characters after it spell, when its checksum holds (else null). */
function ibanOf(country: string, body: string): Found | null {
  const len = IBAN_LENGTH[country];
  if (!len || body.length < len - 2) return null;
  const raw = country + body.slice(0, len - 2);
  if (validIban(raw)) return { iban: raw, confidence: 0.97, reason: 'checksum' };
  // German IBANs are digits only after the country code: undo typical OCR confusions.
  if (country !== 'DE') return null;
  const fixed = country + body.slice(0, len - 2).replace(/[A-Za-z|]/g, (c) => OCR_DIGIT[c] ?? c);
  return validIban(fixed) ? { iban: fixed, confidence: 0.85, reason: 'checksum after OCR fix' } : null;
}

/** 'DE' as OCR reads it in a bad light ('OE', '0E'). */
const countryOf = (c: string) => (/^[O0]E$/.test(c) ? 'DE' : c);

const START = /(?<![A-Za-z0-9])([A-Z0O])\s?([A-Z])[\s.,]{0,2}(\d{2}|[0-9OIlSBo]{2})/g;
const BODY = /^(?:[\s.,]{0,2}[A-Za-z0-9|]){0,34}/;
const DIGIT_GROUPS = /^[\s.,]*((?:\d[\s.,]{0,2}){2,30})$/;

/**
 * The first IBAN with a valid checksum: spaced or not, with OCR letter-for-digit confusions undone (German
 * IBANs), and continued on a following line when it breaks there (also across a column: the next lines
 * holding only digit groups are tried). Nothing is taken whose checksum does not hold.
 */
export function findIban(lines: TextLine[]): Found | null {
  const texts = lines.map((l) => plain(l.text));
  // Joined, so an IBAN broken right at a line end reads on.
  const text = texts.join('\n');
  for (const m of text.matchAll(START)) {
    const country = countryOf(m[1]! + m[2]!);
    const rest = BODY.exec(text.slice(m.index + m[0].length))![0];
    const found = ibanOf(country, (m[3]! + rest).replace(/[\s.,]/g, ''));
    if (found) return found;
  }
  // Broken across columns: the start on one line, the rest as the only content of one of the next lines.
  for (const [i, t] of texts.entries())
    for (const m of t.matchAll(START)) {
      const country = countryOf(m[1]! + m[2]!);
      const len = IBAN_LENGTH[country];
      const head = (m[3]! + (BODY.exec(t.slice(m.index + m[0].length))![0] ?? '')).replace(/[\s.,]/g, '');
      if (!len || head.length >= len - 2) continue;
      for (const next of texts.slice(i + 1, i + 5)) {
        const tail = DIGIT_GROUPS.exec(next)?.[1]?.replace(/[\s.,]/g, '');
        // Only a continuation of exactly the missing length: a number that merely follows is not taken.
        if (!tail || head.length + tail.length !== len - 2) continue;
        const found = ibanOf(country, head + tail);
        if (found)
          return { ...found, confidence: found.confidence - 0.1, reason: `${found.reason}, over two lines` };
      }
    }
  return null;
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
export function findAmount(lines: TextLine[]): { amount: number; confidence: number; reason: string } | null {
  let best: { amount: number; score: number; reason: string } | null = null;
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
        best = { amount: cents(value) / 100, score, reason: label ? 'total label' : 'largest euro amount' };
    }
  }
  const b = best as { amount: number; score: number; reason: string } | null;
  if (!b) return null;
  const net = labelledAmount(lines, /netto/i);
  const vat = labelledAmount(lines, VAT);
  if (b.score >= 10 && net !== null && vat !== null && cents(net) + cents(vat) !== cents(b.amount)) {
    if ([0.19, 0.07].some((rate) => Math.abs(cents(net * rate) - cents(vat)) <= 1)) {
      return {
        amount: (cents(net) + cents(vat)) / 100,
        confidence: 0.8,
        reason: 'net + VAT (total misread)',
      };
    }
  }
  return { amount: b.amount, confidence: b.score >= 10 ? 0.9 : 0.6, reason: b.reason };
}

/**
 * All metadata of one mail item.
 * @example extractMetadata(linesFromText(ocrText), org.fileref.pattern, org.authority.name)
 */
export function extractMetadata(lines: TextLine[], filerefPattern: string, authority: string): Metadata {
  const evidence: Metadata['evidence'] = {};
  const note = <T extends { confidence: number; reason: string }>(field: string, r: T | null): T | null => {
    if (r) evidence[field] = { confidence: r.confidence, reason: r.reason };
    return r;
  };
  const ref = note('fileref', findFileref(lines, filerefPattern));
  return {
    date: note('date', findDate(lines))?.date ?? null,
    fileref: ref?.fileref ?? null,
    fileplan: ref?.plan ?? null,
    subject: note('subject', findSubject(lines))?.subject ?? null,
    sender: note('sender', findSender(lines, authority))?.sender ?? null,
    iban: note('iban', findIban(lines))?.iban ?? null,
    amount: note('amount', findAmount(lines))?.amount ?? null,
    evidence,
  };
}
