// The 'auto' compression mode: bitonal (G4) for pages that hold only text and line art, greyscale JPEG
// where a page has pictures, stamps or shaded areas. Measure: the page at ~100 dpi in 32-pixel tiles (~8 mm);
// a tile whose pixels are mostly mid-tones (neither paper nor ink) is picture content. Text has mid-tones
// only at glyph edges, so its tiles never are.
import sharp from 'sharp';

/** Share of mid-tone pixels that makes a tile picture content. */
const PICTURE_TILE = 0.5;
const TILE = 32;

export async function pictureTiles(png: Buffer): Promise<number> {
  const meta = await sharp(png).metadata();
  const dpi = meta.density && meta.density > 10 ? meta.density : 300;
  const width = Math.max(TILE, Math.round(((meta.width ?? 1000) * 100) / dpi));
  const { data, info } = await sharp(png)
    .extractChannel(0)
    .resize({ width })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let pictures = 0;
  for (let ty = 0; ty + TILE <= info.height; ty += TILE) {
    for (let tx = 0; tx + TILE <= info.width; tx += TILE) {
      let mid = 0;
      for (let y = ty; y < ty + TILE; y++)
        for (let x = tx; x < tx + TILE; x++) {
          const v = data[y * info.width + x]!;
          if (v > 60 && v < 190) mid++;
        }
      if (mid > TILE * TILE * PICTURE_TILE) pictures++;
    }
  }
  return pictures;
}

/** True when a page can go bitonal without losing picture content. */
export async function textOnly(png: Buffer): Promise<boolean> {
  return (await pictureTiles(png)) === 0;
}
