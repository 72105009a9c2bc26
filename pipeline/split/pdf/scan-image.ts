// The fast path for plain scan pages: where the page image lies, and its data in a form sharp can read.
import { PermanentError } from '../../../core/errors.ts';
import type { Matrix } from './content.ts';
import { inflate, layoutOf, predictorOf, unpredictPng } from './filters.ts';
import { numOf, type PdfDict } from './objects.ts';

export type Quarter = 0 | 90 | 180 | 270;
export type Box = [number, number, number, number];

const TOLERANCE = 0.02;
/** Rounded to two decimals (resolutions). */
export const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Whether `box` covers `crop` within 2 % of its size per edge; `exactly`: and reaches no further out
 * than that either.
 */
export function covers(box: Box, crop: Box, exactly = false): boolean {
  const [w, h] = [crop[2] - crop[0], crop[3] - crop[1]];
  const slack = [TOLERANCE * w, TOLERANCE * h, TOLERANCE * w, TOLERANCE * h];
  return box.every((v, i) => {
    const outward = i < 2 ? crop[i]! - v : v - crop[i]!; // how far the edge lies outside the crop box
    return outward >= -slack[i]! && (!exactly || outward <= slack[i]!);
  });
}

/** How the image appears on the displayed page. */
export interface Placement {
  /** Clockwise degrees to turn the stored image (after `flip`) to appear as on the page. */
  rotate: Quarter;
  /** Mirror left-right before turning. */
  flip: boolean;
  /** Image pixels per inch of the displayed page, horizontally and vertically. */
  dpiX: number;
  dpiY: number;
}

/**
 * Where the image's unit square, mapped by `ctm`, lands: null unless it covers `crop` within 2 % per
 * edge and is axis-aligned; else the turn and mirror that show the stored image as on the page (turned
 * by the page's /Rotate), and its resolution.
 */
export function placement(
  ctm: Matrix,
  crop: Box,
  pageRotate: Quarter,
  width: number,
  height: number,
): Placement | null {
  const [a, b, c, d, e, f] = ctm;
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  const straight = Math.abs(b) <= scale * 1e-3 && Math.abs(c) <= scale * 1e-3;
  const quarter = Math.abs(a) <= scale * 1e-3 && Math.abs(d) <= scale * 1e-3;
  if (scale === 0 || !(straight || quarter)) return null;
  const xs = [e, e + a, e + c, e + a + c];
  const ys = [f, f + b, f + d, f + b + d];
  const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  if (!covers(box, crop, true)) return null;
  // Directions of the image's columns (right) and rows (down) on the screen (y down), then the page turn.
  const turn = ([x, y]: [number, number]): [number, number] => [-y, x];
  let right: [number, number] = straight ? [Math.sign(a), 0] : [0, -Math.sign(b)];
  let down: [number, number] = straight ? [0, Math.sign(d)] : [-Math.sign(c), 0];
  for (let i = 0; i < pageRotate / 90; i++) [right, down] = [turn(right), turn(down)];
  for (const flip of [false, true]) {
    let r: [number, number] = [flip ? -1 : 1, 0];
    let dn: [number, number] = [0, 1];
    for (let q = 0; q < 4; q++, [r, dn] = [turn(r), turn(dn)]) {
      if (r[0] !== right[0] || r[1] !== right[1] || dn[0] !== down[0] || dn[1] !== down[1]) continue;
      const dpiU = (width * 72) / Math.hypot(a, b);
      const dpiV = (height * 72) / Math.hypot(c, d);
      const across = right[0] !== 0;
      return {
        rotate: (q * 90) as Quarter,
        flip,
        dpiX: round2(across ? dpiU : dpiV),
        dpiY: round2(across ? dpiV : dpiU),
      };
    }
  }
  return null;
}

/** What the image dictionary says, resolved. */
export interface ImageDesc {
  width: number;
  height: number;
  bitsPerComponent: number;
  colorSpace: string;
  filters: string[];
  /** Decode parameters by filter (values resolved). */
  parms: Array<PdfDict | undefined>;
  /** The /Decode array, when present. */
  decode: number[] | undefined;
  /** /SMask, /Mask or /ImageMask present. */
  masked: boolean;
}

/** Image data in a form sharp can read. */
export interface ScanData {
  encoding: 'jpeg' | 'tiff' | 'raw';
  data: Buffer;
  channels: number;
  bitsPerComponent: number;
}

const CHANNELS: Record<string, number> = {
  DeviceGray: 1,
  CalGray: 1,
  'ICCBased:1': 1,
  DeviceRGB: 3,
  CalRGB: 3,
  'ICCBased:3': 3,
};

/** Inflated data, or null when it is broken or larger than `cap` (pdf.js decides then). */
function tryInflate(raw: Buffer, cap: number): Buffer | null {
  try {
    return inflate(raw, cap, 'Ein Seitenbild');
  } catch (e) {
    if (e instanceof PermanentError) return null;
    throw e;
  }
}

/**
 * The image as JPEG (the stream bytes unchanged), TIFF (CCITT data wrapped) or raw 8-bit pixels (Flate
 * or unfiltered, 1-bit expanded to 0/255): `raw` is the stream's undecoded data. Null for what pdf.js
 * must decode: other filters, colour spaces, masks, /Decode arrays, predictors.
 */
export function scanData(img: ImageDesc, raw: Buffer): ScanData | null {
  const channels = CHANNELS[img.colorSpace] ?? 0;
  const [filter, second] = img.filters;
  const parms = img.parms[0];
  if (img.masked || channels === 0) return null;
  if (
    filter === 'FlateDecode' &&
    second === 'DCTDecode' &&
    img.filters.length === 2 &&
    predictorOf(parms) === 1
  ) {
    // A JPEG inside Flate (older OCRmyPDF output).
    const jpeg = tryInflate(raw, img.width * img.height * channels + (1 << 20));
    return jpeg && scanData({ ...img, filters: ['DCTDecode'], parms: img.parms.slice(1) }, jpeg);
  }
  if (img.filters.length > 1) return null;
  const decode = img.decode ?? [];
  const plain =
    decode.length === 0 || (decode.length === 2 * channels && decode.every((v, i) => v === i % 2));
  if (filter === 'DCTDecode') {
    const jpeg = jpegFrame(raw);
    const ok = jpeg && jpeg.width === img.width && jpeg.height === img.height && jpeg.components === channels;
    // /ColorTransform 0 on three components: not YCbCr, which sharp would assume.
    if (!ok || !plain || jpeg.precision !== 8 || (channels === 3 && parms?.get('ColorTransform') === 0))
      return null;
    return { encoding: 'jpeg', data: Buffer.from(raw), channels, bitsPerComponent: 8 }; // a copy: see below
  }
  if (filter === 'CCITTFaxDecode') {
    const inverted = decode.length === 2 && decode[0] === 1 && decode[1] === 0;
    if (channels !== 1 || (!plain && !inverted)) return null;
    const data = ccittTiff(img, raw, inverted);
    return data && { encoding: 'tiff', data, channels: 1, bitsPerComponent: 1 };
  }
  if ((filter !== undefined && filter !== 'FlateDecode') || !plain) return null;
  if (!(img.bitsPerComponent === 8 || (img.bitsPerComponent === 1 && channels === 1))) return null;
  const rowBytes = Math.ceil((img.width * channels * img.bitsPerComponent) / 8);
  const predictor = predictorOf(parms);
  const layout = layoutOf(parms, { columns: 1, colors: 1, bitsPerComponent: 8 });
  const sameLayout =
    layout.columns === img.width &&
    layout.colors === channels &&
    layout.bitsPerComponent === img.bitsPerComponent;
  if (predictor !== 1 && (predictor < 10 || !sameLayout)) return null;
  const encodedRow = predictor === 1 ? rowBytes : rowBytes + 1;
  let data = filter ? tryInflate(raw, encodedRow * img.height + 65536) : raw;
  if (!data || data.length < encodedRow * img.height) return null;
  if (predictor !== 1) data = unpredictPng(data, layout, img.height);
  data = data.subarray(0, rowBytes * img.height);
  if (img.bitsPerComponent === 1) data = expandBits(data, img.width, img.height);
  else if (!filter) data = Buffer.from(data); // a copy: the source may cache what it returned
  return { encoding: 'raw', data, channels, bitsPerComponent: 8 };
}

/** 1-bit rows (1 = white in DeviceGray) to 8-bit grey pixels. */
function expandBits(bits: Buffer, width: number, height: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((bits[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1) out[y * width + x] = 255;
  return out;
}

/** Size and components from the first frame header of a JPEG, or null when there is none. */
export function jpegFrame(
  b: Buffer,
): { width: number; height: number; components: number; precision: number } | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let p = 2; p + 4 <= b.length;) {
    if (b[p] !== 0xff) return null;
    const m = b[p + 1]!;
    if (m === 0xff) p++;
    else if (m === 0x01 || (m >= 0xd0 && m <= 0xd8)) p += 2;
    else if (m === 0xd9 || m === 0xda) return null;
    else if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (p + 10 > b.length) return null;
      return {
        precision: b[p + 4]!,
        height: b.readUInt16BE(p + 5),
        width: b.readUInt16BE(p + 7),
        components: b[p + 9]!,
      };
    } else p += 2 + b.readUInt16BE(p + 2);
  }
  return null;
}

/** EOL codes (eleven or more 0 bits, then a 1) in CCITT data: no other code sequence has that many zeros. */
function countEols(data: Buffer): number {
  let zeros = 0;
  let eols = 0;
  for (const byte of data) {
    if (byte === 0) zeros += 8;
    else
      for (let bit = 7; bit >= 0; bit--) {
        if (!((byte >> bit) & 1)) zeros++;
        else {
          if (zeros >= 11) eols++;
          zeros = 0;
        }
      }
  }
  return eols;
}

/**
 * CCITT data wrapped in a minimal TIFF: G4 (K < 0), G3 1D (K = 0) and 2D (K > 0) with EOLs, or
 * byte-aligned 1D rows without EOLs (Modified Huffman). Null when TIFF cannot say what the PDF says.
 */
function ccittTiff(img: ImageDesc, data: Buffer, inverted: boolean): Buffer | null {
  const parms = img.parms[0];
  const num = (k: string, d: number) => numOf(parms?.get(k)) ?? d;
  const flag = (k: string) => parms?.get(k) === true;
  const k = num('K', 0);
  const rows = num('Rows', 0);
  const align = flag('EncodedByteAlign');
  if (num('Columns', 1728) !== img.width || (rows > 0 && rows !== img.height)) return null;
  // G3 data often has EOLs without /EndOfLine (it only says they are required); TIFF G3 needs them.
  const eol = k >= 0 && (flag('EndOfLine') || countEols(data) >= img.height);
  let mode: [compression: number, t4?: number];
  if (k < 0) {
    if (align) return null;
    mode = [4];
  } else if (eol) mode = [3, (k > 0 ? 1 : 0) | (align ? 4 : 0)];
  else if (k === 0 && align)
    mode = [2]; // Modified Huffman: byte-aligned rows without EOLs
  else return null;
  // BlackIs1 false: the codes' white runs show white, which is TIFF's WhiteIsZero (0); /Decode [1 0] inverts.
  const photometric = flag('BlackIs1') !== inverted ? 1 : 0;
  const tags: Array<[tag: number, type: 3 | 4, value: number]> = [
    [256, 4, img.width],
    [257, 4, img.height],
    [258, 3, 1],
    [259, 3, mode[0]],
    [262, 3, photometric],
    [273, 4, 0], // StripOffsets, set below
    [277, 3, 1],
    [278, 4, img.height],
    [279, 4, data.length],
  ];
  if (mode[1] !== undefined) tags.push([292, 4, mode[1]]);
  return oneStripTiff(tags, data);
}

/**
 * A little-endian TIFF of one IFD whose single strip is `data` (tag 273, StripOffsets, is set to where the
 * data follows the header; its value in `tags` is ignored).
 */
export function oneStripTiff(tags: Array<[tag: number, type: 3 | 4, value: number]>, data: Buffer): Buffer {
  const head = Buffer.alloc(8 + 2 + tags.length * 12 + 4);
  head.write('II*\0', 0, 'latin1');
  head.writeUInt32LE(8, 4);
  head.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(1, at + 4);
    if (type === 3) head.writeUInt16LE(value, at + 8);
    else head.writeUInt32LE(tag === 273 ? head.length : value, at + 8);
  });
  return Buffer.concat([head, data]);
}
