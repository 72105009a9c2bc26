import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqliteRepository } from './sqlite.ts';
import type { NewBatch } from './types.ts';

let file: string;
let repo: SqliteRepository;
const batch = (hash: string): NewBatch => ({
  hash,
  source: 'cli',
  originalName: 'in/scan.pdf',
  spoolPath: `/spool/${hash}`,
  profile: 'standard',
  receivedAt: '2026-11-02',
  outDir: '/out',
  configVersion: 'v1',
  declared: { sheets: 3, pages: null, duplex: true, source: 'manifest', error: null },
});

beforeEach(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')), 'db.sqlite');
  repo = new SqliteRepository(file, 'v1');
});

describe('SqliteRepository', () => {
  it('derives batch ids from the content hash, with a run suffix for the same bytes again', async () => {
    const a = await repo.createBatch(batch('a'.repeat(64)), 'test');
    const b = await repo.createBatch({ ...batch('a'.repeat(64)), spoolPath: '/spool/other' }, 'test');
    expect(a.id).toBe('aaaaaaaaaaaa');
    expect(b.id).toBe('aaaaaaaaaaaa-r1');
    expect((await repo.getBatch(a.id))!.declared).toEqual(batch('').declared);
    expect(await repo.findProcessedBatchByHash(a.hash, b.id)).toMatchObject({ id: a.id });
    expect(await repo.findProcessedBatchByHash(a.hash, a.id)).toBeUndefined();
  });

  it('records a split and walks an item through its stages atomically', async () => {
    const b = await repo.createBatch(batch('b'.repeat(64)), 'test');
    const pages = [1, 2, 3].map((n) => ({
      batchId: b.id,
      pageNo: n,
      blob: 'x',
      width: 1,
      height: 1,
      dpiX: 300,
      scanDpi: 300,
      colour: 'grey' as const,
      dpiY: 300,
      kind: n === 2 ? ('blank' as const) : ('content' as const),
      itemId: null,
    }));
    const [item] = await repo.recordSplit(b.id, pages, [{ seq: 1, firstPage: 1, lastPage: 3 }], 'test');
    expect(item).toMatchObject({ id: 'bbbbbbbbbbbb-01', stage: 'normalize', status: 'processing' });
    expect((await repo.pages(b.id)).every((p) => p.itemId === item!.id)).toBe(true);
    expect((await repo.pending()).items.map((i) => i.id)).toEqual([item!.id]);

    await repo.completeStage(item!.id, 'normalize', 1, { ok: 1 }, { stage: 'ocr' }, 'test');
    expect(await repo.stageResult(item!.id, 'normalize', 1)).toEqual({ ok: 1 });
    const done = await repo.completeStage(
      item!.id,
      'ocr',
      1,
      {},
      { status: 'delivered', output: '/out/x.pdf' },
      'test',
    );
    expect(done).toMatchObject({ status: 'delivered', stage: null, output: '/out/x.pdf' });
    expect((await repo.pending()).items).toEqual([]);
  });

  it('keeps a hash-chained audit trail that shows tampering', async () => {
    await repo.createBatch(batch('c'.repeat(64)), 'alice');
    await repo.audit('bob', 'qa.passed', 'cccccccccccc', { note: 'ok' });
    expect(await repo.verifyAudit()).toBeNull();
    expect((await repo.auditTrail('cccccccccccc')).map((e) => [e.actor, e.action, e.configVersion])).toEqual([
      ['alice', 'batch.ingested', 'v1'],
      ['bob', 'qa.passed', 'v1'],
    ]);
    repo.close();
    const db = new Database(file);
    db.prepare(`UPDATE audit SET actor = 'mallory' WHERE action = 'qa.passed'`).run();
    db.close();
    repo = new SqliteRepository(file, 'v1');
    expect(await repo.verifyAudit()).toBe(2);
  });
});
