// Cheap checks before heavy work: what type a file is, and whether it is complete (parses to its end).
import type { RandomAccess } from '../core/random-access.ts';

export type InputType = 'pdf' | 'tiff' | 'png' | 'jpeg';

/** Sniffs the type from the first bytes (a PDF header may follow junk in the first KiB); null for anything else. */
export function sniffType(head: Uint8Array): InputType | null {
  const b = Buffer.from(head.subarray(0, 8));
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (
    b.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) ||
    b.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))
  )
    return 'tiff';
  if (b.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  return findPdfHeader(Buffer.from(head.buffer, head.byteOffset, head.byteLength)) ? 'pdf' : null;
}

/** Scanners write PDFs with a leading header somewhere in the first KiB (PDF spec tolerates junk before it). */
function findPdfHeader(buf: Buffer): boolean {
  return buf.subarray(0, 1024).includes('%PDF-');
}

export interface TiffEntry {
  type: number;
  count: number;
  /** The entry's 4-byte value field: the value itself when it fits, else its offset. */
  field: Buffer;
}

/** A TIFF's byte order and IFD chain, read through positional reads (never the whole file). */
export interface Tiff {
  ifds: Array<Map<number, TiffEntry>>;
  /** False when an IFD lies outside the file, the chain loops, or an IFD has no entries. */
  ends: boolean;
  /** The i-th value of an entry (SHORT, LONG or RATIONAL as a number); NaN when it lies outside the file. */
  value(entry: TiffEntry, i?: number): Promise<number>;
}

/** More IFDs than this is not a scan (a chain that never ends). */
const MAX_IFDS = 100_000;

/**
 * The IFD chain of a TIFF: each page's tags, and whether the chain ends properly. It does not when an IFD
 * lies outside the file, the chain loops, or an IFD has no entries (zero bytes where a pre-allocating
 * writer has not written yet).
 */
export async function readTiff(src: RandomAccess): Promise<Tiff> {
  const head = await src.read(0, 8);
  const le = head[0] === 0x49;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const ifds: Array<Map<number, TiffEntry>> = [];
  const seen = new Set<number>();
  let ends = head.length >= 8;
  for (let offset = ends ? u32(head, 4) : 0; offset !== 0;) {
    const countBytes = offset + 2 <= src.size ? await src.read(offset, 2) : Buffer.alloc(0);
    const entries = countBytes.length === 2 ? u16(countBytes, 0) : 0;
    const end = offset + 2 + entries * 12;
    if (seen.has(offset) || entries === 0 || end + 4 > src.size || seen.size >= MAX_IFDS) {
      ends = false;
      break;
    }
    seen.add(offset);
    const body = await src.read(offset + 2, entries * 12 + 4);
    const tags = new Map<number, TiffEntry>();
    for (let i = 0; i < entries; i++) {
      const e = i * 12;
      tags.set(u16(body, e), {
        type: u16(body, e + 2),
        count: u32(body, e + 4),
        field: body.subarray(e + 8, e + 12),
      });
    }
    ifds.push(tags);
    offset = u32(body, entries * 12);
  }
  const size = (t: TiffEntry) => (t.type === 3 ? 2 : t.type === 5 ? 8 : 4);
  async function value(t: TiffEntry, i = 0): Promise<number> {
    const n = size(t);
    let b = t.field;
    let at = i * n;
    if (t.count * n > 4) {
      const offset = u32(t.field, 0) + at;
      if (offset + n > src.size) return Number.NaN;
      b = await src.read(offset, n);
      at = 0;
    }
    if (t.type === 3) return u16(b, at);
    if (t.type === 5) return u32(b, at) / Math.max(1, u32(b, at + 4));
    return u32(b, at);
  }
  return { ifds, ends, value };
}

/** The single value of a tag in the first IFD of a TIFF (undefined when absent). */
export async function tiffTag(src: RandomAccess, tag: number): Promise<number | undefined> {
  const { ifds, value } = await readTiff(src);
  const entry = ifds[0]?.get(tag);
  if (!entry) return undefined;
  if (entry.count !== 1) throw new Error(`TIFF tag ${tag} has more than one value`);
  return value(entry);
}

async function tiffChainComplete(src: RandomAccess): Promise<boolean> {
  const { ifds, ends, value } = await readTiff(src);
  if (!ends) return false;
  // Every strip/tile an IFD points at must lie inside the file.
  for (const tags of ifds) {
    const offsets = tags.get(273) ?? tags.get(324);
    const counts = tags.get(279) ?? tags.get(325);
    if (!offsets || !counts || offsets.count !== counts.count) continue;
    for (let i = 0; i < offsets.count; i++)
      if (!((await value(offsets, i)) + (await value(counts, i)) <= src.size)) return false;
  }
  return true;
}

/**
 * True when the file parses to its end: PDF trailer (%%EOF near the end), TIFF IFD chain and its strips
 * inside the file, PNG IEND chunk, JPEG EOI marker. A file still being written fails this check. Reads only
 * the parts it checks.
 */
export async function isComplete(type: InputType, src: RandomAccess): Promise<boolean> {
  const tail = (n: number) => src.read(Math.max(0, src.size - n), Math.min(n, src.size));
  switch (type) {
    case 'pdf':
      return findPdfHeader(await src.read(0, 1024)) && (await tail(2048)).includes('%%EOF');
    case 'tiff':
      return tiffChainComplete(src);
    case 'png':
      return src.size > 12 && (await tail(12)).subarray(0, 8).equals(Buffer.from('\0\0\0\0IEND', 'latin1'));
    case 'jpeg':
      // Some writers pad after EOI; accept EOI within the last 64 bytes.
      return (await tail(64)).includes(Buffer.from([0xff, 0xd9]));
  }
}

/**
 * Horizontal and vertical resolution (dpi) of every page of a TIFF, from its IFD chain (tags 282, 283, 296).
 * Fax scans are often 204 x 98 dpi: pixels that are not square. Null where a page does not say.
 */
export async function tiffResolutions(src: RandomAccess): Promise<Array<{ x: number; y: number } | null>> {
  const { ifds, value } = await readTiff(src);
  return Promise.all(
    ifds.map(async (tags) => {
      const rational = async (tag: number) => (tags.has(tag) ? await value(tags.get(tag)!) : undefined);
      const x = await rational(282);
      const y = await rational(283);
      const k = tags.has(296) && (await value(tags.get(296)!)) === 3 ? 2.54 : 1;
      return x && y ? { x: x * k, y: y * k } : null;
    }),
  );
}
