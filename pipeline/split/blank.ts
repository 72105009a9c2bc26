// Blank-page detection. Measure: dark pixels (grey < 128) at ~100 dpi inside the page minus a 6 % margin
// (punch holes, scanner edges), grouped into 8-connected components. Specks are components of a few
// pixels; a page is blank when no component reaches MIN_MARK pixels (about 1.5 mm² of ink) and all
// components together stay under MAX_SPECK_INK. Light bleed-through from the back stays above the
// threshold and never counts; a handwritten initial, a tick or a stamp forms a component and does.
import sharp from 'sharp';
import { inkOf, labelComponents } from '../image/components.ts';

/** Pixels (at ~100 dpi) of the smallest mark that makes a page non-blank. */
export const MIN_MARK = 25;
/** Total pixels of small specks that still count as blank. */
export const MAX_SPECK_INK = 400;

export interface InkMeasure {
  largest: number;
  total: number;
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
  const inner = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    inner.set(data.subarray((y + my) * info.width + mx, (y + my) * info.width + mx + w), y * w);
  const sizes = labelComponents(inkOf(inner), w, h).sizes.slice(1);
  return { largest: Math.max(0, ...sizes), total: sizes.reduce((a, b) => a + b, 0) };
}

export async function isBlank(png: Buffer): Promise<boolean> {
  const m = await measureInk(png);
  return m.largest < MIN_MARK && m.total < MAX_SPECK_INK;
}
