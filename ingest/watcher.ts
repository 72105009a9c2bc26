// Hot-folder watcher: chokidar events plus a periodic full rescan (events get lost on network shares and
// while the service is down). A file is taken only when it is complete: size and mtime unchanged for a
// while AND it parses to its end. A file that never becomes complete is taken after a timeout anyway, so
// the split stage quarantines it with a reason instead of leaving it waiting forever.
import fs from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { Logger } from '../core/log.ts';
import { acceptPath } from './filter.ts';
import { MANIFEST_SUFFIX } from './declared.ts';
import { isComplete, sniffType } from './sniff.ts';
import { openRegular } from '../core/files.ts';
import { readableName } from '../core/paths.ts';
import { fileSource } from '../core/random-access.ts';

export const WATCH_MODES = ['events', 'polling', 'rescan'] as const;
export type WatchMode = (typeof WATCH_MODES)[number];

export interface WatchOptions {
  /** Hot folder per profile name. */
  folders: Map<string, string>;
  /**
   * events: inotify via chokidar plus the rescan; polling: chokidar stats every file each second (shares
   * that deliver no events); rescan: no watcher at all, only the periodic listing (huge shares, where
   * polling every file is too expensive).
   */
  mode: WatchMode;
  stableMs: number;
  rescanMs: number;
  /** After this long without becoming complete, a stable file is handed on (to be quarantined). */
  incompleteTimeoutMs: number;
  /** Profiles whose scans are taken only once their manifest is there too (or after the timeout). */
  manifestRequired?: Set<string>;
  onFile(file: string, profile: string): Promise<void>;
  log: Logger;
}

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
  firstSeen: number;
  profile: string;
  /** Not a regular file (link, FIFO, device, ...). */
  irregular?: boolean;
}

/**
 * Reads the parts of a file that tell whether it is complete (never the whole file). Unknown types count as complete (quarantined later),
 * except a file that starts with zero bytes: a writer that pre-allocates the final size has not written
 * its header yet.
 */
export async function complete(file: string): Promise<boolean> {
  const handle = await openRegular(file);
  try {
    const src = await fileSource(handle);
    const head = await src.read(0, 1024);
    const type = sniffType(head);
    if (type) return await isComplete(type, src);
    return head.length > 0 && head.subarray(0, 16).some((b) => b !== 0);
  } finally {
    await handle.close();
  }
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/**
 * A name that is not UTF-8 (a share written in Latin-1, say) cannot be opened by its decoded string:
 * renamed in place to its Latin-1 reading (always valid), with a suffix when that name is taken.
 */
async function renameToUtf8(dir: string, raw: Buffer, name: string, log: Logger): Promise<string | null> {
  const target = async () => {
    for (let i = 0; i < 10; i++) {
      const candidate = path.join(dir, i ? `${name} (${i})` : name);
      if (!(await fs.lstat(candidate).catch(() => null))) return candidate;
    }
    return null;
  };
  const to = await target();
  if (!to) return null;
  const renamed = await fs.rename(Buffer.concat([Buffer.from(dir + path.sep), raw]), to).then(
    () => true,
    (e: Error) => (log.warn('could not rename a name not in UTF-8', { error: e.message }), false),
  );
  if (renamed) log.warn('file name not in UTF-8: renamed in the hot folder', { file: path.basename(to) });
  return renamed ? to : null;
}

async function* walk(dir: string, log: Logger, root = dir): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch {
    return;
  }
  for (const e of entries) {
    const raw = e.name as unknown as Buffer;
    const { name, utf8 } = readableName(raw);
    if (!utf8) {
      await renameToUtf8(dir, raw, name, log); // seen again by the next rescan
      continue;
    }
    const full = path.join(dir, name);
    if (!acceptPath(path.relative(root, full))) continue;
    // Real directories are walked; links to directories are entries like any other non-regular one
    // (reported, never followed).
    if (e.isDirectory()) yield* walk(full, log, root);
    else yield full;
  }
}

export class HotFolderWatcher {
  private readonly seen = new Map<string, Seen>();
  /** Files handed on and not yet gone from the folder: never handed on twice. */
  private readonly taken = new Set<string>();
  private watcher: FSWatcher | undefined;
  private timers: NodeJS.Timeout[] = [];
  private checking = false;

  constructor(private readonly opts: WatchOptions) {}

  async start(): Promise<void> {
    for (const dir of this.opts.folders.values()) await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const dirs = [...this.opts.folders.values()];
    if (this.opts.mode !== 'rescan') {
      this.watcher = chokidar.watch(dirs, {
        usePolling: this.opts.mode === 'polling',
        interval: 1000,
        ignoreInitial: false,
        ignored: (p: string) => {
          const root = dirs.find((d) => p === d || p.startsWith(d + path.sep));
          return !root || (p !== root && !acceptPath(path.relative(root, p)));
        },
        awaitWriteFinish: false,
        // The hot folder is a boundary: a link is an entry of its own, its target is never looked at.
        followSymlinks: false,
      });
      const touch = (p: string) => void this.note(p);
      this.watcher
        .on('add', touch)
        .on('change', touch)
        .on('error', (e) => this.opts.log.warn('watcher error', { error: String(e) }));
    }
    // Why a rescan: inotify does not see changes made by other hosts on SMB/NFS shares, and events are
    // lost while the service is down or overloaded. Listing the folders catches everything they missed.
    await this.rescan();
    this.timers.push(setInterval(() => void this.rescan(), this.opts.rescanMs));
    this.timers.push(
      setInterval(() => void this.check(), Math.min(1000, Math.max(100, this.opts.stableMs / 2))),
    );
  }

  private profileOf(file: string): string | undefined {
    for (const [profile, dir] of this.opts.folders) if (file.startsWith(dir + path.sep)) return profile;
    return undefined;
  }

  private async note(file: string): Promise<void> {
    const profile = this.profileOf(file);
    if (!profile || this.taken.has(file)) return;
    try {
      const st = await fs.lstat(file);
      if (st.isDirectory()) return;
      if (!st.isFile() || st.nlink > 1) {
        // Nothing to wait for: hand it on at once, to be quarantined without being read.
        this.seen.set(file, { size: 0, mtimeMs: 0, since: 0, firstSeen: 0, profile, irregular: true });
        return;
      }
      const prev = this.seen.get(file);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.seen.set(file, {
          size: st.size,
          mtimeMs: st.mtimeMs,
          since: Date.now(),
          firstSeen: prev?.firstSeen ?? Date.now(),
          profile,
        });
      }
    } catch {
      this.seen.delete(file);
    }
  }

  async rescan(): Promise<void> {
    for (const dir of this.opts.folders.values())
      for await (const f of walk(dir, this.opts.log)) await this.note(f);
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = Date.now();
      for (const [file, s] of [...this.seen]) {
        await this.note(file);
        const cur = this.seen.get(file);
        if (!cur || cur.since !== s.since) continue;
        if (!cur.irregular && now - cur.since < this.opts.stableMs) continue;
        const done =
          cur.irregular ||
          ((await complete(file).catch(() => false)) &&
            (!this.opts.manifestRequired?.has(cur.profile) || (await exists(file + MANIFEST_SUFFIX))));
        if (!done && now - cur.firstSeen < this.opts.incompleteTimeoutMs) continue;
        this.seen.delete(file);
        this.taken.add(file);
        try {
          await this.opts.onFile(file, cur.profile);
        } catch (e) {
          this.opts.log.error('could not take file', { file: path.basename(file), error: String(e) });
        } finally {
          this.taken.delete(file);
        }
      }
    } finally {
      this.checking = false;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.watcher?.close();
  }
}
