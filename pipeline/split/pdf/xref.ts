// The cross-reference table: classic tables and xref streams along the /Prev chain, or a repair scan.
import { PermanentError, ReasonCode } from '../../../core/errors.ts';
import { PdfOp, PdfStream, corrupt, isDict, nameOf, numOf, type PdfDict } from './objects.ts';
import { parseAt, type Parser } from './parser.ts';
import type { RandomAccess } from '../../../core/random-access.ts';
import { decodeSimple } from './streams.ts';

/** Kinds of entries: in use at a file offset, or stored as the `index`-th object of an object stream. */
export const Entry = { none: 0, free: 1, offset: 2, compressed: 3 } as const;
export type Entry = (typeof Entry)[keyof typeof Entry];

export interface XrefLimits {
  maxObjects: number;
  maxInflateBytes: number;
}

/** Entries by object number in growable typed arrays: a hostile /Size costs nothing, 1M objects 13 MB. */
export class XrefTable {
  private kind = new Uint8Array(256);
  private a = new Float64Array(256);
  private b = new Uint32Array(256);

  constructor(readonly maxObjects: number) {}

  /** `{ kind, a: offset or object-stream number, b: generation or index }` of an object. */
  get(num: number): { kind: Entry; a: number; b: number } {
    const kind = (this.kind[num] ?? Entry.none) as Entry;
    return { kind, a: this.a[num] ?? 0, b: this.b[num] ?? 0 };
  }

  /** Sets an entry unless a newer one is in use (`force`: always); free entries never hide older ones. */
  set(num: number, kind: Entry, a: number, b: number, force = false): void {
    if (!Number.isInteger(num) || num < 0) return;
    if (num >= this.maxObjects)
      throw new PermanentError(ReasonCode.tooLarge, `Die PDF-Datei hat mehr als ${this.maxObjects} Objekte.`);
    if (num >= this.kind.length) {
      const n = Math.min(this.maxObjects, Math.max(num + 1, this.kind.length * 2));
      const grow = <T extends Uint8Array | Float64Array | Uint32Array>(old: T, make: (n: number) => T): T => {
        const next = make(n);
        next.set(old);
        return next;
      };
      this.kind = grow(this.kind, (n) => new Uint8Array(n));
      this.a = grow(this.a, (n) => new Float64Array(n));
      this.b = grow(this.b, (n) => new Uint32Array(n));
    }
    const old = this.kind[num]!;
    if (
      !force &&
      (old === Entry.offset || old === Entry.compressed || (kind === Entry.free && old !== Entry.none))
    )
      return;
    this.kind[num] = kind;
    this.a[num] = a;
    this.b[num] = b >>> 0;
  }
}

const MAX_SECTIONS = 1000;

/**
 * Reads the xref sections from `start` on, newest first, along /XRefStm and /Prev; returns the table and
 * the trailer (the newest dictionary, completed from older ones). Throws PermanentError when a section is
 * broken: the caller then repairs.
 */
export async function readXref(
  src: RandomAccess,
  start: number,
  limits: XrefLimits,
): Promise<{ table: XrefTable; trailer: PdfDict }> {
  const table = new XrefTable(limits.maxObjects);
  const budget = { entries: 4 * limits.maxObjects };
  const trailer: PdfDict = new Map();
  const seen = new Set<number>();
  const queue = [start];
  while (queue.length > 0) {
    const offset = queue.shift()!;
    if (seen.has(offset)) continue; // a /Prev chain that loops
    if (seen.size >= MAX_SECTIONS) throw corrupt(`mehr als ${MAX_SECTIONS} Querverweis-Abschnitte`);
    seen.add(offset);
    const dict = await readSection(src, offset, table, limits, budget);
    for (const [k, v] of dict) if (!trailer.has(k)) trailer.set(k, v);
    const stm = numOf(dict.get('XRefStm'));
    const prev = numOf(dict.get('Prev'));
    if (stm !== undefined) queue.unshift(stm, ...(prev !== undefined ? [prev] : []));
    else if (prev !== undefined) queue.unshift(prev);
  }
  for (const k of ['Prev', 'XRefStm', 'Type', 'W', 'Index', 'Filter', 'DecodeParms', 'Length'])
    trailer.delete(k);
  return { table, trailer };
}

async function readSection(
  src: RandomAccess,
  offset: number,
  table: XrefTable,
  limits: XrefLimits,
  budget: { entries: number },
): Promise<PdfDict> {
  if (!Number.isInteger(offset) || offset < 0 || offset >= src.size)
    throw corrupt('der Verweis auf die Querverweistabelle zeigt aus der Datei hinaus');
  const maxBytes = Math.min(limits.maxInflateBytes, 64 + limits.maxObjects * 24);
  const section = await parseAt(src, offset, maxBytes, (p) => {
    const save = p.pos;
    const first = p.next();
    if (first instanceof PdfOp && first.op === 'xref') return classicTable(p, table, budget);
    p.pos = save;
    const { obj } = p.indirect();
    if (obj instanceof PdfStream && nameOf(obj.dict.get('Type')) === 'XRef') return obj;
    throw corrupt('an der angegebenen Stelle steht keine Querverweistabelle');
  });
  if (!(section instanceof PdfStream)) return section;
  await xrefStream(src, section, table, limits, budget);
  return section.dict;
}

/** Subsections `first count` of `offset gen n|f` lines, then `trailer << ... >>`. */
function classicTable(p: Parser, table: XrefTable, budget: { entries: number }): PdfDict {
  for (;;) {
    const t = p.next();
    if (t instanceof PdfOp && t.op === 'trailer') {
      const dict = p.next();
      if (!isDict(dict)) throw corrupt('nach „trailer“ folgt kein Wörterbuch');
      return dict;
    }
    const count = p.next();
    if (typeof t !== 'number' || typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw corrupt('die Querverweistabelle ist ungültig');
    if ((budget.entries -= count) < 0)
      throw new PermanentError(
        ReasonCode.tooLarge,
        `Die PDF-Datei hat mehr als ${table.maxObjects} Objekte.`,
      );
    for (let i = 0; i < count; i++) {
      const off = p.next();
      const gen = p.next();
      const kw = p.next();
      if (
        typeof off !== 'number' ||
        typeof gen !== 'number' ||
        !(kw instanceof PdfOp) ||
        !/^[nf]$/.test(kw.op)
      )
        throw corrupt('die Querverweistabelle ist ungültig');
      if (t + i === 0) continue; // object 0 is always free
      table.set(t + i, kw.op === 'n' && off > 0 ? Entry.offset : Entry.free, off, gen);
    }
  }
}

/** Decodes an xref stream (/W, /Index) into the table. */
async function xrefStream(
  src: RandomAccess,
  s: PdfStream,
  table: XrefTable,
  limits: XrefLimits,
  budget: { entries: number },
): Promise<void> {
  const w = s.dict.get('W');
  const widths = Array.isArray(w) ? w.map(numOf) : [];
  if (widths.length !== 3 || widths.some((x) => x === undefined || !Number.isInteger(x) || x < 0 || x > 8))
    throw corrupt('der Querverweis-Datenstrom hat kein gültiges /W');
  const [w0, w1, w2] = widths as [number, number, number];
  const rowLen = w0 + w1 + w2;
  const size = numOf(s.dict.get('Size')) ?? 0;
  const index = s.dict.get('Index');
  const ranges = Array.isArray(index) ? index.map(numOf) : [0, size];
  if (
    rowLen === 0 ||
    ranges.length % 2 !== 0 ||
    ranges.some((x) => x === undefined || !Number.isInteger(x) || x < 0)
  )
    throw corrupt('der Querverweis-Datenstrom ist ungültig');
  const params = { filter: s.dict.get('Filter'), parms: s.dict.get('DecodeParms') };
  const data = await decodeSimple(src, s, params, limits.maxInflateBytes, 'Der Querverweis-Datenstrom');
  if (!data) throw corrupt('der Querverweis-Datenstrom ist mit einem nicht unterstützten Filter kodiert');
  const field = (pos: number, width: number) => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos + i]!;
    return v;
  };
  let pos = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const first = ranges[r]!;
    const count = ranges[r + 1]!;
    if ((budget.entries -= count) < 0)
      throw new PermanentError(
        ReasonCode.tooLarge,
        `Die PDF-Datei hat mehr als ${table.maxObjects} Objekte.`,
      );
    for (let i = 0; i < count && pos + rowLen <= data.length; i++, pos += rowLen) {
      const type = w0 === 0 ? 1 : field(pos, w0);
      const a = field(pos + w0, w1);
      const b = field(pos + w0 + w1, w2);
      if (first + i === 0) continue;
      if (type === 0) table.set(first + i, Entry.free, 0, 0);
      else if (type === 1) table.set(first + i, Entry.offset, a, b);
      else if (type === 2) table.set(first + i, Entry.compressed, a, b);
    }
  }
}

/** What a repair scan found: object headers (in the table), and where trailers and key objects are. */
export interface ScanResult {
  table: XrefTable;
  trailers: number[];
  catalogs: number[];
  objStms: number[];
  xrefStms: number[];
}

const CHUNK = 1 << 20;
const OVERLAP = 64;
const SCAN =
  /(?<![0-9])(\d{1,10})[\0\t\n\f\r ]{1,16}(\d{1,5})[\0\t\n\f\r ]{1,16}obj(?![A-Za-z0-9])|trailer|\/(Catalog|ObjStm|XRef)(?![A-Za-z0-9])/g;

/**
 * Finds every `num gen obj` header (the last one of a number wins), every `trailer`, and the objects that
 * look like a catalog, object stream or xref stream, reading 1 MiB at a time.
 */
export async function scanFile(src: RandomAccess, maxObjects: number): Promise<ScanResult> {
  const found: ScanResult = {
    table: new XrefTable(maxObjects),
    trailers: [],
    catalogs: [],
    objStms: [],
    xrefStms: [],
  };
  let current = -1;
  for (let pos = 0; pos < src.size; pos += CHUNK) {
    const from = Math.max(0, pos - OVERLAP);
    const text = (await src.read(from, pos - from + CHUNK + OVERLAP)).toString('latin1');
    for (const m of text.matchAll(SCAN)) {
      const at = from + m.index;
      if (at < pos || at >= pos + CHUNK) continue;
      if (m[1] !== undefined) {
        const num = Number(m[1]);
        if (num === 0 || num >= maxObjects) continue;
        found.table.set(num, Entry.offset, at, Number(m[2]), true);
        current = num;
      } else if (m[0] === 'trailer') found.trailers.push(at);
      else if (current > 0) {
        const list = m[3] === 'Catalog' ? found.catalogs : m[3] === 'ObjStm' ? found.objStms : found.xrefStms;
        if (list.at(-1) !== current) list.push(current);
      }
    }
  }
  return found;
}
