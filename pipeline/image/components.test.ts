import { describe, expect, it } from 'vitest';
import { despeckle, inkOf, labelComponents, removeRules } from './components.ts';

function raster(rows: string[]) {
  const width = rows[0]!.length;
  const grey = new Uint8Array(
    rows
      .join('')
      .split('')
      .map((c) => (c === '#' ? 20 : 250)),
  );
  return { grey, width, height: rows.length };
}

describe('labelComponents', () => {
  it('counts 8-connected regions and their sizes', () => {
    const { grey, width, height } = raster(['#..##', '.#..#', '.....', '#....']);
    const { sizes } = labelComponents(inkOf(grey), width, height);
    expect(sizes.slice(1).sort()).toEqual([1, 2, 3]);
  });
});

describe('despeckle', () => {
  it('removes specks up to the size and keeps larger marks', () => {
    const { grey, width, height } = raster(['#.....', '......', '..###.', '..###.', '......', '.....#']);
    const out = despeckle(grey, width, height, 2);
    expect(out[0]).toBe(255);
    expect(out[5 * width + 5]).toBe(255);
    expect(out[2 * width + 2]).toBe(20);
    expect([...out].filter((v) => v === 20)).toHaveLength(6);
  });
});

describe('despeckle on noise', () => {
  it('removes exactly the regions of at most maxSize pixels that a full labelling finds', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const [width, height] = [200, 150];
    const grey = new Uint8Array(width * height).map(() => (rand() < 0.3 ? 30 : 240));
    for (const maxSize of [1, 4, 9]) {
      const { labels, sizes } = labelComponents(inkOf(grey, 160), width, height);
      const expected = grey.map((v, i) => (labels[i] && sizes[labels[i]!]! <= maxSize ? 255 : v));
      expect(despeckle(grey, width, height, maxSize)).toEqual(expected);
    }
  });
});

describe('removeRules', () => {
  it('erases a frame round a word and keeps the strokes of its letters', () => {
    const { grey, width, height } = raster([
      '##############',
      '#............#',
      '#..#.###.#...#',
      '#..#..#..#...#',
      '#..#..#..###.#',
      '#............#',
      '##############',
    ]);
    const out = removeRules(grey, width, height, 8, 7);
    const ink = (rows: Uint8Array) =>
      Array.from({ length: height }, (_, y) =>
        Array.from(rows.slice(y * width, (y + 1) * width), (v) => (v < 128 ? '#' : '.')).join(''),
      );
    expect(ink(out)).toEqual([
      '..............',
      '..............',
      '...#.###.#....',
      '...#..#..#....',
      '...#..#..###..',
      '..............',
      '..............',
    ]);
  });
});
