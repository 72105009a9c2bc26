// Vollzähligkeit end to end, with Redis, the watcher, OCR and real scans: declared counts from the file
// name and from manifests, duplex batches with separator sheets and empty backs, a letter that lost a page
// in a double feed. Every page is accounted for in the batch report.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadOrg } from '../../profiles/load.ts';
import type { Runtime } from '../../pipeline/runtime.ts';
import { batchReport, reportSummary } from '../../pipeline/report.ts';
import { separatorSheet } from '../../pipeline/split/sheet.ts';
import { makeLetter, rng, type LetterSpec } from '../../tools/letters/spec.ts';
import { blankPdf, packScans, scanPdf, vectorPdf } from '../../tools/letters/render.ts';
import { dropInto, tmpDir, waitFor, watchingRuntime } from '../helpers.ts';
import type { Batch } from '../../core/store/types.ts';

let rt: Runtime;
const dataDir = tmpDir('complete');
const org = loadOrg();

/** The first generated letter with this many pages that a unit should receive, numbered 'Seite n von m'. */
function letterWith(pages: number): LetterSpec {
  const numbered = (spec: LetterSpec) =>
    pages === 1 ||
    spec.pages.every((p, i) => p.blocks.some((b) => b.lines.includes(`Seite ${i + 1} von ${pages}`)));
  for (let seed = 1; ; seed++) {
    const spec = makeLetter(org, 9000 + seed);
    if (spec.pages.length === pages && spec.truth.unit && spec.truth.class === 'letter' && numbered(spec))
      return spec;
  }
}

beforeAll(async () => {
  rt = await watchingRuntime(dataDir, 'completeness');
}, 120_000);

afterAll(async () => {
  await rt?.close();
});

async function settled(name: string): Promise<Batch> {
  return waitFor(
    `batch ${name} settled`,
    async () => {
      const b = (await rt.ctx.repo.recentBatches(50)).find((x) => x.originalName === name);
      if (!b || b.status === 'ingested') return false;
      const items = await rt.ctx.repo.items(b.id);
      return items.every((i) => i.status !== 'processing') && b;
    },
    240_000,
  );
}

describe('completeness (Vollzähligkeit)', () => {
  it('accounts for every page of duplex batches and flags counts and pages that do not add up', async () => {
    const r = rng(77);
    const one = letterWith(1);
    const two = letterWith(2);
    const [onePage] = (await scanPdf(await vectorPdf(one), r)).scans;
    const twoPages = (await scanPdf(await vectorPdf(two), r)).scans;
    const [back] = (await scanPdf(await blankPdf(), r)).scans;
    const [sheet] = (await scanPdf(await separatorSheet(), r)).scans;

    const duplexDir = rt.hotFolders.get('duplex')!;
    const standardDir = rt.hotFolders.get('standard')!;
    // A: three sheets, declared in the name: a one-page letter with an empty back, a separator sheet with
    // an empty back, a two-page letter printed on both sides.
    const sheetsA = [onePage!, back!, sheet!, back!, ...twoPages];
    dropInto(duplexDir, 'Stapel A - 3 Blatt.pdf', await packScans(sheetsA, 'pdf'));
    // B: declared 4 sheets, only one went through (the rest stuck in the feeder).
    dropInto(duplexDir, 'Stapel B - 4 Blatt.pdf', await packScans([onePage!, back!], 'pdf'));
    // C: page 1 of the two-page letter was lost in a double feed; the manifest counts what was scanned.
    fs.writeFileSync(path.join(standardDir, 'Brief C.pdf.manifest.json'), '{"pages": 1}');
    dropInto(standardDir, 'Brief C.pdf', await packScans([twoPages[1]!], 'pdf'));
    // D: a broken manifest: the letter still goes through, to review.
    fs.writeFileSync(path.join(standardDir, 'Brief D.pdf.manifest.json'), '{"sheets": "zwei"}');
    dropInto(standardDir, 'Brief D.pdf', await packScans([onePage!], 'pdf'));

    const a = await settled('Stapel A - 3 Blatt.pdf');
    const b = await settled('Stapel B - 4 Blatt.pdf');
    const c = await settled('Brief C.pdf');
    const d = await settled('Brief D.pdf');

    const reportA = await batchReport(rt.ctx.repo, a, rt.ctx.config.profiles.get('duplex'));
    expect(reportA).toMatchObject({
      duplex: true,
      declared: { sheets: 3, source: 'filename' },
      declaredPages: 6,
      countedPages: 6,
      countProblem: null,
      complete: true,
    });
    expect(reportA.pages.map((p) => [p.sheet, p.side, p.fate, p.itemPage])).toEqual([
      [1, 'front', 'item', 1],
      [1, 'back', 'blank', 2],
      [2, 'front', 'separator', null],
      [2, 'back', 'separator', null],
      [3, 'front', 'item', 1],
      [3, 'back', 'item', 2],
    ]);
    expect(reportA.pages[1]!.note).toBe('leere Rückseite, nicht ins Dokument übernommen');
    expect(reportA.items.map((i) => [i.pages, i.status])).toEqual([
      [[1, 2], 'delivered'],
      [[5, 6], 'delivered'],
    ]);
    // The empty back is not in the delivered document; the two-page letter keeps both pages.
    const outputs = await Promise.all(
      (await rt.ctx.repo.items(a.id)).map(async (i) =>
        (await PDFDocument.load(fs.readFileSync(i.output!))).getPageCount(),
      ),
    );
    expect(outputs).toEqual([1, 2]);

    const reportB = await batchReport(rt.ctx.repo, b, rt.ctx.config.profiles.get('duplex'));
    expect(reportB).toMatchObject({ declaredPages: 8, countedPages: 2, complete: true });
    expect(reportB.countProblem).toMatch(/Erwartet 8 Seiten, gescannt 2: 6 Seiten fehlen/);
    expect(reportB.items).toMatchObject([{ status: 'review', reason: 'page_count_mismatch' }]);
    expect(reportSummary(reportB)).toContain('Vollzähligkeit: Erwartet 8 Seiten');
    const [splitB] = (await rt.ctx.repo.auditTrail(b.id)).filter((e) => e.action === 'batch.split');
    expect(splitB!.details).toMatchObject({ count: { declared: 8, counted: 2 } });

    const [itemC] = await rt.ctx.repo.items(c.id);
    expect(c.declared).toMatchObject({ pages: 1, source: 'manifest' });
    expect(itemC).toMatchObject({ status: 'review', reason: 'missing_page' });
    expect(itemC!.message).toMatch(/^Seite 1 von 2 fehlt/);

    const [itemD] = await rt.ctx.repo.items(d.id);
    expect(itemD).toMatchObject({ status: 'review', reason: 'bad_manifest' });
    expect(itemD!.message).toMatch(/Begleitdatei ungültig: sheets/);
    // Manifests are read with their scans and leave the hot folder with them.
    expect(fs.readdirSync(standardDir)).toEqual([]);
    expect(fs.readdirSync(duplexDir)).toEqual([]);
    expect(await rt.ctx.repo.verifyAudit()).toBeNull();
  }, 400_000);
});
