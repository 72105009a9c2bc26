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
import { linesFromText, type TextLine } from './text.ts';

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
