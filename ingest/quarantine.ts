// Quarantine: inputs that cannot be processed leave the spool for data/quarantine/ with a record of why,
// so an operator sees them (and can release them once the cause is fixed). Nothing is ever just dropped.
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeName } from '../core/paths.ts';
import { writeFileAtomic } from '../core/files.ts';
import type { ReasonCode } from '../core/errors.ts';
import type { Batch } from '../core/store/types.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import type { Repository } from '../core/store/types.ts';

/** What quarantining needs: the data dirs, the store, a logger and who acts. */
export interface QuarantineContext {
  dirs: DataDirs;
  repo: Repository;
  log: Logger;
  actor: string;
}

export const REASON_SUFFIX = '.reason.json';

export interface QuarantineRecord {
  batch: string;
  reason: ReasonCode;
  message: string;
  /** The input's name exactly as it came (hot-folder path or command-line argument). */
  originalName: string;
  hash: string;
  at: string;
  /** False when there is no file beside the record (an entry that was never read, e.g. a symbolic link given to `process`). */
  file: boolean;
}

/** Where a batch's file goes in the quarantine. */
export function quarantinePath(
  ctx: Pick<QuarantineContext, 'dirs'>,
  batch: Pick<Batch, 'id' | 'originalName'>,
): string {
  return path.join(ctx.dirs.quarantine, `${batch.id}-${safeName(path.basename(batch.originalName))}`);
}

/**
 * Moves a batch's spool entry (whatever it is: the rename never follows a link) into the quarantine, writes
 * the record beside it and marks the batch. Safe to repeat after a crash.
 */
export async function quarantineBatch(
  ctx: QuarantineContext,
  batch: Batch,
  reason: ReasonCode,
  message: string,
): Promise<void> {
  const target = quarantinePath(ctx, batch);
  let moved = false;
  if (batch.spoolPath)
    moved = await fs.rename(batch.spoolPath, target).then(
      () => true,
      async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
        // Already moved by an earlier attempt, or never there.
        return fs.lstat(target).then(
          () => true,
          () => false,
        );
      },
    );
  const record: QuarantineRecord = {
    batch: batch.id,
    reason,
    message,
    originalName: batch.originalName,
    hash: batch.hash,
    at: new Date().toISOString(),
    file: moved,
  };
  await writeFileAtomic(target + REASON_SUFFIX, JSON.stringify(record, null, 2));
  await ctx.repo.markBatch(batch.id, { status: 'quarantined', reason, message }, ctx.actor);
  ctx.log.warn('batch quarantined', { batchId: batch.id, reason, hash: batch.hash });
}
