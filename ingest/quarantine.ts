// Quarantine: inputs that cannot be processed leave the spool for data/quarantine/ with a record of why,
// so an operator sees them (and can release them once the cause is fixed). Nothing is ever just dropped.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { printable, safeName } from '../core/paths.ts';
import { writeFileAtomic } from '../core/files.ts';
import { ReasonCode } from '../core/errors.ts';
import type { Batch } from '../core/store/types.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import type { Repository } from '../core/store/types.ts';
import type { Config } from '../profiles/load.ts';
import { MANIFEST_SUFFIX, manifestText } from './declared.ts';

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
  /** The batch's profile (records written before it was kept have none). */
  profile?: string;
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
    profile: batch.profile,
  };
  await writeFileAtomic(target + REASON_SUFFIX, JSON.stringify(record, null, 2));
  await ctx.repo.markBatch(batch.id, { status: 'quarantined', reason, message }, ctx.actor);
  ctx.log.warn('batch quarantined', { batchId: batch.id, reason, hash: batch.hash });
}

/** A quarantined file as the operators see it. */
export interface QuarantineEntry extends QuarantineRecord {
  /** Its name in the quarantine folder: what a release names (never a path). */
  name: string;
  /** Its size in bytes, null when there is no regular file. */
  size: number | null;
}

/** The records in the quarantine, newest first (a record that cannot be read is left out). */
export async function listQuarantine(dirs: Pick<DataDirs, 'quarantine'>): Promise<QuarantineEntry[]> {
  const names = await fs.readdir(dirs.quarantine).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const entries: QuarantineEntry[] = [];
  for (const recordName of names.filter((n) => n.endsWith(REASON_SUFFIX))) {
    const name = recordName.slice(0, -REASON_SUFFIX.length);
    const record = await readRecord(dirs, name);
    if (!record) continue;
    const st = await fs.lstat(path.join(dirs.quarantine, name)).catch(() => null);
    entries.push({ ...record, name, size: st?.isFile() ? st.size : null });
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at) || a.name.localeCompare(b.name));
}

async function readRecord(
  dirs: Pick<DataDirs, 'quarantine'>,
  name: string,
): Promise<QuarantineRecord | null> {
  try {
    const text = await fs.readFile(path.join(dirs.quarantine, name + REASON_SUFFIX), 'utf8');
    const r = JSON.parse(text) as QuarantineRecord;
    return typeof r.batch === 'string' && typeof r.reason === 'string' ? r : null;
  } catch {
    return null;
  }
}

/** A release that cannot be done; the message says why, for people. */
export class ReleaseRefused extends Error {
  override name = 'ReleaseRefused';
}

/** What a release needs: the data dirs, the store (batch, audit), the profiles and a logger. */
export type ReleaseContext = Pick<QuarantineContext, 'dirs' | 'log'> & {
  repo: Pick<Repository, 'getBatch' | 'audit'>;
  config: Pick<Config, 'profiles'>;
};

export interface Released {
  batch: string;
  /** Where the file is now (in the profile's hot folder). */
  target: string;
  /** Whether the operator's manifest went back with it. */
  manifest: boolean;
}

/**
 * Puts a quarantined file back into a profile's hot folder once its cause is fixed: `name` is a name in
 * the quarantine folder (never a path), entries that were never read (`not_regular_file`) stay. The
 * operator's manifest goes back with the scan, so the count is checked again; a file waiting in the hot
 * folder under the same name is never replaced. Audited as `quarantine.released`.
 * @example await releaseQuarantined(ctx, { name: 'a1b2c3-scan.pdf', profile: 'standard', actor: 'mueller' })
 */
export async function releaseQuarantined(
  ctx: ReleaseContext,
  req: { name: string; profile: string; actor: string },
): Promise<Released> {
  const { name } = req;
  const shown = printable(name);
  if (name !== path.basename(name) || name.startsWith('.') || name.endsWith(REASON_SUFFIX) || !name)
    throw new ReleaseRefused(`Nicht in der Quarantäne: ${shown}`);
  const profile = ctx.config.profiles.get(req.profile);
  if (!profile) throw new ReleaseRefused(`Unbekanntes Profil: ${printable(req.profile)}`);
  const record = await readRecord(ctx.dirs, name);
  const file = path.join(ctx.dirs.quarantine, name);
  const st = await fs.lstat(file).catch(() => null);
  if (!record) throw new ReleaseRefused(`Nicht in der Quarantäne: ${shown}`);
  if (record.reason === ReasonCode.notRegularFile || !record.file || (st && !st.isFile()))
    throw new ReleaseRefused(`Keine reguläre Datei, kann nicht freigegeben werden: ${shown}`);
  if (!st) throw new ReleaseRefused(`Nicht in der Quarantäne: ${shown}`);
  const hot = path.join(ctx.dirs.hotfolders, profile.hotFolder ?? profile.name);
  await fs.mkdir(hot, { recursive: true, mode: 0o700 });
  const batch = await ctx.repo.getBatch(record.batch);
  const manifest = manifestText(batch?.declared ?? null, batch?.operator ?? null);
  // The original name, or (taken by a file waiting there) the quarantine's name, which carries the batch id.
  const candidates = [safeName(path.basename(record.originalName)), name];
  let target: string | null = null;
  for (const candidate of candidates) {
    const t = path.join(hot, candidate);
    if (!(await exists(t)) && !(await exists(t + MANIFEST_SUFFIX))) {
      target = t;
      break;
    }
  }
  if (!target) throw new ReleaseRefused(`Im Scan-Ordner liegt schon eine Datei dieses Namens: ${shown}`);
  // The manifest first: the watcher must find it when the scan appears.
  if (manifest) await fs.writeFile(target + MANIFEST_SUFFIX, manifest, { mode: 0o600, flag: 'wx' });
  try {
    await placeNoClobber(file, target);
  } catch (e) {
    if (manifest) await fs.rm(target + MANIFEST_SUFFIX, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ReleaseRefused(`Im Scan-Ordner liegt schon eine Datei dieses Namens: ${shown}`, { cause: e });
    throw e;
  }
  await fs.rm(file + REASON_SUFFIX, { force: true });
  await ctx.repo.audit(req.actor, 'quarantine.released', record.batch, {
    from: name,
    to: target,
    profile: profile.name,
    manifest: Boolean(manifest),
  });
  ctx.log.info('quarantined file released', { batchId: record.batch, profile: profile.name });
  return { batch: record.batch, target, manifest: Boolean(manifest) };
}

const exists = (p: string) =>
  fs.lstat(p).then(
    () => true,
    () => false,
  );

/**
 * Moves `from` to `to` without ever replacing a file at `to` (EEXIST): a hard link and an unlink on one
 * file system; across file systems a copy under a junk name (ignored by the watcher), then linked.
 */
async function placeNoClobber(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const part = path.join(path.dirname(to), `.${randomUUID()}.part`);
    await fs.copyFile(from, part, fs.constants.COPYFILE_EXCL);
    try {
      await fs.link(part, to);
    } finally {
      await fs.rm(part, { force: true });
    }
  }
  await fs.rm(from);
}
