// Lexer and parser of PDF object syntax (objects, indirect objects, stream headers, content-stream tokens).
import { PermanentError, ReasonCode } from '../../../core/errors.ts';
import type { RandomAccess } from '../../../core/random-access.ts';
import {
  PdfName,
  PdfOp,
  PdfRef,
  PdfStream,
  PdfString,
  corrupt,
  mib,
  type PdfDict,
  type PdfObject,
} from './objects.ts';

/** Deepest nesting of arrays and dictionaries accepted: a hostile file must not exhaust the stack. */
export const MAX_NESTING = 100;

/** Thrown when parsing ran into the end of a buffer that is not the end of the data: read more, try again. */
export class NeedMore {}

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const INT = /^\d+$/;
const ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** A growing byte buffer: a hostile 60 MB string costs about 60 MB, not eight times that. */
class Bytes {
  private buf = Buffer.allocUnsafe(32);
  private n = 0;

  push(b: number): void {
    if (this.n === this.buf.length) {
      const next = Buffer.allocUnsafe(this.n * 2);
      this.buf.copy(next);
      this.buf = next;
    }
    this.buf[this.n++] = b;
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.n));
  }
}

/** A parser over one buffer; `base` is the buffer's offset in the file (for stream data offsets). */
export class Parser {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    /** True when the buffer ends where the data ends; else running into its end throws NeedMore. */
    readonly complete = true,
    readonly base = 0,
  ) {}

  private end(): never {
    if (!this.complete) throw new NeedMore();
    throw corrupt('ein Objekt endet mitten in der Datei');
  }

  /** Skips whitespace and comments; returns false at the end of the buffer. */
  skipSpace(): boolean {
    const { buf } = this;
    while (this.pos < buf.length) {
      const c = buf[this.pos]!;
      if (c === 37) {
        while (this.pos < buf.length && buf[this.pos] !== 10 && buf[this.pos] !== 13) this.pos++;
      } else if (WHITE[c]) this.pos++;
      else return true;
    }
    return false;
  }

  /** skipSpace, where running into the end of an incomplete buffer asks for more. */
  private spaceOrMore(): boolean {
    if (this.skipSpace()) return true;
    if (!this.complete) this.end();
    return false;
  }

  /** A run of regular characters (number or keyword). */
  private word(): string {
    const start = this.pos;
    while (this.pos < this.buf.length && !WHITE[this.buf[this.pos]!] && !DELIM[this.buf[this.pos]!])
      this.pos++;
    if (this.pos === this.buf.length && !this.complete) throw new NeedMore();
    return this.buf.toString('latin1', start, this.pos);
  }

  /** The next object or operator, or undefined at the end of the data. */
  next(depth = 0): PdfObject | PdfOp | undefined {
    if (!this.skipSpace()) return this.complete ? undefined : this.end();
    const c = this.buf[this.pos]!;
    if (c === 47) return this.name();
    if (c === 40) return this.literal();
    if (c === 91) return this.array(depth + 1);
    if (c === 60) {
      if (this.buf[this.pos + 1] === 60) return this.dict(depth + 1);
      if (this.pos + 1 >= this.buf.length) this.end();
      return this.hex();
    }
    if (DELIM[c]) {
      if (c === 62 && this.pos + 1 >= this.buf.length && !this.complete) this.end();
      const op = c === 62 && this.buf[this.pos + 1] === 62 ? '>>' : String.fromCharCode(c);
      this.pos += op.length;
      return new PdfOp(op);
    }
    const w = this.word();
    if (NUMBER.test(w)) return INT.test(w) ? this.maybeRef(Number(w)) : Number(w);
    if (w === 'true' || w === 'false') return w === 'true';
    if (w === 'null') return null;
    return new PdfOp(w);
  }

  /** `num gen R` after an unsigned integer, else the integer. */
  private maybeRef(num: number): number | PdfRef {
    const save = this.pos;
    if (this.spaceOrMore()) {
      const gen = this.word();
      if (INT.test(gen) && this.spaceOrMore() && this.buf[this.pos] === 82) {
        this.pos++;
        if (this.pos === this.buf.length && !this.complete) this.end();
        const after = this.buf[this.pos];
        if (after === undefined || WHITE[after] || DELIM[after]) return new PdfRef(num, Number(gen));
      }
    }
    this.pos = save;
    return num;
  }

  private name(): PdfName {
    this.pos++;
    const bytes = new Bytes();
    const { buf } = this;
    while (this.pos < buf.length && !WHITE[buf[this.pos]!] && !DELIM[buf[this.pos]!]) {
      const c = buf[this.pos++]!;
      const hi = c === 35 ? hexValue(buf[this.pos] ?? 0) : -1;
      const lo = hi >= 0 ? hexValue(buf[this.pos + 1] ?? 0) : -1;
      if (lo >= 0) {
        bytes.push(hi * 16 + lo);
        this.pos += 2;
      } else bytes.push(c);
    }
    if (this.pos === buf.length && !this.complete) this.end();
    return new PdfName(bytes.done().toString('latin1'));
  }

  private literal(): PdfString {
    this.pos++;
    const out = new Bytes();
    const { buf } = this;
    let nest = 1;
    for (;;) {
      if (this.pos >= buf.length) this.end();
      let c = buf[this.pos++]!;
      if (c === 40) nest++;
      else if (c === 41 && --nest === 0) return new PdfString(out.done());
      else if (c === 92) {
        if (this.pos >= buf.length) this.end();
        c = buf[this.pos++]!;
        if (c >= 48 && c <= 55) {
          let v = c - 48;
          for (let i = 0; i < 2 && (buf[this.pos] ?? 0) >= 48 && (buf[this.pos] ?? 0) <= 55; i++)
            v = v * 8 + buf[this.pos++]! - 48;
          c = v & 255;
        } else if (c === 13 || c === 10) {
          if (c === 13 && buf[this.pos] === 10) this.pos++;
          continue;
        } else c = ESCAPES[c] ?? c;
      }
      out.push(c);
    }
  }

  private hex(): PdfString {
    this.pos++;
    const out = new Bytes();
    let half = -1;
    for (;;) {
      if (this.pos >= this.buf.length) this.end();
      const c = this.buf[this.pos++]!;
      if (c === 62) break;
      if (WHITE[c]) continue;
      const v = hexValue(c);
      if (v < 0) throw corrupt('eine Hex-Zeichenkette enthält ungültige Zeichen');
      if (half < 0) half = v;
      else {
        out.push(half * 16 + v);
        half = -1;
      }
    }
    if (half >= 0) out.push(half * 16);
    return new PdfString(out.done());
  }

  private value(depth: number): PdfObject {
    const v = this.next(depth);
    if (v === undefined) this.end();
    if (v instanceof PdfOp) throw corrupt(`unerwartetes Schlüsselwort „${v.op.slice(0, 20)}“`);
    return v;
  }

  private array(depth: number): PdfObject[] {
    if (depth > MAX_NESTING) throw corrupt(`Objekte sind mehr als ${MAX_NESTING} Ebenen tief verschachtelt`);
    this.pos++;
    const out: PdfObject[] = [];
    for (;;) {
      if (!this.skipSpace()) this.end();
      if (this.buf[this.pos] === 93) {
        this.pos++;
        return out;
      }
      out.push(this.value(depth));
    }
  }

  private dict(depth: number): PdfDict {
    if (depth > MAX_NESTING) throw corrupt(`Objekte sind mehr als ${MAX_NESTING} Ebenen tief verschachtelt`);
    this.pos += 2;
    const out: PdfDict = new Map();
    for (;;) {
      if (!this.skipSpace() || (this.pos + 1 >= this.buf.length && !this.complete)) this.end();
      if (this.buf[this.pos] === 62 && this.buf[this.pos + 1] === 62) {
        this.pos += 2;
        return out;
      }
      const key = this.value(depth);
      if (!(key instanceof PdfName)) throw corrupt('ein Wörterbuch hat einen Schlüssel, der kein Name ist');
      if (!this.skipSpace()) this.end();
      if (this.buf[this.pos] === 62 && this.buf[this.pos + 1] === 62) continue; // key without value
      out.set(key.name, this.value(depth));
    }
  }

  /**
   * An indirect object `num gen obj ... endobj` starting at `pos`; a stream's data is not read, only located.
   * Returns the object number and generation found in the header.
   */
  indirect(): { num: number; gen: number; obj: PdfObject } {
    const num = this.next();
    const gen = this.next();
    const kw = this.next();
    if (typeof num !== 'number' || typeof gen !== 'number' || !(kw instanceof PdfOp) || kw.op !== 'obj')
      throw corrupt('an der erwarteten Stelle steht kein Objekt');
    const obj = this.value(0);
    if (!this.skipSpace()) return this.complete ? { num, gen, obj } : this.end();
    const save = this.pos;
    if (this.word() !== 'stream' || !(obj instanceof Map)) {
      this.pos = save;
      return { num, gen, obj };
    }
    // The data starts after CR LF or LF (a lone CR is tolerated).
    if (this.pos + 1 >= this.buf.length && !this.complete) this.end();
    if (this.buf[this.pos] === 13) this.pos++;
    if (this.buf[this.pos] === 10) this.pos++;
    const len = obj.get('Length');
    const length = typeof len === 'number' && Number.isInteger(len) && len >= 0 ? len : -1;
    return { num, gen, obj: new PdfStream(obj, this.base + this.pos, length) };
  }
}

/**
 * Runs `parse` over the file from `offset`, first on 4 KiB and then on four times more each time it
 * runs into the end of what was read: at most `maxBytes` (an object larger than that is refused).
 */
export async function parseAt<T>(
  src: RandomAccess,
  offset: number,
  maxBytes: number,
  parse: (p: Parser) => T,
): Promise<T> {
  for (let size = 4096; ; size *= 4) {
    const want = Math.min(size, maxBytes, src.size - offset);
    const buf = await src.read(offset, want);
    const complete = offset + buf.length >= src.size;
    try {
      return parse(new Parser(buf, 0, complete, offset));
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e;
      if (want >= maxBytes)
        throw new PermanentError(
          ReasonCode.tooLarge,
          `Die PDF-Datei enthält ein Objekt, das größer als ${mib(maxBytes)} ist.`,
        );
    }
  }
}
