// File writes that never leave a partial file behind.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

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
