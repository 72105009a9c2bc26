// More layouts for the training-family letters, drawn from a random stream of their own (so the letters
// that keep the classic layout stay as they were): DIN 5008 forms A and B, information blocks with labels
// beside or above their values, reference lines of four to six columns, letterheads left, right or
// centred, authorities as senders (name over a department line), private senders top left or top right,
// footers with bank columns (IBAN sometimes broken over two lines), receipt stamps, and the other dates a
// letter carries (the reader's letter, deadlines, dates of birth, periods).
import type { DocClass } from '../../core/store/types.ts';
import {
  FIRST,
  LAST,
  MONTHS,
  TOWN,
  int,
  makeIban,
  pick,
  spaced,
  type Block,
  type LetterPage,
  type LetterSpec,
  type Rng,
} from './base.ts';

/** What a letter says, decided before its layout. */
export interface LetterContent {
  id: string;
  cls: DocClass;
  unit: string | null;
  topics: readonly string[];
  isCompany: boolean;
  /** The person who signs. */
  person: string;
  sender: string;
  street: string;
  plz: string;
  town: string;
  recipient: string[];
  /** Endorsement over the address ('PERSÖNLICH'). */
  personal: string[];
  ref: string | null;
  /** The sender's own reference in the format of ours. */
  theirOwn: string | null;
  date: [number, number, number];
  subject: string;
  body: string[];
  /** Invoice table (items, net, VAT, total) and the IBAN printed under it. */
  invoice: { table: string[]; ibanLine: string } | null;
  iban: string | null;
  amount: number | null;
}

const AUTHORITIES: Array<[string, string[]]> = [
  ['Amtsgericht Talstadt', ['Abteilung für Familiensachen', 'Geschäftsstelle 3', 'Grundbuchamt']],
  ['Landratsamt Neudorf', ['Jugendamt', 'Sachgebiet Bauaufsicht', 'Fachbereich 4 – Umwelt']],
  ['Finanzamt Bergheim', ['Veranlagungsstelle 2', 'Erhebungsstelle']],
  ['Jobcenter Altenburg', ['Leistungsabteilung', 'Team 412']],
  ['Kreisverwaltung Talstadt', ['Referat 23 – Wasserwirtschaft', 'Ordnungsbehörde']],
  ['Deutsche Rentenversicherung Bund', ['Abteilung Rehabilitation']],
  ['Gemeinde Beispielhausen', ['Bürgermeisteramt', 'Hauptamt']],
  ['Staatliches Schulamt Bergheim', ['Schulaufsicht Grundschulen']],
  ['Polizeipräsidium Neudorf', ['Direktion Verkehr']],
  ['Verwaltungsgericht Altenburg', ['3. Kammer']],
];
const SLOGANS = [
  'Ihr Partner in der Region',
  'Qualität seit 1987',
  'Meisterbetrieb',
  'Beratung · Planung · Ausführung',
];
const BANKS = ['Sparkasse Talstadt', 'Volksbank Neudorf eG', 'Commerzbank AG', 'Kreissparkasse Bergheim'];
const SALUTATIONS = [
  'Sehr geehrte Damen und Herren,',
  'Sehr geehrte Damen und Herren,',
  'Guten Tag,',
  `Sehr geehrte Frau {last},`,
  `Sehr geehrter Herr {last},`,
];
const SECOND_LINES = [
  '– Nachreichung der angeforderten Unterlagen und Bitte um Bestätigung des Eingangs',
  'hier: Ergänzung der Angaben zum Antrag',
  'hier: Übersendung weiterer Nachweise',
];
const WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];
const CLAIMS = [
  'Meisterbetrieb seit 1987',
  'Zertifiziert nach DIN EN ISO 9001',
  'Ein Unternehmen der Nordgruppe',
];
const SHORT_MONTHS = [
  'Jan.',
  'Feb.',
  'März',
  'Apr.',
  'Mai',
  'Juni',
  'Juli',
  'Aug.',
  'Sep.',
  'Okt.',
  'Nov.',
  'Dez.',
];

const pad = (n: number) => String(n).padStart(2, '0');
const dmy = ([y, m, d]: [number, number, number]) => `${pad(d)}.${pad(m)}.${y}`;
/** A date some days from `date` (negative: before), kept within the month. */
function shift([y, m, d]: [number, number, number], days: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}
function dateText(v: Rng, [y, m, d]: [number, number, number], town: string): string {
  return pick(v, [
    `${pad(d)}.${pad(m)}.${y}`,
    `${d}.${m}.${y}`,
    `${d}. ${MONTHS[m - 1]} ${y}`,
    `${town}, ${pad(d)}.${pad(m)}.${y}`,
    `${town}, den ${d}. ${MONTHS[m - 1]} ${y}`,
    `${town}, ${d}. ${SHORT_MONTHS[m - 1]} ${y}`,
    `${y}-${pad(m)}-${pad(d)}`,
    `den ${pad(d)}.${pad(m)}.${y}`,
    `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${d}. ${MONTHS[m - 1]} ${y}`,
  ]);
}
/** Words wrapped to lines of at most `width` characters. */
function wrap(t: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of t.split(' ')) {
    if (line && (line + ' ' + w).length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  out.push(line);
  return out;
}
/** Line height in mm of text `size` pt (the renderer's 1.35 line spacing). */
const lh = (size: number) => (size * 1.35 * 25.4) / 72;

/** The other dates a letter mentions (never the letter's own), as sentences of its body. */
function otherDates(v: Rng, c: LetterContent): string[] {
  const born: [number, number, number] = [int(v, 1940, 2005), int(v, 1, 12), int(v, 1, 28)];
  const [y, m] = c.date;
  const name = `${pick(v, FIRST)} ${pick(v, LAST)}`;
  const all = [
    `zu Ihrem Schreiben vom ${dmy(shift(c.date, -int(v, 5, 40)))} nehme ich wie folgt Stellung.`,
    `Bitte senden Sie die Unterlagen bis zum ${dmy(shift(c.date, int(v, 10, 30)))} zurück.`,
    `Es handelt sich um ${name}, geb. ${dmy(born)}, wohnhaft in ${pick(v, TOWN)}.`,
    `Die Angaben betreffen den Zeitraum ${pad(1)}.${pad(m)}.–${pad(28)}.${pad(m)}.${y}.`,
    `Geburtsdatum: ${dmy(born)}`,
    `Der Ortstermin am ${dmy(shift(c.date, int(v, 7, 20)))} um 10:00 Uhr wird bestätigt.`,
    `Wir verweisen auf Ihre Nachricht vom ${pick(v, [dmy, (d: [number, number, number]) => `${d[2]}. ${MONTHS[d[1] - 1]} ${d[0]}`])(shift(c.date, -int(v, 3, 20)))}.`,
    `Leistungszeitraum: 01.${pad(m)}.${y} - 28.${pad(m)}.${y}`,
  ];
  return Array.from({ length: int(v, 0, 2) }, () => pick(v, all));
}

/**
 * A letter of the given content in one of the varied layouts. Its truth follows the same rules as the
 * classic layout's: the sender as named in the letterhead or return line (an authority's name, not its
 * department), the letter's own date, our file reference only, the sender's IBAN wherever printed.
 */
export function variedLetter(c: LetterContent, v: Rng): LetterSpec {
  const form = pick(v, ['A', 'B'] as const);
  // DIN 5008: letterhead 0–27 mm (A) or 0–45 mm (B); address field 27–72 or 45–90 mm.
  const geo =
    form === 'A'
      ? { ret: 29, addr: 34, info: 30, refLine: 80 }
      : { ret: 47, addr: 52, info: 48, refLine: 98 };
  const authority = c.cls === 'letter' && v() < 0.3 ? pick(v, AUTHORITIES) : null;
  const sender = authority ? authority[0] : c.sender;
  const department = authority ? pick(v, authority[1]) : null;
  const kind = authority ? 'authority' : c.isCompany ? 'company' : 'private';
  const head: Block[] = [];
  const footer: Block[] = [];
  let iban = c.iban;

  // Letterhead.
  const headStyle = pick(
    v,
    kind === 'private' ? (['left', 'right', 'line'] as const) : (['left', 'right', 'center'] as const),
  );
  const phone = `0${int(v, 100, 999)} ${int(v, 10000, 99999)}`;
  const mail = `${sender
    .split(' ')[0]!
    .toLowerCase()
    .replace(/[^a-z]/g, '')}@example.de`;
  if (kind === 'private') {
    const lines = [sender, c.street, `${c.plz} ${c.town}`, ...(v() < 0.5 ? [`Tel. ${phone}`] : [])];
    if (headStyle === 'left') head.push({ x: 25, y: 12, size: 10, lines });
    else if (headStyle === 'right') head.push({ x: 190, y: 12, size: 10, align: 'right', lines });
    else head.push({ x: 25, y: 14, size: 10, lines: [`${sender} · ${c.street} · ${c.plz} ${c.town}`] });
  } else {
    const sub =
      kind === 'authority'
        ? [department!]
        : v() < 0.3
          ? [pick(v, SLOGANS)]
          : [`${c.street} · ${c.plz} ${c.town}`];
    const size = kind === 'authority' ? 13 : pick(v, [14, 16]);
    const x = headStyle === 'left' ? 25 : headStyle === 'right' ? 190 : 105;
    const align = headStyle === 'right' ? 'right' : headStyle === 'center' ? 'center' : undefined;
    if (kind === 'company' && v() < 0.15) head.push({ x, y: 5, size: 7, align, lines: [pick(v, CLAIMS)] });
    head.push({ x, y: 10, size, bold: true, align, lines: [sender] });
    head.push({ x, y: 10 + lh(size) + 1, size: 9, align, lines: sub });
  }

  // Return line over the address field, then the address.
  const hasReturn = kind === 'private' ? v() < 0.4 : v() < 0.85;
  if (hasReturn) {
    const sep = pick(v, [' · ', ' – ', ', ', ' | ']);
    const parts = [
      sender,
      ...(department && v() < 0.3 ? [department] : []),
      kind === 'authority' && v() < 0.5 ? `Postfach ${int(v, 10, 99)} ${int(v, 10, 99)}` : c.street,
      `${c.plz} ${c.town}`,
    ];
    head.push({ x: 25, y: geo.ret, size: 7, lines: [parts.join(sep)] });
  }
  const endorsement =
    !c.personal.length && v() < 0.06 ? [pick(v, ['Einschreiben', 'Per Telefax vorab'])] : [];
  head.push({
    x: 25,
    y: geo.addr,
    size: pick(v, [10, 11]),
    lines: [...c.personal, ...endorsement, ...c.recipient],
  });

  // Reference data: information block right of the address field, or a reference line under it.
  const [y, m] = c.date;
  const refStyle = c.ref ? pick(v, ['field', 'field', 'body'] as const) : 'none';
  const fields: Array<[string, string]> = [];
  if (refStyle === 'field')
    fields.push([
      pick(v, ['Ihr Zeichen', 'Ihr Az.', 'Ihr Aktenzeichen', 'Ihre Zeichen', 'Ihr Geschäftszeichen']),
      c.ref!,
    ]);
  if (c.ref || v() < 0.3) fields.push(['Ihre Nachricht vom', dmy(shift(c.date, -int(v, 3, 30)))]);
  if (c.theirOwn)
    fields.push([pick(v, ['Unser Zeichen', 'Unser Az.', 'Unser Aktenzeichen', 'Mein Zeichen']), c.theirOwn]);
  if (authority)
    fields.push([
      pick(v, ['Geschäftszeichen', 'Aktenzeichen', 'Unser Zeichen']),
      pick(v, [
        `${int(v, 1, 9)} F ${int(v, 10, 999)}/${String(y).slice(2)}`,
        `II-${int(v, 1, 9)}.${int(v, 1, 9)}-${int(v, 100, 9999)}/${String(y).slice(2)}`,
      ]),
    ]);
  if (kind !== 'private' && v() < 0.6)
    fields.push([pick(v, ['Ansprechpartner', 'Bearbeiter/in', 'Ihr Ansprechpartner']), c.person]);
  if (kind !== 'private' && v() < 0.5) fields.push(['Telefon', `${phone}-${int(v, 10, 99)}`]);
  const dateLabelled = v() < 0.75;
  const dateValue = dateLabelled
    ? dateText(v, c.date, c.town).replace(/^[^,]*,\s*(den\s+)?/, '')
    : dateText(v, c.date, c.town);
  const infoStyle =
    kind === 'private' && !fields.length
      ? 'inline'
      : pick(v, ['labels', 'stacked', 'inline', 'refline'] as const);
  let bottom = geo.addr + 45; // under the address field
  if (infoStyle === 'refline') {
    let cols = [
      ...fields.filter(([l]) => l !== 'Ansprechpartner' && l !== 'Bearbeiter/in'),
      ['Datum', dateValue] as [string, string],
    ].slice(-6);
    // 'Ihr Zeichen, Ihre Nachricht vom' over 'ref, date' in one column (DIN 5008).
    if (fields[0]?.[0] !== 'Ihre Nachricht vom' && fields[1]?.[0] === 'Ihre Nachricht vom' && v() < 0.4)
      cols = [
        [`${fields[0]![0]}, Ihre Nachricht vom`, `${fields[0]![1]}, ${fields[1]![1]}`],
        ...cols.slice(2),
      ];
    const step = Math.min(45, 165 / cols.length);
    cols.forEach(([label, value], i) => {
      head.push(
        { x: 25 + i * step, y: geo.refLine, size: 7, lines: [label] },
        { x: 25 + i * step, y: geo.refLine + 4, size: 9, lines: [value] },
      );
    });
    bottom = geo.refLine + 14;
  } else {
    const withDate = dateLabelled ? [...fields, ['Datum', dateValue] as [string, string]] : fields;
    if (infoStyle === 'labels') {
      const colon = v() < 0.5 ? ':' : '';
      head.push({ x: 125, y: geo.info, size: 9, lines: withDate.map(([l]) => l + colon) });
      head.push({ x: 160, y: geo.info, size: 9, lines: withDate.map(([, val]) => val) });
    } else if (infoStyle === 'stacked') {
      head.push({ x: 125, y: geo.info, size: 9, lines: withDate.flatMap(([l, val]) => [l, val]) });
    } else {
      head.push({ x: 125, y: geo.info, size: 10, lines: withDate.map(([l, val]) => `${l}: ${val}`) });
    }
    const rows = infoStyle === 'stacked' ? 2 * withDate.length : withDate.length;
    bottom = Math.max(bottom, geo.info + rows * lh(9) + 6);
    if (!dateLabelled) {
      const top = geo.addr + 40;
      head.push({ x: 190, y: top, size: 10, align: 'right', lines: [dateValue] });
      bottom = Math.max(bottom, top + 8);
    }
  }

  // Subject (one or two lines), salutation, body.
  // Two-line subjects: a long one wrapped, or a second line 'hier: ...'.
  const second = v() < 0.25 ? pick(v, SECOND_LINES) : null;
  const subject = second ? `${c.subject} ${second}` : c.subject;
  const label = pick(v, ['', '', 'Betreff: ', 'Betr.: ', 'Betrifft: ']);
  const subjectLines = second?.startsWith('hier')
    ? [`${label}${c.subject}`, second]
    : wrap(`${label}${subject}`, 70);
  head.push({ x: 25, y: bottom, size: 11, bold: true, lines: subjectLines });
  const salutation = pick(v, SALUTATIONS).replace('{last}', pick(v, LAST));
  const paras = [...c.body];
  const extra = otherDates(v, c);
  for (const s of extra) paras.splice(int(v, 0, paras.length), 0, s);
  if (refStyle === 'body')
    paras.unshift(
      pick(v, [
        `zu Ihrem Aktenzeichen ${c.ref} übersende ich die gewünschten Angaben.`,
        `in der Sache unter Ihrem Aktenzeichen ${c.ref} melde ich mich erneut.`,
        `ich beziehe mich auf Ihr Az. ${c.ref} und bitte um Auskunft.`,
      ]),
    );
  const lines: string[] = [salutation, ''];
  for (const p of paras) lines.push(...wrap(p, 85), '');
  // Invoices: the table, then the account in the text or only in the footer.
  const footerIban = c.invoice ? v() < 0.4 : kind !== 'private' && v() < 0.5;
  if (c.invoice) {
    lines.push(...c.invoice.table, '');
    const due = `${dmy(shift(c.date, 14))}`;
    if (footerIban && v() < 0.6)
      lines.push(`Bitte überweisen Sie den Betrag bis zum ${due} auf das unten genannte Konto.`);
    else
      lines.push(
        'Bitte überweisen Sie den Betrag innerhalb von 14 Tagen auf unser Konto:',
        c.invoice.ibanLine,
      );
    lines.push('');
  }
  const closing = pick(v, ['Mit freundlichen Grüßen', 'Freundliche Grüße', 'Hochachtungsvoll']);
  lines.push(closing, '', ...(authority && v() < 0.5 ? ['Im Auftrag', ''] : ['']), c.person);
  if (kind === 'company') lines.push(c.sender);

  // Footer: address, contact, bank, register (companies and authorities).
  if (footerIban || (kind !== 'private' && v() < 0.3)) {
    if (footerIban && !iban) iban = makeIban(v);
    const account = iban ?? makeIban(v);
    const ibanText = v() < 0.8 ? spaced(account) : account;
    const split = v() < 0.35;
    const bank = [
      pick(v, BANKS),
      ...(split ? [`IBAN ${ibanText.slice(0, 14)}`, ibanText.slice(14).trim()] : [`IBAN ${ibanText}`]),
      `BIC ${pick(v, ['COBADEFFXXX', 'DEUTDEFFXXX', 'GENODEF1S01', 'HELADEF1TAL'])}`,
    ];
    const register =
      kind === 'authority'
        ? ['Öffnungszeiten:', 'Mo–Fr 8–12 Uhr', 'Do 14–18 Uhr']
        : [
            `Geschäftsführer: ${c.person}`,
            `Amtsgericht ${pick(v, TOWN)} HRB ${int(v, 1000, 99999)}`,
            `USt-IdNr. DE${int(v, 100000000, 999999999)}`,
          ];
    const cols = [
      [sender, c.street, `${c.plz} ${c.town}`],
      [`Tel. ${phone}`, `E-Mail: ${mail}`, `www.${mail.split('@')[0]}.de`],
      footerIban || v() < 0.5 ? bank : null,
      register,
    ].filter((x): x is string[] => x !== null);
    cols.forEach((col, i) => footer.push({ x: 25 + i * 44, y: 272, size: 7, lines: col }));
  }

  // Receipt stamp of our mailroom (a later date), where the letterhead leaves room.
  if (v() < 0.35 && headStyle !== 'right' && headStyle !== 'center') {
    const got = shift(c.date, int(v, 1, 9));
    const [gy, gm, gd] = got;
    const lines = pick(v, [
      ['EINGEGANGEN', `${pad(gd)}. ${SHORT_MONTHS[gm - 1]!.toUpperCase()} ${gy}`, 'Stadt Musterstadt'],
      ['Eingang', dmy(got)],
      [`EINGANG ${dmy(got)}`],
      [`Posteingang: ${gd}. ${MONTHS[gm - 1]} ${gy}`],
      [`Eing. ${dmy(got)}`],
      ['E I N G A N G', dmy(got)],
      ['Stadt Musterstadt', 'Poststelle', dmy(got)],
    ]);
    head.push({ x: 150, y: 8, size: 9, bold: true, frame: true, ink: 0.3, lines });
  }

  const bodyTop =
    head[head.length - 1] &&
    Math.max(...head.filter((b) => !b.frame).map((b) => b.y + b.lines.length * lh(b.size))) + 4;
  const size = lines.length > 30 ? 10 : 11;
  const perPage = Math.floor((265 - bodyTop!) / lh(size));
  const pages: LetterPage[] = [];
  if (lines.length > perPage || v() < 0.1) {
    const cut = Math.min(perPage, Math.ceil(lines.length / 2));
    pages.push({ blocks: [...head, { x: 25, y: bodyTop!, size, lines: lines.slice(0, cut) }, ...footer] });
    pages.push({
      blocks: [
        { x: 25, y: 12, size: 8, lines: [`${sender} – Schreiben vom ${dmy(c.date)} – Seite 2`] },
        { x: 25, y: 25, size, lines: lines.slice(cut) },
        ...footer,
      ],
    });
  } else pages.push({ blocks: [...head, { x: 25, y: bodyTop!, size, lines }, ...footer] });
  // One typeface for the letter; monospaced text set smaller to fit the lines.
  const face = pick(v, ['sans', 'sans', 'serif', 'mono'] as const);
  for (const b of pages.flatMap((p) => p.blocks)) {
    b.font = face;
    if (face === 'mono') b.size = Math.round(b.size * 1.7) / 2;
  }
  return {
    id: c.id,
    pages,
    truth: {
      unit: c.unit,
      class: c.cls,
      fileref: c.ref,
      date: `${y}-${pad(m)}-${pad(c.date[2])}`,
      sender,
      subject,
      iban,
      amount: c.amount,
    },
  };
}
