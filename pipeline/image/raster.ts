// Grey page rasters (one byte per pixel, with their resolution): what stages hand each other in memory,
// and their lossless PNG form in the blob store.
import sharp from 'sharp';

/** A grey raster (one byte per pixel) with its resolution. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
  dpi: number;
}

/** A grey raster as a PNG with its resolution, fast to write (lossless; compression level 1). */
export function encodePng(r: Raster): Promise<Buffer> {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .toColourspace('b-w') // sharp writes one-band input as RGB otherwise
    .withDensity(r.dpi)
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
}

/** An encoded page image (PNG with its density; 300 dpi when it has none) as a grey raster. */
export async function rasterOf(png: Buffer): Promise<Raster> {
  const meta = await sharp(png).metadata();
  const { data, info } = await sharp(png)
    .toColourspace('b-w')
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    dpi: meta.density && meta.density > 10 ? meta.density : 300,
  };
}
