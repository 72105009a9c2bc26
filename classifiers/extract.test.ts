import { describe, expect, it } from 'vitest';
import {
  extractMetadata,
  findAmount,
  findDate,
  findFileref,
  findIban,
  findSender,
  findSubject,
  validIban,
} from './extract.ts';
import { linesFromBoxes, linesFromText, type Placed, type TextLine } from './text.ts';

const PATTERN = '(?<plan>\\d{2}(?:\\.\\d{2}){1,3})\\s*/\\s*(?<year>\\d{4})-(?<seq>\\d{1,6})';
const AUTHORITY = 'Stadt Musterstadt';

const letter = `Schmidt Bau GmbH
Industriestraße 4 · 12345 Musterstadt · Tel. 0123 4567

Schmidt Bau GmbH · Industriestraße 4 · 12345 Musterstadt

Stadt Musterstadt
Bauordnungsamt
Rathausplatz 1
12345 Musterstadt

Ihr Zeichen: 63.21.04 / 2026-0147
Unser Zeichen: 45.11/2025-0099
Musterstadt, den 3. März 2026

Betreff: Bauantrag Neubau Lagerhalle

Sehr geehrte Damen und Herren,

zu Ihrem Schreiben vom 12.02.2026 übersenden wir die Statik.

Mit freundlichen Grüßen

Peter Schmidt`;

describe('extractMetadata', () => {
  it('reads a typical business letter', () => {
    const m = extractMetadata(linesFromText(letter), PATTERN, AUTHORITY);
    expect(m).toMatchObject({
      fileref: '63.21.04/2026-0147',
      fileplan: '63.21.04',
      date: '2026-03-03',
      subject: 'Bauantrag Neubau Lagerhalle',
      sender: 'Schmidt Bau GmbH',
      iban: null,
      amount: null,
    });
  });
});

describe('findFileref', () => {
  it("never takes the sender's own reference", () => {
    const r = findFileref(
      linesFromText('Unser Zeichen: 63.21.04/2026-0147\nMein Zeichen 40.11/2025-1'),
      PATTERN,
    );
    expect(r).toBeNull();
  });

  it('prefers Ihr Zeichen over an unlabelled reference in the body', () => {
    const r = findFileref(linesFromText('siehe auch 20.11/2024-0001\nIhr Zeichen: 32.15/2026-0042'), PATTERN);
    expect(r?.fileref).toBe('32.15/2026-0042');
  });

  it('reads a DIN 5008 reference line by column position', () => {
    const lines: TextLine[] = [
      {
        text: 'Ihr Zeichen Ihre Nachricht vom Unser Zeichen Datum',
        xs: [
          [300, 340],
          [350, 420],
          [800, 840],
          [850, 950],
          [960, 1000],
          [1300, 1360],
          [1370, 1460],
          [1800, 1900],
        ],
        page: 1,
        row: 0,
      },
      { text: '45.12/2026-0007', xs: [[300, 520]], page: 1, row: 1 },
      { text: '01.02.2026', xs: [[800, 960]], page: 1, row: 1 },
      { text: '63.21/2026-0147', xs: [[1300, 1520]], page: 1, row: 1 },
      { text: '05.02.2026', xs: [[1800, 1960]], page: 1, row: 1 },
    ];
    expect(findFileref(lines, PATTERN)?.fileref).toBe('45.12/2026-0007');
    expect(findDate(lines)?.date).toBe('2026-02-05');
  });
});

describe('findDate', () => {
  it.each([
    ['Musterstadt, 03.04.2026', '2026-04-03'],
    ['Berlin, den 1. Dezember 2025', '2025-12-01'],
    ['Datum: 2026-01-31', '2026-01-31'],
    ['Datum: 07.05.26', '2026-05-07'],
    ['14. Mälz 2026', '2026-03-14'],
    ["Datum: 18'03:2026", '2026-03-18'],
  ])('%s -> %s', (text, iso) => {
    expect(findDate(linesFromText(text))?.date).toBe(iso);
  });

  it('skips dates that are not the letter date', () => {
    const text = 'Ihr Schreiben vom 02.01.2026\nFällig am 30.06.2026\nMusterstadt, 15.01.2026';
    expect(findDate(linesFromText(text))?.date).toBe('2026-01-15');
  });

  it('skips receipt stamps, dates of birth, deadlines and other ...datum labels', () => {
    const text = [
      'EINGEGANGEN',
      '03.11.2025',
      'Geburtsdatum: 12.05.1980',
      'Fälligkeitsdatum: 30.11.2025',
      'Bitte zahlen Sie spätestens 15.11.2025',
      '28.10.2025',
    ].join('\n');
    expect(findDate(linesFromText(text))).toMatchObject({ date: '2025-10-28', reason: 'date line' });
    expect(findDate(linesFromText('Rechnungsdatum: 21.10.2025\nEingangsdatum: 23.10.2025'))?.date).toBe(
      '2025-10-21',
    );
  });

  it('rejects impossible dates', () => {
    expect(findDate(linesFromText('31.02.2026'))).toBeNull();
  });
});

describe('findSubject', () => {
  it('strips the label', () => {
    expect(findSubject(linesFromText('Betreff: Hundesteuer 2026'))?.subject).toBe('Hundesteuer 2026');
    expect(findSubject(linesFromText('Betr.: Antrag auf Wohngeld'))?.subject).toBe('Antrag auf Wohngeld');
  });

  it('takes the line above the salutation in DIN 5008 letters without a label', () => {
    const text =
      'Musterstadt, 03.04.2026\n\nAnmeldung zur Musikschule\n\nSehr geehrte Damen und Herren,\nText';
    expect(findSubject(linesFromText(text))?.subject).toBe('Anmeldung zur Musikschule');
  });
});

describe('findSender', () => {
  it('reads the first segment of the return address line, not a street', () => {
    const text =
      'Müller Garten AG\nIndustriestraße 102 - 95512 Talstadt - Tel. 0348 93417\nMüller Garten AG - Industriestraße 102 - 95512 Talstadt';
    expect(findSender(linesFromText(text), AUTHORITY)?.sender).toBe('Müller Garten AG');
  });

  it("takes a hotel for no 'Tel.' line", () => {
    const text =
      'Tagungshotel Seeblick GmbH\nTagen - Übernachten - Feiern\nStadt Musterstadt\nRathausplatz 1';
    expect(findSender(linesFromText(text), AUTHORITY)?.sender).toBe('Tagungshotel Seeblick GmbH');
  });

  it('reads a private sender from the letter head and never the recipient', () => {
    const text = 'Anna Nowak-Öztürk\nLindenallee 3\n12345 Musterstadt\n\nStadt Musterstadt\nRathausplatz 1';
    expect(findSender(linesFromText(text), AUTHORITY)?.sender).toBe('Anna Nowak-Öztürk');
  });
});

describe('IBAN', () => {
  it('validates the checksum', () => {
    expect(validIban('DE89370400440532013000')).toBe(true);
    expect(validIban('DE89370400440532013001')).toBe(false);
  });

  it('finds a spaced IBAN and ignores what follows', () => {
    expect(findIban(linesFromText('IBAN: DE89 3704 0044 0532 0130 00 BIC: COBADEFFXXX'))?.iban).toBe(
      'DE89370400440532013000',
    );
  });

  it('repairs OCR letter-for-digit confusions and stray dots', () => {
    expect(findIban(linesFromText('IBAN DE89. 3704 0044 O532.0130 00'))?.iban).toBe('DE89370400440532013000');
    expect(findIban(linesFromText('IBAN DE89 3704 0044 0532 0\\30 00'))?.iban).toBe('DE89370400440532013000');
  });

  it('repairs one character too many in an IBAN broken over two lines of a footer column', () => {
    const lines = linesFromBoxes([
      { x: 110, y: 270, text: 'IBAN DE89 37040 0044 0532', size: 8 },
      { x: 110, y: 273.5, text: '0130 00', size: 8 },
    ]);
    expect(findIban(lines)).toMatchObject({ iban: 'DE89370400440532013000' });
  });

  it('rejects a wrong checksum', () => {
    expect(findIban(linesFromText('IBAN: DE89 3704 0044 0532 0130 01'))).toBeNull();
  });

  it('reads lower-case confusions and a misread country code, and only where the checksum holds', () => {
    expect(findIban(linesFromText('IBAN: DE89 37o4 0044 O532 Ol30 00'))?.iban).toBe('DE89370400440532013000');
    expect(findIban(linesFromText('IBAN: OE89 3704 0044 0532 0130 00'))?.iban).toBe('DE89370400440532013000');
    expect(findIban(linesFromText('IBAN: OE89 3704 0044 0532 0130 07'))).toBeNull();
  });

  it('continues an IBAN broken at a line end, or across a column onto a later line', () => {
    expect(findIban(linesFromText('IBAN: DE89 3704 0044\n0532 0130 00'))?.iban).toBe(
      'DE89370400440532013000',
    );
    const columns = linesFromText(
      'Sparkasse Musterstadt  IBAN DE89 3704 0044 0532\n12345 Musterstadt\n0130 00',
    );
    expect(findIban(columns)).toMatchObject({ iban: 'DE89370400440532013000', reason: /over two lines/ });
    // A number of another length, or one that breaks the checksum, is never taken as the rest.
    expect(findIban(linesFromText('IBAN DE89 3704 0044 0532\nTel. 0130 0012'))).toBeNull();
    expect(findIban(linesFromText('IBAN DE89 3704 0044 0532\n0130 01'))).toBeNull();
  });
});

describe('findAmount', () => {
  it('takes the labelled total, not net or VAT', () => {
    const text = 'Nettobetrag: 1.000,00 €\nzzgl. 19 % MwSt.: 190,00 €\nGesamtbetrag: 1.190,00 €';
    expect(findAmount(linesFromText(text))?.amount).toBe(1190);
  });

  it('repairs a misread total from net and VAT', () => {
    const text = 'Nettobetrag: 872,85 €\nzzgl. 19 % MwSt.: 165,84 €\nGesamtbetrag: 1.033,69 €';
    expect(findAmount(linesFromText(text))).toMatchObject({
      amount: 1038.69,
      reason: 'net + VAT (total misread)',
    });
  });

  it('keeps a total that does not fit when net and VAT do not fit either', () => {
    const text = 'Nettobetrag: 100,00 €\nMwSt.: 50,00 €\nGesamtbetrag: 119,00 €';
    expect(findAmount(linesFromText(text))?.amount).toBe(119);
  });

  it('reads EUR before the number', () => {
    expect(findAmount(linesFromText('Bitte zahlen Sie EUR 35,50 bis zum Monatsende.'))?.amount).toBe(35.5);
  });

  it('ignores numbers without currency or label', () => {
    expect(findAmount(linesFromText('Flurstück 12,34 der Gemarkung'))).toBeNull();
  });
});

// ---------------------------------------------------------------- layout-aware cases

/** A DIN 5008 form B head with positions: letterhead, return line, address field, information block. */
const head = (info: Placed[], extra: Placed[] = []): TextLine[] =>
  linesFromBoxes([
    { x: 25, y: 12, text: 'Müller Haustechnik GmbH', size: 16 },
    { x: 25, y: 20, text: 'Industriestraße 4 · 95512 Talstadt', size: 8 },
    { x: 25, y: 47, text: 'Müller Haustechnik GmbH · Industriestraße 4 · 95512 Talstadt', size: 7 },
    { x: 25, y: 54, text: 'Stadt Musterstadt', size: 11 },
    { x: 25, y: 59, text: 'Bauordnungsamt', size: 11 },
    { x: 25, y: 64, text: 'Rathausplatz 1', size: 11 },
    { x: 25, y: 69, text: '12345 Musterstadt', size: 11 },
    ...info,
    { x: 25, y: 103, text: 'Wartung der Heizungsanlage', size: 11 },
    { x: 25, y: 113, text: 'Sehr geehrte Damen und Herren,', size: 11 },
    { x: 25, y: 123, text: 'wie vereinbart senden wir Ihnen unser Angebot.', size: 11 },
    ...extra,
  ]);

describe('letter date', () => {
  it('skips receipt stamps over the date, in one line or two, with positions', () => {
    const lines = head(
      [
        { x: 125, y: 50, text: 'Datum:', size: 9 },
        { x: 160, y: 50, text: '28.10.2026', size: 9 },
      ],
      [
        { x: 150, y: 10, text: 'EINGEGANGEN', size: 9 },
        { x: 150, y: 14, text: '03. Nov. 2026', size: 9 },
        { x: 150, y: 30, text: 'EINGANG 04.11.2026', size: 9 },
      ],
    );
    expect(findDate(lines)).toMatchObject({ date: '2026-10-28', reason: 'label Datum', page: 1 });
    expect(findDate(lines)!.box).toMatchObject({ x0: 160, y0: 50 });
  });

  it('reads labels and values that OCR gives as lines of their own, a stamp under them, a label cut short', () => {
    // Label and value a little apart in height: two OCR lines, one row on the page.
    const block = (label: string) =>
      head(
        [
          { x: 125, y: 42, text: 'Lieferdatum:', size: 9 },
          { x: 155, y: 42.4, text: '17.10.2026', size: 9 },
          { x: 125, y: 46, text: label, size: 9 },
          { x: 155, y: 46.3, text: '23.10.2026', size: 9 },
        ],
        [
          { x: 160, y: 50, text: 'EINGANG', size: 9 },
          { x: 158, y: 54, text: '02. Nov. 2026', size: 9 },
        ],
      );
    expect(findDate(block('Datum:'))).toMatchObject({ date: '2026-10-23', reason: 'label Datum' });
    expect(findDate(block('Dat'))).toMatchObject({ date: '2026-10-23', reason: 'label Datum' });
    expect(findDate(block('Rechnungsdatum:'))).toMatchObject({ date: '2026-10-23', reason: 'invoice date' });
  });

  it('skips receipt stamps without positions', () => {
    const text = 'Eingegangen 03. Nov. 2026\nE I N G A N G\n04.11.2026\nTalstadt, 28.10.2026';
    expect(findDate(linesFromText(text))?.date).toBe('2026-10-28');
  });

  it("skips the reader's letter beside its label in the information block", () => {
    const lines = head([
      { x: 125, y: 46, text: 'Ihr Schreiben vom', size: 9 },
      { x: 160, y: 46, text: '12.10.2026', size: 9 },
      { x: 125, y: 50, text: 'Ihre Nachricht vom', size: 9 },
      { x: 160, y: 50, text: '14.10.2026', size: 9 },
      { x: 125, y: 54, text: 'Telefon', size: 9 },
      { x: 160, y: 54, text: '0348 93417-12', size: 9 },
      { x: 190 - 35, y: 90, text: 'Talstadt, 3. November 2026', size: 10 },
    ]);
    expect(findDate(lines)).toMatchObject({ date: '2026-11-03', reason: 'place, date' });
  });

  it.each([
    ['Ihre Nachricht vom', '14.10.2026', 'Datum', '3. November 2026', '2026-11-03'],
    // The date of service is another date; the invoice's is the letter's.
    ['Leistungsdatum', '20.08.2026', 'Rechnungsdatum', '16.09.2026', '2026-09-16'],
  ])('reads a stacked information block (label over value): %s, %s, %s, %s', (l1, v1, l2, v2, date) => {
    const lines = head([
      { x: 125, y: 46, text: l1, size: 8 },
      { x: 125, y: 50, text: v1, size: 9 },
      { x: 125, y: 55, text: l2, size: 8 },
      { x: 125, y: 59, text: v2, size: 9 },
    ]);
    expect(findDate(lines)).toMatchObject({ date, reason: 'label Datum' });
  });

  it('skips deadlines, dates of birth and periods in the text', () => {
    const text = [
      'Müller GmbH',
      '',
      'Sehr geehrte Damen und Herren,',
      'für den Zeitraum 01.09.–30.09.2026 und vom 01.10.2026 - 31.10.2026 berechnen wir:',
      'Herr Max Muster, geb. 12.05.1980, geboren am 13.05.1980',
      'Bitte zahlen Sie bis zum Freitag, 20.11.2026. Zahlungsziel: 21.11.2026',
      'Ihre Nachricht vom 02.10.2026',
      '05.11.2026',
    ].join('\n');
    expect(findDate(linesFromText(text))).toMatchObject({ date: '2026-11-05', reason: 'date line' });
  });

  it('reads a date alone in the head whose dots OCR read as digits, when only one split makes a date', () => {
    const text = 'Lukas Müller\nStadt Musterstadt\n\n301222025\n\nSehr geehrte Damen und Herren,';
    expect(findDate(linesFromText(text))).toMatchObject({
      date: '2025-12-03',
      reason: 'date line, dots misread',
    });
    expect(findDate(linesFromText('Ihr Zeichen 0301222025'))).toBeNull();
  });

  it('reads reference-line headings run together by OCR', () => {
    const lines: TextLine[] = [
      {
        text: 'Ihr Zeichen, Ihre Nachricht vomDatum',
        xs: [
          [300, 340],
          [350, 480],
          [500, 550],
          [560, 690],
          [700, 1000],
        ],
        page: 1,
        row: 0,
      },
      {
        text: '63.21/2026-0147, 26.05.2026 21. Juni 2026',
        xs: [
          [300, 560],
          [580, 760],
          [1010, 1040],
          [1050, 1110],
          [1120, 1200],
        ],
        page: 1,
        row: 1,
      },
    ];
    expect(findDate(lines)).toMatchObject({ date: '2026-06-21', reason: 'label Datum' });
    expect(findFileref(lines, PATTERN)?.fileref).toBe('63.21/2026-0147');
  });

  it('reads a date whose dots OCR lost under its label, and never a file reference', () => {
    const lines = head([
      { x: 125, y: 46, text: 'Unser Zeichen: 12.05/2025-0099', size: 9 },
      { x: 125, y: 50, text: 'Datum', size: 9 },
      { x: 160, y: 50, text: '09122025', size: 9 },
    ]);
    expect(findDate(lines)).toMatchObject({ date: '2025-12-09', reason: 'label Datum, dots misread' });
    expect(findDate(linesFromText('Unser Zeichen: 12.05/2025-0099'))).toBeNull();
  });
});

describe('letter date as OCR garbles it', () => {
  it("reads a label cut to 'Dam' and a speck between label and value as no other date", () => {
    const lines = (label: string) =>
      head([
        { x: 125, y: 50, text: label, size: 9 },
        { x: 145, y: 50, text: '0', size: 9 },
        { x: 157, y: 50, text: '22.10.2026', size: 9 },
        { x: 25, y: 90, text: 'Um Antwort wird bis zum 09.02.2027 gebeten.', size: 10 },
      ]);
    expect(findDate(lines('Datum:'))).toMatchObject({ date: '2026-10-22', reason: 'label Datum' });
    expect(findDate(lines('Dam'))?.date).toBe('2026-10-22');
  });

  it('reads a place and date with a stray dot, a month run on to its year, and dots OCR lost', () => {
    expect(findDate(linesFromText('Wiesenbrunn, den.23.10.2026'))).toMatchObject({
      date: '2026-10-23',
      reason: 'place, date',
    });
    expect(findDate(linesFromText('Lutz Müller\n\n12: ©OKt2026'))?.date).toBe('2026-10-12');
    expect(findDate(linesFromText('Thea Roßbach\n\n6102026'))?.date).toBe('2026-10-06');
    // 1.11.2026 or 11.1.2026: no date.
    expect(findDate(linesFromText('Thea Roßbach\n\n1112026'))).toBeNull();
  });

  it('takes a date after the day of receipt or of that day only where nothing better stands', () => {
    const text = 'Lutz Müller\n\nEIN\n02.11.2026\n\n09.10.2026\n\nBitte melden Sie sich 30.11.2026.';
    expect(findDate(linesFromText(text))?.date).toBe('2026-11-02');
    expect(findDate(linesFromText(text), '2026-11-02')?.date).toBe('2026-10-09');
    // Alone, a later date stands: the day of receipt may have been set wrong.
    expect(findDate(linesFromText('Lutz Müller\n\n12.11.2026'), '2026-11-02')?.date).toBe('2026-11-12');
    const later = 'Lutz Müller\n\n12.11.2026\n\n29.10.2026';
    expect(findDate(linesFromText(later))?.date).toBe('2026-11-12');
    expect(findDate(linesFromText(later), '2026-11-02')?.date).toBe('2026-10-29');
  });
});

describe('file reference', () => {
  it.each([
    ['Ihr Az.: 63.21/2026-0147', '63.21/2026-0147'],
    ['Ihr Aktenzeichen 63.21.04/2026-0147', '63.21.04/2026-0147'],
    ['zu Ihrem Aktenzeichen 63.21/2026-0147 übersenden wir die Statik.', '63.21/2026-0147'],
    ['lhr Zeichen: 63.21/2026-0147', '63.21/2026-0147'],
    ['Ihre Zeichen 63,21/2O26-0147', '63.21/2026-0147'],
    ['Ihr Zeichen: 05.:09/2025-29', '05.09/2025-29'],
    ['Ihr Zeichen: 91:26 / 2025-0483', '91.26/2025-0483'],
  ])('%s', (text, ref) => {
    expect(findFileref(linesFromText(text), PATTERN)).toMatchObject({ fileref: ref, confidence: 0.95 });
  });

  it('guesses the kind of a label OCR garbled, and takes nothing under an unknown one', () => {
    const row = (label: string) =>
      linesFromBoxes([
        { x: 125, y: 50, text: label, size: 9 },
        { x: 160, y: 50, text: '93.90/2025-804', size: 9 },
      ]);
    expect(findFileref(row('UA chen:'), PATTERN)).toBeNull();
    expect(findFileref(row('Vorgang:'), PATTERN)).toBeNull();
    expect(findFileref(row('lhr Zelcnen:'), PATTERN)).toMatchObject({
      fileref: '93.90/2025-804',
      reason: 'label:ours',
    });
  });

  it('takes the heading above, not an endorsement of the address field far left in the same row', () => {
    const lines = linesFromBoxes([
      { x: 125, y: 33.6, text: 'Ihr Zeichen', size: 9 },
      { x: 27, y: 37.3, text: 'Vorab per Fax', size: 11 },
      { x: 125, y: 37.3, text: '13.22.02/2026-0668', size: 9 },
    ]);
    expect(findFileref(lines, PATTERN)).toMatchObject({
      fileref: '13.22.02/2026-0668',
      reason: 'label:ours',
    });
  });

  it("never takes the sender's own, also when OCR garbles its label", () => {
    for (const text of [
      'Unsenzeichen: 63.18/2025-723',
      'Unser Az. 63.18/2025-723',
      'Kundennummer 63.18/2025-723',
    ])
      expect(findFileref(linesFromText(text), PATTERN)).toBeNull();
  });

  it("takes nothing under 'Unser Zeichen' in a reference line whose headings OCR garbled", () => {
    const lines = head([
      { x: 25, y: 80, text: 'Ihr Zeichen, Ihre Nachricht vom', size: 8 },
      { x: 75, y: 80, text: 'Unser Zeichen, unsere Nachricht vomelefon, Name', size: 8 },
      { x: 175, y: 80, text: 'Datum', size: 8 },
      { x: 75, y: 84, text: '11.28/2025-0761', size: 10 },
    ]);
    expect(findFileref(lines, PATTERN)).toBeNull();
  });

  it('reads label and value in separate columns of the information block', () => {
    const lines = head([
      { x: 125, y: 46, text: 'Ihr Zeichen:', size: 9 },
      { x: 160, y: 46, text: '63.21/2026-0147', size: 9 },
      { x: 125, y: 50, text: 'Unser Zeichen:', size: 9 },
      { x: 160, y: 50, text: '45.11/2025-0099', size: 9 },
    ]);
    expect(findFileref(lines, PATTERN)).toMatchObject({ fileref: '63.21/2026-0147', reason: 'label:ours' });
    expect(
      findFileref(
        lines.filter((l) => !l.text.startsWith('63')),
        PATTERN,
      ),
    ).toBeNull();
  });
});

describe('sender', () => {
  it("names an authority, not its department line, from the letterhead's most prominent line", () => {
    const lines = linesFromBoxes([
      { x: 80, y: 12, text: 'Amtsgericht Talstadt', size: 14 },
      { x: 80, y: 19, text: 'Abteilung für Familiensachen', size: 9 },
      { x: 25, y: 54, text: 'Stadt Musterstadt', size: 11 },
      { x: 25, y: 59, text: 'Jugendamt', size: 11 },
      { x: 25, y: 64, text: 'Rathausplatz 1', size: 11 },
      { x: 25, y: 69, text: '12345 Musterstadt', size: 11 },
      { x: 25, y: 103, text: 'Sehr geehrte Damen und Herren,', size: 11 },
    ]);
    expect(findSender(lines, AUTHORITY)).toMatchObject({
      sender: 'Amtsgericht Talstadt',
      reason: 'letterhead',
    });
  });

  it('reads a return line with commas and a department, and a private sender top right', () => {
    const ret = linesFromText(
      'Landratsamt Neudorf, Jugendamt, Postfach 12 34, 12345 Neudorf\nStadt Musterstadt',
    );
    expect(findSender(ret, AUTHORITY)?.sender).toBe('Landratsamt Neudorf');
    const lines = linesFromBoxes([
      { x: 150, y: 10, text: 'EINGEGANGEN', size: 9 },
      { x: 150, y: 14, text: '03. Nov. 2026', size: 9 },
      { x: 150, y: 18, text: 'Stadt Musterstadt', size: 9 },
      { x: 150, y: 25, text: 'Gülsen Krüger', size: 10 },
      { x: 150, y: 30, text: 'Lindenallee 3', size: 10 },
      { x: 150, y: 35, text: '95512 Talstadt', size: 10 },
      { x: 25, y: 54, text: 'Stadt Musterstadt', size: 11 },
      { x: 25, y: 59, text: 'Rathausplatz 1', size: 11 },
      { x: 25, y: 64, text: '12345 Musterstadt', size: 11 },
      { x: 125, y: 80, text: 'Talstadt, 28.10.2026', size: 10 },
    ]);
    expect(findSender(lines, AUTHORITY)?.sender).toBe('Gülsen Krüger');
  });

  it('writes out given names that the return line cuts to initials, from the signature', () => {
    const letter = (signature: string) =>
      linesFromText(
        `J. Üffing · Lindenallee 3 · 95512 Talstadt\nStadt Musterstadt\nRathausplatz 1\n12345 Musterstadt\n\n` +
          `Sehr geehrte Damen und Herren,\nich bitte um Rückruf.\nMit freundlichen Grüßen\n${signature}`,
      );
    expect(findSender(letter('Dr. Jördis Üffing'), AUTHORITY)?.sender).toBe('Dr. Jördis Üffing');
    expect(findSender(letter('Jördis Maria Uffing'), AUTHORITY)?.sender).toBe('Jördis Maria Uffing');
    // Another given name, or another surname, is not the same person.
    expect(findSender(letter('Karin Üffing'), AUTHORITY)?.sender).toBe('J. Üffing');
    expect(findSender(letter('Jördis Üffinger'), AUTHORITY)?.sender).toBe('J. Üffing');
  });

  it("passes over a letterhead's slogan of single words", () => {
    const lines = linesFromBoxes([
      { x: 25, y: 12, text: 'Mertens & Öztürk Rechtsanwälte', size: 12 },
      { x: 25, y: 18, text: 'Verwaltungsrecht - Baurecht - Arbeitsrecht', size: 12 },
      { x: 25, y: 54, text: 'Stadt Musterstadt', size: 11 },
      { x: 25, y: 59, text: 'Rathausplatz 1', size: 11 },
      { x: 25, y: 64, text: '12345 Musterstadt', size: 11 },
    ]);
    expect(findSender(lines, AUTHORITY)?.sender).toBe('Mertens & Öztürk Rechtsanwälte');
  });

  it('confirms the return line by the letterhead', () => {
    expect(findSender(head([]), AUTHORITY)).toMatchObject({
      sender: 'Müller Haustechnik GmbH',
      reason: 'return address line, confirmed',
      confidence: 0.95,
    });
  });
});

describe('subject', () => {
  it('passes over a speck in the margin, a reference line and a stray quote before the salutation', () => {
    const lines = (between: Placed[], salutation = 'Sehr geehrte Damen und Herren,') =>
      linesFromBoxes([
        { x: 25, y: 54, text: 'Stadt Musterstadt', size: 11 },
        { x: 25, y: 59, text: 'Rathausplatz 1', size: 11 },
        { x: 25, y: 64, text: '12345 Musterstadt', size: 11 },
        { x: 25, y: 100, text: 'Nutzungsänderung: Ladenlokal wird Wohnung', size: 11 },
        ...between,
        { x: 25, y: 114, text: salutation, size: 11 },
        { x: 25, y: 120, text: 'wir bitten um Prüfung.', size: 11 },
      ]);
    const subject = 'Nutzungsänderung: Ladenlokal wird Wohnung';
    expect(findSubject(lines([{ x: 3, y: 107, text: 'Sn', size: 11 }]))?.subject).toBe(subject);
    expect(
      findSubject(lines([{ x: 25, y: 107, text: 'Ihr Zeichen: 67.14/2025-1149', size: 11 }]))?.subject,
    ).toBe(subject);
    expect(findSubject(lines([], '„Sehr geehrter Herr Hoffmann,'))?.subject).toBe(subject);
  });

  it("keeps the hyphen of 'Garten- und' and joins a word broken at the line's end", () => {
    expect(findSubject(linesFromText('Betreff: Neues Gewerbe: Garten- und Hausmeisterdienst'))?.subject).toBe(
      'Neues Gewerbe: Garten- und Hausmeisterdienst',
    );
    const broken = linesFromBoxes([
      { x: 25, y: 100, text: 'Betreff: Antrag auf Sondernutzungs-', size: 11 },
      { x: 25, y: 104.5, text: 'erlaubnis für den Wochenmarkt', size: 11 },
      { x: 25, y: 114, text: 'Sehr geehrte Damen und Herren,', size: 11 },
    ]);
    expect(findSubject(broken)?.subject).toBe('Antrag auf Sondernutzungserlaubnis für den Wochenmarkt');
  });

  it('joins a two-line subject above the salutation (DIN 5008, no label), with positions', () => {
    const lines = head(
      [{ x: 125, y: 50, text: 'Datum: 28.10.2026', size: 9 }],
      [{ x: 25, y: 108, text: 'hier: Nachreichung der Unterlagen', size: 11 }],
    ).map((l) =>
      l.text === 'Sehr geehrte Damen und Herren,' ? { ...l, box: { ...l.box!, y0: 118, y1: 122 } } : l,
    );
    expect(findSubject(lines)).toMatchObject({
      subject: 'Wartung der Heizungsanlage hier: Nachreichung der Unterlagen',
      reason: 'line above salutation',
    });
  });

  it("takes a subject beginning 'Ihr Schreiben', and one beside or under its label", () => {
    const text = 'Stadt Musterstadt\n12345 Musterstadt\n\nIhr Schreiben zur Wohngeldakte\n\nGuten Tag,';
    expect(findSubject(linesFromText(text))?.subject).toBe('Ihr Schreiben zur Wohngeldakte');
    const beside = linesFromBoxes([
      { x: 25, y: 100, text: 'Betreff', size: 11 },
      { x: 50, y: 100, text: 'Antrag auf Wohngeld', size: 11 },
      { x: 25, y: 110, text: 'Sehr geehrte Damen und Herren,', size: 11 },
    ]);
    expect(findSubject(beside)?.subject).toBe('Antrag auf Wohngeld');
    expect(
      findSubject(linesFromText('Betreff:\nAntrag auf Wohngeld\nhier: Nachweise\n\nGuten Tag,'))?.subject,
    ).toBe('Antrag auf Wohngeld hier: Nachweise');
  });

  it('never takes the reference line or the date as the subject', () => {
    const text =
      'Stadt Musterstadt\n\nIhr Zeichen: 63.21/2026-0147\nTalstadt, 03.11.2026\n\nSehr geehrte Damen und Herren,';
    expect(findSubject(linesFromText(text))).toBeNull();
  });
});

describe('IBAN in columns and odd spacing', () => {
  it('joins an IBAN broken in a footer column, by position', () => {
    const lines = linesFromBoxes([
      { x: 25, y: 274, text: 'Müller GmbH', size: 7 },
      { x: 69, y: 274, text: 'Tel. 0348 93417', size: 7 },
      { x: 113, y: 274, text: 'Sparkasse Talstadt', size: 7 },
      { x: 157, y: 274, text: 'Geschäftsführer: A. Müller', size: 7 },
      { x: 25, y: 277, text: 'Industriestraße 4', size: 7 },
      { x: 69, y: 277, text: 'E-Mail: info@mueller.de', size: 7 },
      { x: 113, y: 277, text: 'IBAN DE89 3704 0044', size: 7 },
      { x: 157, y: 277, text: 'USt-IdNr. DE123456789', size: 7 },
      { x: 25, y: 280, text: '95512 Talstadt', size: 7 },
      { x: 69, y: 280, text: 'www.mueller.de', size: 7 },
      { x: 113, y: 280, text: '0532 0130 00', size: 7 },
      { x: 157, y: 280, text: 'HRB 1234', size: 7 },
    ]);
    expect(findIban(lines)).toMatchObject({
      iban: 'DE89370400440532013000',
      reason: 'label IBAN, over two lines',
      page: 1,
    });
  });

  it('undoes O/0, I/1, S/5, B/8 only where the checksum then holds, and odd spaces', () => {
    // DE44 5001 0517 5407 3249 31
    expect(findIban(linesFromText('IBAN: DE44 5OO1 O5I7 S4O7 3249 31'))?.iban).toBe('DE44500105175407324931');
    expect(findIban(linesFromText('IBAN D E44 50010 5175 40732 4931'))?.iban).toBe('DE44500105175407324931');
    expect(findIban(linesFromText('IBAN DE89 37O4 OO44 O532 Ol3O OB'))).toBeNull();
  });

  it('drops one stray character in a spaced group, or a hyphen between groups, where the checksum then holds', () => {
    expect(findIban(linesFromText('IBAN: DE386 6565 9513 3511 6932 43 BIC: GENODEF1S01'))?.iban).toBe(
      'DE86656595133511693243',
    );
    expect(findIban(linesFromText('IBAN DE93 8157 7172-2894 1511 25'))?.iban).toBe('DE93815771722894151125');
    expect(findIban(linesFromText('IBAN: DE386 6565 9513 3511 6932 44'))).toBeNull();
  });

  it("prefers the payment account and never takes the reader's own", () => {
    const text = [
      'Ihre Bankverbindung: IBAN DE89 3704 0044 0532 0130 00',
      'Bitte überweisen Sie den Betrag auf unser Konto',
      'IBAN DE44 5001 0517 5407 3249 31',
    ].join('\n');
    expect(findIban(linesFromText(text))?.iban).toBe('DE44500105175407324931');
    expect(findIban(linesFromText(text.split('\n')[0]!))).toBeNull();
  });
});

describe('evidence', () => {
  it('names page and box of every field read from positioned lines', () => {
    const lines = head(
      [
        { x: 125, y: 46, text: 'Ihr Zeichen:', size: 9 },
        { x: 160, y: 46, text: '63.21/2026-0147', size: 9 },
        { x: 125, y: 50, text: 'Datum:', size: 9 },
        { x: 160, y: 50, text: '28.10.2026', size: 9 },
      ],
      [
        { x: 25, y: 135, text: 'Gesamtbetrag: 1.190,00 €', size: 10 },
        { x: 25, y: 140, text: 'IBAN: DE89 3704 0044 0532 0130 00', size: 10 },
      ],
    );
    const m = extractMetadata(lines, PATTERN, AUTHORITY);
    expect(m).toMatchObject({
      fileref: '63.21/2026-0147',
      date: '2026-10-28',
      iban: 'DE89370400440532013000',
    });
    for (const field of ['fileref', 'date', 'subject', 'sender', 'iban', 'amount'])
      expect(m.evidence[field], field).toMatchObject({
        page: 1,
        box: expect.objectContaining({ x0: expect.any(Number) }),
      });
  });
});
