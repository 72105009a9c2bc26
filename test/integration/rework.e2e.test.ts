// The rework of an item in review end to end, with Redis, the real stages and OCR: a two-page letter falls
// into the QA sample, QA routes it to another unit, turns its second page and approves it. Only the turned
// page is read again; the letter is delivered to the chosen unit's inbox and only there, with the turn;
// every page of the batch is still accounted for.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { log } from '../../core/log.ts';
import { runInputs } from '../../cli/process.ts';
import { batchReport } from '../../pipeline/report.ts';
import { resultLines } from '../../pipeline/results.ts';
import { startRuntime, type Runtime } from '../../pipeline/runtime.ts';
import { loadOrg, PROFILES_DIR } from '../../profiles/load.ts';
import * as rework from '../../review-ui/rework.ts';
import type { Principal } from '../../review-ui/policy.ts';
import { makeLetter, rng } from '../../tools/letters/spec.ts';
import { packScans, scanPdf, vectorPdf } from '../../tools/letters/render.ts';
import { REDIS_URL, tmpDir, waitFor } from '../helpers.ts';

const qa: Principal = { id: 'qa.e2e', roles: ['qa'], units: [], clerk: null };
let rt: Runtime | undefined;

afterAll(async () => {
  await rt?.close(0);
});

describe('rework in review', () => {
  it('re-routes, turns one page and approves: only that page is read again, delivered to one inbox', async () => {
    const dir = tmpDir('rework');
    // The standard profile with every confidently routed item in the QA sample.
    const profiles = path.join(dir, 'profiles');
    fs.mkdirSync(profiles);
    fs.writeFileSync(
      path.join(profiles, 'standard.yaml'),
      `${fs.readFileSync(path.join(PROFILES_DIR, 'standard.yaml'), 'utf8')}\nqaSampleRate: 1\n`,
    );
    const org = loadOrg();
    let seed = 500;
    while (
      !(({ pages, truth }) => pages.length === 2 && truth.unit && truth.class === 'letter')(
        makeLetter(org, seed),
      )
    )
      seed++;
    const spec = makeLetter(org, seed);
    const file = path.join(dir, 'brief.pdf');
    fs.writeFileSync(file, await packScans((await scanPdf(await vectorPdf(spec), rng(seed))).scans, 'pdf'));

    rt = await startRuntime({
      dataDir: path.join(dir, 'data'),
      profilesDir: profiles,
      redisUrl: REDIS_URL,
      watch: false,
      log: log.child({ test: 'rework' }),
    });
    const { repo } = rt.ctx;
    const done = await runInputs(rt, [{ file, explicit: true }], {
      profile: 'standard',
      receivedAt: '2026-12-01',
      wait: { stallMs: 120_000 },
    });
    const [line] = done!.lines;
    expect(line).toMatchObject({ status: 'review', reason: 'sample', unit: spec.truth.unit });
    const id = line!.item;
    const item = (await repo.getItem(id))!;
    const batch = (await repo.getBatch(item.batchId))!;
    const inReview = (run: number) =>
      waitFor(
        `${id} in review at run ${run}`,
        async () => {
          const i = await repo.getItem(id);
          return i?.status === 'review' && i.run === run && i;
        },
        60_000,
      );

    const unit = org.units.find((u) => u.id !== spec.truth.unit)!.id;
    await rework.changeUnit(rt.ctx, qa, id, unit);
    // Not approved: reworked by QA, it waits for the approval (routed by hand now).
    expect(await inReview(2)).toMatchObject({ reason: 'pending_approval' });
    const [, second] = await repo.itemPages(item);
    await rework.rotatePage(rt.ctx, qa, id, second!.pageNo, 180);
    await inReview(3);
    // Only the turned page was read again at run 3 (the other one kept its OCR of run 1).
    const read = await repo.auditSearch({ subject: `${batch.id}/`, action: 'page.ocr.done', limit: 50 });
    expect(read.filter((e) => (e.details as { rev: number }).rev === 3).map((e) => e.subject)).toEqual([
      `${batch.id}/${second!.pageNo}`,
    ]);
    expect(read.filter((e) => e.actor !== qa.id)).toHaveLength(3);

    await rework.approve(rt.ctx, qa, id);
    await waitFor(`${id} delivered`, async () => (await repo.getItem(id))?.status === 'delivered', 60_000);
    const [after] = await resultLines(repo, batch);
    expect(after).toMatchObject({ status: 'delivered', unit, reason: null });
    expect(after!.rotation[1]).toBe((line!.rotation[1]! + 180) % 360);
    // In the chosen unit's inbox, and nowhere else.
    const holders = fs
      .readdirSync(batch.outDir)
      .filter((d) => fs.existsSync(path.join(batch.outDir, d, `${id}.pdf`)));
    expect(holders).toEqual([unit]);
    expect(JSON.parse(fs.readFileSync(path.join(batch.outDir, unit, `${id}.json`), 'utf8'))).toMatchObject({
      unit,
    });
    const trail = (await repo.auditTrail(id)).filter((e) => e.actor === qa.id).map((e) => e.action);
    // The approval also taught the router (one labelled example, a new model version).
    expect(trail).toEqual(['item.unit', 'item.rotate', 'item.approve', 'routing.learn']);

    const report = await batchReport(repo, batch, rt.ctx.config.profiles.get('standard'));
    expect(report.complete).toBe(true);
    expect(report.pages.map((p) => [p.fate, p.item, p.itemPage])).toEqual([
      ['item', id, 1],
      ['item', id, 2],
    ]);
  }, 120_000);
});
