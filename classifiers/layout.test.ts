import { describe, expect, it } from 'vitest';
import { isReturnLine, letterLayout } from './layout.ts';
import { linesFromBoxes, linesFromText, type Placed } from './text.ts';

const AUTHORITY = 'Stadt Musterstadt';
const texts = (ls: Array<{ text: string }>) => ls.map((l) => l.text);

/** A private letter: sender block top left, address field, date right. */
const privateLetter: Placed[] = [
  { x: 25, y: 15, text: 'Anna Nowak', size: 10 },
  { x: 25, y: 20, text: 'Lindenallee 3', size: 10 },
  { x: 25, y: 25, text: '95512 Talstadt', size: 10 },
  { x: 25, y: 52, text: 'Stadt Musterstadt', size: 11 },
  { x: 25, y: 57, text: 'Bürgeramt', size: 11 },
  { x: 25, y: 62, text: 'Rathausplatz 1', size: 11 },
  { x: 25, y: 67, text: '12345 Musterstadt', size: 11 },
  { x: 125, y: 62, text: 'Talstadt, 28.10.2026', size: 10 },
  { x: 25, y: 100, text: 'Ummeldung', size: 11 },
];

describe('letterLayout', () => {
  it('finds the address field by position, not the sender block above it', () => {
    const layout = letterLayout(linesFromBoxes(privateLetter), AUTHORITY);
    expect(layout.source).toBe('window');
    expect(texts(layout.recipient)).toEqual([
      'Stadt Musterstadt',
      'Bürgeramt',
      'Rathausplatz 1',
      '12345 Musterstadt',
    ]);
    expect(texts(layout.letterhead)).toEqual(
      expect.arrayContaining(['Anna Nowak', 'Lindenallee 3', 'Talstadt, 28.10.2026']),
    );
    expect(layout.returnLine).toBeUndefined();
  });

  it("reads the address field through the dashes OCR leaves as lines of their own ('— Personalamt —')", () => {
    const lines = linesFromBoxes([
      { x: 25, y: 50, text: 'Stadtverwaltung Musterstadt', size: 11 },
      { x: 25, y: 55.3, text: '—', size: 2 },
      { x: 28, y: 54.5, text: 'Personalamt', size: 11 },
      { x: 48, y: 55.3, text: '—', size: 2 },
      { x: 25, y: 59, text: 'z. Hd. Frau Petra Sommer', size: 11 },
      { x: 25, y: 64, text: 'Rathausplatz 1', size: 11 },
      { x: 25, y: 69, text: '12345 Musterstadt', size: 11 },
    ]);
    expect(texts(letterLayout(lines, AUTHORITY).recipient)).toEqual([
      'Stadtverwaltung Musterstadt',
      'Personalamt',
      'z. Hd. Frau Petra Sommer',
      'Rathausplatz 1',
      '12345 Musterstadt',
    ]);
  });

  it('keeps the return line out of the address field, also when set close over it (form A)', () => {
    const lines = linesFromBoxes([
      { x: 25, y: 10, text: 'Müller Haustechnik GmbH', size: 16 },
      { x: 25, y: 29, text: 'Müller Haustechnik GmbH · Industriestraße 4 · 95512 Talstadt', size: 7 },
      { x: 25, y: 32, text: 'PERSÖNLICH', size: 11 },
      { x: 25, y: 37, text: 'Stadt Musterstadt', size: 11 },
      { x: 25, y: 42, text: 'z. Hd. Frau Weber', size: 11 },
      { x: 25, y: 47, text: 'Rathausplatz 1', size: 11 },
      { x: 25, y: 52, text: '12345 Musterstadt', size: 11 },
    ]);
    const layout = letterLayout(lines, AUTHORITY);
    expect(layout.returnLine?.text).toMatch(/^Müller Haustechnik GmbH ·/);
    expect(texts(layout.recipient)).toEqual([
      'PERSÖNLICH',
      'Stadt Musterstadt',
      'z. Hd. Frau Weber',
      'Rathausplatz 1',
      '12345 Musterstadt',
    ]);
  });

  it('finds the return line a few millimetres over the address field (form B)', () => {
    const lines = linesFromBoxes([
      { x: 25, y: 46, text: 'Amtsgericht Talstadt, Postfach 12 34, 95510 Talstadt', size: 7 },
      { x: 25, y: 53, text: 'Finanzamt Beispielhausen', size: 11 },
      { x: 25, y: 58, text: 'Lindenallee 8', size: 11 },
      { x: 25, y: 63, text: '20057 Beispielhausen', size: 11 },
    ]);
    const layout = letterLayout(lines, AUTHORITY);
    expect(layout.returnLine?.text).toMatch(/^Amtsgericht Talstadt,/);
    expect(texts(layout.recipient)[0]).toBe('Finanzamt Beispielhausen');
  });

  it('falls back to the first lines of page 1 without positions', () => {
    const layout = letterLayout(linesFromText('Anna Nowak\nStadt Musterstadt\n12345 Musterstadt'), AUTHORITY);
    expect(layout).toMatchObject({ source: 'head' });
    expect(texts(layout.recipient)).toEqual(['Anna Nowak', 'Stadt Musterstadt', '12345 Musterstadt']);
  });
});

describe('isReturnLine', () => {
  it.each([
    ['Müller GmbH · Industriestraße 4 · 95512 Talstadt', true],
    ['Fischer Garten OHG + Gartenweg 97 . 49273 Talstadt', true],
    ['Neumann Reinigung KG’: Gartenweg 54 - 81469 Beispielhausen', true],
    ['Landratsamt Neudorf | Jugendamt | 12345 Neudorf', true],
    ['12345 Musterstadt', false],
    ['Hauptstraße 5 95512 Talstadt', false],
  ])('%s', (text, yes) => {
    expect(isReturnLine(text)).toBe(yes);
  });
});
