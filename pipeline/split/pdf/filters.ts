// Stream filters the reader undoes itself: Flate with a hard output cap, and PNG predictors.
import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { PermanentError, ReasonCode } from '../../../core/errors.ts';
import { corrupt, mib, nameOf, numOf, type PdfDict, type PdfObject } from './objects.ts';

const ABBREVIATIONS: Record<string, string> = {
  Fl: 'FlateDecode',
  DCT: 'DCTDecode',
  CCF: 'CCITTFaxDecode',
  A85: 'ASCII85Decode',
  AHx: 'ASCIIHexDecode',
  LZW: 'LZWDecode',
  RL: 'RunLengthDecode',
};

/** A (resolved) /Filter entry as a list of full filter names; anything that is not a name becomes '?'. */
export function filterNames(filter: PdfObject | undefined): string[] {
  const list = Array.isArray(filter) ? filter : filter == null ? [] : [filter];
  return list.map((f) => {
    const n = nameOf(f) ?? '?';
    return ABBREVIATIONS[n] ?? n;
  });
}

/**
 * Inflates zlib data to at most `cap` bytes. Tolerates a cut-off stream, trailing garbage and a wrong
 * checksum; throws PermanentError too_large above the cap (`what` names the stream for people) and
 * unreadable for data that is not Flate at all.
 */
export function inflate(data: Buffer, cap: number, what: string): Buffer {
  const opts = { maxOutputLength: Math.max(1, cap), finishFlush: constants.Z_SYNC_FLUSH };
  try {
    try {
      return inflateSync(data, opts);
    } catch (e) {
      if ((e as { code?: string }).code !== 'Z_DATA_ERROR' || data.length < 3) throw e;
      return inflateRawSync(data.subarray(2), opts); // a broken zlib header or checksum
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PermanentError(
        ReasonCode.tooLarge,
        `${what} ist entpackt größer als ${mib(cap)} (Schutz vor Dekompressionsbomben).`,
        { cause: e },
      );
    throw new PermanentError(
      ReasonCode.unreadable,
      `Die PDF-Datei ist beschädigt: ${what} lässt sich nicht entpacken.`,
      {
        cause: e,
      },
    );
  }
}

/** Sample layout of predicted data: the /DecodeParms entries with their defaults. */
export interface SampleLayout {
  columns: number;
  colors: number;
  bitsPerComponent: number;
}

/** The /Predictor of (resolved) decode parameters: 1 = none. */
export function predictorOf(parms: PdfObject | undefined): number {
  return (parms instanceof Map ? numOf(parms.get('Predictor')) : undefined) ?? 1;
}

/** The sample layout from decode parameters, with the given defaults. */
export function layoutOf(parms: PdfDict | undefined, defaults: SampleLayout): SampleLayout {
  const get = (k: string, d: number) => {
    const v = numOf(parms?.get(k));
    return v !== undefined && Number.isInteger(v) && v > 0 ? v : d;
  };
  return {
    columns: get('Columns', defaults.columns),
    colors: get('Colors', defaults.colors),
    bitsPerComponent: get('BitsPerComponent', defaults.bitsPerComponent),
  };
}

/**
 * Undoes PNG predictors (/Predictor >= 10): each row is a filter-type byte plus the row's samples.
 * Returns whole rows only (at most `maxRows` when given).
 */
export function unpredictPng(data: Buffer, layout: SampleLayout, maxRows = Infinity): Buffer {
  const bits = layout.colors * layout.bitsPerComponent;
  const rowBytes = Math.ceil((bits * layout.columns) / 8);
  const bpp = Math.max(1, Math.ceil(bits / 8));
  const rows = Math.min(maxRows, Math.floor(data.length / (rowBytes + 1)));
  const out = Buffer.alloc(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    const up = dst - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = r > 0 ? out[up + i]! : 0;
      const c = r > 0 && i >= bpp ? out[up + i - bpp]! : 0;
      let pred: number;
      if (type === 0) pred = 0;
      else if (type === 1) pred = a;
      else if (type === 2) pred = b;
      else if (type === 3) pred = (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw corrupt(`unbekannter PNG-Prädiktor ${type}`);
      out[dst + i] = (data[src + i]! + pred) & 255;
    }
  }
  return out;
}
