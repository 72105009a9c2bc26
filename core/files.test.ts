import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test/helpers.ts';
import {
  hashHandle,
  inRealDir,
  NotRegularFileError,
  openRegular,
  removeStaleTemps,
  writeFileAtomic,
} from './files.ts';

describe('removeStaleTemps', () => {
  it('removes only the temporary files interrupted writes of the named files left behind', async () => {
    const dir = tmpDir('files');
    await writeFileAtomic(path.join(dir, 'a.pdf'), 'whole');
    for (const f of ['.a.pdf.1234.tmp', '.b.pdf.5678.tmp', '.a.pdf.json', 'c.tmp'])
      fs.writeFileSync(path.join(dir, f), 'part');
    await removeStaleTemps(dir, ['a.pdf']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.a.pdf.json', '.b.pdf.5678.tmp', 'a.pdf', 'c.tmp']);
  });
});

describe('openRegular', () => {
  const setup = () => {
    const dir = tmpDir('regular');
    const file = path.join(dir, 'brief.pdf');
    fs.writeFileSync(file, '%PDF-1.4 Inhalt');
    return { dir, file };
  };

  it('reads a regular file, and through a link only when asked to follow it', async () => {
    const { dir, file } = setup();
    const link = path.join(dir, 'link.pdf');
    fs.symlinkSync(file, link);
    const h = await openRegular(file);
    expect(await hashHandle(h)).toMatch(/^[0-9a-f]{64}$/);
    await h.close();
    await expect(openRegular(link)).rejects.toMatchObject({
      name: 'NotRegularFileError',
      kind: 'symbolischer Link',
    });
    await (await openRegular(link, { follow: true })).close();
  });

  it('refuses FIFOs (without blocking), directories and hard links before reading', async () => {
    const { dir, file } = setup();
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.linkSync(file, path.join(dir, 'zweiter-name.pdf'));
    await expect(openRegular(path.join(dir, 'fifo'))).rejects.toBeInstanceOf(NotRegularFileError);
    await expect(openRegular(dir)).rejects.toMatchObject({ kind: 'Verzeichnis' });
    await expect(openRegular(file)).rejects.toMatchObject({ kind: expect.stringMatching(/harter Link/) });
  });

  it('copies while hashing, atomically', async () => {
    const { dir, file } = setup();
    const h = await openRegular(file);
    const copy = path.join(dir, 'kopie.pdf');
    const hash = await hashHandle(h, copy);
    await h.close();
    expect(fs.readFileSync(copy, 'utf8')).toBe('%PDF-1.4 Inhalt');
    expect(hash).toBe(createHash('sha256').update('%PDF-1.4 Inhalt').digest('hex'));
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
  });
});

describe('inRealDir', () => {
  /** A hot folder with a subfolder `x` holding `scan.pdf`, and a file of the same name outside it. */
  function setup() {
    const base = tmpDir('realdir');
    const [root, outside] = [path.join(base, 'hot'), path.join(base, 'outside')];
    fs.mkdirSync(path.join(root, 'x'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(root, 'x', 'scan.pdf'), 'inside');
    fs.writeFileSync(path.join(outside, 'scan.pdf'), 'outside');
    return { root, outside, file: path.join(root, 'x', 'scan.pdf'), dest: path.join(base, 'spool.pdf') };
  }

  it('reaches a file through real folders', async () => {
    const { root, file } = setup();
    expect(await inRealDir(root, file, (p) => fs.promises.readFile(p, 'utf8'))).toBe('inside');
  });

  it('refuses a path whose folder is a link to elsewhere', async () => {
    const { root, outside, file, dest } = setup();
    fs.rmSync(path.join(root, 'x'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'x'));
    await expect(inRealDir(root, file, (p) => fs.promises.rename(p, dest))).rejects.toThrow(
      NotRegularFileError,
    );
    expect(fs.readFileSync(path.join(outside, 'scan.pdf'), 'utf8')).toBe('outside');
  });

  it('keeps to the folder it opened when the folder is swapped for a link meanwhile', async () => {
    const { root, outside, file, dest } = setup();
    await inRealDir(root, file, async (p) => {
      fs.renameSync(path.join(root, 'x'), path.join(root, 'x.old'));
      fs.symlinkSync(outside, path.join(root, 'x'));
      await fs.promises.rename(p, dest);
    });
    expect(fs.readFileSync(dest, 'utf8')).toBe('inside');
    expect(fs.readFileSync(path.join(outside, 'scan.pdf'), 'utf8')).toBe('outside');
  });
});
