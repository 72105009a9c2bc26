// Blank-page detection. Measure: dark pixels (grey < 128) at ~100 dpi inside the page minus a 6 % margin
// (punch holes, scanner edges), grouped into 8-connected components. Specks are components of a few
// pixels; a page is blank when no component reaches MIN_MARK pixels (about 1.5 mm² of ink) and all
// components together stay under MAX_SPECK_INK. Light bleed-through from the back stays above the
// threshold and never counts; a handwritten initial, a tick or a stamp forms a component and does.
import sharp from 'sharp';
import { inkOf, labelComponents } from '../image/components.ts';
import { rasterOf, type Raster } from '../image/raster.ts';

/** Pixels (at ~100 dpi) of the smallest mark that makes a page non-blank. */
export const MIN_MARK = 25;
/** Total pixels of small specks that still count as blank. */
export const MAX_SPECK_INK = 400;

export interface InkMeasure {
  largest: number;
  total: number;
}

/** Ink on a page (a grey raster, or an encoded image). */
export async function measureInk(page: Raster | Buffer): Promise<InkMeasure> {
  const r = Buffer.isBuffer(page) ? await rasterOf(page) : page;
  const width = Math.max(50, Math.round((r.width * 100) / r.dpi));
  const { data, info } = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .resize({ width })
    .toColourspace('b-w')
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

export async function isBlank(page: Raster | Buffer): Promise<boolean> {
  const m = await measureInk(page);
  return m.largest < MIN_MARK && m.total < MAX_SPECK_INK;
}
