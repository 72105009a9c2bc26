// normalize: upright orientation (0/90/180/270) and deskew, one page at a time, on grey rasters (decoded
// once, encoded once by the caller). Every change is recorded.
import sharp, { type Sharp } from 'sharp';
import { darkBorders, estimateSkew } from './deskew.ts';
import { despeckle, maxSpeckAt } from '../image/components.ts';
import { encodePng, rasterOf, type Raster } from '../image/raster.ts';

export interface NormalizeDeps {
  /**
   * Clockwise rotation that makes the page upright, or null when the detector cannot tell. Gets a copy of
   * the page at about 150 dpi as a PNG with its resolution.
   */
  detectOrientation(image: Buffer): Promise<{ degrees: number; confidence: number } | null>;
}

export interface Enhancement {
  op: 'rotate' | 'crop' | 'deskew' | 'despeckle' | 'contrast' | 'background';
  params: Record<string, number>;
}

export interface NormalizedPage {
  raster: Raster;
  /** Clockwise angle by which the page was turned as scanned. */
  rotation: 0 | 90 | 180 | 270;
  /** Skew in degrees as scanned, positive = clockwise. */
  skew: number;
  enhancements: Enhancement[];
}

/** Optional clean-up of the archived page, per profile (TR-03138 A.NB.1). */
export interface Cleanup {
  despeckle?: boolean;
  contrast?: boolean;
  background?: boolean;
}

/** Grey level from which background cleaning turns paper white. */
const BACKGROUND_WHITE = 200;
/** Skew below this is left alone: resampling costs more legibility than it gains. */
const MIN_SKEW = 0.1;
/** OSD confidence below this is not trusted for a rotation. */
const MIN_OSD_CONFIDENCE = 1.5;
/** Resolution of the copy orientation is detected on (at 100 dpi OSD misreads upside-down pages). */
const OSD_DPI = 150;
/**
 * OSD confidence below which orientation is detected again at 300 dpi: on faint, thin type at 150 dpi OSD
 * turned upright pages upside down with confidence 1.7-5.3, where 300 dpi said upright with 20 (eval seed 4).
 */
const SURE_OSD = 10;
const OSD_FINE_DPI = 300;
/** Width of the copy skew is measured on. */
const SKEW_WIDTH = 1000;

const load = (r: Raster) => sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } });

/** Runs a sharp pipeline over a raster and returns the grey result at the same resolution. */
async function apply(r: Raster, op: (s: Sharp) => Sharp, dpi = r.dpi): Promise<Raster> {
  const { data, info } = await op(load(r))
    .toColourspace('b-w')
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi };
}

/** A smaller copy of a page, `width` pixels wide. */
const shrink = (r: Raster, width: number) =>
  r.width <= width ? Promise.resolve(r) : apply(r, (s) => s.resize({ width }), (r.dpi * width) / r.width);

/** Skew of a page in degrees (positive = clockwise), measured on a copy about 1000 pixels wide. */
export async function measureSkew(page: Raster | Buffer): Promise<number> {
  const small = await shrink(Buffer.isBuffer(page) ? await rasterOf(page) : page, SKEW_WIDTH);
  return estimateSkew(
    new Uint8Array(small.data.buffer, small.data.byteOffset, small.data.length),
    small.width,
    small.height,
  );
}

/**
 * Turns a page upright and straightens it.
 * @example const page = await normalizePage(raster, { detectOrientation: (img) => engine.detectOrientation(img) });
 */
export async function normalizePage(
  input: Raster | Buffer,
  deps: NormalizeDeps,
  opts: Cleanup = {},
): Promise<NormalizedPage> {
  const enhancements: Enhancement[] = [];
  let page = Buffer.isBuffer(input) ? await rasterOf(input) : input;

  // Deskew first on the page as scanned would mix up signs for rotated pages; so orientation first.
  const detect = async (dpi: number) =>
    deps.detectOrientation(await encodePng(await shrink(page, Math.round((page.width * dpi) / page.dpi))));
  let osd = await detect(OSD_DPI);
  if ((!osd || osd.confidence < SURE_OSD) && page.dpi > OSD_DPI) osd = (await detect(OSD_FINE_DPI)) ?? osd;
  let rotation: NormalizedPage['rotation'] = 0;
  if (osd && osd.confidence >= MIN_OSD_CONFIDENCE && [90, 180, 270].includes(osd.degrees)) {
    // OSD reports how far the page must be turned clockwise to be upright; as scanned it was turned the other way.
    const fix = osd.degrees;
    rotation = ((360 - fix) % 360) as NormalizedPage['rotation'];
    page = await apply(page, (s) => s.rotate(fix));
    enhancements.push({ op: 'rotate', params: { degrees: fix, confidence: osd.confidence } });
  }

  // Dark scanner edges (lid, bed borders) run along the scan's axes: cut them before measuring skew.
  const b = darkBorders(
    new Uint8Array(page.data.buffer, page.data.byteOffset, page.data.length),
    page.width,
    page.height,
  );
  if (b.left + b.top + b.right + b.bottom > 0) {
    const { width, height } = page;
    page = await apply(page, (s) =>
      s.extract({
        left: b.left,
        top: b.top,
        width: width - b.left - b.right,
        height: height - b.top - b.bottom,
      }),
    );
    enhancements.push({ op: 'crop', params: { ...b } });
  }

  const skew = await measureSkew(page);
  if (Math.abs(skew) >= MIN_SKEW) {
    const { width, height } = page;
    const rad = (-skew * Math.PI) / 180;
    const rotated = await apply(page, (s) =>
      s.affine(
        [
          [Math.cos(rad), -Math.sin(rad)],
          [Math.sin(rad), Math.cos(rad)],
        ],
        { background: { r: 255, g: 255, b: 255 }, interpolator: 'bilinear' },
      ),
    );
    const left = Math.max(0, Math.round((rotated.width - width) / 2));
    const top = Math.max(0, Math.round((rotated.height - height) / 2));
    page = await apply(rotated, (s) =>
      s.extract({
        left,
        top,
        width: Math.min(width, rotated.width),
        height: Math.min(height, rotated.height),
      }),
    );
    enhancements.push({ op: 'deskew', params: { degrees: -skew } });
  }
  if (opts.despeckle) {
    const max = maxSpeckAt(page.dpi);
    page = { ...page, data: Buffer.from(despeckle(page.data, page.width, page.height, max)) };
    enhancements.push({ op: 'despeckle', params: { maxSpeckPixels: max } });
  }
  if (opts.contrast) {
    // Stretch the 1st..99th percentile of grey levels to the full range (faint or grey-on-grey scans).
    page = await apply(page, (s) => s.normalise({ lower: 1, upper: 99 }));
    enhancements.push({ op: 'contrast', params: { lowerPercentile: 1, upperPercentile: 99 } });
  }
  if (opts.background) {
    // Recycled or tinted paper to white: grey levels at or above the paper threshold become white; ink stays.
    const data = Buffer.from(page.data);
    for (let i = 0; i < data.length; i++) if (data[i]! >= BACKGROUND_WHITE) data[i] = 255;
    page = { ...page, data };
    enhancements.push({ op: 'background', params: { whiteFrom: BACKGROUND_WHITE } });
  }
  return { raster: page, rotation, skew: Math.abs(skew) >= MIN_SKEW ? skew : 0, enhancements };
}
