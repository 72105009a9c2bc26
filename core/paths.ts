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
 * Longest stored name in bytes. Most filesystems allow 255 bytes per name; the longest name built on a
 * stored one is a temporary file beside a spool file's declaration: 36 (batch uuid) + 2 + profile (at
 * most 32) + 2 + this + 14 (`.declared.json`) + 42 (`.` and `.<uuid>.tmp`) = 248 bytes.
 */
export const MAX_NAME_BYTES = 120;
/** Longest profile name (it is part of spool file names). */
export const MAX_PROFILE_NAME = 32;

/**
 * A directory entry's name as a string: its UTF-8 reading, or, where the bytes are not UTF-8 (a share
 * writing Latin-1), its Latin-1 reading, which always exists.
 */
export function readableName(raw: Buffer): { name: string; utf8: boolean } {
  const name = raw.toString('utf8');
  return Buffer.from(name).equals(raw) ? { name, utf8: true } : { name: raw.toString('latin1'), utf8: false };
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character (grapheme cluster). */
export function cutBytes(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(s)) {
    const n = Buffer.byteLength(segment);
    if (bytes + n > max) break;
    out += segment;
    bytes += n;
  }
  return out;
}

/**
 * A file name from outside made safe to use as one path segment: NFC, no separators, no control
 * characters, no leading dots or dashes, at most `maxBytes` UTF-8 bytes (the extension is kept). Never a
 * path, never an option.
 * @example safeName('../../etc/passwd') // 'passwd'
 */
export function safeName(name: string, maxBytes = MAX_NAME_BYTES): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s-]+/, '')
    .trim();
  if (Buffer.byteLength(cleaned) <= maxBytes) return cleaned || 'unnamed';
  const ext = /\.[\p{L}\p{N}]{1,8}$/u.exec(cleaned)?.[0] ?? '';
  return cutBytes(cleaned.slice(0, cleaned.length - ext.length), maxBytes - Buffer.byteLength(ext)) + ext;
}

/**
 * A name from outside as it may be shown on a terminal: control characters, line breaks and bidi
 * overrides (which can fake or hide text) escaped as \u{...}; everything else as it is.
 * @example printable('a\nb') // 'a\\u{a}b'
 */
export function printable(name: string): string {
  return name.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}
