// Blank-page detection. Measure: dark pixels (grey < 128, and faint ones < 160) at ~100 dpi inside the page minus a 6 % margin
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

/** Grey below which faint ink counts (a pale typewriter ribbon, light toner) when nothing is darker: under
 * the 128 threshold such strokes break into specks of a pixel or two at 100 dpi. Bleed-through (grey ~200)
 * stays above it. */
export const FAINT_INK = 160;

export interface InkMeasure {
  largest: number;
  total: number;
}

/** Ink on a page (a grey raster, or an encoded image) at each grey threshold. */
export async function measureInk(
  page: Raster | Buffer,
  thresholds: readonly number[] = [128],
): Promise<InkMeasure[]> {
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
  return thresholds.map((t) => {
    const sizes = labelComponents(inkOf(inner, t), w, h).sizes.slice(1);
    return { largest: Math.max(0, ...sizes), total: sizes.reduce((a, b) => a + b, 0) };
  });
}

/** Blank: neither ink nor faint ink forms a mark or more than specks. */
export async function isBlank(page: Raster | Buffer): Promise<boolean> {
  const measures = await measureInk(page, [128, FAINT_INK]);
  return measures.every((m) => m.largest < MIN_MARK && m.total < MAX_SPECK_INK);
}
