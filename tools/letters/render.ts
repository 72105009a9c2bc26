// Renders a synthetic letter the way a scanner would deliver it: 300 dpi greyscale, slightly skewed,
// some pages upside down or sideways, with noise, as an image-only PDF (JPEG), TIFF or PNG.
import sharp from 'sharp';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { pagePngs } from '../../pipeline/split/decode.ts';
import { FACES, lineLeft, type Block, type LetterSpec, type Rng } from './spec.ts';

const MM = 72 / 25.4;

export async function vectorPdf(spec: LetterSpec): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const embedded = new Map<string, PDFFont>();
  const fontOf = async (b: Block) => {
    const name = FACES[b.font ?? 'sans'][b.bold ? 1 : 0];
    if (!embedded.has(name)) embedded.set(name, await pdf.embedFont(name as StandardFonts));
    return embedded.get(name)!;
  };
  for (const p of spec.pages) {
    const page = pdf.addPage([210 * MM, 297 * MM]);
    for (const b of p.blocks) {
      const font = await fontOf(b);
      const ink = rgb(b.ink ?? 0.05, b.ink ?? 0.05, b.ink ?? 0.05);
      const left = (line: string) => lineLeft(b, font.widthOfTextAtSize(line, b.size) / MM) * MM;
      b.lines.forEach((line, i) => {
        if (!line) return;
        page.drawText(line, {
          x: left(line),
          y: page.getHeight() - b.y * MM - (i + 1) * b.size * 1.35,
          size: b.size,
          font,
          color: ink,
        });
      });
      if (b.frame) {
        // A stamp's frame: 2 mm around the text.
        const x0 = Math.min(...b.lines.map(left)) - 2 * MM;
        const x1 = Math.max(...b.lines.map((l) => left(l) + font.widthOfTextAtSize(l, b.size))) + 2 * MM;
        const height = b.lines.length * b.size * 1.35 + 4 * MM;
        page.drawRectangle({
          x: x0,
          y: page.getHeight() - b.y * MM - height + 1 * MM,
          width: x1 - x0,
          height,
          borderColor: ink,
          borderWidth: 1.2,
        });
      }
    }
  }
  return Buffer.from(await pdf.save());
}

/** An empty A4 page: the back of a sheet printed on one side. */
export async function blankPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([210 * MM, 297 * MM]);
  return Buffer.from(await pdf.save());
}

export interface ScanEffects {
  rotation: 0 | 90 | 180 | 270;
  skew: number;
  noise: number;
}

export function randomEffects(r: Rng): ScanEffects {
  const roll = r();
  const rotation = roll < 0.1 ? 180 : roll < 0.13 ? 90 : roll < 0.16 ? 270 : 0;
  return { rotation, skew: Math.round((r() * 6 - 3) * 100) / 100, noise: r() < 0.5 ? 0.002 : 0.0005 };
}

/** Turns a clean page into a scan: clockwise rotation and skew as given, grey paper, specks. */
async function scanPage(png: Buffer, fx: ScanEffects, r: Rng): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  const w = meta.width!;
  const h = meta.height!;
  let img = await sharp(png)
    .rotate(fx.skew, { background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Crop back to A4 around the centre, like a scanner bed.
  img = await sharp(img.data, { raw: { width: img.info.width, height: img.info.height, channels: 1 } })
    .extract({
      left: Math.round((img.info.width - w) / 2),
      top: Math.round((img.info.height - h) / 2),
      width: w,
      height: h,
    })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const px = img.data;
  for (let i = 0; i < px.length; i++) {
    // Paper is never white; ink never black.
    px[i] = Math.min(245, Math.max(20, px[i]! - 8 + Math.floor(r() * 16)));
    if (r() < fx.noise) px[i] = 60;
  }
  return sharp(px, { raw: { width: w, height: h, channels: 1 } })
    .rotate(fx.rotation)
    .toColourspace('b-w')
    .withDensity(300)
    .png()
    .toBuffer();
}

export type ScanFormat = 'pdf' | 'tiff' | 'png';

/** Scans of every page of a vector PDF, with random scanner effects. */
export async function scanPdf(
  vector: Uint8Array,
  r: Rng,
): Promise<{ scans: Buffer[]; effects: ScanEffects[] }> {
  const scans: Buffer[] = [];
  const effects: ScanEffects[] = [];
  for (const png of await pagePngs(Buffer.from(vector))) {
    const fx = randomEffects(r);
    effects.push(fx);
    scans.push(await scanPage(png, fx, r));
  }
  return { scans, effects };
}

/** Packs page scans into one file as a scanner would: image-only PDF (JPEG), TIFF or PNG. */
export async function packScans(scans: Buffer[], format: ScanFormat): Promise<Buffer> {
  if (format === 'png' && scans.length === 1) return scans[0]!;
  const sizes = await Promise.all(
    scans.map(async (s) => JSON.stringify(((m) => [m.width, m.height])(await sharp(s).metadata()))),
  );
  if (format === 'tiff' && new Set(sizes).size === 1) {
    // libvips writes multi-page TIFF only for pages of one size; mixed orientations go out as PDF.
    const tiff = (
      scans.length === 1 ? sharp(scans[0]!) : sharp(scans, { join: { animated: true } })
    ).toColourspace('b-w');
    return tiff.tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
  }
  const pdf = await PDFDocument.create();
  for (const s of scans) {
    const jpg = await pdf.embedJpg(await sharp(s).jpeg({ quality: 80 }).toBuffer());
    const meta = await sharp(s).metadata();
    const page = pdf.addPage([(meta.width! / 300) * 72, (meta.height! / 300) * 72]);
    page.drawImage(jpg, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await pdf.save());
}

/** The scanned file of one letter and the effects applied to each page. */
export async function renderScan(
  spec: LetterSpec,
  r: Rng,
  format: ScanFormat,
): Promise<{ data: Buffer; effects: ScanEffects[] }> {
  const { scans, effects } = await scanPdf(await vectorPdf(spec), r);
  return { data: await packScans(scans, format), effects };
}
