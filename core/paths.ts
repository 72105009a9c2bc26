// Layout of a data dir, and safe handling of file names that come from outside.
import fs from 'node:fs';
import path from 'node:path';
import { sha256 } from './hash.ts';

export interface DataDirs {
  root: string;
  db: string;
  blobs: string;
  spool: string;
  hotfolders: string;
  inbox: string;
  quarantine: string;
  redis: string;
}

export function dataDirs(root: string): DataDirs {
  const abs = path.resolve(root);
  return {
    root: abs,
    db: path.join(abs, 'poststelle.sqlite'),
    blobs: path.join(abs, 'blobs'),
    spool: path.join(abs, 'spool'),
    hotfolders: path.join(abs, 'hotfolders'),
    inbox: path.join(abs, 'inbox'),
    quarantine: path.join(abs, 'quarantine'),
    redis: path.join(abs, 'redis'),
  };
}

/** Creates the data dir with restrictive modes (owner only: it holds personal data). */
export function ensureDataDirs(d: DataDirs): void {
  for (const dir of [d.root, d.blobs, d.spool, d.hotfolders, d.inbox, d.quarantine]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
}

/** BullMQ prefix derived from the data dir, so two data dirs on one Redis never see each other's jobs. */
export function queuePrefix(root: string, override?: string): string {
  return override ?? `ps-${sha256(path.resolve(root)).slice(0, 10)}`;
}

/**
 * A file name from outside made safe to use as one path segment: NFC, no separators, no control
 * characters, no leading dots, bounded length. Never a path.
 * @example safeName('../../etc/passwd') // 'etc_passwd'
 */
export function safeName(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(-120);
  return cleaned || 'unnamed';
}
