import { describe, expect, it } from 'vitest';
import { toTextLines } from './lines.ts';
import type { OcrPage, OcrWord } from './schema.ts';

const w = (text: string, x0: number, x1: number, y0 = 100): OcrWord => ({
  text,
  confidence: 90,
  bbox: { x0, y0, x1, y1: y0 + 30 },
});

describe('toTextLines', () => {
  it('splits a line at a wide gap into segments of one row, keeping word positions', () => {
    const page: OcrPage = {
      meanConfidence: 0.9,
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
      },
      {
        text: 'Musterstadt, 03.04.2026',
        xs: [
          [1500, 1700],
          [1715, 1900],
        ],
        page: 1,
        row: 0,
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
