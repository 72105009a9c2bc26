// Secure deletion of a batch's raw scan (TR-03138 A.NB.2, A.AM.VT.H.3): the raw scan (the spool copy of
// the input) and the page images as the split decoded them are kept until QA passed and the paper
// originals were released; from integrity or confidentiality 'hoch' on they are then overwritten and
// removed. What stays: the archived PDFs and the upright page images and OCR they were made from (a
// clerk's 'Nicht zuständig' re-routes from those).
//
// Limits (docs/tr03138.md): overwriting in place reaches the disk's blocks only on a filesystem that writes
// in place (ext4, XFS without reflinks). On SSDs (wear levelling, over-provisioning), copy-on-write
// filesystems (btrfs, ZFS), snapshots and backups older copies survive; there only encryption of the data
// volume (and destroying its key) deletes for certain.
import fs from 'node:fs/promises';
import type { Batch } from '../core/store/types.ts';
import type { Context } from './context.ts';

const CHUNK = 1 << 20;

/**
 * Overwrites a file with zeros, flushes it to the disk, and removes it. Returns the bytes overwritten, or
 * null when the file was not there.
 */
export async function shred(file: string): Promise<number | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let size = 0;
  try {
    size = (await handle.stat()).size;
    const zeros = Buffer.alloc(Math.min(CHUNK, size));
    for (let at = 0; at < size; at += zeros.length)
      await handle.write(zeros, 0, Math.min(zeros.length, size - at), at);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.unlink(file);
  return size;
}

/**
 * Shreds a batch's raw scan and its page images as split decoded them (audited with what was deleted).
 * A page image another batch shares (identical bytes) is kept.
 */
export async function purgeRawScan(ctx: Context, batch: Batch, actor: string) {
  const files: string[] = [batch.spoolPath];
  const pages = await ctx.repo.pages(batch.id);
  // A page normalize left unchanged has the same bytes (and blob) as the split's: that one stays.
  const kept = new Set<string>();
  for (const p of pages)
    for (let rev = 1; rev <= p.rev; rev++) {
      const r = (await ctx.repo.pageResult(p.batchId, p.pageNo, 'normalize', rev)) as
        { blob?: string } | undefined;
      if (r?.blob) kept.add(r.blob);
    }
  for (const hash of new Set(pages.map((p) => p.blob)))
    if (!kept.has(hash) && (await ctx.repo.blobUsers(hash)).every((b) => b === batch.id))
      files.push(ctx.blobs.pathOf(hash));
  let count = 0;
  let bytes = 0;
  for (const file of files) {
    const n = await shred(file);
    if (n === null) continue;
    count++;
    bytes += n;
  }
  await ctx.repo.audit(actor, 'batch.raw_scan.deleted', batch.id, {
    files: count,
    bytes,
    method: 'overwrite-zero+unlink',
  });
  ctx.log.info('raw scan securely deleted', { batchId: batch.id, files: count, bytes });
  return { files: count, bytes };
}
