// Connected components of dark pixels: the shared measure behind blank-page detection and despeckling.
import sharp from 'sharp';

/**
 * Labels the 8-connected regions of a binary raster (1 = ink). Returns a label per pixel (0 = paper,
 * regions numbered from 1) and the size of each region (index = label).
 */
export function labelComponents(
  ink: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(ink.length);
  const sizes: number[] = [0];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || labels[start]) continue;
    const label = sizes.length;
    let size = 0;
    labels[start] = label;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (ink[q] && !labels[q]) {
            labels[q] = label;
            stack.push(q);
          }
        }
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/** Dark pixels (grey below `threshold`) of an 8-bit greyscale raster as a binary raster. */
export function inkOf(grey: Uint8Array, threshold = 128): Uint8Array {
  const ink = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) ink[i] = grey[i]! < threshold ? 1 : 0;
  return ink;
}

/**
 * Removes isolated specks: dark regions (grey below 160, 8-connected) of at most `maxSize` pixels become
 * paper. Punctuation is far larger at scan resolutions (a full stop at 10 pt and 300 dpi is ~15 pixels),
 * so it survives. Each region is explored only until it is known to be larger than a speck, so the cost is
 * one look at every pixel, not a labelling of the page.
 */
export function despeckle(grey: Uint8Array, width: number, height: number, maxSize: number): Uint8Array {
  const out = new Uint8Array(grey);
  // 0: not seen, 1: settled (a settled pixel next to ink belongs to a region larger than a speck), 2: being explored
  const state = new Uint8Array(grey.length);
  const members = new Int32Array(maxSize + 1);
  for (let start = 0; start < grey.length; start++) {
    if (grey[start]! >= 160 || state[start]) continue;
    let count = 1;
    let big = false;
    members[0] = start;
    state[start] = 2;
    for (let k = 0; k < count && !big; k++) {
      const p = members[k]!;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1 && !big; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (grey[q]! >= 160 || state[q] === 2) continue;
          if (state[q] === 1 || count >= maxSize) {
            big = true;
            break;
          }
          members[count++] = q;
          state[q] = 2;
        }
      }
    }
    for (let k = 0; k < count; k++) {
      const m = members[k]!;
      state[m] = 1;
      if (!big) out[m] = 255;
    }
  }
  return out;
}

/**
 * Erases rules: dark runs (grey below `dark`) of at least `along` pixels in a row or `across` pixels in a
 * column, as frames round endorsements and stamps, table rules and underlines are. Tesseract takes framed
 * text for a picture and drops it; strokes of letters are far shorter than a rule, so text stays (but for
 * where a rule crossed it). Columns take a longer run: tall letters of a letterhead are taller than wide.
 */
export function removeRules(
  grey: Uint8Array,
  width: number,
  height: number,
  along: number,
  across: number,
  dark = 200,
): Uint8Array {
  const out = new Uint8Array(grey);
  // Runs along lines of `count` pixels, `step` apart, the lines `stride` apart.
  const scan = (lines: number, count: number, stride: number, step: number, min: number) => {
    for (let i = 0; i < lines; i++) {
      let run = 0;
      for (let k = 0; k <= count; k++) {
        if (k < count && grey[i * stride + k * step]! < dark) run++;
        else {
          for (let j = k - run; run >= min && j < k; j++) out[i * stride + j * step] = 255;
          run = 0;
        }
      }
    }
  };
  scan(height, width, width, 1, along);
  scan(width, height, 1, width, across);
  return out;
}

/**
 * The copy of a page the OCR reads: without isolated scanner specks (dark regions of at most ~0.3 mm²,
 * which tesseract reads as stray dots and letters) and without rules (8 mm along a row, 15 mm down a
 * column: frames, table rules, underlines). The archived page keeps both (specks go only where the profile
 * asks for it).
 */
export async function ocrCopyPng(png: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const dpi = (await sharp(png).metadata()).density ?? 300;
  const mm = dpi / 25.4;
  const clean = removeRules(
    despeckle(
      new Uint8Array(data.buffer, data.byteOffset, data.length),
      info.width,
      info.height,
      maxSpeckAt(dpi),
    ),
    info.width,
    info.height,
    Math.round(8 * mm),
    Math.round(15 * mm),
  );
  return sharp(clean, { raw: { width: info.width, height: info.height, channels: 1 } })
    .toColourspace('b-w')
    .withDensity(dpi)
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** Largest speck in pixels at a resolution: 4 pixels at 300 dpi (~0.3 mm²). */
export function maxSpeckAt(dpi: number): number {
  return Math.max(1, Math.round((4 * dpi * dpi) / (300 * 300)));
}
