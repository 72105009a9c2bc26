// Large batches do not block small letters: a one-page letter dropped beside a 300-page batch is delivered
// while the batch is still being worked on (the split goes in steps, pages are jobs of their own, taken in
// page order across batches), with the real queues, sandboxes and OCR.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../pipeline/runtime.ts';
import { pagePngs } from '../../pipeline/split/decode.ts';
import { deliverableLetters, dropInto, tmpDir, waitFor, watchingRuntime } from '../helpers.ts';

let rt: Runtime | undefined;
afterAll(async () => {
  await rt?.close(0);
});

/** A long scanned batch: the page scans of a generated letter over and over (each image stored once). */
async function longBatch(letter: string, pages: number): Promise<Buffer> {
  const out = await PDFDocument.create();
  const images = await Promise.all(
    (await pagePngs(letter)).map(async (png) =>
      out.embedJpg(await sharp(png).jpeg({ quality: 80 }).toBuffer()),
    ),
  );
  for (let i = 0; i < pages; i++) {
    const image = images[i % images.length]!;
    const page = out.addPage([(image.width / 300) * 72, (image.height / 300) * 72]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await out.save());
}

describe('fairness', () => {
  it('delivers a one-page letter within two minutes while a 300-page batch is being worked on', async () => {
    const [big, small] = await deliverableLetters(tmpDir('fair-letters'), 2, 4711);
    rt = await watchingRuntime(tmpDir('fair'), 'fairness');
    const hot = rt.hotFolders.get('standard')!;
    dropInto(hot, 'stapel-300.pdf', await longBatch(big!.file, 300));
    const batchOf = async (name: string) =>
      (await rt!.ctx.repo.recentBatches(10)).find((b) => b.originalName === name);
    // The batch is well under way: its split has decoded pages and their stages have started.
    await waitFor(
      'batch under way',
      async () => {
        const b = await batchOf('stapel-300.pdf');
        return b && (await rt!.ctx.repo.batchProgress(b.id)).pagesDone >= 2;
      },
      180_000,
    );
    const dropped = Date.now();
    dropInto(hot, 'kleiner Brief.pdf', fs.readFileSync(small!.file));
    const item = await waitFor(
      'small letter delivered',
      async () => {
        const b = await batchOf('kleiner Brief.pdf');
        const [i] = b ? await rt!.ctx.repo.items(b.id) : [];
        return i && i.status !== 'processing' && i;
      },
      150_000,
    );
    const seconds = (Date.now() - dropped) / 1000;
    expect(item.status).toBe('delivered');
    expect(seconds).toBeLessThan(120);
    const b = (await batchOf('stapel-300.pdf'))!;
    const progress = await rt.ctx.repo.batchProgress(b.id);
    expect(progress.pagesDone).toBeLessThan(300); // still being worked on
    process.stderr.write(
      `fairness: letter delivered ${seconds.toFixed(1)} s after it was dropped; batch at ${progress.pagesDone}/${progress.pages} pages done\n`,
    );
    expect(fs.existsSync(path.join(rt.dirs.inbox, small!.unit!, `${item.id}.pdf`))).toBe(true);
  }, 400_000);
});
