// Retries and dead letters with real Redis and BullMQ: a stage that keeps failing (a page image missing
// from the blob store) is retried with exponential backoff a bounded number of times, then its item goes to
// review with the stage and the error; the other letter is delivered meanwhile; once the cause is fixed,
// the item runs again and is delivered.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { berlinDate, intake } from '../../ingest/intake.ts';
import { startRuntime, type Runtime } from '../../pipeline/runtime.ts';
import { stageHandlers } from '../../pipeline/stages.ts';
import { enqueue, pageJob } from '../../pipeline/flow.ts';
import { capturedLog, deliverableLetters, REDIS_URL, tmpDir, waitFor } from '../helpers.ts';

const { log: captured, entries } = capturedLog();
const dataDir = tmpDir('retries');
const start = (workers: boolean) =>
  startRuntime({ dataDir, redisUrl: REDIS_URL, workers, watch: false, log: captured });
let rt: Runtime | undefined;

afterAll(async () => {
  await rt?.close();
});

describe('retries and dead letters', () => {
  it('retries a failing stage with backoff, then sends the item to review; the queue goes on', async () => {
    const [poison, good] = await deliverableLetters(tmpDir('retry-letters'), 2, 515);
    // Intake and split without workers, then take the poison letter's page image away.
    const setup = await start(false);
    const take = (file: string) =>
      intake(setup.ctx, {
        file,
        originalName: file,
        source: 'cli',
        profile: 'standard',
        outDir: setup.dirs.inbox,
        receivedAt: berlinDate(),
        mode: 'copy',
      });
    const a = await take(poison!.file);
    const b = await take(good!.file);
    await stageHandlers(setup.ctx).split({ batchId: a.id }, { id: 'test', attempt: 1, maxAttempts: 1 });
    const [page] = await setup.ctx.repo.pages(a.id);
    const blob = setup.ctx.blobs.pathOf(page!.blob);
    fs.renameSync(blob, `${blob}.away`);
    await setup.close();

    rt = await start(true);
    const [item] = await rt.ctx.repo.items(a.id);
    const settled = (id: string) =>
      waitFor(
        `item ${id} settled`,
        async () => {
          const i = await rt!.ctx.repo.getItem(id);
          return i && i.status !== 'processing' && i;
        },
        180_000,
      );
    const failed = await settled(item!.id);
    expect(failed).toMatchObject({ status: 'review', reason: 'stage_failed', stage: null });
    expect(failed.message).toMatch(/^Seite 1: Schritt normalize fehlgeschlagen: .*ENOENT/);
    // Three attempts in all, the second 2 s and the third 4 s after the one before (exponential backoff).
    const attempts = entries.filter(
      (e) => e.batchId === a.id && e.pageNo === 1 && /^stage failed/.test(String(e.message)),
    );
    expect(attempts.map((e) => [e.attempt, e.message])).toEqual([
      [1, 'stage failed, will retry'],
      [2, 'stage failed, will retry'],
      [3, 'stage failed, attempts exhausted'],
    ]);
    const at = attempts.map((e) => e.at as number);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1900);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(3900);
    // The poison letter did not hold up the other one.
    const [other] = await rt.ctx.repo.items(b.id);
    // (delivered, or in review when the router is unsure: either way worked through)
    expect(['delivered', 'review']).toContain((await settled(other!.id)).status);

    // Fixed (the image is back): run it again from the first stage, as `poststelle rerun` does.
    fs.renameSync(`${blob}.away`, blob);
    const again = await rt.ctx.repo.rerunItem(item!.id, 'test');
    await enqueue(rt.ctx.queues, again.pages.map(pageJob));
    const fixed = await settled(item!.id);
    expect(fixed).toMatchObject({ run: 2 });
    expect(fixed.status === 'delivered' || fixed.reason === 'low_confidence', JSON.stringify(fixed)).toBe(
      true,
    );
    expect(await rt.ctx.repo.verifyAudit()).toBeNull();
  }, 300_000);
});
