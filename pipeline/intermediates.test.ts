import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../core/blobs.ts';
import { log } from '../core/log.ts';
import type { Batch, PageRecord } from '../core/store/types.ts';
import { tmpDir } from '../test/support.ts';
import type { Context } from './context.ts';
import { secureDeletion } from '../profiles/policy.ts';
import { purgeRawScan, shred } from './intermediates.ts';

describe('secure deletion of the raw scan', () => {
  it('overwrites the file in place before removing it (a second link to it sees only zeros)', async () => {
    const dir = tmpDir('shred');
    const file = path.join(dir, 'scan.pdf');
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 5, 0x41));
    fs.linkSync(file, path.join(dir, 'witness'));
    expect(await shred(file)).toBe(3 * 1024 * 1024 + 5);
    expect(fs.existsSync(file)).toBe(false);
    const left = fs.readFileSync(path.join(dir, 'witness'));
    expect(left.length).toBe(3 * 1024 * 1024 + 5);
    expect(left.every((b) => b === 0)).toBe(true);
    expect(await shred(file)).toBeNull();
  });

  it("deletes a batch's spool file and its own page images, keeps images another batch or its normalize result shares, and audits it", async () => {
    const dir = tmpDir('purge');
    const blobs = new BlobStore(path.join(dir, 'blobs'));
    const own = await blobs.put(Buffer.from('page 1 of a'));
    const shared = await blobs.put(Buffer.from('white page'));
    const same = await blobs.put(Buffer.from('page the normalize left as it was'));
    const spool = path.join(dir, 'a.pdf');
    fs.writeFileSync(spool, 'raw scan');
    const audit: unknown[] = [];
    const ctx = {
      blobs,
      log,
      repo: {
        pages: async () =>
          [
            { blob: own, rev: 1 },
            { blob: shared, rev: 1 },
            { blob: same, rev: 1 },
          ] as PageRecord[],
        pageResult: async () => ({ blob: same }),
        blobUsers: async (h: string) => (h === shared ? ['a', 'b'] : ['a']),
        audit: async (...args: unknown[]) => void audit.push(args),
      },
    } as unknown as Context;
    const r = await purgeRawScan(ctx, { id: 'a', spoolPath: spool } as Batch, 'mueller');
    expect(r.files).toBe(2);
    expect(fs.existsSync(spool)).toBe(false);
    expect(fs.existsSync(blobs.pathOf(own))).toBe(false);
    expect(fs.existsSync(blobs.pathOf(shared))).toBe(true);
    expect(fs.existsSync(blobs.pathOf(same))).toBe(true);
    expect(audit).toEqual([
      ['mueller', 'batch.raw_scan.deleted', 'a', expect.objectContaining({ files: 2 })],
    ]);
  });

  it('applies from integrity or confidentiality hoch on', () => {
    const p = (integrity: string, confidentiality: string) =>
      ({ protection: { integrity, confidentiality, availability: 'normal' } }) as Parameters<
        typeof secureDeletion
      >[0];
    expect(secureDeletion(p('normal', 'normal'))).toBe(false);
    expect(secureDeletion(p('hoch', 'normal'))).toBe(true);
    expect(secureDeletion(p('normal', 'sehr hoch'))).toBe(true);
  });
});
