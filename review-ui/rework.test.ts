import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../core/blobs.ts';
import type { NextJob } from '../core/jobs.ts';
import { log } from '../core/log.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import type { PageKind } from '../core/store/types.ts';
import type { Context } from '../pipeline/context.ts';
import { normalizeResult } from '../pipeline/normalize/schema.ts';
import { loadConfig } from '../profiles/load.ts';
import type { Principal } from './policy.ts';
import * as rework from './rework.ts';

const qa: Principal = { id: 'qa1', roles: ['qa'], units: [], clerk: null };
const clerk: Principal = { id: 'c1', roles: ['clerk'], units: ['kaemmerei'], clerk: null };

let ctx: Context;
let repo: SqliteRepository;
let jobs: NextJob[];
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rework-'));
  repo = new SqliteRepository(path.join(dir, 'db.sqlite'), 'v1');
  jobs = [];
  const config = loadConfig();
  const standard = config.profiles.get('standard')!;
  const profiles = new Map(config.profiles);
  profiles.set('strict', {
    ...standard,
    name: 'strict',
    protection: { ...standard.protection, integrity: 'sehr hoch' },
  });
  ctx = {
    repo,
    blobs: new BlobStore(path.join(dir, 'blobs')),
    config: { ...config, profiles },
    queues: { ensure: async (job: NextJob) => void jobs.push(job) },
    log,
    actor: 'test',
  } as unknown as Context;
});

/** A grey page image as normalize stores it. */
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .toColourspace('b-w')
    .withDensity(300)
    .png()
    .toBuffer();

/**
 * A batch whose pages 1-2 form item 01 (and page 3 item 02 after a separator), read, extracted and
 * classified for `unit`, in review (or delivered).
 */
async function item(
  hash: string,
  opts: { unit?: string | null; profile?: string; operator?: string; delivered?: boolean } = {},
) {
  const b = await repo.createBatch(
    {
      hash: hash.repeat(64),
      source: 'cli',
      originalName: 'scan.pdf',
      spoolPath: `/spool/${hash}`,
      profile: opts.profile ?? 'standard',
      receivedAt: '2026-11-02',
      outDir: path.join(dir, 'out'),
      configVersion: 'v1',
      declared: null,
      operator: opts.operator ?? null,
    },
    'test',
  );
  const kinds: PageKind[] = ['content', 'content', 'separator', 'content'];
  const blob = await ctx.blobs.put(await png(40, 20));
  for (const [i, kind] of kinds.entries()) {
    const page = { batchId: b.id, pageNo: i + 1, blob, width: 40, height: 20, dpiX: 300, dpiY: 300 };
    await repo.recordPage({ ...page, scanDpi: 300, colour: 'grey', kind, orient: 0 });
    if (kind === 'separator') continue;
    const norm = { blob, rotation: 0, skew: 0, enhancements: [] };
    await repo.completePageStage({ ...page, rev: 1 }, 'normalize', norm, 'ocr', 'test');
    await repo.completePageStage({ ...page, rev: 1 }, 'ocr', { ocr: blob, confidence: 0.9 }, null, 'test');
  }
  const items = await repo.recordSplit(
    b.id,
    kinds,
    [
      { seq: 1, firstPage: 1, lastPage: 2 },
      { seq: 2, firstPage: 4, lastPage: 4 },
    ],
    'test',
  );
  const classified = {
    unit: opts.unit === undefined ? 'kaemmerei' : opts.unit,
    class: 'letter',
    confidence: 0.5,
    reason: 'r',
    decision: 'review',
    reviewReason: 'low_confidence',
    reviewMessage: 'm',
  };
  for (const i of items) {
    await repo.completeStage(i.id, 'extract', 1, {}, { stage: 'classify' }, 'test');
    if (opts.delivered)
      await repo.completeStage(i.id, 'classify', 1, classified, { status: 'delivered' }, 'test');
    else {
      await repo.completeStage(i.id, 'classify', 1, classified, { stage: 'assemble' }, 'test');
      await repo.failItem(i.id, 'review', 'low_confidence', 'm', 'test');
    }
  }
  return { batch: b, ids: items.map((i) => i.id) as [string, string] };
}

describe('rework service', () => {
  it('approves with the four-eyes rule and a unit, re-running classify only', async () => {
    const { ids } = await item('a');
    await expect(rework.approve(ctx, clerk, ids[0])).rejects.toThrow(rework.ReworkError);
    await rework.approve(ctx, qa, ids[0]);
    expect(jobs).toEqual([{ queue: 'classify', data: { itemId: ids[0], run: 2 } }]);
    expect(await repo.itemEdit(ids[0])).toMatchObject({ approvedBy: 'qa1' });
    await expect(rework.approve(ctx, qa, ids[0])).rejects.toThrow(
      /in Bearbeitung, nicht in der Nachbearbeitung/,
    );

    const none = await item('b', { unit: null });
    await expect(rework.approve(ctx, qa, none.ids[0])).rejects.toThrow(
      /Ohne zuständige Organisationseinheit/,
    );
    const strict = await item('c', { profile: 'strict', operator: 'qa1' });
    await expect(rework.approve(ctx, qa, strict.ids[0])).rejects.toThrow(/Vier-Augen-Prinzip/);

    // At 'sehr hoch' who reworked the item may not approve it; another QA user may.
    const qa2: Principal = { ...qa, id: 'qa2' };
    const edited = await item('d', { profile: 'strict', operator: 'op1' });
    await rework.changeUnit(ctx, qa, edited.ids[0], 'bauamt');
    await repo.failItem(edited.ids[0], 'review', 'low_confidence', 'm', 'test');
    await expect(rework.approve(ctx, qa, edited.ids[0])).rejects.toThrow(/bearbeitet hat/);
    // An approval given for an older run of the item is refused.
    await expect(rework.approve(ctx, qa2, edited.ids[0], 1)).rejects.toThrow(/inzwischen verändert/);
    await rework.approve(ctx, qa2, edited.ids[0], (await repo.getItem(edited.ids[0]))!.run);
    expect(await repo.itemEdit(edited.ids[0])).toMatchObject({ approvedBy: 'qa2', unit: 'bauamt' });
    // A failure after the approval takes it back: it must be given again.
    await repo.failItem(edited.ids[0], 'review', 'stage_failed', 'm', 'test');
    expect((await repo.itemEdit(edited.ids[0]))!.approvedBy).toBeNull();
  });

  it('changes the unit and the metadata, checking what QA typed', async () => {
    const { ids } = await item('d');
    await expect(rework.changeUnit(ctx, qa, ids[0], 'mond')).rejects.toThrow(
      /gibt es im Organisationsverzeichnis nicht/,
    );
    await rework.changeUnit(ctx, qa, ids[0], 'bauamt');
    expect(jobs.at(-1)).toEqual({ queue: 'classify', data: { itemId: ids[0], run: 2 } });
    await expect(rework.editMetadata(ctx, qa, ids[1], { iban: 'DE00 1234' })).rejects.toThrow(/IBAN/);
    await expect(rework.editMetadata(ctx, qa, ids[1], { date: '31.02.2026' })).rejects.toThrow(/Datum/);
    await rework.editMetadata(ctx, qa, ids[1], {
      date: '2.11.2026',
      amount: '1.234,50',
      sender: ' Stadtwerke ',
      subject: '',
    });
    expect((await repo.itemEdit(ids[1]))!.fields).toEqual({
      date: '2026-11-02',
      amount: 1234.5,
      sender: 'Stadtwerke',
      subject: null,
    });
    expect(jobs.at(-1)).toEqual({ queue: 'extract', data: { itemId: ids[1], run: 2 } });
  });

  it('turns one page: its image turned, recorded as its normalize result, only its OCR enqueued', async () => {
    const { batch, ids } = await item('e');
    await expect(rework.rotatePage(ctx, qa, ids[0], 4, 90)).rejects.toThrow(/gehört nicht zum Poststück/);
    await rework.rotatePage(ctx, qa, ids[0], 2, 90);
    expect(jobs).toEqual([{ queue: 'ocr', data: { batchId: batch.id, pageNo: 2, rev: 2 } }]);
    const norm = normalizeResult.parse(await repo.pageResult(batch.id, 2, 'normalize', 2));
    expect(norm).toMatchObject({
      rotation: 270,
      enhancements: [{ op: 'rotate', params: { degrees: 90, manual: 1 } }],
    });
    expect(await sharp(await ctx.blobs.get(norm.blob)).metadata()).toMatchObject({
      width: 20,
      height: 40,
      channels: 1,
    });
    expect(await repo.pageResult(batch.id, 1, 'ocr', 2)).toMatchObject({ confidence: 0.9 });
  });

  it('deletes, reorders, splits and merges pages within a batch only', async () => {
    const { ids } = await item('f');
    const other = await item('1');
    await expect(rework.mergeItems(ctx, qa, ids[0], other.ids[0])).rejects.toThrow(/desselben Stapels/);
    await expect(rework.reorderPages(ctx, qa, ids[0], [2, 2])).rejects.toThrow(/genau einmal/);
    await rework.mergeItems(ctx, qa, ids[0], ids[1]);
    expect(await repo.getItem(ids[1])).toMatchObject({ status: 'merged' });
    await repo.failItem(ids[0], 'review', 'low_confidence', 'm', 'test');
    await rework.reorderPages(ctx, qa, ids[0], [4, 1, 2]);
    await repo.failItem(ids[0], 'review', 'low_confidence', 'm', 'test');
    await expect(rework.deletePages(ctx, qa, ids[0], [1, 2, 4])).rejects.toThrow(/mindestens eine Seite/);
    await rework.deletePages(ctx, qa, ids[0], [2]);
    await repo.failItem(ids[0], 'review', 'low_confidence', 'm', 'test');
    await expect(rework.splitItem(ctx, qa, ids[0], 4)).rejects.toThrow(/Vor der ersten Seite/);
    const created = await rework.splitItem(ctx, qa, ids[0], 1);
    expect((await repo.itemPages(created)).map((p) => p.pageNo)).toEqual([1]);
    expect(jobs.slice(-2).map((j) => j.data)).toEqual([
      { itemId: ids[0], run: 5 },
      { itemId: created.id, run: 5 },
    ]);
  });

  it('replaces a page by a rescanned image, and refuses what is not one', async () => {
    const { batch, ids } = await item('7');
    await expect(rework.replacePage(ctx, qa, ids[0], 1, Buffer.from('%PDF-1.7\n'))).rejects.toThrow(
      /PNG, JPEG oder TIFF/,
    );
    await expect(
      rework.replacePage(
        ctx,
        qa,
        ids[0],
        1,
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
      ),
    ).rejects.toThrow(/Neuscan nicht lesbar/);
    await rework.replacePage(ctx, qa, ids[0], 1, await png(60, 80));
    expect(jobs).toEqual([{ queue: 'normalize', data: { batchId: batch.id, pageNo: 5, rev: 2 } }]);
    expect(await repo.page(batch.id, 5)).toMatchObject({
      width: 60,
      height: 80,
      kind: 'content',
      itemId: ids[0],
      note: 'Neuscan für Seite 1 (von qa1)',
    });
    expect(await repo.page(batch.id, 1)).toMatchObject({
      removed: true,
      note: 'ersetzt durch Neuscan, Seite 5 (von qa1)',
    });
  });

  it('sends a delivered item back from its unit only, and QA asks for a rescan', async () => {
    const { batch, ids } = await item('8', { delivered: true });
    const inbox = path.join(batch.outDir, 'kaemmerei');
    fs.mkdirSync(inbox, { recursive: true });
    fs.writeFileSync(path.join(inbox, `${ids[0]}.pdf`), 'x');
    await expect(
      rework.sendBack(ctx, { ...clerk, units: ['bauamt'] }, ids[0], 'nicht unser'),
    ).rejects.toThrow(/Zurückgeben kann nur/);
    await expect(rework.sendBack(ctx, clerk, ids[0], '  ')).rejects.toThrow(/Hinweis/);
    expect(await rework.sendBack(ctx, clerk, ids[0], 'nicht unser')).toMatchObject({
      status: 'review',
      reason: 'misrouted',
      message: 'nicht unser',
    });
    expect(fs.readdirSync(inbox)).toEqual([]);
    expect(await rework.rejectForRescan(ctx, qa, ids[0], 'unlesbar')).toMatchObject({
      status: 'quarantined',
      reason: 'rescan_requested',
      message: 'unlesbar',
    });
    expect(jobs).toEqual([]);
  });
});
