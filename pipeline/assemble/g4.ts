// Bitonal page images as one CCITT G4 stream (lossless for bitonal scans, no JBIG2 symbol coding: A.SC.12).
// libvips writes the page as a single TIFF tile (width and height padded to multiples of 16), and that
// tile is exactly the G4 stream a PDF image with /CCITTFaxDecode needs.
import sharp from 'sharp';

export interface G4Image {
  data: Buffer;
  /** Padded size of the coded image (the padding is white, right and bottom). */
  width: number;
  height: number;
}

function ifdValue(tiff: Buffer, tag: number): number | undefined {
  const le = tiff[0] === 0x49;
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  for (let i = 0; i < u16(ifd); i++) {
    const e = ifd + 2 + i * 12;
    if (u16(e) !== tag) continue;
    const type = u16(e + 2);
    if (u32(e + 4) !== 1) throw new Error(`TIFF tag ${tag} has more than one value`);
    return type === 3 ? u16(e + 8) : u32(e + 8);
  }
  return undefined;
}

/** Thresholds a page at 50 % grey and encodes it as one G4 stream. */
export async function encodeG4(png: Buffer): Promise<G4Image> {
  const { width = 1, height = 1 } = await sharp(png).metadata();
  const w = Math.ceil(width / 16) * 16;
  const h = Math.ceil(height / 16) * 16;
  const tiff = await sharp(png)
    .extend({ right: w - width, bottom: h - height, background: '#ffffff' })
    .threshold(128)
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
  const offset = ifdValue(tiff, 324);
  const length = ifdValue(tiff, 325);
  if (offset === undefined || length === undefined) throw new Error('G4 TIFF without a single tile');
  return { data: tiff.subarray(offset, offset + length), width: w, height: h };
}
