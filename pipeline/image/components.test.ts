import { describe, expect, it } from 'vitest';
import { despeckle, inkOf, labelComponents } from './components.ts';

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
