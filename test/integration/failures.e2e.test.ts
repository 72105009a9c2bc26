// Failure is owned by the queue, with real Redis, BullMQ and sandboxes: fixture processors crash (SIGSEGV),
// hang (an endless loop), leak memory and throw, one failure mode each, for chosen documents of a batch.
// Each such document ends in review with stage_failed naming its stage (a failing split: the file in
// quarantine), the rest of the batch is delivered, and the run ends. A graceful stop hands active jobs back.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { log } from '../../core/log.ts';
import { loadOrg } from '../../profiles/load.ts';
import { startRuntime, type Runtime } from '../../pipeline/runtime.ts';
import { writeSeparatedBatch } from '../../tools/letters/corpus.ts';
import { runInputs } from '../../cli/process.ts';
import { capturedLog, deliverableLetters, REDIS_URL, tmpDir, waitFor } from '../helpers.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, `../fixtures/processors/${name}.ts`);
const batchIdOf = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
let rt: Runtime | undefined;

afterAll(async () => {
  delete process.env.POSTSTELLE_TEST_POISON;
  await rt?.close(0);
});

describe('failure owned by the queue', () => {
  it('a crashing, a hanging, a leaking and a throwing document each end on their own; the rest is delivered', async () => {
    const dir = tmpDir('failures');
    const batch = path.join(dir, 'stapel.pdf');
    const truths = await writeSeparatedBatch(loadOrg(), batch, 5, 61);
    const [single] = await deliverableLetters(path.join(dir, 'single'), 1, 62);
    const x = batchIdOf(batch);
    const y = batchIdOf(single!.file);
    // Letter 2 crashes normalize, letter 3 hangs OCR, letter 4 blows up assemble's memory; the single
    // letter's split throws every time.
    process.env.POSTSTELLE_TEST_POISON = [
      `${x}.p${truths[1]!.range[0]}.normalize`,
      `${x}.p${truths[2]!.range[0]}.ocr`,
      `${x}-04.assemble`,
      `${y}.split`,
    ].join(',');
    rt = await startRuntime({
      dataDir: path.join(dir, 'data'),
      redisUrl: REDIS_URL,
      watch: false,
      log: log.child({ test: 'failures' }),
      processors: {
        normalize: fixture('crash'),
        ocr: fixture('hang'),
        assemble: fixture('leak'),
        split: fixture('throw'),
      },
      timeouts: { ocr: 8000 },
      sandboxMaxRssBytes: 700 * 1024 * 1024,
    });
    const started = Date.now();
    const done = await runInputs(
      rt,
      [
        { file: batch, explicit: true },
        { file: single!.file, explicit: true },
      ],
      { profile: 'standard', receivedAt: '2026-12-01', wait: { stallMs: 300_000 } },
    );
    expect(done).not.toBeNull();
    const lines = done!.lines;
    const line = (item: string) => lines.find((l) => l.item === item)!;
    expect(line(`${x}-01`)).toMatchObject({ status: 'delivered', unit: truths[0]!.unit });
    expect(line(`${x}-05`)).toMatchObject({ status: 'delivered', unit: truths[4]!.unit });
    expect(line(`${x}-02`)).toMatchObject({ status: 'review', reason: 'stage_failed' });
    expect(line(`${x}-02`).message).toMatch(
      /^Seite 1: Schritt normalize fehlgeschlagen: Sandbox ended.*SIGSEGV/,
    );
    expect(line(`${x}-03`).message).toMatch(
      /^Seite 1: Schritt ocr fehlgeschlagen: Zeitüberschreitung nach 8 s/,
    );
    expect(line(`${x}-04`)).toMatchObject({ status: 'review', reason: 'stage_failed' });
    expect(line(`${x}-04`).message).toMatch(/^Schritt assemble fehlgeschlagen: Speichergrenze überschritten/);
    expect(lines.find((l) => l.source === single!.file)).toMatchObject({
      status: 'quarantined',
      reason: 'stage_failed',
      message: expect.stringMatching(/^Schritt split fehlgeschlagen: fixture: this document always fails/),
    });
    // Three attempts each, no more: the store counted every start (this call is the fourth).
    for (const [subject, stage] of [
      [`${x}/${truths[1]!.range[0]}`, 'normalize'],
      [`${x}/${truths[2]!.range[0]}`, 'ocr'],
      [`${x}-04`, 'assemble'],
      [y, 'split'],
    ])
      expect((await rt.ctx.repo.startAttempt(subject!, stage!, 1)).n, `${subject} ${stage}`).toBe(4);
    expect(Date.now() - started).toBeLessThan(240_000);
    expect(await rt.ctx.repo.verifyAudit()).toBeNull();
    await rt.close(0);
    rt = undefined;
  }, 400_000);

  it('a graceful stop hands active jobs back; the next process finishes them without a wasted attempt', async () => {
    const dir = tmpDir('handback');
    const [letter] = await deliverableLetters(path.join(dir, 'in'), 1, 63);
    const dataDir = path.join(dir, 'data');
    const captured = capturedLog();
    const start = (hang: boolean) =>
      startRuntime({
        dataDir,
        redisUrl: REDIS_URL,
        watch: false,
        log: captured.log,
        // The first process's OCR of the page hangs, so the stop surely finds it running.
        processors: hang ? { ocr: fixture('hang') } : {},
      });
    const id = batchIdOf(letter!.file);
    process.env.POSTSTELLE_TEST_POISON = `${id}.p1.ocr`;
    rt = await start(true);
    const run = runInputs(rt, [{ file: letter!.file, explicit: true }], {
      profile: 'standard',
      receivedAt: '2026-12-01',
      wait: { stallMs: 300_000, stop: new Promise((r) => setTimeout(r, 60_000)) },
    });
    // Stop while the page is in OCR, with no grace: the job goes back to its queue unfinished.
    const ocrActive = () =>
      captured.entries.some((e) => e.message === 'stage done' && e.stage === 'normalize' && e.batchId === id);
    await waitFor('normalize done, OCR running', ocrActive, 120_000);
    await new Promise((r) => setTimeout(r, 3000));
    void run.catch(() => {});
    await rt.close(0);
    rt = undefined;
    // Every page in OCR (one per page of the letter, both cores busy) was handed back, nothing else.
    const handedBack = captured.entries.filter((e) => e.message === 'handed back (shutting down)');
    expect(handedBack.length).toBeGreaterThan(0);
    expect(new Set(handedBack.map((e) => e.stage))).toEqual(new Set(['ocr']));
    delete process.env.POSTSTELLE_TEST_POISON;
    rt = await start(false);
    const items = await waitFor(
      'item delivered',
      async () => {
        const all = await rt!.ctx.repo.items(id);
        return all.length > 0 && all.every((i) => i.status === 'delivered') && all;
      },
      120_000,
    );
    expect(items.map((i) => i.status)).toEqual(['delivered']);
    // The handed-back attempt was taken back: the page's OCR counts one attempt, the one that finished.
    expect((await rt.ctx.repo.startAttempt(`${id}/1`, 'ocr', 1)).n).toBe(2);
  }, 300_000);
});
