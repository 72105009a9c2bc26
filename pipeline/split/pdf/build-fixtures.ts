// Test fixtures built at test time: hand-written PDF bytes (xref tables, xref streams, object streams,
// incremental updates) and scan pages; nothing binary is committed.
import { deflateSync } from 'node:zlib';

/** An object body: PDF syntax, or bytes (for streams). */
export type Body = string | Buffer;

const bytes = (b: Body) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : b);

/** A stream object body: `<< dict /Length n >> stream ... endstream`. */
export function stream(dict: string, data: Body): Buffer {
  const d = bytes(data);
  return Buffer.concat([bytes(`<< ${dict} /Length ${d.length} >>\nstream\n`), d, bytes('\nendstream')]);
}

export interface BuildOptions {
  /** Cross-reference: a classic table (default), an xref stream (PNG predictor 12), or none at all. */
  xref?: 'table' | 'stream' | 'none';
  /** More trailer entries (/Size and /Root 1 0 R are written). */
  trailer?: string;
  /** Objects packed into object stream `num`; with a table, listed by a /XRefStm stream (hybrid file). */
  compressed?: { num: number; objects: Record<number, string> };
}

/** PNG "Up" filtered rows of `rowBytes` (what producers write with /Predictor 12). */
function pngUp(data: Buffer, rowBytes: number): Buffer {
  const rows = data.length / rowBytes;
  const out = Buffer.alloc(rows * (rowBytes + 1));
  for (let r = 0; r < rows; r++) {
    out[r * (rowBytes + 1)] = 2;
    for (let i = 0; i < rowBytes; i++)
      out[r * (rowBytes + 1) + 1 + i] =
        (data[r * rowBytes + i]! - (r > 0 ? data[(r - 1) * rowBytes + i]! : 0)) & 255;
  }
  return out;
}

/** An xref stream body with /W [1 4 2] listing `entries` ([type, field2, field3] by object number). */
function xrefStreamBody(entries: Map<number, [number, number, number]>, extra: string): Buffer {
  const nums = [...entries.keys()].sort((a, b) => a - b);
  const index: number[] = [];
  for (const n of nums) {
    const last = index.length - 2;
    if (last >= 0 && index[last]! + index[last + 1]! === n) index[last + 1]!++;
    else index.push(n, 1);
  }
  const rows = Buffer.alloc(nums.length * 7);
  nums.forEach((n, i) => {
    const [t, a, b] = entries.get(n)!;
    rows.writeUInt8(t, i * 7);
    rows.writeUInt32BE(a, i * 7 + 1);
    rows.writeUInt16BE(b, i * 7 + 5);
  });
  const dict = `/Type /XRef /W [1 4 2] /Index [${index.join(' ')}] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> ${extra}`;
  return stream(dict, deflateSync(pngUp(rows, 7)));
}

/** A complete PDF file from numbered objects; object 1 must be the catalog. */
export function buildPdf(objects: Record<number, Body>, opts: BuildOptions = {}): Buffer {
  const parts: Buffer[] = [bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let pos = parts[0]!.length;
  const entries = new Map<number, [number, number, number]>([[0, [0, 0, 65535]]]);
  const add = (b: Body) => {
    parts.push(bytes(b));
    pos += bytes(b).length;
  };
  const put = (num: number, body: Body) => {
    entries.set(num, [1, pos, 0]);
    add(Buffer.concat([bytes(`${num} 0 obj\n`), bytes(body), bytes('\nendobj\n')]));
  };
  for (const [n, body] of Object.entries(objects)) put(Number(n), body);
  const packed = new Map<number, [number, number, number]>();
  if (opts.compressed) {
    const { num, objects: inner } = opts.compressed;
    let header = '';
    let body = '';
    Object.entries(inner).forEach(([n, text], i) => {
      header += `${n} ${body.length} `;
      body += `${text}\n`;
      packed.set(Number(n), [2, num, i]);
    });
    const count = Object.keys(inner).length;
    put(
      num,
      stream(
        `/Type /ObjStm /N ${count} /First ${header.length} /Filter /FlateDecode`,
        deflateSync(header + body),
      ),
    );
  }
  const size = Math.max(...entries.keys(), ...packed.keys()) + 2;
  const trailer = `/Size ${size} /Root 1 0 R ${opts.trailer ?? ''}`;
  if (opts.xref === 'none') add('%%EOF\n');
  else if (opts.xref === 'stream') {
    const at = pos;
    entries.set(size - 1, [1, at, 0]);
    put(size - 1, xrefStreamBody(new Map([...entries, ...packed]), trailer));
    add(`startxref\n${at}\n%%EOF\n`);
  } else {
    let hybrid = '';
    if (packed.size > 0) {
      hybrid = `/XRefStm ${pos}`;
      put(size - 1, xrefStreamBody(packed, `/Size ${size}`));
    }
    const at = pos;
    let table = `xref\n0 ${size}\n`;
    for (let n = 0; n < size; n++) {
      const e = entries.get(n);
      table +=
        e?.[0] === 1
          ? `${String(e[1]).padStart(10, '0')} 00000 n\r\n`
          : `0000000000 ${n ? '00000' : '65535'} f\r\n`;
    }
    add(`${table}trailer\n<< ${trailer} ${hybrid} >>\nstartxref\n${at}\n%%EOF\n`);
  }
  return Buffer.concat(parts);
}

/** An incremental update: `objects` appended with their own xref section pointing back with /Prev. */
export function appendUpdate(base: Buffer, objects: Record<number, Body>, size: number): Buffer {
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'))![1];
  const parts: Buffer[] = [base];
  let pos = base.length;
  let table = 'xref\n';
  for (const [n, body] of Object.entries(objects)) {
    table += `${n} 1\n${String(pos).padStart(10, '0')} 00000 n\r\n`;
    const b = Buffer.concat([bytes(`${n} 0 obj\n`), bytes(body), bytes('\nendobj\n')]);
    parts.push(b);
    pos += b.length;
  }
  parts.push(
    bytes(`${table}trailer\n<< /Size ${size} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${pos}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

export interface ScanPageOptions {
  /** The image XObject's body (a stream), object 4. */
  image: Buffer;
  /** The page's content stream (uncompressed text; written Flate-compressed). */
  content: string;
  mediaBox?: string;
  /** Extra page dictionary entries (/Rotate 90, /CropBox [...]). */
  page?: string;
  /** More objects, from number 6 on. */
  more?: Record<number, Body>;
  /** Page resources (default: the image as /Im0). */
  resources?: string;
}

/** A one-page PDF whose page paints `content` with resources `/XObject << /Im0 4 0 R >>`. */
export function scanPdf(o: ScanPageOptions): Buffer {
  return buildPdf({
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: `<< /Type /Page /Parent 2 0 R /MediaBox ${o.mediaBox ?? '[0 0 595 842]'} ${o.page ?? ''} /Resources ${o.resources ?? '<< /XObject << /Im0 4 0 R >> >>'} /Contents 5 0 R >>`,
    4: o.image,
    5: stream('/Filter /FlateDecode', deflateSync(o.content)),
    ...o.more,
  });
}

/** A page tree of `n` pages (objects 3..n+2) under Pages node 2, with the given root /Count. */
export function pagesPdf(n: number, count = n): Buffer {
  const objects: Record<number, Body> = {
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: `<< /Type /Pages /Kids [${Array.from({ length: n }, (_, i) => `${i + 3} 0 R`).join(' ')}] /Count ${count} >>`,
  };
  for (let i = 0; i < n; i++) objects[i + 3] = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
  return buildPdf(objects);
}
