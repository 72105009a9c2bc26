import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteRepository } from '../core/store/sqlite.ts';
import type { NewPage, PageKind } from '../core/store/types.ts';
import { batchProgressView } from './progress.ts';

let repo: SqliteRepository;
afterEach(() => repo?.close());

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

describe('batchProgressView', () => {
  it('follows a batch from ingest through its page and item stages to done', async () => {
    repo = new SqliteRepository(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'progress-')), 'db'), 'v1');
    const b = await repo.createBatch(
      {
        hash: 'c'.repeat(64),
        source: 'upload',
        originalName: 'scan.pdf',
        spoolPath: '/spool/c',
        profile: 'standard',
        receivedAt: '2026-11-02',
        outDir: '/out',
        configVersion: 'v1',
        declared: null,
      },
      'test',
    );
    expect(await batchProgressView(repo, b)).toMatchObject({
      status: 'ingested',
      pages: { total: 0 },
      done: false,
    });

    const kinds = ['content', 'separator', 'content'] as const;
    for (const [i, kind] of kinds.entries()) await repo.recordPage(page(b.id, i + 1, kind));
    const [first, second] = await repo.recordSplit(
      b.id,
      [...kinds],
      [
        { seq: 1, firstPage: 1, lastPage: 1 },
        { seq: 2, firstPage: 3, lastPage: 3 },
      ],
      'test',
    );
    await repo.completePageStage({ batchId: b.id, pageNo: 1, rev: 1 }, 'normalize', {}, 'ocr', 'test');
    let view = await batchProgressView(repo, b); // the stale batch object: the view reads it again
    expect(view).toEqual({
      batchId: b.id,
      status: 'split',
      pages: { total: 3, done: 1, open: { normalize: 1, ocr: 1 }, failed: 0 },
      items: { processing: 2, delivered: 0, review: 0, quarantined: 0, merged: 0 },
      itemStages: { pages: 2, extract: 0, classify: 0, assemble: 0, deliver: 0 },
      done: false,
    });

    await repo.completePageStage({ batchId: b.id, pageNo: 1, rev: 1 }, 'ocr', {}, null, 'test');
    await repo.failPage({ batchId: b.id, pageNo: 3, rev: 1 }, 'normalize', 'stage_failed', 'kaputt', 'test');
    view = await batchProgressView(repo, b);
    expect(view.pages).toMatchObject({ done: 3, failed: 1 }); // a failed page has no stage left
    expect(view.itemStages.extract).toBe(1);
    expect(view.items.review).toBe(1);

    await repo.completeStage(first!.id, 'extract', 1, {}, { status: 'delivered' }, 'test');
    view = await batchProgressView(repo, b);
    expect(view.items).toMatchObject({ processing: 0, delivered: 1, review: 1 });
    expect(view.done).toBe(true);
    expect(second!.seq).toBe(2);
  });
});
