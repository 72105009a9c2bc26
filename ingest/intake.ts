// Intake: claim a file into the spool (atomic rename, or copy for explicit CLI inputs), hash it, record the
// batch and enqueue its split job. All checks of content happen in the split stage, so every input gets a
// batch record and a result, whatever it holds.
import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ReasonCode } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { safeName } from '../core/paths.ts';
import type { Batch, InputSource } from '../core/store/types.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import type { JobQueues } from '../core/queue/index.ts';
import type { Repository } from '../core/store/types.ts';
import type { Config } from '../profiles/load.ts';
import { hashHandle, inRealDir, NotRegularFileError, openRegular, writeFileAtomic } from '../core/files.ts';
import { quarantineBatch } from './quarantine.ts';
import {
  declarationFromName,
  MANIFEST_SUFFIX,
  readManifest,
  type Declaration,
  type ManifestDeclaration,
} from './declared.ts';

/** What intake needs of a running mailroom. */
export interface IntakeContext {
  repo: Repository;
  config: Config;
  dirs: DataDirs;
  queues: Pick<JobQueues, 'ensure'>;
  log: Logger;
  actor: string;
  /** Intake refuses new files below this much free disk space. */
  minFreeBytes: number;
}

export interface IntakeRequest {
  file: string;
  /** Recorded as the batch's source name, exactly as given: the path (CLI) or the hot-folder file name. */
  originalName: string;
  source: InputSource;
  profile: string;
  outDir: string;
  receivedAt: string;
  /** Move (hot folder: the file leaves the share) or copy (CLI: inputs are never changed). */
  mode: 'move' | 'copy';
  /** Read through a symbolic link at `file`: only for a path the user named explicitly (copy mode). */
  followLink?: boolean;
  /** The hot folder `file` was found in (move mode): every folder on the way must be a real one. */
  root?: string;
  /** The path's bytes, to read from, where `file` is only its readable form (a name not in UTF-8). */
  read?: Buffer;
  /** Who scanned or uploaded the batch (the UI user; else the manifest's `operator`, if any). */
  operator?: string;
}

/** Today's date in Europe/Berlin, the legal receipt date of post that arrives now. */
export function berlinDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Spool names carry the claim id, the profile and the original name: `<uuid>--<profile>--<safe name>`. */
export function spoolName(profile: string, originalName: string): string {
  return `${randomUUID()}--${profile}--${safeName(originalName)}`;
}

/** Not enough free disk space to accept work: the file stays where it is. */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
}

/** Pages, normalised pages and the output need several times the input's size (`needed`: 4 x input). */
async function assertFreeSpace(ctx: IntakeContext, needed: number): Promise<void> {
  const st = await fsp.statfs(ctx.dirs.root);
  const free = st.bavail * st.bsize;
  if (free - needed < ctx.minFreeBytes) {
    throw new DiskFullError(
      `Zu wenig freier Speicher im Datenverzeichnis ${ctx.dirs.root}: ${Math.floor(free / 1048576)} MB frei, mindestens ${Math.floor(ctx.minFreeBytes / 1048576)} MB nötig. Es werden keine neuen Dateien angenommen.`,
    );
  }
}

/** The operator's declaration travels beside the spool file until the batch is recorded. */
export const DECLARED_SUFFIX = '.declared.json';

/** Spool files this process has claimed and not yet recorded: never orphans. */
const claiming = new Set<string>();
/** A spool file without a batch is an orphan only when it is older than this (another process may be recording it). */
const ORPHAN_MIN_AGE_MS = 30_000;

export async function intake(ctx: IntakeContext, req: IntakeRequest): Promise<Batch> {
  const spoolPath = path.join(ctx.dirs.spool, spoolName(req.profile, path.basename(req.originalName)));
  claiming.add(spoolPath);
  try {
    return await claim(ctx, req, spoolPath);
  } finally {
    claiming.delete(spoolPath);
  }
}

async function claim(ctx: IntakeContext, req: IntakeRequest, spoolPath: string): Promise<Batch> {
  // A manifest next to the scan is read first and kept beside the spool file: a crash between claiming
  // and recording leaves an orphan that the reconciler records with its declaration.
  const required = ctx.config.profiles.get(req.profile)?.manifest === 'required';
  if (req.mode === 'move') {
    // Through the folders of the hot folder as they are now: a subfolder swapped for a link to elsewhere
    // is never followed.
    await inRealDir(req.root ?? path.dirname(req.file), req.file, async (file) => {
      const declared = await readManifest(file, required);
      await assertFreeSpace(ctx, 4 * (await fsp.lstat(file)).size);
      if (declared) await writeFileAtomic(spoolPath + DECLARED_SUFFIX, JSON.stringify(declared));
      // The rename moves the directory entry itself: a symbolic link is moved, never its target. What it
      // is gets checked in the spool, where no other process can swap it.
      await fsp.rename(file, spoolPath);
      // The manifest leaves the hot folder with its scan (a name near the length limit has none).
      // After the rename nothing may fail the claim: a manifest that cannot be removed (a folder of that
      // name, no permission) stays behind.
      await fsp.rm(file + MANIFEST_SUFFIX).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT' && e.code !== 'ENAMETOOLONG')
          ctx.log.warn('manifest left in the hot folder', { error: e.message });
      });
    });
    return recordSpooled(ctx, spoolPath, req);
  }
  const declared = req.read ? null : await readManifest(req.file, required);
  let input: FileHandle;
  try {
    input = await openRegular(req.read ?? req.file, { follow: req.followLink });
  } catch (e) {
    return rejectEntry(ctx, { ...req, spoolPath: '' }, e);
  }
  try {
    await assertFreeSpace(ctx, 4 * (await input.stat()).size);
    if (declared) await writeFileAtomic(spoolPath + DECLARED_SUFFIX, JSON.stringify(declared));
    const hash = await hashHandle(input, spoolPath);
    return await recordSpooled(ctx, spoolPath, req, hash);
  } finally {
    await input.close();
  }
}

/** Why an entry that could not be opened is refused for good, or null (an error worth a retry). */
export function refusal(e: unknown): [ReasonCode, string] | null {
  if (e instanceof NotRegularFileError)
    return [
      ReasonCode.notRegularFile,
      `Keine reguläre Datei (${e.kind}): nicht gelesen und nicht verändert.`,
    ];
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return [ReasonCode.unreadable, 'Die Poststelle darf die Datei nicht lesen (keine Leserechte).'];
  return null;
}

/** An entry that could not be opened: recorded and quarantined without reading it, or the error rethrown. */
async function rejectEntry(
  ctx: IntakeContext,
  req: Omit<IntakeRequest, 'file' | 'mode'> & { spoolPath: string },
  error: unknown,
): Promise<Batch> {
  const refused = refusal(error);
  if (!refused) throw error;
  const [reason, message] = refused;
  const batch = await ctx.repo.createBatch(
    {
      // Nothing was read, so the identity is the event, not content.
      hash: sha256(`${reason}\u0000${req.originalName}\u0000${randomUUID()}`),
      source: req.source,
      originalName: req.originalName,
      spoolPath: req.spoolPath,
      profile: req.profile,
      receivedAt: req.receivedAt,
      outDir: path.resolve(req.outDir),
      configVersion: ctx.config.version,
      declared: null,
      operator: req.operator ?? null,
    },
    ctx.actor,
  );
  await quarantineBatch(ctx, batch, reason, message);
  return (await ctx.repo.getBatch(batch.id))!;
}

/** Records a file already in the spool as a batch and queues its split (also used on restart for orphans). */
export async function recordSpooled(
  ctx: IntakeContext,
  spoolPath: string,
  req: Omit<IntakeRequest, 'file' | 'mode'>,
  knownHash?: string,
): Promise<Batch> {
  let hash = knownHash;
  if (!hash) {
    let handle: FileHandle;
    try {
      handle = await openRegular(spoolPath);
    } catch (e) {
      return rejectEntry(ctx, { ...req, spoolPath }, e);
    }
    try {
      await handle.chmod(0o600); // through the descriptor: never a path another process can swap
      hash = await hashHandle(handle);
    } finally {
      await handle.close();
    }
  }
  const sidecar = await fsp.readFile(spoolPath + DECLARED_SUFFIX, 'utf8').catch(() => null);
  // The manifest's operator is the batch's, not part of the declaration.
  const { operator: scannedBy, ...fromManifest } = sidecar
    ? (JSON.parse(sidecar) as ManifestDeclaration)
    : { operator: undefined };
  const declared = sidecar
    ? (fromManifest as Declaration)
    : declarationFromName(path.basename(req.originalName));
  const batch = await ctx.repo.createBatch(
    {
      hash,
      source: req.source,
      originalName: req.originalName,
      spoolPath,
      profile: req.profile,
      receivedAt: req.receivedAt,
      outDir: path.resolve(req.outDir),
      configVersion: ctx.config.version,
      declared,
      operator: req.operator ?? scannedBy ?? null,
    },
    ctx.actor,
  );
  await fsp.rm(spoolPath + DECLARED_SUFFIX, { force: true });
  ctx.log.info('batch ingested', { batchId: batch.id, hash, source: req.source, profile: req.profile });
  await ctx.queues.ensure({ queue: 'split', data: { batchId: batch.id } });
  return batch;
}

/**
 * Records spool files that were claimed but never recorded (a crash between the rename and the insert).
 * Only an ingest process adopts them, and only once they are old enough not to be on their way in.
 */
export async function adoptOrphans(
  ctx: IntakeContext,
  defaults: { profile: string; outDir: string },
): Promise<number> {
  let orphans = 0;
  for (const name of await fsp.readdir(ctx.dirs.spool)) {
    if (name.endsWith('.part') || name.endsWith(DECLARED_SUFFIX) || name.startsWith('.')) continue;
    const spoolPath = path.join(ctx.dirs.spool, name);
    if (claiming.has(spoolPath) || (await ctx.repo.findBatchBySpoolPath(spoolPath))) continue;
    // The rename into the spool sets ctime: a young file may still be on its way into the store.
    const st = await fsp.lstat(spoolPath).catch(() => null);
    if (!st || Date.now() - st.ctimeMs < ORPHAN_MIN_AGE_MS) continue;
    const [, profile = defaults.profile, original = name] = name.split('--');
    const known = ctx.config.profiles.has(profile) ? profile : defaults.profile;
    await recordSpooled(ctx, spoolPath, {
      originalName: original,
      source: 'rescan',
      profile: known,
      outDir: defaults.outDir,
      receivedAt: berlinDate(),
    });
    orphans++;
  }
  return orphans;
}
