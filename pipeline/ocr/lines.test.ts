import { describe, expect, it } from 'vitest';
import { toTextLines } from './lines.ts';
import type { OcrPage, OcrWord } from './schema.ts';

const w = (text: string, x0: number, x1: number, y0 = 100): OcrWord => ({
  text,
  confidence: 90,
  bbox: { x0, y0, x1, y1: y0 + 30 },
});

/** Millimetres per pixel of an A4 page scanned at 300 dpi (2480 px wide). */
const MM = 210 / 2480;

describe('toTextLines', () => {
  it('splits a line at a wide gap into segments of one row, keeping word positions and the box in mm', () => {
    const page: OcrPage = {
      meanConfidence: 0.9,
      width: 2480,
      height: 3508,
      lines: [
        {
          words: [
            w('Rathausplatz', 300, 520),
            w('1', 535, 550),
            w('Musterstadt,', 1500, 1700),
            w('03.04.2026', 1715, 1900),
          ],
        },
      ],
    };
    expect(toTextLines([page])).toEqual([
      {
        text: 'Rathausplatz 1',
        xs: [
          [300, 520],
          [535, 550],
        ],
        page: 1,
        row: 0,
        box: { x0: 300 * MM, y0: 100 * MM, x1: 550 * MM, y1: 130 * MM },
      },
      {
        text: 'Musterstadt, 03.04.2026',
        xs: [
          [1500, 1700],
          [1715, 1900],
        ],
        page: 1,
        row: 0,
        box: { x0: 1500 * MM, y0: 100 * MM, x1: 1900 * MM, y1: 130 * MM },
      },
    ]);
  });

  it('drops punctuation specks at the edges of a line and marks paragraph breaks', () => {
    const page: OcrPage = {
      meanConfidence: 0.9,
      lines: [
        { words: [w('|', 10, 15), w('Hallo', 30, 120), w(';', 130, 135)] },
        { words: [] },
        { words: [w('Welt', 30, 100, 200)] },
      ],
    };
    expect(toTextLines([page, null]).map((l) => (l.para ? '¶' : l.text))).toEqual(['Hallo', '¶', 'Welt']);
  });
});
