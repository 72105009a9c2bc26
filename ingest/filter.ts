import path from 'node:path';
import { MANIFEST_SUFFIX } from './declared.ts';

// Which files in a hot folder are work. Scanner, NAS and OS junk is ignored; everything else is taken,
// and what cannot be read is quarantined with a reason (an operator must see it, not lose it).

const JUNK_NAMES = new Set([
  'thumbs.db',
  'desktop.ini',
  '@eadir',
  '#recycle',
  '#snapshot',
  '.stfolder',
  '.stversions',
  'lost+found',
  '$recycle.bin',
]);
const PARTIAL = /\.(tmp|temp|part|partial|crdownload|filepart|download|lock)$/i;

/**
 * True for a path segment that is not work: hidden files (`.x`, macOS `._x`), Office lock files (`~$x`),
 * in-progress downloads and copies, and the folders NAS boxes keep their thumbnails in.
 * @example isJunk('._scan.pdf') // true
 */
export function isJunk(name: string): boolean {
  const n = name.normalize('NFC');
  // A name like '..\\..\\x.pdf' is a path trick, not a hidden file: it is taken (and stored under a safe name).
  const hidden = n.startsWith('.') && !n.includes('\\');
  return hidden || n.startsWith('~$') || JUNK_NAMES.has(n.toLowerCase()) || PARTIAL.test(n);
}

/** True when no segment of a path relative to the hot folder is junk and it is not a scan's manifest. */
export function acceptPath(relative: string): boolean {
  const segments = relative.split(path.sep).filter(Boolean);
  return segments.every((s) => !isJunk(s)) && !segments.at(-1)?.toLowerCase().endsWith(MANIFEST_SUFFIX);
}
