// Skew estimation by projection profiles: pure, on a small greyscale raster.

/** Otsu's threshold of an 8-bit greyscale raster. */
export function otsu(px: Uint8Array): number {
  const hist = new Float64Array(256);
  for (const v of px) hist[v]!++;
  const total = px.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Estimates the skew of a text page in degrees, positive = clockwise as scanned (text lines fall to the
 * right). Dark pixels are sheared by candidate angles; the angle whose row histogram has the sharpest
 * transitions (sum of squared differences) wins: coarse 0.5 degree steps over ±maxDeg, then 0.05 steps.
 * Returns 0 for pages with too little ink to tell.
 * @example estimateSkew(pixels, 800, 1131) // 2.35
 */
export function estimateSkew(px: Uint8Array, width: number, height: number, maxDeg = 8): number {
  // Otsu alone splits paper noise on an empty page; ink is dark whatever the page.
  const t = Math.min(otsu(px), 160);
  const xs: number[] = [];
  const ys: number[] = [];
  // Ignore a 3 % margin where scanner edges and punch holes live.
  const mx = Math.round(width * 0.03);
  const my = Math.round(height * 0.03);
  for (let y = my; y < height - my; y++) {
    for (let x = mx; x < width - mx; x++) {
      if (px[y * width + x]! < t) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const ink = xs.length / (width * height);
  if (xs.length < Math.max(200, 0.002 * width * height) || ink > 0.5) return 0;
  const cx = width / 2;
  const rows = new Float64Array(height * 2 + 8);
  const score = (deg: number): number => {
    const tan = Math.tan((deg * Math.PI) / 180);
    rows.fill(0);
    const off = height / 2 + 4;
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i]! - (xs[i]! - cx) * tan + off);
      if (r >= 0 && r < rows.length) rows[r]!++;
    }
    let s = 0;
    for (let i = 1; i < rows.length; i++) {
      const d = rows[i]! - rows[i - 1]!;
      s += d * d;
    }
    return s;
  };
  const search = (from: number, to: number, step: number): number => {
    let bestDeg = 0;
    let bestScore = -1;
    for (let d = from; d <= to + 1e-9; d += step) {
      const s = score(d);
      if (s > bestScore) {
        bestScore = s;
        bestDeg = d;
      }
    }
    return bestDeg;
  };
  const coarse = search(-maxDeg, maxDeg, 0.5);
  const fine = search(coarse - 0.5, coarse + 0.5, 0.05);
  return Math.round(fine * 100) / 100;
}

export interface Borders {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Dark scanner edges: from each side inwards, the rows or columns that are mostly dark (more than 60 % of
 * pixels below 100), at most 10 % of the page per side. Text never fills 60 % of a row, so it is not cut.
 */
export function darkBorders(px: Uint8Array, width: number, height: number): Borders {
  const dark = (v: number) => v < 100;
  const rowDark = (y: number) => {
    let n = 0;
    for (let x = 0; x < width; x++) if (dark(px[y * width + x]!)) n++;
    return n > width * 0.6;
  };
  const colDark = (x: number) => {
    let n = 0;
    for (let y = 0; y < height; y++) if (dark(px[y * width + x]!)) n++;
    return n > height * 0.6;
  };
  const scan = (max: number, isDark: (i: number) => boolean) => {
    let i = 0;
    while (i < max && isDark(i)) i++;
    return i;
  };
  const maxX = Math.floor(width * 0.1);
  const maxY = Math.floor(height * 0.1);
  return {
    top: scan(maxY, (i) => rowDark(i)),
    bottom: scan(maxY, (i) => rowDark(height - 1 - i)),
    left: scan(maxX, (i) => colDark(i)),
    right: scan(maxX, (i) => colDark(width - 1 - i)),
  };
}
