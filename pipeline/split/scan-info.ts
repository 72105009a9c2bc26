// What a scanned page really is (TR-03138 A.SC.6): its scan resolution and colour mode, read from the
// file (PDF image objects, image density) and from the pixels, so that it can be checked against the profile.
import type { Sharp } from 'sharp';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';

export type ColourMode = 'bitonal' | 'grey' | 'colour';

export interface PdfPageImage {
  /** Pixel size of the page's largest image. */
  width: number;
  height: number;
  /** Resolution of that image on the page (pixels per inch of the page's box). */
  dpiX: number;
  dpiY: number;
  /** 1 bit per pixel (CCITT, JBIG2, image masks). */
  bitonal: boolean;
}

/**
 * The largest image of every page of a PDF, without decoding any stream (pdf-lib only parses objects).
 * Returns null when the PDF cannot be parsed this way (pdf.js may still repair it).
 */
export async function pdfPageImages(data: Uint8Array): Promise<Array<PdfPageImage | null> | null> {
  try {
    const doc = await PDFDocument.load(data, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
    return pageImages(doc);
  } catch {
    return null;
  }
}

function pageImages(doc: PDFDocument): Array<PdfPageImage | null> {
  return doc.getPages().map((page) => {
    const { width: wPt, height: hPt } = page.getSize();
    const quarter = page.getRotation().angle % 180 !== 0;
    let best: PdfPageImage | null = null;
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const obj = doc.context.lookup(ref);
      if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype'))?.toString() !== '/Image')
        continue;
      const w = obj.dict.lookupMaybe(PDFName.of('Width'), PDFNumber)?.asNumber() ?? 0;
      const h = obj.dict.lookupMaybe(PDFName.of('Height'), PDFNumber)?.asNumber() ?? 0;
      if (best && w * h <= best.width * best.height) continue;
      // Scanner PDFs place the page image over the whole page, turned with the page where /Rotate is set.
      const [boxW, boxH] = quarter ? [hPt, wPt] : [wPt, hPt];
      const landscapeImage = w > h !== boxW > boxH;
      const [pw, ph] = landscapeImage ? [boxH, boxW] : [boxW, boxH];
      const bpc = obj.dict.lookupMaybe(PDFName.of('BitsPerComponent'), PDFNumber)?.asNumber();
      const mask = obj.dict.get(PDFName.of('ImageMask'))?.toString() === 'true';
      best = {
        width: w,
        height: h,
        dpiX: Math.round((w * 72) / pw),
        dpiY: Math.round((h * 72) / ph),
        bitonal: bpc === 1 || mask,
      };
    }
    return best;
  });
}

/**
 * Colour mode: bitonal as the file says (1 bit per pixel); otherwise from the pixels, because scanners
 * write grey pages as RGB: colour when more than 1 % of pixels carry visible chroma, else grey.
 */
export async function colourMode(img: Sharp, bitonal: boolean): Promise<ColourMode> {
  if (bitonal) return 'bitonal';
  const { data, info } = await img
    .resize({ width: 300, kernel: 'nearest' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  let chroma = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) chroma++;
  }
  return chroma > info.width * info.height * 0.01 ? 'colour' : 'grey';
}

/**
 * The profile check of A.SC.6 for the content pages of an item: scanned below the profile's resolution
 * (10 % tolerance), or bitonal where the profile wants grey or colour (information the profile asks for is
 * missing). Higher resolution and richer colour than asked are downsampled, not rejected.
 */
export function checkAgainstProfile(
  pages: Array<{ pageNo: number; scanDpi: number | null; colour: ColourMode; kind: string }>,
  profile: { name: string; dpi: number; colour: ColourMode },
): { reason: 'dpi_mismatch' | 'colour_mismatch'; message: string } | null {
  for (const p of pages.filter((x) => x.kind === 'content')) {
    if (p.scanDpi !== null && p.scanDpi < profile.dpi * 0.9) {
      return {
        reason: 'dpi_mismatch',
        message: `Seite ${p.pageNo} mit ${p.scanDpi} dpi gescannt, das Profil ${profile.name} verlangt ${profile.dpi} dpi.`,
      };
    }
    if (p.colour === 'bitonal' && profile.colour !== 'bitonal') {
      return {
        reason: 'colour_mismatch',
        message: `Seite ${p.pageNo} ist schwarzweiß gescannt, das Profil ${profile.name} verlangt ${profile.colour === 'grey' ? 'Graustufen' : 'Farbe'}.`,
      };
    }
  }
  return null;
}
