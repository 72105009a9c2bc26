// File access at the mailroom's boundary: regular files only, never through a link; writes that never leave a partial file.
import fs from 'node:fs/promises';
import { constants as fsConstants, type Stats } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';

/**
 * Writes to a hidden temporary name in the same folder, fsyncs, then renames into place: readers see the
 * old file or the whole new one, never a part (owner-only mode: the contents are personal data).
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

/** Removes what interrupted `writeFileAtomic` calls for these files of one folder left behind (a kill mid-write). */
export async function removeStaleTemps(dir: string, names: string[]): Promise<void> {
  const prefixes = names.map((n) => `.${n}.`);
  for (const entry of await fs.readdir(dir))
    if (entry.endsWith('.tmp') && prefixes.some((p) => entry.startsWith(p)))
      await fs.rm(path.join(dir, entry), { force: true });
}

/** The path is not a regular file (a symbolic link, directory, FIFO, socket or device) or has other names. */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${kind}: ${file}`);
  }
}

/** What a non-regular directory entry is, for people. */
export function entryKind(st: Stats): string {
  if (st.isSymbolicLink()) return 'symbolischer Link';
  if (st.isDirectory()) return 'Verzeichnis';
  if (st.isFIFO()) return 'Named Pipe (FIFO)';
  if (st.isSocket()) return 'Socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'Gerätedatei';
  if (st.nlink > 1) return 'harter Link (Datei mit weiteren Namen)';
  return 'keine reguläre Datei';
}

/**
 * Opens a regular file for reading without following a symbolic link at its last component (O_NOFOLLOW)
 * and without blocking on a FIFO; anything but a regular file with one name is refused before a byte is
 * read. `follow` allows a link (a path the user named explicitly). The caller closes the handle.
 */
export async function openRegular(
  file: string | Buffer,
  opts: { follow?: boolean } = {},
): Promise<fs.FileHandle> {
  const shown = String(file);
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
  // Decide from the entry itself first: opening a device can have effects of its own.
  const entry = await (opts.follow ? fs.stat(file) : fs.lstat(file));
  if (!entry.isFile() || entry.nlink > 1) throw new NotRegularFileError(shown, entryKind(entry));
  const handle = await fs.open(file, O_RDONLY | O_NONBLOCK | (opts.follow ? 0 : O_NOFOLLOW)).catch((e) => {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP')
      throw new NotRegularFileError(shown, 'symbolischer Link');
    throw e;
  });
  const st = await handle.stat();
  // The entry may have been swapped between the check and the open.
  if (!st.isFile() || st.nlink > 1 || st.ino !== entry.ino || st.dev !== entry.dev) {
    await handle.close();
    throw new NotRegularFileError(shown, entryKind(st));
  }
  return handle;
}

/**
 * Runs `fn` with a path to `file` that goes through real directories only, from `root` down: each folder
 * on the way is opened without following a link (O_NOFOLLOW | O_DIRECTORY) through the descriptor of the
 * one above, and `fn` gets `/proc/self/fd/<folder>/<name>`, so a folder swapped for a link meanwhile is
 * never followed. Throws NotRegularFileError when a folder on the way is a link or no folder.
 */
export async function inRealDir<T>(root: string, file: string, fn: (file: string) => Promise<T>): Promise<T> {
  const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fsConstants;
  const rel = path.relative(root, path.dirname(file));
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new NotRegularFileError(file, 'außerhalb des Ordners');
  let dir = await fs.open(root, O_RDONLY | O_DIRECTORY);
  try {
    for (const part of rel.split(path.sep).filter(Boolean)) {
      const next = await fs
        .open(`/proc/self/fd/${dir.fd}/${part}`, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        .catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ELOOP' || e.code === 'ENOTDIR')
            throw new NotRegularFileError(file, 'Ordner auf dem Weg ist ein symbolischer Link');
          throw e;
        });
      await dir.close();
      dir = next;
    }
    return await fn(`/proc/self/fd/${dir.fd}/${path.basename(file)}`);
  } finally {
    await dir.close();
  }
}

const CHUNK = 1 << 20;

/** SHA-256 of everything readable from an open file, and (optionally) a copy written atomically to `copyTo`. */
export async function hashHandle(src: fs.FileHandle, copyTo?: string): Promise<string> {
  const h = createHash('sha256');
  const tmp = copyTo && path.join(path.dirname(copyTo), `.${path.basename(copyTo)}.${randomUUID()}.tmp`);
  const out = tmp ? await fs.open(tmp, 'wx', 0o600) : undefined;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = 0; ;) {
      const { bytesRead } = await src.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      if (out) await out.write(buf, 0, bytesRead);
      pos += bytesRead;
    }
    await out?.sync();
  } finally {
    await out?.close();
  }
  if (tmp) await fs.rename(tmp, copyTo!);
  return h.digest('hex');
}
