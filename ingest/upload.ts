// Upload: the second way in, beside the hot folders. A scan sent through the browser is checked cheaply
// (size, type), written into the spool under a name of our own and handed to the same intake as a file
// from a hot folder, with the uploading user as the batch's operator.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { safeName } from '../core/paths.ts';
import type { Batch } from '../core/store/types.ts';
import { berlinDate, intake, type IntakeContext } from './intake.ts';
import { sniffType } from './sniff.ts';

/** Without a cap of its own, the UI takes at most this much in one upload. */
export const DEFAULT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/** Bytes read to tell the type (a PDF header may follow up to 1 KiB of junk). */
const HEAD_BYTES = 1024;

/** An upload refused before intake: `status` is the HTTP status for it, the message is for people. */
export class UploadRefused extends Error {
  override name = 'UploadRefused';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadRequest {
  /** The file's bytes (a form upload held in memory) ... */
  bytes?: Uint8Array;
  /** ... or a file the caller wrote (a streamed upload): it is consumed, i.e. gone afterwards. */
  tempFile?: string;
  /** The name the browser sent: recorded (made safe) as the batch's source, never used as a path. */
  fileName: string;
  profile: string;
  /** The uploading user, recorded as the batch's operator. */
  operator: string;
  /** The UI's own cap; the smaller of it and the profile's `limits.maxFileBytes` applies. */
  maxBytes?: number;
  /** Where delivered items go (default: the data dir's inbox). */
  outDir?: string;
}

const mb = (n: number) => `${Math.max(1, Math.floor(n / 1048576))} MB`;

/**
 * Takes an uploaded scan in as a batch (source `upload`), exactly as if it had been dropped into the
 * profile's hot folder. Refuses (UploadRefused) an unknown profile, an empty or too big file and any type
 * the hot folders do not take (PDF, TIFF, PNG, JPEG, by content).
 * @example await intakeUpload(ctx, { bytes, fileName: 'Post 3 Blatt.pdf', profile: 'standard', operator: 'mueller' })
 */
export async function intakeUpload(ctx: IntakeContext, req: UploadRequest): Promise<Batch> {
  // The name is ours: nothing of the client's name reaches the file system before safeName.
  const tmp = path.join(ctx.dirs.spool, `.upload-${randomUUID()}.part`);
  try {
    const profile = ctx.config.profiles.get(req.profile);
    if (!profile) throw new UploadRefused(400, `Unbekanntes Profil „${safeName(req.profile, 40)}“.`);
    const size = req.bytes ? req.bytes.byteLength : (await fsp.stat(req.tempFile!)).size;
    const max = Math.min(profile.limits.maxFileBytes, req.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES);
    if (size === 0) throw new UploadRefused(400, 'Die Datei ist leer.');
    if (size > max) throw new UploadRefused(413, `Datei zu groß (${mb(size)}, höchstens ${mb(max)}).`);
    const head = req.bytes ? req.bytes.subarray(0, HEAD_BYTES) : await readHead(req.tempFile!);
    if (!sniffType(head))
      throw new UploadRefused(
        415,
        'Dateityp nicht unterstützt: angenommen werden PDF, TIFF, PNG und JPEG (nach Inhalt geprüft).',
      );
    if (req.bytes) await fsp.writeFile(tmp, req.bytes, { mode: 0o600, flag: 'wx' });
    else await moveInto(req.tempFile!, tmp);
    return await intake(ctx, {
      file: tmp,
      originalName: safeName(req.fileName),
      source: 'upload',
      profile: profile.name,
      outDir: req.outDir ?? ctx.dirs.inbox,
      receivedAt: berlinDate(),
      mode: 'move',
      root: ctx.dirs.spool,
      operator: req.operator,
    });
  } finally {
    // Gone once intake moved it; left over only when refused or failed.
    await fsp.rm(tmp, { force: true });
    if (req.tempFile) await fsp.rm(req.tempFile, { force: true });
  }
}

async function readHead(file: string): Promise<Buffer> {
  const h = await fsp.open(file, 'r');
  try {
    const { buffer, bytesRead } = await h.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/** Renames a file, or copies it where the rename cannot cross file systems. */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await fsp.copyFile(from, to, fsp.constants.COPYFILE_EXCL);
  }
  await fsp.chmod(to, 0o600);
}
