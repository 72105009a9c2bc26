// Reading a stream's data by position: locating its end, and undoing the simple filters (none, Flate).
import { PermanentError, ReasonCode } from '../../../core/errors.ts';
import { filterNames, inflate, layoutOf, predictorOf, unpredictPng } from './filters.ts';
import { corrupt, isDict, mib, type PdfObject, type PdfStream } from './objects.ts';
import { indexOf, type RandomAccess } from '../../../core/random-access.ts';

/** Searched stretches per file: [from, the first `endstream` at or after it, or -1 for none]. */
const searched = new WeakMap<RandomAccess, Array<[number, number]>>();

/**
 * The first `endstream` at or after `from`, or -1. Remembers what it searched, so that no byte of a file
 * is searched twice however many streams have a wrong /Length.
 */
async function findEndstream(src: RandomAccess, from: number): Promise<number> {
  const known = searched.get(src) ?? [];
  searched.set(src, known);
  let [to, then] = [src.size, -1];
  for (const [a, e] of known) {
    if (a <= from && (e < 0 || from <= e)) return e;
    if (a > from && a < to) [to, then] = [a, e];
  }
  const at = await indexOf(src, 'endstream', from, Math.min(src.size, to + 8));
  const found = at >= 0 && at < to ? at : then;
  known.push([from, found]);
  return found;
}

/**
 * The raw bytes of a stream: /Length when `endstream` follows it, else up to the next `endstream`;
 * `length` overrides the stream's own direct /Length (an indirect one the caller resolved). Null when
 * the data is longer than `maxBytes`.
 */
export async function rawStream(
  src: RandomAccess,
  s: PdfStream,
  length?: number,
  maxBytes = Infinity,
): Promise<Buffer | null> {
  let len = length ?? s.length;
  const fits = Number.isInteger(len) && len >= 0 && s.offset + len <= src.size;
  if (!fits || !/^[\0\t\n\f\r ]*endstream/.test((await src.read(s.offset + len, 32)).toString('latin1'))) {
    const end = await findEndstream(src, s.offset);
    if (end < 0) throw corrupt('ein Datenstrom endet nicht („endstream“ fehlt)');
    const eol = await src.read(Math.max(s.offset, end - 2), end - Math.max(s.offset, end - 2));
    len = end - s.offset - (eol.at(-1) === 10 ? 1 : 0);
    if (eol.at(-1) === 10 ? eol.at(-2) === 13 : eol.at(-1) === 13) len--;
    s.length = len; // found now: later reads need no search
  }
  return len > maxBytes ? null : src.read(s.offset, len);
}

/** A stream's /Filter and /DecodeParms, resolved, and its /Length when that was an indirect reference. */
export interface StreamParams {
  filter: PdfObject | undefined;
  parms: PdfObject | undefined;
  length?: number;
}

/**
 * Decodes a stream that is unfiltered or Flate (with PNG predictor), to at most `cap` bytes, from at
 * most `cap` bytes (above: PermanentError too_large, naming `what`); null for any other filter or predictor.
 */
export async function decodeSimple(
  src: RandomAccess,
  s: PdfStream,
  params: StreamParams,
  cap: number,
  what: string,
): Promise<Buffer | null> {
  const filters = filterNames(params.filter);
  const p = Array.isArray(params.parms) ? params.parms[0] : params.parms;
  if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode')) return null;
  const raw = await rawStream(src, s, params.length, cap);
  if (!raw) throw new PermanentError(ReasonCode.tooLarge, `${what} ist größer als ${mib(cap)}.`);
  if (filters.length === 0) return raw;
  const data = inflate(raw, cap, what);
  const predictor = predictorOf(p);
  if (predictor === 1) return data;
  if (predictor < 10) return null;
  return unpredictPng(
    data,
    layoutOf(isDict(p) ? p : undefined, { columns: 1, colors: 1, bitsPerComponent: 8 }),
  );
}
