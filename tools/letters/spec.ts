// Synthetic incoming post for Stadt Musterstadt: what a letter says, and the ground truth it should yield.
// Seeded, so an evaluation can be repeated. The texts vary layout, labels and formats the way real
// letters do; the router never sees this module.
import type { OrgDirectory, OrgUnit } from '../../profiles/schema.ts';
import type { DocClass } from '../../core/store/types.ts';

import {
  COMPANY,
  FIRST,
  FORM,
  LAST,
  MONTHS,
  STREET,
  TOWN,
  euro,
  int,
  makeIban,
  pick,
  rng,
  spaced,
  type Block,
  type LetterPage,
  type LetterSpec,
  type Rng,
} from './base.ts';

import { variedLetter } from './varied.ts';

export { FACES, lineLeft, makeIban, rng } from './base.ts';
export type { Block, Face, LetterPage, LetterSpec, Rng, Truth } from './base.ts';

/** Share of letters in the varied layouts (tools/letters/varied.ts); the rest keep the classic one. */
const VARIED = 0.5;

/** Subject templates and sentences per unit, built from its topics. */
function unitText(r: Rng, unit: OrgUnit): { subject: string; body: string[] } {
  const topic = pick(r, unit.topics);
  const other = pick(r, unit.topics);
  const subject = pick(r, [
    `${topic}`,
    `Ihr Schreiben zur ${topic}`,
    `${topic} – Bitte um Rückmeldung`,
    `Antrag: ${topic}`,
    `Nachfrage ${topic}`,
    `${topic} für ${pick(r, FIRST)} ${pick(r, LAST)}`,
  ]);
  const body = [
    pick(r, [
      `hiermit wende ich mich an Sie in der Angelegenheit ${topic}.`,
      `bezugnehmend auf unser Telefonat möchte ich Ihnen die Unterlagen zur ${topic} übersenden.`,
      `wie besprochen erhalten Sie anbei die Unterlagen in Sachen ${topic}.`,
      `ich bitte um Bearbeitung meines Anliegens (${topic}) und um eine kurze Eingangsbestätigung.`,
    ]),
    pick(r, [
      `Die erforderlichen Nachweise zur ${other} liegen diesem Schreiben bei. Sollten weitere Angaben fehlen, teilen Sie mir dies bitte mit.`,
      `Bitte prüfen Sie auch, ob im Zusammenhang mit der ${other} noch Unterlagen nachzureichen sind.`,
      `Für Rückfragen stehe ich Ihnen gerne telefonisch oder per E-Mail zur Verfügung.`,
      `Ich wäre Ihnen dankbar, wenn Sie den Vorgang zügig bearbeiten könnten, da die Frist bald abläuft.`,
    ]),
  ];
  return { subject, body };
}

function fmtDate(r: Rng, y: number, m: number, d: number, town: string): { line: string; kind: string } {
  const dd = String(d).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  return pick(r, [
    { line: `${dd}.${mm}.${y}`, kind: 'plain' },
    { line: `${town}, ${dd}.${mm}.${y}`, kind: 'place' },
    { line: `${town}, den ${d}. ${MONTHS[m - 1]} ${y}`, kind: 'place' },
    { line: `${d}. ${MONTHS[m - 1]} ${y}`, kind: 'plain' },
    { line: `Datum: ${y}-${mm}-${dd}`, kind: 'label' },
    { line: `Datum: ${dd}.${mm}.${String(y).slice(2)}`, kind: 'label' },
  ]);
}

function fileref(r: Rng, unit: OrgUnit): string {
  const prefix = pick(r, unit.fileplan);
  const plan = (prefix + String(int(r, 0, 99)).padStart(2, '0')).slice(0, 2);
  return `${plan}.${String(int(r, 10, 99))}${r() < 0.5 ? `.${String(int(r, 1, 20)).padStart(2, '0')}` : ''}/${int(r, 2024, 2026)}-${String(int(r, 1, 2999)).padStart(4, '0')}`;
}

/**
 * One synthetic letter. About half carry 'Ihr Zeichen' with a file reference; some carry the sender's own
 * reference ('Unser Zeichen') in the same format, which must not route. Invoices carry IBAN and amount.
 */
export function makeLetter(
  org: OrgDirectory,
  seed: number,
  opts: {
    /** Only the classic layout (what the pipeline tests' exact field assertions are written against). */
    classic?: boolean;
    /** Share of letters naming a unit in the address that name another unit than the one they concern
     * (post sent to the wrong office; the training set has them, so calibration learns what a name is
     * worth). Drawn apart from the letter's own random numbers: the letters are the same otherwise. */
    misaddressed?: number;
  } = {},
): LetterSpec {
  const r = rng(seed);
  const roll = r();
  const cls: DocClass =
    roll < 0.6
      ? 'letter'
      : roll < 0.85
        ? 'invoice'
        : roll < 0.9
          ? 'persoenlich'
          : roll < 0.95
            ? 'fehlleitung'
            : 'werbung';
  const unit =
    cls === 'invoice' && r() < 0.6 ? org.units.find((u) => u.id === 'kaemmerei')! : pick(r, org.units);
  const isCompany = cls === 'invoice' || cls === 'werbung' || r() < 0.5;
  const person = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  const sender = isCompany ? `${pick(r, LAST)} ${pick(r, COMPANY)} ${pick(r, FORM)}` : person;
  const town = pick(r, TOWN);
  const street = `${pick(r, STREET)} ${int(r, 1, 120)}`;
  const plz = String(int(r, 10000, 99999));
  const [y, m, d] = [int(r, 2025, 2026), int(r, 1, 12), int(r, 1, 28)];
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dateFmt = fmtDate(r, y, m, d, town);
  const text = unitText(r, unit);
  let subject = text.subject;
  let body = text.body;
  let ref: string | null =
    cls === 'fehlleitung' || cls === 'werbung' ? null : r() < 0.5 ? fileref(r, unit) : null;
  const theirOwn =
    r() < 0.35
      ? `${String(int(r, 10, 99))}.${String(int(r, 10, 99))}/${int(r, 2024, 2026)}-${String(int(r, 1, 999)).padStart(3, '0')}`
      : null;
  let iban: string | null = null;
  let amount: number | null = null;

  const recipient = [org.authority.name];
  // An invoice for another unit than the central invoice receipt names the unit that ordered (or cites
  // its file): unaddressed invoices go to the receipt.
  const namedUnit =
    r() < 0.3 || cls === 'persoenlich' || (cls === 'invoice' && unit.id !== 'kaemmerei' && !ref);
  const clerk = cls === 'persoenlich' && unit.clerks.length && r() < 0.5 ? pick(r, unit.clerks) : null;
  if (clerk) recipient.push(`z. Hd. ${clerk.name}`);
  else if (namedUnit) {
    const m = rng(seed + 0x51ed);
    recipient.push((m() < (opts.misaddressed ?? 0) && cls !== 'invoice' ? pick(m, org.units) : unit).name);
  }
  const [street0, town0] = org.authority.address.split(',').map((s) => s.trim());
  recipient.push(street0 ?? '', town0 ?? '');

  const extraBlocks: Block[] = [];
  if (cls === 'invoice') {
    const n = int(r, 1, 3);
    const rows: string[] = [];
    let net = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.round(r() * 150000) / 100 + 20;
      net += v;
      rows.push(
        `${i + 1}   ${pick(r, ['Wartung', 'Material', 'Arbeitsstunden', 'Lieferung', 'Lizenz', 'Prüfung'])} ${pick(r, ['Rathaus', 'Schule', 'Bauhof', 'Bibliothek'])}   ${euro(v)} €`,
      );
    }
    net = Math.round(net * 100) / 100;
    const vat = Math.round(net * 19) / 100;
    amount = Math.round((net + vat) * 100) / 100;
    iban = makeIban(r);
    const invNo = `RE-${y}-${int(r, 100, 9999)}`;
    subject = pick(r, [
      `Rechnung ${invNo}`,
      `Rechnung Nr. ${invNo}`,
      `Unsere Rechnung ${invNo} – ${pick(r, unit.topics)}`,
    ]);
    body = [
      `für die erbrachten Leistungen (${pick(r, unit.topics)}) erlauben wir uns, wie folgt zu berechnen:`,
    ];
    extraBlocks.push({
      x: 25,
      y: 0,
      size: 10,
      lines: [
        'Pos.   Bezeichnung   Betrag',
        ...rows,
        `Nettobetrag: ${euro(net)} €`,
        `zzgl. 19 % MwSt.: ${euro(vat)} €`,
        `${pick(r, ['Gesamtbetrag', 'Rechnungsbetrag', 'Zu zahlender Betrag'])}: ${euro(amount)} €`,
        '',
        `Bitte überweisen Sie den Betrag innerhalb von 14 Tagen auf unser Konto:`,
        `IBAN: ${r() < 0.7 ? spaced(iban) : iban}   BIC: ${pick(r, ['COBADEFFXXX', 'DEUTDEFFXXX', 'GENODEF1S01'])}`,
      ],
    });
  } else if (cls === 'werbung') {
    subject = pick(r, [
      'Exklusives Angebot für Ihre Verwaltung',
      'Nur für kurze Zeit: 30 % Rabatt',
      'Ihr Gutschein wartet',
    ]);
    body = [
      'profitieren Sie jetzt von unserem exklusiven Angebot: Büromaterial mit bis zu 30 % Rabatt für Neukunden.',
      'Bestellen Sie jetzt und sichern Sie sich zusätzlich einen Gutschein über 50 Euro. Das Angebot gilt nur für kurze Zeit.',
      'Testen Sie unseren Service kostenlos! Wenn Sie keine Werbung mehr wünschen, können Sie sich jederzeit abmelden.',
    ];
  } else if (cls === 'fehlleitung') {
    const other = pick(r, [
      'Finanzamt Beispielhausen',
      'Landratsamt Neudorf',
      'Amtsgericht Altenburg',
      'Jobcenter Bergheim',
    ]);
    recipient.splice(
      0,
      recipient.length,
      other,
      `${pick(r, STREET)} ${int(r, 1, 50)}`,
      `${int(r, 10000, 99999)} ${pick(r, ['Beispielhausen', 'Neudorf', 'Altenburg', 'Bergheim'])}`,
    );
    ref = null;
  }

  const personal =
    cls === 'persoenlich' ? [pick(r, ['Persönlich/Vertraulich', 'PERSÖNLICH', '- Vertraulich -'])] : [];
  const returnLine = `${sender} · ${street} · ${plz} ${town}`;
  // Personal post goes unopened to the addressed clerk, else to the unit for confidential post.
  const truthUnit =
    cls === 'fehlleitung' || cls === 'werbung'
      ? null
      : cls === 'persoenlich' && !clerk
        ? (org.units.find((u) => u.confidential)?.id ?? unit.id)
        : unit.id;
  // Half the letters take one of the varied layouts, drawn from a stream of their own.
  const v = rng(seed ^ 0x2545f491);
  if (!opts.classic && v() < VARIED) {
    const inv = extraBlocks[0]?.lines;
    return variedLetter(
      {
        id: `L${String(seed).padStart(5, '0')}`,
        cls,
        unit: truthUnit,
        topics: unit.topics,
        isCompany,
        person,
        sender,
        street,
        plz,
        town,
        recipient,
        personal,
        ref,
        theirOwn,
        date: [y, m, d],
        subject,
        body,
        invoice: inv ? { table: inv.slice(0, inv.indexOf('')), ibanLine: inv[inv.length - 1]! } : null,
        iban,
        amount,
      },
      v,
    );
  }
  const refStyle = pick(r, ['line', 'din', 'body'] as const);
  const head: Block[] = [];
  if (isCompany)
    head.push(
      { x: 25, y: 15, size: 16, bold: true, lines: [sender] },
      {
        x: 25,
        y: 23,
        size: 9,
        lines: [`${street} · ${plz} ${town} · Tel. 0${int(r, 100, 999)} ${int(r, 10000, 99999)}`],
      },
    );
  else head.push({ x: 25, y: 15, size: 11, lines: [sender, street, `${plz} ${town}`] });
  head.push({ x: 25, y: 45, size: 7, lines: [returnLine] });
  head.push({ x: 25, y: 52, size: 11, lines: [...personal, ...recipient] });

  const refLines: string[] = [];
  let bodyRef: string | null = null;
  if (refStyle === 'din') {
    // DIN 5008 reference line: headings and values in fixed columns (tab stops).
    const cols: Array<[string, string]> = [
      ['Ihr Zeichen', ref ?? ''],
      [
        'Ihre Nachricht vom',
        ref ? `${String(int(r, 1, 28)).padStart(2, '0')}.${String(int(r, 1, 12)).padStart(2, '0')}.${y}` : '',
      ],
      ['Unser Zeichen', theirOwn ?? `kw-${int(r, 10, 99)}`],
      ['Datum', `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`],
    ];
    cols.forEach(([label, value], i) => {
      head.push(
        { x: 25 + i * 45, y: 97, size: 8, lines: [label] },
        { x: 25 + i * 45, y: 101, size: 10, lines: [value] },
      );
    });
  } else {
    if (ref && refStyle === 'line')
      refLines.push(`${pick(r, ['Ihr Zeichen', 'Ihr Aktenzeichen', 'Aktenzeichen', 'Az.'])}: ${ref}`);
    if (ref && refStyle === 'body') bodyRef = ref;
    if (theirOwn) refLines.push(`${pick(r, ['Unser Zeichen', 'Mein Zeichen', 'Kundennummer'])}: ${theirOwn}`);
    head.push({ x: 125, y: 60, size: 10, lines: [...refLines, dateFmt.line] });
  }
  const labelled = r() < 0.7;
  head.push({ x: 25, y: 110, size: 11, bold: true, lines: [labelled ? `Betreff: ${subject}` : subject] });
  const salutation = pick(r, [
    'Sehr geehrte Damen und Herren,',
    'Guten Tag,',
    'Sehr geehrte Damen und Herren,',
  ]);
  const paragraphs = [salutation, '', ...body.flatMap((b) => [b, ''])];
  if (bodyRef) paragraphs.splice(2, 0, `Ich beziehe mich auf Ihr Aktenzeichen ${bodyRef}.`, '');
  const closing = [
    'Mit freundlichen Grüßen',
    '',
    '',
    isCompany ? `${person}` : sender,
    isCompany ? sender : '',
  ];
  const wrap = (t: string) => {
    const out: string[] = [];
    let line = '';
    for (const w of t.split(' ')) {
      if ((line + ' ' + w).length > 85) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    out.push(line);
    return out;
  };
  const bodyLines = paragraphs.flatMap((p) => (p ? wrap(p) : ['']));
  const pages: LetterPage[] = [];
  const twoPages = cls !== 'werbung' && r() < 0.12;
  if (twoPages) {
    const cut = Math.ceil(bodyLines.length / 2);
    pages.push({
      blocks: [
        ...head,
        { x: 25, y: 122, size: 11, lines: bodyLines.slice(0, cut) },
        { x: 180, y: 285, size: 8, lines: ['Seite 1 von 2'] },
      ],
    });
    pages.push({
      blocks: [
        {
          x: 25,
          y: 25,
          size: 11,
          lines: [...bodyLines.slice(cut), ...extraBlocks.flatMap((b) => b.lines), '', ...closing],
        },
        { x: 180, y: 285, size: 8, lines: ['Seite 2 von 2'] },
      ],
    });
  } else {
    const main = [...bodyLines, ...extraBlocks.flatMap((b) => b.lines), '', ...closing];
    pages.push({ blocks: [...head, { x: 25, y: 122, size: main.length > 30 ? 10 : 11, lines: main }] });
  }
  return {
    id: `L${String(seed).padStart(5, '0')}`,
    pages,
    truth: { unit: truthUnit, class: cls, fileref: ref, date, sender, subject, iban, amount },
  };
}
