// The independent test family: letters to Stadt Musterstadt (or any org directory) written apart from the
// training generator (tools/letters/), with their own wording, senders, layouts, distractors and address
// variants. `makeTestLetter(org, seed)` gives one letter with its ground truth; the same seed gives the
// same letter. Every 100 consecutive seeds hold the same mix of kinds.
import type { OrgDirectory, OrgUnit } from '../../profiles/schema.ts';
import type { LetterSpec, Truth } from '../letters/spec.ts';
import { CASES, MORE, OLD_NAMES, type Case, type From } from './cases.ts';
import { fill, filler, otherDay, printDay, type Filler } from './fill.ts';
import { BANKS, printIban, testBic, testIban } from './iban.ts';
import { layoutDoc, type Doc, type Face, type Layout, type Part, type TestPage } from './layout.ts';
import {
  ASSOCIATIONS,
  AUTHORITIES,
  CLIENT_FIRMS,
  ELSEWHERE,
  FIRMS,
  HOME,
  PLACES,
  person,
  phone,
  street,
  type Authority,
  type Firm,
  type Person,
  type Place,
} from './names.ts';
import { AUTH_CASES, INVOICE_MORE, INVOICES, MAILINGS, MARKINGS, PERSONAL, PRIVATE_MORE } from './others.ts';
import {
  addDays,
  chance,
  deMoney,
  fmtDay,
  int,
  isoOf,
  pick,
  rng,
  round2,
  shuffle,
  weekday,
  weighted,
  type DateStyle,
  type Day,
  type Rng,
} from './util.ts';

export type Kind =
  'citizen' | 'firm' | 'association' | 'invoice' | 'authority' | 'werbung' | 'fehlleitung' | 'persoenlich';
/** How the letter names the unit: not at all, rightly, by an old name, a wrong unit, a clerk. */
export type Variant = 'none' | 'correct' | 'old' | 'wrong' | 'clerk' | 'special';

export interface TestTruth extends Truth {
  /** The clerk the letter is addressed to ('z. Hd.'), if any. */
  clerk: string | null;
}

export interface TestMeta {
  family: 'test';
  kind: Kind;
  variant: Variant;
  layout: Layout;
  face: Face;
  size: number;
  ink: number;
  /** Pages with text; blank backs come on top. */
  letterPages: number;
  /** 0-based indices (in `pages`) of the empty backs. */
  blankPages: number[];
  /** The letter's date as printed. */
  datePrinted: string;
  /** ISO days of the other dates printed (receipt stamp, earlier letters, deadlines, births, periods). */
  distractorDates: string[];
  /** The fileref as printed (ours), and the sender's own references. */
  filerefPrinted: string | null;
  foreignRefs: string[];
  /** The unit named in the address (right, old, or wrong name). */
  addressedUnit: string | null;
  marking: string | null;
  /** Heavier speck noise on the scans. */
  specks: boolean;
}

export interface TestLetterSpec extends LetterSpec {
  pages: TestPage[];
  truth: TestTruth;
  meta: TestMeta;
}

// ---------------------------------------------------------------- the mix of kinds, per 100 seeds
const MIX: Array<[Kind, number]> = [
  ['citizen', 39],
  ['firm', 12],
  ['association', 6],
  ['invoice', 15],
  ['authority', 15],
  ['werbung', 4],
  ['fehlleitung', 4],
  ['persoenlich', 5],
];
const SCHEDULE: Kind[] = shuffle(
  rng(0x7e57_5e7),
  MIX.flatMap(([k, n]) => Array<Kind>(n).fill(k)),
);
/**
 * The kind of a letter: its place in the schedule, shifted per corpus (seeds `corpus * 100_000 + i`), so
 * that small corpora of different seeds hold different kinds while any 100 letters of one hold the mix.
 */
export const kindOf = (seed: number): Kind =>
  SCHEDULE[((((seed % 100) + Math.floor(seed / 100_000) * 37) % 100) + 100) % 100]!;

// ---------------------------------------------------------------- file references of the org
/** The unit whose file plan has the longest prefix of the reference's plan digits. */
export function unitForFileref(org: OrgDirectory, ref: string): string | null {
  const m = new RegExp(org.fileref.pattern).exec(ref);
  const plan = m?.groups?.plan ?? ref;
  const head = plan.split('.')[0]!;
  let best: { unit: string; len: number } | null = null;
  for (const u of org.units)
    for (const fp of u.fileplan)
      if (head.startsWith(fp) && (!best || fp.length > best.len)) best = { unit: u.id, len: fp.length };
  return best?.unit ?? null;
}

function ourFileref(r: Rng, org: OrgDirectory, unit: OrgUnit): string | null {
  const full = new RegExp(`^(?:${org.fileref.pattern})$`);
  for (let tries = 0; tries < 50; tries++) {
    const fp = pick(r, unit.fileplan);
    if (!fp) return null;
    const head = fp.length >= 2 ? fp.slice(0, 2) : `${fp}${int(r, 0, 9)}`;
    const groups = [head, String(int(r, 1, 49)).padStart(2, '0')];
    if (chance(r, 0.5)) groups.push(String(int(r, 1, 30)).padStart(2, '0'));
    const seq = chance(r, 0.8) ? String(int(r, 1, 2400)).padStart(4, '0') : String(int(r, 10, 999));
    const ref = `${groups.join('.')}/${weighted(r, [
      [0.75, 2026],
      [0.2, 2025],
      [0.05, 2024],
    ])}-${seq}`;
    if (full.test(ref) && unitForFileref(org, ref) === unit.id) return ref;
  }
  return null;
}

/** A number that looks like one of our file references but is the sender's own. */
const lookalikeRef = (r: Rng) =>
  `${int(r, 10, 99)}.${String(int(r, 1, 60)).padStart(2, '0')}/${pick(r, [2025, 2026])}-${String(int(r, 1, 999)).padStart(4, '0')}`;

// ---------------------------------------------------------------- senders
interface Sender {
  /** The name as the truth wants it (letterhead or sender line). */
  name: string;
  kind: 'person' | 'firm' | 'association' | 'authority';
  street: string;
  place: Place;
  phone: string;
  email: string;
  web: string | null;
  /** Who signs, and the letterhead's small lines. */
  signer: Person;
  headLines: string[];
  firm?: Firm;
  authority?: Authority;
  /** Set where the sender's surname is also the writer's (children's names). */
  last: string;
}

const ascii = (s: string) =>
  s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function clerkSurnames(org: OrgDirectory): string[] {
  return org.units.flatMap((u) => u.clerks.map((c) => c.name.split(' ').slice(-1)[0]!));
}

function personSender(r: Rng, org: OrgDirectory): Sender {
  const p = person(r, clerkSurnames(org));
  const place = chance(r, 0.7) ? pick(r, PLACES.slice(0, 3)) : pick(r, PLACES);
  const st = street(r);
  const email = `${ascii(p.first)}.${ascii(p.last)}@${pick(r, ['posteo.example', 'mailbox.example', 'web.example'])}`;
  const ph = phone(r, place);
  return {
    name: p.full,
    kind: 'person',
    street: st,
    place,
    phone: ph,
    email,
    web: null,
    signer: p,
    headLines: [
      st,
      `${place.plz} ${place.town}`,
      ...(chance(r, 0.7) ? [`Tel. ${ph}`] : []),
      ...(chance(r, 0.5) ? [email] : []),
    ],
    last: p.last.split('-')[0]!,
  };
}

function firmSender(r: Rng, org: OrgDirectory, firm?: Firm): Sender {
  const f = firm ?? pick(r, FIRMS);
  const place = pick(r, PLACES);
  const st = street(r);
  const ph = phone(r, place);
  const signer = person(r, clerkSurnames(org));
  return {
    name: f.name,
    kind: 'firm',
    street: st,
    place,
    phone: ph,
    email: `${pick(r, ['info', 'kontakt', 'buero', 'service'])}@${f.domain}`,
    web: `www.${f.domain}`,
    signer,
    headLines: [f.trade, `${st} · ${place.plz} ${place.town}`, `Telefon ${ph} · ${`info@${f.domain}`}`],
    firm: f,
    last: signer.last,
  };
}

function associationSender(r: Rng, org: OrgDirectory): Sender {
  const name = pick(r, ASSOCIATIONS);
  const place = chance(r, 0.8) ? HOME : pick(r, PLACES);
  const st = street(r);
  const signer = person(r, clerkSurnames(org));
  const ph = phone(r, place);
  return {
    name,
    kind: 'association',
    street: st,
    place,
    phone: ph,
    email: `vorstand@${ascii(name).slice(0, 24)}.example`,
    web: null,
    signer,
    headLines: [`Der Vorstand · ${signer.full}`, `${st} · ${place.plz} ${place.town}`, `Telefon ${ph}`],
    last: signer.last,
  };
}

function authoritySender(r: Rng, org: OrgDirectory, key: string, dept: number): Sender {
  const a = AUTHORITIES[key]!;
  const signer = person(r, clerkSurnames(org), false);
  const ph = `${a.place.phone} ${int(r, 100, 999)}-${int(r, 0, 999)}`;
  const d = a.dept[Math.min(dept, a.dept.length - 1)]!;
  return {
    name: a.name,
    kind: 'authority',
    street: a.street,
    place: a.place,
    phone: ph,
    email: a.email,
    web: `www.${a.email.split('@')[1]}`,
    signer,
    headLines: [
      d,
      `${a.street} · ${a.place.plz} ${a.place.town} · Telefon ${a.place.phone} ${int(r, 100, 999)}-0`,
    ],
    authority: a,
    last: signer.last,
  };
}

// ---------------------------------------------------------------- our address, as senders write it
function clerkTitle(first: string): 'Frau' | 'Herrn' {
  const women = /^(Hanna|Petra|Merve|Anna|Lena|Sabine|Julia|Clara|Ute)$/;
  return women.test(first) || /[ae]$/.test(first) ? 'Frau' : 'Herrn';
}
const clerkSalute = (name: string) => {
  const [first, ...rest] = name.split(' ');
  const last = rest[rest.length - 1] ?? name;
  return clerkTitle(first!) === 'Frau' ? `Sehr geehrte Frau ${last},` : `Sehr geehrter Herr ${last},`;
};

function ourWindow(
  r: Rng,
  org: OrgDirectory,
  unitLine: string | null,
  clerk: { name: string } | null,
): string[] {
  const name = org.authority.name;
  const head = weighted(r, [
    [0.7, name],
    [0.15, name.startsWith('Stadt ') ? `Stadtverwaltung ${name.slice(6)}` : name],
    [0.15, `An die ${name}`],
  ]);
  const addr = org.authority.address.split(/,\s*/);
  const lines = [head];
  if (unitLine) lines.push(unitLine);
  if (clerk) {
    const [first, ...rest] = clerk.name.split(' ');
    const title = clerkTitle(first!);
    lines.push(
      pick(r, [
        `z. Hd. ${title} ${clerk.name}`,
        `${title} ${clerk.name}`,
        `z. H. ${title} ${clerk.name}`,
        `zu Händen ${title === 'Frau' ? 'Frau' : 'Herrn'} ${rest.join(' ')}`,
      ]),
    );
  }
  lines.push(...addr);
  return lines;
}

function unitLabel(r: Rng, unit: OrgUnit): string {
  return weighted(r, [
    [0.6, unit.name],
    [0.2, `– ${unit.name} –`],
    [0.2, `Amt ${unit.code} – ${unit.name}`],
  ]);
}

// ---------------------------------------------------------------- the generic case for units without wording
function genericCase(unit: OrgUnit): Case {
  const topics = unit.topics.length ? unit.topics : [unit.name];
  return {
    unit: unit.id,
    from: ['P', 'C', 'A'],
    subjects: topics.map((t) => `${t} – Anfrage`),
    openers: topics.map((t) => `ich wende mich in der Angelegenheit „${t}“ an Sie und bitte um Bearbeitung.`),
    details: ['Unterlagen liegen bei.', 'Für Rückfragen bin ich erreichbar.'],
  };
}

// ---------------------------------------------------------------- the letter
const DATE_STYLES: Array<[number, DateStyle]> = [
  [0.45, 'dotted'],
  [0.25, 'long'],
  [0.05, 'abbrev'],
  [0.1, 'short-dotted'],
  [0.15, 'iso'],
];

export function makeTestLetter(org: OrgDirectory, seed: number): TestLetterSpec {
  const r = rng((seed ^ 0x51ed_7e57) >>> 0);
  const kind = kindOf(seed);
  const units = new Map(org.units.map((u) => [u.id, u]));
  const unitOr = (id: string) => units.get(id) ?? org.units[0]!;

  // The letter's own date: a working day between mid-September and the end of October.
  let day: Day = addDays({ y: 2026, m: 9, d: 14 }, int(r, 0, 46));
  if (kind !== 'citizen' && kind !== 'persoenlich')
    while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, -1);

  // ---- who writes, and about what
  let sender: Sender;
  let from: From | 'auth' = 'P';
  let truthUnit: string | null = null;
  let docClass: Truth['class'] = 'letter';
  let subjectT = '';
  let bodyT: string[] = [];
  let caseUnit: OrgUnit | null = null;
  let invoice: (typeof INVOICES)[number] | null = null;
  let mailing: (typeof MAILINGS)[number] | null = null;
  let elsewhere: (typeof ELSEWHERE)[number] | null = null;
  let personal: (typeof PERSONAL)[number] | null = null;

  const pickCase = (who: From): Case => {
    const eligible = org.units.filter((u) => CASES.some((c) => c.unit === u.id && c.from.includes(who)));
    const unit = eligible.length ? pick(r, eligible) : pick(r, org.units);
    const cs = CASES.filter((c) => c.unit === unit.id && c.from.includes(who));
    return cs.length ? pick(r, cs) : genericCase(unit);
  };
  /** A subject, the opening that goes with it, and one or two details. */
  const caseText = (c: { subjects: string[]; openers: string[]; details: string[]; align?: number[] }) => {
    const i = int(r, 0, c.subjects.length - 1);
    const o = c.align?.[i] ?? -1;
    subjectT = c.subjects[i]!;
    bodyT = [o >= 0 ? c.openers[o]! : pick(r, c.openers), ...shuffle(r, c.details).slice(0, int(r, 1, 2))];
  };

  switch (kind) {
    case 'citizen':
    case 'firm':
    case 'association': {
      from = kind === 'citizen' ? 'P' : kind === 'firm' ? 'C' : 'A';
      sender =
        from === 'P'
          ? personSender(r, org)
          : from === 'C'
            ? firmSender(r, org, pick(r, CLIENT_FIRMS))
            : associationSender(r, org);
      const c = pickCase(from);
      caseUnit = unitOr(c.unit);
      caseText(c);
      break;
    }
    case 'authority': {
      from = 'auth';
      const usable = AUTH_CASES.filter((c) => units.has(c.unit));
      const c = pick(r, usable.length ? usable : AUTH_CASES);
      sender = authoritySender(r, org, c.auth, c.dept);
      caseUnit = unitOr(c.unit);
      caseText(c);
      break;
    }
    case 'invoice': {
      from = 'C';
      const usable = INVOICES.filter((t) => units.has(t.unit));
      invoice = pick(r, usable.length ? usable : INVOICES);
      sender = firmSender(
        r,
        org,
        FIRMS.find((f) => f.name === invoice!.firm),
      );
      caseUnit = unitOr(invoice.unit);
      docClass = 'invoice';
      subjectT = pick(r, invoice.subjects);
      bodyT = [pick(r, invoice.intro)];
      break;
    }
    case 'werbung': {
      from = 'C';
      mailing = pick(r, MAILINGS);
      sender = firmSender(
        r,
        org,
        FIRMS.find((f) => f.name === mailing!.firm),
      );
      docClass = 'werbung';
      subjectT = pick(r, mailing.heads);
      bodyT = [...mailing.body];
      break;
    }
    case 'fehlleitung': {
      from = 'P';
      sender = personSender(r, org);
      elsewhere = pick(r, ELSEWHERE);
      docClass = 'fehlleitung';
      subjectT = pick(r, elsewhere.subjects);
      bodyT = [...elsewhere.body];
      break;
    }
    case 'persoenlich': {
      personal = pick(r, PERSONAL);
      from = personal.firm ? 'C' : 'P';
      sender = personal.firm
        ? firmSender(
            r,
            org,
            FIRMS.find((f) => f.name === personal!.firm),
          )
        : personSender(r, org);
      docClass = 'persoenlich';
      subjectT = pick(r, personal.subjects);
      bodyT = [...personal.body];
      break;
    }
  }
  const f: Filler = filler(r, day, sender.last);

  // ---- address variant and truth unit
  let variant: Variant = 'special';
  let unitLine: string | null = null;
  let clerk: { id: string; name: string } | null = null;
  let addressedUnit: string | null = null;
  let window: string[];
  let marking: string | null = null;
  let fileref: string | null = null;
  if (caseUnit) {
    variant = weighted(r, [
      [0.3, 'none'],
      [0.25, 'correct'],
      [0.15, 'old'],
      [kind === 'invoice' ? 0 : 0.12, 'wrong'],
      [0.18, 'clerk'],
    ] as Array<[number, Variant]>);
    if (variant === 'old' && !OLD_NAMES[caseUnit.id]) variant = 'correct';
    if (variant === 'clerk' && !caseUnit.clerks.length) variant = 'correct';
    const others = org.units.filter((u) => u.id !== caseUnit!.id && !u.confidential);
    if (variant === 'wrong' && !others.length) variant = 'correct';
    if (variant === 'correct') {
      unitLine = unitLabel(r, caseUnit);
      addressedUnit = caseUnit.id;
    } else if (variant === 'old') {
      unitLine = pick(r, OLD_NAMES[caseUnit.id]!);
      addressedUnit = caseUnit.id;
    } else if (variant === 'wrong') {
      const w = pick(r, others);
      unitLine = unitLabel(r, w);
      addressedUnit = w.id;
    } else if (variant === 'clerk') {
      const c = pick(r, caseUnit.clerks);
      clerk = { id: c.id, name: c.name };
      if (chance(r, 0.5)) unitLine = unitLabel(r, caseUnit);
      addressedUnit = caseUnit.id;
    }
    const citeP =
      { P: 0.3, C: 0.4, A: 0.25, auth: 0.75 }[from] +
      (kind === 'invoice' && caseUnit.id !== 'kaemmerei' ? 0.15 : 0);
    if (chance(r, citeP)) fileref = ourFileref(r, org, caseUnit);
    truthUnit = caseUnit.id;
    // An invoice that names no unit and cites no file of ours goes to the central invoice receipt.
    if (kind === 'invoice' && variant === 'none' && !fileref && units.has('kaemmerei'))
      truthUnit = 'kaemmerei';
    window = ourWindow(r, org, unitLine, clerk);
  } else if (kind === 'fehlleitung') {
    window = [...elsewhere!.lines];
    if (chance(r, 0.25))
      window[0] = `An ${/^(Amtsgericht|Landratsamt|Finanzamt)/.test(window[0]!) ? 'das' : 'die'} ${window[0]}`;
  } else if (kind === 'werbung') {
    const addressed = chance(r, 0.75);
    const allClerks = org.units.flatMap((u) => u.clerks);
    const toClerk = addressed && allClerks.length && chance(r, 0.25) ? pick(r, allClerks) : null;
    window = addressed
      ? ourWindow(
          r,
          org,
          toClerk
            ? null
            : pick(r, [
                'Bauhof',
                'Fachbereich Beschaffung',
                'z. Hd. der Verwaltungsleitung',
                'Leitung der Kindertagesstätten',
              ]),
          toClerk,
        )
      : [];
  } else {
    // Personal post: to a named clerk (the clerk's unit) or to the confidential unit.
    const confidential = org.units.find((u) => u.confidential) ?? org.units[0]!;
    const pool = personal!.hr ? confidential.clerks : org.units.flatMap((u) => u.clerks);
    const c = pool.length && (!personal!.hr || chance(r, 0.5)) ? pick(r, pool) : null;
    if (c) clerk = { id: c.id, name: c.name };
    truthUnit = c ? org.units.find((u) => u.clerks.includes(c))!.id : confidential.id;
    unitLine = !c && chance(r, 0.5) ? confidential.name : null;
    window = ourWindow(r, org, unitLine, clerk);
    marking = pick(r, MARKINGS);
  }

  // ---- layout, type, ink
  const layout: Layout = weighted(
    r,
    (
      {
        citizen: [
          [0.5, 'private'],
          [0.2, 'din-b'],
          [0.15, 'din-a'],
          [0.05, 'refline'],
          [0.1, 'centered'],
        ],
        firm: [
          [0.25, 'din-a'],
          [0.25, 'din-b'],
          [0.2, 'refline'],
          [0.3, 'centered'],
        ],
        association: [
          [0.25, 'din-a'],
          [0.25, 'din-b'],
          [0.2, 'refline'],
          [0.3, 'centered'],
        ],
        invoice: [
          [0.35, 'din-a'],
          [0.35, 'din-b'],
          [0.3, 'centered'],
        ],
        authority: [
          [0.7, 'authority'],
          [0.15, 'refline'],
          [0.15, 'din-b'],
        ],
        werbung: [
          [0.6, 'flyer'],
          [0.2, 'centered'],
          [0.2, 'din-b'],
        ],
        fehlleitung: [
          [0.4, 'private'],
          [0.3, 'din-b'],
          [0.15, 'din-a'],
          [0.15, 'centered'],
        ],
        persoenlich: [
          [0.5, 'private'],
          [0.25, 'din-b'],
          [0.1, 'din-a'],
          [0.15, 'centered'],
        ],
      } as Record<Kind, Array<[number, Layout]>>
    )[kind],
  );
  const face: Face = weighted(r, [
    [0.5, 'sans'],
    [0.3, 'serif'],
    [0.2, 'mono'],
  ] as Array<[number, Face]>);
  const size = pick(r, [9, 9.5, 10, 10, 10.5, 11, 11, 11.5, 12]);
  const ink = chance(r, 0.1) ? round2(0.35 + r() * 0.1) : round2(0.02 + r() * 0.12);

  // ---- the date, as printed
  const style = layout === 'refline' ? pick(r, ['dotted', 'iso'] as const) : weighted(r, DATE_STYLES);
  const datePrinted = fmtDay(day, style);
  const datePlace: Doc['datePlace'] =
    layout === 'refline'
      ? 'refline'
      : layout === 'authority' || kind === 'invoice'
        ? 'info'
        : layout === 'private'
          ? chance(r, 0.4)
            ? 'sender'
            : 'right'
          : layout === 'flyer'
            ? 'right'
            : chance(r, 0.6)
              ? 'info'
              : 'right';
  const town = sender.place.town;
  const dateLine =
    datePlace === 'right' || datePlace === 'sender'
      ? weighted(r, [
          [0.35, `${town}, ${datePrinted}`],
          [0.35, `${town}, den ${datePrinted}`],
          [0.3, datePrinted],
        ])
      : null;

  // ---- references
  const foreignRefs: string[] = [];
  let ownRef: [string, string] | null = null;
  if (sender.authority) {
    const a = sender.authority;
    ownRef = chance(r, 0.2) ? ['Unser Zeichen', lookalikeRef(r)] : [a.ownRefLabel, a.ownRef(r)];
  } else if (sender.kind !== 'person' && chance(r, kind === 'invoice' ? 0.3 : 0.5)) {
    ownRef = [
      pick(r, ['Unser Zeichen', 'Unser Az.', 'Unser Aktenzeichen']),
      chance(r, 0.35)
        ? lookalikeRef(r)
        : pick(r, [
            `${sender.signer.first[0]}${sender.signer.last[0]}/${pick(r, ['ab', 'kl', 'st'])}`,
            `A-${day.y}-${int(r, 100, 9999)}`,
            `P ${int(r, 1000, 9999)}`,
          ]),
    ];
  }
  if (ownRef) foreignRefs.push(ownRef[1]);
  const printedRef = fileref ? (chance(r, 0.12) ? fileref.replace('/', ' / ') : fileref) : null;
  // Where our reference goes: the info block, the reference line, under the subject, or into the text.
  const refPlace = !printedRef
    ? null
    : layout === 'refline'
      ? 'refline'
      : layout === 'private' || layout === 'flyer'
        ? pick(r, ['subject', 'body'] as const)
        : weighted(r, [
            [0.6, 'info'],
            [0.2, 'subject'],
            [0.2, 'body'],
          ] as Array<[number, 'info' | 'subject' | 'body']>);
  const refLabel = pick(r, ['Ihr Zeichen', 'Ihr Az.', 'Ihr Aktenzeichen', 'Ihr Zeichen']);
  const foreignElsewhere =
    kind === 'fehlleitung' && chance(r, 0.35)
      ? `${pick(r, ['II', 'III', 'IV'])}/${int(r, 1, 9)}-${int(r, 100, 999)}`
      : null;
  if (foreignElsewhere) foreignRefs.push(foreignElsewhere);

  // ---- the text
  const subjectText = fill(f, subjectT);
  const subjectParts = subjectText.split('|').map((s) => s.trim());
  const body: string[] = bodyT.map((t) => fill(f, t));
  if (refPlace === 'body') {
    const lead = pick(r, [
      `zu Ihrem Aktenzeichen ${printedRef}: `,
      `in der Sache ${printedRef} (Ihr Zeichen) `,
      `bezugnehmend auf Ihr Az. ${printedRef} `,
    ]);
    body[0] = lead + body[0]!;
  }
  // The letter the sender answers ('Ihr Schreiben vom').
  if (chance(r, 0.25) && kind !== 'werbung' && kind !== 'invoice' && !(personal && !personal.hr))
    body.splice(
      1,
      0,
      `Ihr Schreiben vom ${otherDay(f, -40, -3)} ${from === 'P' ? 'habe ich' : from === 'auth' ? 'liegt hier vor' : 'haben wir'} erhalten.`.replace(
        'liegt hier vor erhalten',
        'liegt hier vor',
      ),
    );

  const parts: Part[] = body.map((p) => ({ p }));
  let amount: number | null = null;
  let iban: string | null = null;
  let ibanInBody = false;
  const bank = pick(r, BANKS);
  const bic = testBic(r);

  if (invoice) {
    const n = int(r, 1, invoice.items.length);
    const items = shuffle(r, invoice.items).slice(0, n);
    const vat = chance(r, 0.85) ? 19 : 7;
    let net = 0;
    const rows = items.map(([desc, unitName, lo, hi, qlo, qhi], i) => {
      const qty = int(r, qlo, qhi);
      const price = round2(lo + r() * (hi - lo));
      const sum = round2(qty * price);
      net = round2(net + sum);
      return [String(i + 1), fill(f, desc), `${qty} ${unitName}`, deMoney(price), deMoney(sum)];
    });
    const tax = round2((net * vat) / 100);
    amount = round2(net + tax);
    const cur = pick(r, ['€', 'EUR']);
    parts.push({
      table: {
        cols: [
          { title: 'Pos.', w: 12 },
          { title: 'Leistung', w: 83 },
          { title: 'Menge', w: 22, right: true },
          { title: `Einzel ${cur}`, w: 22, right: true },
          { title: `Gesamt ${cur}`, w: 26, right: true },
        ],
        rows,
        totals: [
          ['Nettobetrag', deMoney(net), false],
          [`zzgl. ${vat} % USt.`, deMoney(tax), false],
          [
            pick(r, ['Rechnungsbetrag', 'Gesamtbetrag', 'Zu zahlen', 'Endbetrag']),
            `${deMoney(amount)} ${cur}`,
            true,
          ],
        ],
        grid: chance(r, 0.5),
      },
    });
    iban = testIban(r);
    ibanInBody = chance(r, 0.7);
    const due = otherDay(f, 14, 30);
    if (ibanInBody) {
      const shown = printIban(r, iban, '', pick(r, ['grouped', 'plain'] as const))[0]!;
      parts.push({
        p: pick(r, [
          `Bitte überweisen Sie den Betrag bis zum ${due} auf unser Konto bei der ${bank}, IBAN ${shown}, BIC ${bic}.`,
          `Zahlbar ohne Abzug bis ${due}. Bankverbindung: ${bank}, IBAN ${shown}.`,
          `Den Rechnungsbetrag überweisen Sie bitte innerhalb von 14 Tagen (bis ${due}) unter Angabe der Rechnungsnummer auf IBAN ${shown}.`,
        ]),
      });
    } else
      parts.push({
        p: `Zahlbar innerhalb von 14 Tagen bis ${due} ohne Abzug. Unsere Bankverbindung finden Sie unten.`,
      });
  } else if (mailing?.program && chance(r, 0.7)) {
    parts.push({ program: mailing.program });
  }
  if (!invoice && f.amounts.length === 1) amount = f.amounts[0]!;
  // A private writer sometimes gives an account for a refund or a direct debit.
  if (
    !invoice &&
    !personal &&
    sender.kind === 'person' &&
    chance(r, caseUnit && ['kaemmerei', 'personalamt'].includes(caseUnit.id) ? 0.5 : 0.05)
  ) {
    iban = testIban(r);
    ibanInBody = true;
    const [first, second] = printIban(r, iban, '', pick(r, ['grouped', 'plain'] as const));
    parts.push({ p: `Meine Bankverbindung: ${bank}, IBAN ${first}${second ? ` ${second}` : ''}.` });
  }

  // Longer letters: forced continuation pages.
  const wanted = weighted(r, [
    [0.72, 1],
    [0.2, 2],
    [0.08, 3],
  ]);
  if (kind !== 'werbung' && wanted > 1) {
    const source = invoice ? INVOICE_MORE : personal && !personal.hr ? PRIVATE_MORE : MORE[from];
    const pool = shuffle(r, source);
    for (let pg = 1; pg < wanted; pg++) {
      parts.push({ pagebreak: true });
      for (const p of pool.splice(0, int(r, 2, 3))) parts.push({ p });
      if (!pool.length) pool.push(...shuffle(r, source));
    }
  }

  // ---- closing
  const greet = pick(r, [
    'Mit freundlichen Grüßen',
    'Freundliche Grüße',
    'Mit freundlichem Gruß',
    'Beste Grüße',
    'Hochachtungsvoll',
  ]);
  let closing: string[];
  let sigAfter = 0;
  const signer = sender.signer;
  if (kind === 'werbung') {
    closing = [
      pick(r, ['Wir freuen uns auf Sie!', 'Wir freuen uns auf Ihren Besuch.', 'Herzliche Grüße']),
      `Ihr Team von ${sender.name}`,
    ];
    sigAfter = -1;
  } else if (personal && !personal.hr) {
    closing = [pick(r, ['Herzliche Grüße', 'Liebe Grüße', 'Alles Gute']), signer.first];
  } else if (sender.kind === 'person') {
    closing = [greet, sender.name];
  } else if (sender.kind === 'authority') {
    closing = chance(r, 0.5)
      ? ['Mit freundlichen Grüßen', 'Im Auftrag', signer.full]
      : [
          'Mit freundlichen Grüßen',
          signer.full,
          /gericht/i.test(sender.name)
            ? pick(r, [
                signer.female ? 'Rechtspflegerin' : 'Rechtspfleger',
                signer.female ? 'Justizbeschäftigte' : 'Justizbeschäftigter',
              ])
            : pick(r, [
                signer.female ? 'Sachbearbeiterin' : 'Sachbearbeiter',
                signer.female ? 'Amtsrätin' : 'Amtsrat',
              ]),
        ];
    sigAfter = closing[1] === 'Im Auftrag' ? 1 : 0;
    if (chance(r, 0.3))
      closing.push('', 'Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.');
  } else if (sender.kind === 'association') {
    closing = [greet, signer.full, pick(r, ['1. Vorsitzende/r', 'Vorstand', 'Schriftführung'])];
  } else {
    closing = chance(r, 0.5)
      ? [greet, sender.name, `i. A. ${signer.full}`]
      : [greet, signer.full, pick(r, ['Geschäftsführung', 'Projektleitung', 'Buchhaltung', 'Kundenservice'])];
    sigAfter = closing[2]!.startsWith('i. A.') ? 1 : 0;
  }
  const enclosureSets =
    sender.kind === 'authority'
      ? [['Abschrift des Antrags'], ['Formblatt', 'Rückumschlag'], ['Lageplan']]
      : sender.kind === 'person'
        ? [['Kopie des Bescheids'], ['Nachweise'], ['Kopie Ausweis', 'Vollmacht'], ['Fotos']]
        : [['Lageplan', 'Fotos'], ['Nachweise'], ['Formular'], ['Aufstellung']];
  const enclosures =
    kind !== 'werbung' && kind !== 'persoenlich' && !invoice && chance(r, 0.3)
      ? ((set) =>
          set.length > 1 || chance(r, 0.5)
            ? ['Anlagen', ...set.map((a) => `– ${a}`)]
            : [`Anlage: ${set[0]}`])(pick(r, enclosureSets))
      : [];

  // ---- info block / reference line
  const info: Array<[string, string]> = [];
  let refline: Doc['refline'] = null;
  const before = chance(r, 0.3) && kind !== 'werbung' ? otherDay(f, -40, -3) : null;
  if (layout === 'refline') {
    refline = [
      ['Ihr Zeichen, Ihre Nachricht vom', [printedRef ?? '', before ?? ''].filter(Boolean).join(', ')],
      ['Unser Zeichen, unsere Nachricht vom', ownRef?.[1] ?? ''],
      ['Telefon, Name', `${sender.phone}, ${signer.last}`],
      ['Datum', datePrinted],
    ];
  } else if (layout !== 'private') {
    if (invoice) {
      info.push(['Rechnungsnummer', fill(f, '{inv}')], ['Kundennummer', String(int(r, 10000, 99999))]);
      if (chance(r, 0.5))
        info.push([pick(r, ['Lieferdatum', 'Leistungsdatum']), otherDay(f, -30, -2, 'dotted')]);
    }
    if (ownRef && !(sender.kind === 'authority' && chance(r, 0.2))) info.push(ownRef);
    if (refPlace === 'info') info.push([refLabel, printedRef!]);
    if (before) info.push(['Ihre Nachricht vom', before]);
    if (sender.kind === 'authority') {
      info.push([
        pick(r, ['Bearbeiter/in', 'Auskunft erteilt', 'Sachbearbeitung']),
        `${signer.female ? 'Frau' : 'Herr'} ${signer.last}`,
      ]);
      if (chance(r, 0.6)) info.push(['Zimmer', `${int(r, 1, 4)}.${String(int(r, 1, 40)).padStart(2, '0')}`]);
    } else if (sender.kind !== 'person' && chance(r, 0.6)) info.push(['Name', signer.full]);
    if (chance(r, 0.8)) info.push(['Telefon', sender.phone]);
    if (chance(r, 0.5)) info.push(['E-Mail', sender.email]);
    if (datePlace === 'info')
      info.push([invoice ? pick(r, ['Rechnungsdatum', 'Datum']) : 'Datum', datePrinted]);
  }
  const subjectExtra: string[] = [];
  if (refPlace === 'subject')
    subjectExtra.push(`${pick(r, ['Ihr Az.', 'Ihr Aktenzeichen', 'Ihr Zeichen'])}: ${printedRef}`);
  if (foreignElsewhere) subjectExtra.push(`Ihr Zeichen: ${foreignElsewhere}`);
  if (ownRef && layout === 'private') subjectExtra.push(`${ownRef[0]}: ${ownRef[1]}`);

  // ---- subject as printed
  const label =
    kind === 'werbung'
      ? ''
      : weighted(r, [
          [0.35, 'Betreff: '],
          [0.1, 'Betr.: '],
          [0.55, ''],
        ]);
  const noSubject = personal && !personal.hr && chance(r, 0.5);
  const subjectLines = noSubject ? [] : subjectParts.map((s, i) => (i === 0 ? label + s : s));
  const truthSubject = noSubject ? '' : subjectParts.join(' ');

  // ---- footer
  let footer: string[][] | null = null;
  const withFooter =
    kind === 'invoice' ||
    (sender.kind === 'firm' && chance(r, 0.7)) ||
    (sender.kind === 'authority' && chance(r, 0.6)) ||
    (sender.kind === 'association' && chance(r, 0.4));
  if (withFooter) {
    // Invoices name their account in the text, the footer or both; other letters only in the footer.
    const footerIban =
      kind === 'invoice'
        ? !ibanInBody || chance(r, 0.5)
        : !iban && chance(r, sender.kind === 'firm' ? 0.75 : 0.5);
    if (footerIban && !iban) iban = testIban(r);
    const ibanLines = footerIban ? printIban(r, iban!, 'IBAN ') : [];
    if (sender.kind === 'authority') {
      footer = [
        ['Dienstgebäude', sender.street, `${sender.place.plz} ${sender.place.town}`],
        ['Sprechzeiten', 'Mo–Fr 8:30–12:00 Uhr', 'Do 14:00–17:30 Uhr'],
        ...(footerIban ? [['Bankverbindung', bank, ...ibanLines]] : []),
        ['Internet', sender.web ?? '', sender.email],
      ];
    } else {
      const court = `Amtsgericht ${pick(r, ['Talstadt', 'Rabenfurt', 'Kronsberg'])}`;
      const reg =
        sender.kind === 'association'
          ? [`Vereinsregister VR ${int(r, 100, 999)}`, court]
          : /GmbH|AG|KG|UG|PartG/.test(sender.name)
            ? [
                `Geschäftsführer: ${person(r).full}`,
                `${court} HRB ${int(r, 1000, 29999)}`,
                `USt-IdNr. DE${int(r, 100_000_000, 999_999_999)}`,
              ]
            : [
                `Inhaber: ${signer.full}`,
                `Steuernummer ${int(r, 10, 99)}/${int(r, 100, 999)}/${int(r, 10000, 99999)}`,
              ];
      footer = [
        [sender.name, sender.street, `${sender.place.plz} ${sender.place.town}`],
        [`Telefon ${sender.phone}`, `E-Mail ${sender.email}`, ...(sender.web ? [sender.web] : [])],
        ...(footerIban ? [[bank, ...ibanLines, `BIC ${bic}`]] : []),
        reg,
      ];
    }
  }

  // ---- receipt stamp of our mailroom
  let stamp: Doc['stamp'] = null;
  if (chance(r, 0.55)) {
    const sd = printDay(
      f,
      addDays({ y: 2026, m: 11, d: 2 }, int(r, 0, 2)),
      pick(r, ['dotted', 'abbrev', 'dotted'] as const),
    );
    stamp = {
      lines: pick(r, [
        ['EINGANG', sd],
        [org.authority.name, `Eingegangen ${sd}`],
        ['Eingang', sd, org.authority.mailroom],
        ['EINGEGANGEN', `- ${sd} -`],
      ]),
      face: pick(r, ['sans', 'mono'] as const),
      size: pick(r, [9, 10, 11]),
      ink: round2(0.2 + r() * 0.2),
    };
  }

  // ---- the letterhead and the window
  const returnLine =
    window.length && chance(r, layout === 'private' ? 0.4 : 0.8)
      ? `${sender.kind === 'person' && chance(r, 0.5) ? `${signer.first[0]}. ${signer.last}` : sender.name} · ${sender.street} · ${sender.place.plz} ${sender.place.town}`
      : null;
  let above: Doc['above'] = null;
  let below: Doc['below'] = null;
  if (marking) {
    if (chance(r, 0.6)) above = { lines: [marking], frame: chance(r, 0.3), bold: chance(r, 0.7) };
    else below = { lines: [marking], bold: chance(r, 0.6) };
  } else if (chance(r, 0.08) && kind !== 'fehlleitung' && kind !== 'werbung' && window.length) {
    above = {
      lines: [pick(r, ['Einschreiben', 'Per Einschreiben / Rückschein', 'Vorab per Fax'])],
      frame: false,
      bold: false,
    };
  }
  const salutation =
    kind === 'werbung'
      ? layout === 'flyer'
        ? pick(r, ['Sehr geehrte Damen und Herren,', 'Liebe Leserinnen und Leser,'])
        : 'Sehr geehrte Damen und Herren,'
      : personal && !personal.hr && clerk
        ? `${clerkTitle(clerk.name.split(' ')[0]!) === 'Frau' ? 'Liebe' : 'Lieber'} ${clerk.name.split(' ')[0]},`
        : clerk
          ? clerkSalute(clerk.name)
          : weighted(r, [
              [0.75, 'Sehr geehrte Damen und Herren,'],
              [0.15, 'Guten Tag,'],
              [0.1, 'Sehr geehrte Damen und Herren!'],
            ]);
  if (salutation.endsWith('!')) parts[0] = { p: capitalise((parts[0] as { p: string }).p) };

  const doc: Doc = {
    layout,
    face,
    size,
    ink,
    head: {
      name: sender.name,
      lines: sender.headLines,
      align: sender.kind === 'person' ? 'right' : chance(r, 0.3) ? 'right' : 'left',
      logo: chance(r, 0.6),
    },
    returnLine,
    above,
    window,
    below,
    info,
    infoStacked: chance(r, 0.25),
    refline,
    dateLine,
    datePlace,
    subject: layout === 'flyer' ? [] : subjectLines,
    subjectBold: label === '' || chance(r, 0.5),
    subjectExtra,
    headline: layout === 'flyer' ? { title: subjectParts, sub: [fill(f, pick(r, mailing!.sub))] } : null,
    salutation,
    parts,
    closing,
    sigAfter,
    enclosures,
    footer,
    footerAll: chance(r, 0.3),
    stamp,
    pageStyle: pick(r, ['von', 'von', 'seite', 'dash'] as const),
    contHead: pick(r, [
      `${sender.name} · Schreiben vom ${datePrinted}`,
      `${sender.name}, ${datePrinted}`,
      `An ${org.authority.name} – Fortsetzung`,
    ]),
    foldMarks: layout !== 'private' && layout !== 'flyer' && chance(r, 0.7),
  };

  let pages = layoutDoc(doc);
  const letterPages = pages.length;
  // Duplex scans: an empty back after the last page, or after every page.
  const blankMode = weighted(r, [
    [0.85, 'none'],
    [0.09, 'last'],
    [0.06, 'each'],
  ] as Array<[number, 'none' | 'last' | 'each']>);
  const blankPages: number[] = [];
  if (blankMode !== 'none') {
    const out: TestPage[] = [];
    pages.forEach((p, i) => {
      out.push(p);
      if (blankMode === 'each' || i === pages.length - 1) {
        blankPages.push(out.length);
        out.push({ blocks: [], rules: [], rects: [], blank: true });
      }
    });
    pages = out;
  }

  const truth: TestTruth = {
    unit: docClass === 'werbung' || docClass === 'fehlleitung' ? null : truthUnit,
    class: docClass,
    fileref: fileref,
    date: isoOf(day),
    sender: sender.name,
    subject: truthSubject,
    iban,
    amount,
    clerk: clerk && docClass !== 'werbung' ? clerk.id : null,
  };
  return {
    id: `T${String(seed).padStart(6, '0')}`,
    pages,
    truth,
    meta: {
      family: 'test',
      kind,
      variant,
      layout,
      face,
      size,
      ink,
      letterPages,
      blankPages,
      datePrinted,
      distractorDates: [...new Set(f.dates)],
      filerefPrinted: printedRef,
      foreignRefs,
      addressedUnit,
      marking,
      specks: chance(r, 0.1),
    },
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** All text of a page, block by block, line by line (what a perfect OCR would read). */
export const pageText = (p: TestPage): string => p.blocks.map((b) => b.lines.join('\n')).join('\n');
