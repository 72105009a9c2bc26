// Cheap checks before heavy work: what type a file is, and whether it is complete (parses to its end).

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
  /** Offset of the entry's value field (the value itself when it fits into 4 bytes, else its offset). */
  value: number;
}

/**
 * The IFD chain of a TIFF: each page's tags, and whether the chain ends properly. It does not when an IFD
 * lies outside the file, the chain loops, or an IFD has no entries (zero bytes where a pre-allocating
 * writer has not written yet).
 */
export function tiffIfds(buf: Buffer) {
  const le = buf[0] === 0x49;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const ifds: Array<Map<number, TiffEntry>> = [];
  const seen = new Set<number>();
  let ends = buf.length >= 8;
  for (let offset = ends ? u32(4) : 0; offset !== 0;) {
    const entries = offset + 2 <= buf.length ? u16(offset) : 0;
    const end = offset + 2 + entries * 12;
    if (seen.has(offset) || entries === 0 || end + 4 > buf.length || seen.size > 10_000) {
      ends = false;
      break;
    }
    seen.add(offset);
    const tags = new Map<number, TiffEntry>();
    for (let i = 0; i < entries; i++) {
      const e = offset + 2 + i * 12;
      tags.set(u16(e), { type: u16(e + 2), count: u32(e + 4), value: e + 8 });
    }
    ifds.push(tags);
    offset = u32(end);
  }
  return { ifds, ends, u16, u32 };
}

function tiffChainComplete(buf: Buffer): boolean {
  const { ifds, ends, u16, u32 } = tiffIfds(buf);
  if (!ends) return false;
  const read = (t: TiffEntry, i: number) => {
    const size = t.type === 3 ? 2 : 4;
    const at = (t.count * size <= 4 ? t.value : u32(t.value)) + i * size;
    if (at + size > buf.length) return Number.NaN;
    return size === 2 ? u16(at) : u32(at);
  };
  // Every strip/tile an IFD points at must lie inside the file.
  return ifds.every((tags) => {
    const offsets = tags.get(273) ?? tags.get(324);
    const counts = tags.get(279) ?? tags.get(325);
    if (!offsets || !counts || offsets.count !== counts.count) return true;
    for (let i = 0; i < offsets.count; i++)
      if (!(read(offsets, i) + read(counts, i) <= buf.length)) return false;
    return true;
  });
}

/**
 * True when the file parses to its end: PDF trailer (%%EOF near the end), TIFF IFD chain and its strips
 * inside the file, PNG IEND chunk, JPEG EOI marker. A file still being written fails this check.
 */
export function isComplete(type: InputType, buf: Buffer): boolean {
  switch (type) {
    case 'pdf':
      return findPdfHeader(buf) && buf.subarray(Math.max(0, buf.length - 2048)).includes('%%EOF');
    case 'tiff':
      return tiffChainComplete(buf);
    case 'png':
      return (
        buf.length > 12 &&
        buf.subarray(buf.length - 12, buf.length - 4).equals(Buffer.from('\0\0\0\0IEND', 'latin1'))
      );
    case 'jpeg': {
      // Some writers pad after EOI; accept EOI within the last 64 bytes.
      const tail = buf.subarray(Math.max(0, buf.length - 64));
      return tail.includes(Buffer.from([0xff, 0xd9]));
    }
  }
}

/**
 * Horizontal and vertical resolution (dpi) of every page of a TIFF, from its IFD chain (tags 282, 283, 296).
 * Fax scans are often 204 x 98 dpi: pixels that are not square. Null where a page does not say.
 */
export function tiffResolutions(buf: Buffer): Array<{ x: number; y: number } | null> {
  const { ifds, u16, u32 } = tiffIfds(buf);
  return ifds.map((tags) => {
    const rational = (tag: number) => {
      const at = tags.has(tag) ? u32(tags.get(tag)!.value) : buf.length;
      return at + 8 <= buf.length ? u32(at) / Math.max(1, u32(at + 4)) : undefined;
    };
    const x = rational(282);
    const y = rational(283);
    const k = tags.has(296) && u16(tags.get(296)!.value) === 3 ? 2.54 : 1;
    return x && y ? { x: x * k, y: y * k } : null;
  });
}
