// Positional read access to a file (a PDF's objects, a TIFF's IFDs): read piecewise through a small window cache, or a buffer.
import type { FileHandle } from 'node:fs/promises';

/** Bytes at given positions of a file of known size; the reader never asks for the whole file. */
export interface RandomAccess {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). Callers must not change them. */
  read(offset: number, length: number): Promise<Buffer>;
}

const WINDOW = 16 * 1024;
const CACHED_WINDOWS = 32;
const SEARCH_CHUNK = 256 * 1024;

/**
 * Reads an open file through positional reads; small reads are served from a cache of the last
 * 32 windows of 16 KiB (object headers are small: larger windows only churn memory), larger ones go
 * straight to the file.
 * @example
 * const handle = await fs.open(path);
 * try { const pdf = await PdfFile.open(await fileSource(handle), limits); } finally { await handle.close(); }
 */
export async function fileSource(handle: FileHandle): Promise<RandomAccess> {
  const { size } = await handle.stat();
  const cache = new Map<number, Promise<Buffer>>();

  async function direct(offset: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break; // the file shrank under us
      done += bytesRead;
    }
    return done < length ? buf.subarray(0, done) : buf;
  }

  function window(index: number): Promise<Buffer> {
    let w = cache.get(index);
    if (w)
      cache.delete(index); // re-inserted below: most recently used last
    else {
      w = direct(index * WINDOW, Math.min(WINDOW, size - index * WINDOW));
      w.catch(() => cache.delete(index)); // a failed read is not remembered
    }
    cache.set(index, w);
    if (cache.size > CACHED_WINDOWS) cache.delete(cache.keys().next().value!);
    return w;
  }

  return {
    size,
    async read(offset, length) {
      const start = Math.max(0, Math.min(offset, size));
      const end = Math.min(size, start + Math.max(0, length));
      if (end <= start) return Buffer.alloc(0);
      if (end - start > WINDOW) return direct(start, end - start);
      const first = Math.floor(start / WINDOW);
      const last = Math.floor(Math.max(start, end - 1) / WINDOW);
      const parts = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => window(first + i)));
      const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      return joined.subarray(start - first * WINDOW, end - first * WINDOW);
    },
  };
}

/** An in-memory PDF (tests, small files). */
export function bufferSource(buf: Buffer): RandomAccess {
  return {
    size: buf.length,
    read: async (offset, length) => {
      const start = Math.max(0, Math.min(offset, buf.length));
      return buf.subarray(start, Math.min(buf.length, start + Math.max(0, length)));
    },
  };
}

/**
 * Position of the first `needle` in [from, to), or -1. Reads 256 KiB at a time: bounded memory on any file.
 */
export async function indexOf(
  src: RandomAccess,
  needle: string,
  from: number,
  to = src.size,
): Promise<number> {
  const n = Buffer.from(needle, 'latin1');
  for (let pos = Math.max(0, from); pos < to; pos += SEARCH_CHUNK) {
    const chunk = await src.read(pos, Math.min(SEARCH_CHUNK + n.length - 1, to - pos));
    const i = chunk.indexOf(n);
    if (i >= 0) return pos + i;
  }
  return -1;
}
