// Blank-page detection. Measure: dark pixels (grey < 128) at ~100 dpi inside the page minus a 6 % margin
// (punch holes, scanner edges), grouped into 8-connected components. Specks are components of a few
// pixels; a page is blank when no component reaches MIN_MARK pixels (about 1.5 mm² of ink) and all
// components together stay under MAX_SPECK_INK. Light bleed-through from the back stays above the
// threshold and never counts; a handwritten initial, a tick or a stamp forms a component and does.
import sharp from 'sharp';

/** Pixels (at ~100 dpi) of the smallest mark that makes a page non-blank. */
export const MIN_MARK = 25;
/** Total pixels of small specks that still count as blank. */
export const MAX_SPECK_INK = 400;

export interface InkMeasure {
  largest: number;
  total: number;
}

/** Sizes of connected dark regions of a binary raster (1 = ink), 8-connectivity. */
export function components(ink: Uint8Array, width: number, height: number): number[] {
  const seen = new Uint8Array(ink.length);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (ink[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    sizes.push(size);
  }
  return sizes;
}

export async function measureInk(png: Buffer): Promise<InkMeasure> {
  const meta = await sharp(png).metadata();
  const dpi = meta.density && meta.density > 10 ? meta.density : 300;
  const width = Math.max(50, Math.round(((meta.width ?? 1000) * 100) / dpi));
  const { data, info } = await sharp(png)
    .extractChannel(0)
    .resize({ width })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mx = Math.round(info.width * 0.06);
  const my = Math.round(info.height * 0.06);
  const w = info.width - 2 * mx;
  const h = info.height - 2 * my;
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) ink[y * w + x] = data[(y + my) * info.width + x + mx]! < 128 ? 1 : 0;
  const sizes = components(ink, w, h);
  return { largest: Math.max(0, ...sizes), total: sizes.reduce((a, b) => a + b, 0) };
}

export async function isBlank(png: Buffer): Promise<boolean> {
  const m = await measureInk(png);
  return m.largest < MIN_MARK && m.total < MAX_SPECK_INK;
}
