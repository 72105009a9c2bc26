// Separator sheets: barcodes (Code 128, Code 39, QR, ...) read with zxing-wasm. The WebAssembly binary is
// loaded from node_modules (never from a CDN).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { PageKind } from '../../core/store/types.ts';
import { isBlank } from './blank.ts';
import { rasterOf, type Raster } from '../image/raster.ts';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

function init(): Promise<unknown> {
  ready ??= (() => {
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return ready;
}

export type BarcodeFormat = NonNullable<ReaderOptions['formats']>[number];

/** Resolution at which pages are searched: separator codes are large, and fewer pixels are faster. */
const SEARCH_DPI = 200;

/** Texts of the barcodes on a page (rotated and upside-down codes included). */
export async function readPageBarcodes(page: Raster | Buffer, formats: BarcodeFormat[]): Promise<string[]> {
  await init();
  const r = Buffer.isBuffer(page) ? await rasterOf(page) : page;
  let img = sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } });
  if (r.dpi > SEARCH_DPI * 1.05) img = img.resize({ width: Math.round((r.width * SEARCH_DPI) / r.dpi) });
  const { data, info } = await img
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    colorSpace: 'srgb',
  } as ImageData;
  const found = await readBarcodes(image, {
    formats,
    tryHarder: true,
    tryRotate: true,
    tryInvert: false,
    maxNumberOfSymbols: 4,
  });
  return found.filter((r) => r.isValid).map((r) => r.text);
}

/** True when a page carries a barcode whose text is one of the profile's separator values. */
export async function isSeparator(
  page: Raster | Buffer,
  values: string[],
  formats: BarcodeFormat[],
): Promise<boolean> {
  const wanted = new Set(values.map((v) => v.trim().toUpperCase()));
  return (await readPageBarcodes(page, formats)).some((t) => wanted.has(t.trim().toUpperCase()));
}

/** What a scanned page is: a separator sheet, a blank page, or content. */
export async function pageKind(
  page: Raster | Buffer,
  separator: { values: string[]; formats: BarcodeFormat[] },
): Promise<PageKind> {
  const r = Buffer.isBuffer(page) ? await rasterOf(page) : page;
  if (await isSeparator(r, separator.values, separator.formats)) return 'separator';
  return (await isBlank(r)) ? 'blank' : 'content';
}
