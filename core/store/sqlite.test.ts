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

describe('rework of items in review', () => {
  /** A batch of pages 1-2 (item 01), a separator and page 4 (item 02), read and extracted, both in review. */
  async function reviewed(hash: string) {
    const b = await repo.createBatch(batch(hash), 'test');
    const kinds: PageKind[] = ['content', 'content', 'separator', 'content'];
    for (const [i, kind] of kinds.entries()) await repo.recordPage(page(b.id, i + 1, kind));
    const items = await repo.recordSplit(
      b.id,
      kinds,
      [
        { seq: 1, firstPage: 1, lastPage: 2 },
        { seq: 2, firstPage: 4, lastPage: 4 },
      ],
      'test',
    );
    for (const n of [1, 2, 4]) {
      const p = { batchId: b.id, pageNo: n, rev: 1 };
      await repo.completePageStage(p, 'normalize', { norm: n }, 'ocr', 'test');
      await repo.completePageStage(p, 'ocr', { ocr: n }, null, 'test');
    }
    for (const i of items) {
      await repo.completeStage(i.id, 'extract', 1, { meta: i.id }, { stage: 'classify' }, 'test');
      await repo.failItem(i.id, 'review', 'low_confidence', 'unsicher', 'test');
    }
    return { b, ids: items.map((i) => i.id) as [string, string] };
  }

  it('re-runs only what a plan names: a turned page is read again, the other keeps its results', async () => {
    const { b, ids } = await reviewed('e'.repeat(64));
    const { item, pages } = await repo.reworkItem(
      ids[0],
      {
        action: 'item.rotate',
        details: { page: 1 },
        from: 'classify',
        pages: [{ pageNo: 2 }, { pageNo: 1, redo: { normalized: { norm: 'turned' }, next: 'ocr' } }],
        edit: { unit: 'kaemmerei' },
      },
      'qa1',
    );
    expect(item).toMatchObject({ run: 2, stage: 'pages', status: 'processing', firstPage: 1, lastPage: 2 });
    expect(pages.map((p) => [p.pageNo, p.rev, p.stage])).toEqual([
      [2, 2, null],
      [1, 2, 'ocr'],
    ]);
    expect(await repo.pageResult(b.id, 2, 'ocr', 2)).toEqual({ ocr: 2 });
    expect(await repo.pageResult(b.id, 1, 'normalize', 2)).toEqual({ norm: 'turned' });
    expect(await repo.pageResult(b.id, 1, 'ocr', 2)).toBeUndefined();
    expect(await repo.stageResult(ids[0], 'extract', 2)).toEqual({ meta: ids[0] });
    expect(await repo.itemEdit(ids[0])).toMatchObject({
      unit: 'kaemmerei',
      updatedBy: 'qa1',
      approvedBy: null,
    });
    const [entry] = await repo.auditSearch({ subject: ids[0], limit: 1 });
    expect(entry).toMatchObject({ actor: 'qa1', action: 'item.rotate' });
    expect(entry!.details).toMatchObject({ page: 1, run: 2, pages: [2, 1], redone: [{ pageNo: 1 }] });
    // Only the turned page was open: once it is read, the item goes on.
    const { ready } = await repo.completePageStage(
      { batchId: b.id, pageNo: 1, rev: 2 },
      'ocr',
      {},
      null,
      'w',
    );
    expect(ready).toMatchObject({ id: ids[0], stage: 'extract', run: 2 });
    expect(await repo.verifyAudit()).toBeNull();
    // A rework only takes items in review.
    await expect(
      repo.reworkItem(ids[0], { action: 'x', from: 'extract', pages: [{ pageNo: 1 }] }, 'qa1'),
    ).rejects.toThrow(/only items in review/);
  });

  it('moves pages between items of a batch: merge, delete, split, rescan', async () => {
    const { b, ids } = await reviewed('f'.repeat(64));
    // Merge: item 02's page goes to item 01; item 02 is merged.
    await repo.reworkItem(
      ids[0],
      { action: 'item.merge', from: 'extract', pages: [{ pageNo: 1 }, { pageNo: 2 }, { pageNo: 4 }] },
      'qa1',
    );
    expect(await repo.getItem(ids[1])).toMatchObject({
      status: 'merged',
      message: `In ${ids[0]} zusammengeführt.`,
    });
    expect((await repo.itemPages({ id: ids[0], batchId: b.id })).map((p) => [p.pageNo, p.rev])).toEqual([
      [1, 2],
      [2, 2],
      [4, 2],
    ]);
    expect(await repo.pageResult(b.id, 4, 'ocr', 2)).toEqual({ ocr: 4 });
    await repo.failItem(ids[0], 'review', 'low_confidence', 'x', 'w');
    // Delete page 2: it stays in the batch, removed, with a note.
    await repo.reworkItem(
      ids[0],
      { action: 'item.pages.delete', from: 'extract', pages: [{ pageNo: 1 }, { pageNo: 4 }] },
      'qa1',
    );
    expect(await repo.page(b.id, 2)).toMatchObject({
      removed: true,
      itemId: null,
      note: `in der Nachbearbeitung aus ${ids[0]} entfernt (von qa1)`,
    });
    await repo.failItem(ids[0], 'review', 'low_confidence', 'x', 'w');
    // Split before page 4: a new item with the next seq.
    const split = await repo.splitItem(ids[0], 4, 'qa1');
    expect(split.created).toMatchObject({ id: `${b.id}-03`, seq: 3, status: 'processing', stage: 'extract' });
    expect(split.item).toMatchObject({ id: ids[0], stage: 'extract', firstPage: 1, lastPage: 1 });
    expect((await repo.itemPages(split.created)).map((p) => p.pageNo)).toEqual([4]);
    // A rescan replaces page 1: a new page 5 runs through all its stages.
    await repo.failItem(ids[0], 'review', 'low_confidence', 'x', 'w');
    const added = await repo.addPage(
      b.id,
      { blob: 'y', width: 1, height: 1, dpiX: 300, dpiY: 300, scanDpi: 300, colour: 'grey', orient: 0 },
      'Neuscan für Seite 1',
      'qa1',
    );
    expect(added).toMatchObject({ pageNo: 5, kind: 'content', itemId: null, stage: null });
    const r = await repo.reworkItem(
      ids[0],
      {
        action: 'item.page.replace',
        from: 'extract',
        pages: [{ pageNo: 5, redo: 'all' }],
        notes: { 1: 'ersetzt durch Neuscan, Seite 5' },
      },
      'qa1',
    );
    expect(r.pages.map((p) => [p.pageNo, p.stage])).toEqual([[5, 'normalize']]);
    expect(r.item).toMatchObject({ stage: 'pages', firstPage: 5, lastPage: 5 });
    expect(await repo.page(b.id, 1)).toMatchObject({ removed: true, note: 'ersetzt durch Neuscan, Seite 5' });
    expect(await repo.statusCounts()).toMatchObject({ processing: 2, merged: 1, review: 0 });
    expect(await repo.verifyAudit()).toBeNull();
  });

  it('sends items back and forth, and answers the queries of the UI', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { b, ids } = await reviewed('9'.repeat(64));
    expect((await repo.itemEntries('review')).map((e) => [e.id, e.originalName, e.reason])).toEqual([
      [ids[0], 'in/scan.pdf', 'low_confidence'],
      [ids[1], 'in/scan.pdf', 'low_confidence'],
    ]);
    await repo.setItemEdit(ids[0], { unit: 'kaemmerei', approve: true }, 'qa1');
    expect(await repo.itemEdit(ids[0])).toMatchObject({ unit: 'kaemmerei', approvedBy: 'qa1' });
    const { item } = await repo.reworkItem(
      ids[0],
      {
        action: 'item.approve',
        from: 'classify',
        pages: [{ pageNo: 1 }, { pageNo: 2 }],
        edit: { approve: true },
      },
      'qa1',
    );
    await repo.completeStage(
      ids[0],
      'classify',
      item.run,
      { unit: 'kaemmerei' },
      { status: 'delivered' },
      'w',
    );
    expect((await repo.inbox(['kaemmerei', 'bauamt'], 10)).map((e) => [e.id, e.unit])).toEqual([
      [ids[0], 'kaemmerei'],
    ]);
    expect(await repo.inbox(['bauamt'], 10)).toEqual([]);
    const back = await repo.transitionItem(
      ids[0],
      'delivered',
      { status: 'review', reason: 'misrouted', message: 'nicht unser' },
      'item.sent_back',
      'clerk1',
    );
    expect(back).toMatchObject({ status: 'review', reason: 'misrouted', message: 'nicht unser' });
    expect((await repo.itemEdit(ids[0]))!.approvedBy).toBeNull();
    await expect(
      repo.transitionItem(
        ids[0],
        'delivered',
        { status: 'review', reason: 'misrouted', message: '' },
        'x',
        'c',
      ),
    ).rejects.toThrow(/not delivered/);
    expect(await repo.statusCounts()).toEqual({
      processing: 0,
      delivered: 0,
      review: 2,
      quarantined: 0,
      merged: 0,
    });
    expect(await repo.pagesDoneSince(since)).toBe(3);
    expect(await repo.pagesDoneSince(new Date(Date.now() + 1000).toISOString())).toBe(0);
    expect((await repo.auditSearch({ actor: 'clerk1', limit: 5 })).map((e) => e.action)).toEqual([
      'item.sent_back',
    ]);
    const items = await repo.auditSearch({ subject: b.id, action: 'item.', limit: 100 });
    expect(items.every((e) => e.subject.startsWith(b.id) && e.action.startsWith('item.'))).toBe(true);
    const older = await repo.auditSearch({ limit: 2, beforeSeq: items[0]!.seq });
    expect(older.every((e) => e.seq < items[0]!.seq)).toBe(true);
  });
});
