import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqliteRepository } from './sqlite.ts';
import type { NewBatch, NewPage, PageKind } from './types.ts';

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

/** A page as the split records it. */
const page = (batchId: string, pageNo: number, kind: PageKind): NewPage => ({
  batchId,
  pageNo,
  blob: 'x',
  width: 1,
  height: 1,
  dpiX: 300,
  dpiY: 300,
  scanDpi: 300,
  colour: 'grey',
  kind,
  orient: 0,
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

  it('works pages as they are recorded, and moves an item on once its last page is done', async () => {
    const b = await repo.createBatch(batch('b'.repeat(64)), 'test');
    const kinds = ['content', 'separator', 'content', 'blank'] as const;
    for (const [i, kind] of kinds.entries()) await repo.recordPage(page(b.id, i + 1, kind));
    // Pages are open for normalize (not the separator) before the batch is cut into items.
    expect((await repo.pages(b.id)).map((p) => p.stage)).toEqual([
      'normalize',
      null,
      'normalize',
      'normalize',
    ]);
    const page1 = { batchId: b.id, pageNo: 1, rev: 1 };
    expect(await repo.completePageStage(page1, 'normalize', { n: 1 }, 'ocr', 'test')).toMatchObject({
      ready: null,
    });
    await repo.completePageStage(page1, 'ocr', { o: 1 }, null, 'test');
    const items = await repo.recordSplit(
      b.id,
      [...kinds],
      [
        { seq: 1, firstPage: 1, lastPage: 1 },
        { seq: 2, firstPage: 3, lastPage: 4 },
      ],
      'test',
    );
    // The first item's only page was done before the cut: ready for extract at once.
    expect(items.map((i) => [i.id, i.stage])).toEqual([
      ['bbbbbbbbbbbb-01', 'extract'],
      ['bbbbbbbbbbbb-02', 'pages'],
    ]);
    expect(await repo.pageResult(b.id, 1, 'ocr', 1)).toEqual({ o: 1 });
    const p3 = { batchId: b.id, pageNo: 3, rev: 1 };
    const p4 = { batchId: b.id, pageNo: 4, rev: 1 };
    await repo.completePageStage(p3, 'normalize', {}, 'ocr', 'test');
    await repo.completePageStage(p4, 'normalize', {}, null, 'test');
    const { ready } = await repo.completePageStage(p3, 'ocr', {}, null, 'test');
    expect(ready).toMatchObject({ id: 'bbbbbbbbbbbb-02', stage: 'extract' });
    expect((await repo.pending()).pages).toEqual([]);

    await repo.completeStage(ready!.id, 'extract', 1, { ok: 1 }, { stage: 'classify' }, 'test');
    expect(await repo.stageResult(ready!.id, 'extract', 1)).toEqual({ ok: 1 });
    const done = await repo.completeStage(
      ready!.id,
      'classify',
      1,
      {},
      { status: 'delivered', output: '/out/x.pdf' },
      'test',
    );
    expect(done).toMatchObject({ status: 'delivered', stage: null, output: '/out/x.pdf' });
    expect((await repo.pending()).items.map((i) => i.id)).toEqual(['bbbbbbbbbbbb-01']);
  });

  it('sends an item with a failed page to review, naming the page', async () => {
    const b = await repo.createBatch(batch('d'.repeat(64)), 'test');
    for (const pageNo of [1, 2]) await repo.recordPage(page(b.id, pageNo, 'content'));
    await repo.failPage(
      { batchId: b.id, pageNo: 2, rev: 1 },
      'ocr',
      'stage_failed',
      'Schritt ocr fehlgeschlagen',
      'test',
    );
    const [item] = await repo.recordSplit(
      b.id,
      ['content', 'content'],
      [{ seq: 1, firstPage: 1, lastPage: 2 }],
      'test',
    );
    expect(item!.stage).toBe('pages');
    await repo.completePageStage({ batchId: b.id, pageNo: 1, rev: 1 }, 'normalize', {}, null, 'test');
    expect(await repo.getItem(item!.id)).toMatchObject({
      status: 'review',
      reason: 'stage_failed',
      message: 'Seite 2: Schritt ocr fehlgeschlagen',
    });
  });

  it('counts attempts per subject, stage and run across restarts', async () => {
    expect((await repo.startAttempt('x/1', 'ocr', 1)).n).toBe(1);
    await repo.attemptFailed('x/1', 'ocr', 1, 'Sandbox ended');
    repo.close();
    repo = new SqliteRepository(file, 'v1');
    expect(await repo.startAttempt('x/1', 'ocr', 1)).toEqual({ n: 2, lastError: 'Sandbox ended' });
    await repo.attemptHandedBack('x/1', 'ocr', 1);
    expect((await repo.startAttempt('x/1', 'ocr', 1)).n).toBe(2);
    expect((await repo.startAttempt('x/1', 'ocr', 2)).n).toBe(1);
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
