// normalize: upright orientation (0/90/180/270) and deskew, one page at a time. Every change is recorded.
import sharp from 'sharp';
import { darkBorders, estimateSkew } from './deskew.ts';
import { despecklePng, maxSpeckAt } from '../image/components.ts';

export interface NormalizeDeps {
  /** Clockwise rotation that makes the page upright, or null when the detector cannot tell. */
  detectOrientation(png: Buffer): Promise<{ degrees: number; confidence: number } | null>;
}

export interface Enhancement {
  op: 'rotate' | 'crop' | 'deskew' | 'despeckle' | 'contrast' | 'background';
  params: Record<string, number>;
}

export interface NormalizedPage {
  png: Buffer;
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

/** Skew of a page in degrees (positive = clockwise), measured on a copy about 1000 pixels wide. */
export async function measureSkew(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png)
    .resize({ width: 1000, withoutEnlargement: true })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return estimateSkew(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height);
}

/**
 * Turns a page upright and straightens it.
 * @example const page = await normalizePage(png, { detectOrientation: (p) => engine.detectOrientation(p) });
 */
export async function normalizePage(
  png: Buffer,
  deps: NormalizeDeps,
  opts: Cleanup = {},
): Promise<NormalizedPage> {
  const enhancements: Enhancement[] = [];
  const meta = await sharp(png).metadata();
  const density = meta.density ?? 300;
  let current = png;

  // Deskew first on the page as scanned would mix up signs for rotated pages; so orientation first.
  const osd = await deps.detectOrientation(current);
  let rotation: NormalizedPage['rotation'] = 0;
  if (osd && osd.confidence >= MIN_OSD_CONFIDENCE && [90, 180, 270].includes(osd.degrees)) {
    // OSD reports how far the page must be turned clockwise to be upright; as scanned it was turned the other way.
    const fix = osd.degrees;
    rotation = ((360 - fix) % 360) as NormalizedPage['rotation'];
    current = await sharp(current)
      .rotate(fix)
      .toColourspace('b-w')
      .withDensity(density)
      .png({ compressionLevel: 3 })
      .toBuffer();
    enhancements.push({ op: 'rotate', params: { degrees: fix, confidence: osd.confidence } });
  }

  // Dark scanner edges (lid, bed borders) run along the scan's axes: cut them before measuring skew.
  const grey = await sharp(current).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const b = darkBorders(
    new Uint8Array(grey.data.buffer, grey.data.byteOffset, grey.data.length),
    grey.info.width,
    grey.info.height,
  );
  if (b.left + b.top + b.right + b.bottom > 0) {
    current = await sharp(current)
      .extract({
        left: b.left,
        top: b.top,
        width: grey.info.width - b.left - b.right,
        height: grey.info.height - b.top - b.bottom,
      })
      .withDensity(density)
      .png({ compressionLevel: 3 })
      .toBuffer();
    enhancements.push({ op: 'crop', params: { ...b } });
  }

  const skew = await measureSkew(current);
  if (Math.abs(skew) >= MIN_SKEW) {
    const { width = 0, height = 0 } = await sharp(current).metadata();
    const rotated = await sharp(current)
      .rotate(-skew, { background: '#ffffff' })
      .toBuffer({ resolveWithObject: true });
    const left = Math.max(0, Math.round((rotated.info.width - width) / 2));
    const top = Math.max(0, Math.round((rotated.info.height - height) / 2));
    current = await sharp(rotated.data)
      .extract({
        left,
        top,
        width: Math.min(width, rotated.info.width),
        height: Math.min(height, rotated.info.height),
      })
      .toColourspace('b-w')
      .withDensity(density)
      .png({ compressionLevel: 3 })
      .toBuffer();
    enhancements.push({ op: 'deskew', params: { degrees: -skew } });
  }
  if (opts.despeckle) {
    current = await despecklePng(current);
    enhancements.push({ op: 'despeckle', params: { maxSpeckPixels: maxSpeckAt(density) } });
  }
  if (opts.contrast) {
    // Stretch the 1st..99th percentile of grey levels to the full range (faint or grey-on-grey scans).
    current = await sharp(current)
      .normalise({ lower: 1, upper: 99 })
      .toColourspace('b-w')
      .withDensity(density)
      .png({ compressionLevel: 3 })
      .toBuffer();
    enhancements.push({ op: 'contrast', params: { lowerPercentile: 1, upperPercentile: 99 } });
  }
  if (opts.background) {
    // Recycled or tinted paper to white: grey levels at or above the paper threshold become white; ink stays.
    const { data, info } = await sharp(current).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) if (data[i]! >= BACKGROUND_WHITE) data[i] = 255;
    current = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .withDensity(density)
      .png({ compressionLevel: 3 })
      .toBuffer();
    enhancements.push({ op: 'background', params: { whiteFrom: BACKGROUND_WHITE } });
  }
  return { png: current, rotation, skew: Math.abs(skew) >= MIN_SKEW ? skew : 0, enhancements };
}
