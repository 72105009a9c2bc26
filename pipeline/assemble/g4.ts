// Bitonal page images as one CCITT G4 stream (lossless for bitonal scans, no JBIG2 symbol coding: A.SC.12).
// libvips writes the page as a single TIFF tile (width and height padded to multiples of 16), and that
// tile is exactly the G4 stream a PDF image with /CCITTFaxDecode needs.
import sharp from 'sharp';
import { bufferSource } from '../../core/random-access.ts';
import { tiffTag } from '../../ingest/sniff.ts';

export interface G4Image {
  data: Buffer;
  /** Padded size of the coded image (the padding is white, right and bottom). */
  width: number;
  height: number;
}

/** Grey level below which a pixel is ink in the bitonal (G4) page. */
export const G4_THRESHOLD = 128;

/** Thresholds a page at 50 % grey and encodes it as one G4 stream. */
export async function encodeG4(png: Buffer): Promise<G4Image> {
  const { width = 1, height = 1 } = await sharp(png).metadata();
  const w = Math.ceil(width / 16) * 16;
  const h = Math.ceil(height / 16) * 16;
  const tiff = await sharp(png)
    .extend({ right: w - width, bottom: h - height, background: '#ffffff' })
    .threshold(G4_THRESHOLD)
    .toColourspace('b-w')
    .tiff({
      compression: 'ccittfax4',
      bitdepth: 1,
      miniswhite: true,
      tile: true,
      tileWidth: w,
      tileHeight: h,
    })
    .toBuffer();
  const offset = await tiffTag(bufferSource(tiff), 324);
  const length = await tiffTag(bufferSource(tiff), 325);
  if (offset === undefined || length === undefined) throw new Error('G4 TIFF without a single tile');
  return { data: tiff.subarray(offset, offset + length), width: w, height: h };
}
