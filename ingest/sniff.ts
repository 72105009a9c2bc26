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

function tiffChainComplete(buf: Buffer): boolean {
  if (buf.length < 8) return false;
  const le = buf[0] === 0x49;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  let offset = u32(4);
  const seen = new Set<number>();
  while (offset !== 0) {
    if (seen.has(offset) || offset + 2 > buf.length) return false;
    seen.add(offset);
    const entries = u16(offset);
    const end = offset + 2 + entries * 12;
    // An IFD without entries is zero bytes where a pre-allocating writer has not written yet.
    if (entries === 0 || end + 4 > buf.length) return false;
    // Every strip/tile the IFD points at must lie inside the file.
    const dir = new Map<number, { type: number; count: number; value: number }>();
    for (let i = 0; i < entries; i++) {
      const e = offset + 2 + i * 12;
      dir.set(u16(e), { type: u16(e + 2), count: u32(e + 4), value: e + 8 });
    }
    const offsets = dir.get(273) ?? dir.get(324);
    const counts = dir.get(279) ?? dir.get(325);
    if (offsets && counts && offsets.count === counts.count) {
      const read = (t: { type: number; count: number; value: number }, i: number) => {
        const size = t.type === 3 ? 2 : 4;
        const base = t.count * size <= 4 ? t.value : u32(t.value);
        const at = base + i * size;
        if (at + size > buf.length) return Number.NaN;
        return size === 2 ? u16(at) : u32(at);
      };
      for (let i = 0; i < offsets.count; i++) {
        const o = read(offsets, i);
        const c = read(counts, i);
        if (!(o + c <= buf.length)) return false;
      }
    }
    offset = u32(end);
    if (seen.size > 10_000) return false;
  }
  return true;
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
  const le = buf[0] === 0x49;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const out: Array<{ x: number; y: number } | null> = [];
  const seen = new Set<number>();
  for (let ifd = u32(4); ifd !== 0 && ifd + 2 <= buf.length && !seen.has(ifd);) {
    seen.add(ifd);
    const entries = u16(ifd);
    if (ifd + 2 + entries * 12 + 4 > buf.length) break;
    let x: number | undefined;
    let y: number | undefined;
    let unit = 2;
    for (let i = 0; i < entries; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      if (tag === 296) unit = u16(e + 8);
      if (tag === 282 || tag === 283) {
        const at = u32(e + 8);
        if (at + 8 > buf.length) continue;
        const v = u32(at) / Math.max(1, u32(at + 4));
        if (tag === 282) x = v;
        else y = v;
      }
    }
    const k = unit === 3 ? 2.54 : 1;
    out.push(x && y ? { x: x * k, y: y * k } : null);
    ifd = u32(ifd + 2 + entries * 12);
  }
  return out;
}
