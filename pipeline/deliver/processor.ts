// The deliver stage (in this process): the item's PDF and sidecar into its unit's inbox, or into review,
// each file written atomically. An inbox never holds a partial file, and a re-run overwrites the same
// names instead of adding copies.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { removeStaleTemps, writeFileAtomic } from '../../core/files.ts';
import type { Item } from '../../core/store/types.ts';
import { assembleResult } from '../assemble/schema.ts';
import { classifyResult } from '../classify/schema.ts';
import type { Context } from '../context.ts';
import { itemLine } from '../results.ts';
import type { Stage } from '../stage.ts';
import { itemFailed, itemWork } from '../subjects.ts';

const deliverResult = z.object({ output: z.string() });

/**
 * Removes the files of an item's earlier delivery (`<outDir>/<dir>/<item>.pdf|.json`) from every folder
 * but `keep`, so that an item delivered again elsewhere (rework, sent back) is never in two inboxes.
 * Returns the files removed.
 */
export async function removeEarlierDeliveries(outDir: string, itemId: string, keep: string | null) {
  const removed: string[] = [];
  const dirs = await fs.readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const d of dirs) {
    if (!d.isDirectory() || path.join(outDir, d.name) === keep) continue;
    for (const file of [`${itemId}.json`, `${itemId}.pdf`].map((f) => path.join(outDir, d.name, f))) {
      try {
        await fs.unlink(file);
        removed.push(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  return removed;
}

/** Writes `<out>/<unit>/<item>.json` then `<item>.pdf` (or `<out>/_review/...`); returns the PDF's path. */
async function deliverItem(item: Item, ctx: Context): Promise<{ output: string }> {
  const batch = (await ctx.repo.getBatch(item.batchId))!;
  const routing = classifyResult.parse(await ctx.repo.stageResult(item.id, 'classify', item.run));
  const { pdf } = assembleResult.parse(await ctx.repo.stageResult(item.id, 'assemble', item.run));
  const status = routing.decision;
  const dir = path.join(batch.outDir, status === 'delivered' && routing.unit ? routing.unit : '_review');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Only a reworked item (run > 1) can have been delivered elsewhere: first runs skip the folder scan.
  const earlier = item.run > 1 ? await removeEarlierDeliveries(batch.outDir, item.id, dir) : [];
  if (earlier.length) ctx.log.info('earlier delivery removed', { itemId: item.id, files: earlier.length });
  const output = path.join(dir, `${item.id}.pdf`);
  const line = await itemLine(ctx.repo, batch, item, {
    status,
    output,
    reason: status === 'review' ? routing.reviewReason : null,
    message: status === 'review' ? routing.reviewMessage : null,
  });
  const sidecar = {
    ...line,
    hash: batch.hash,
    batch: batch.id,
    profile: batch.profile,
    configVersion: batch.configVersion,
    routingReason: routing.reason,
  };
  const json = path.join(dir, `${item.id}.json`);
  await removeStaleTemps(dir, [path.basename(json), path.basename(output)]);
  await writeFileAtomic(json, JSON.stringify(sidecar, null, 2));
  await writeFileAtomic(output, await ctx.blobs.get(pdf));
  return { output };
}

export const deliver: Stage<'deliver', Item, z.infer<typeof deliverResult>> = {
  queue: 'deliver',
  result: deliverResult,
  processor: deliverItem,

  prepare: itemWork('deliver'),

  async done(ctx, data, { output }) {
    const routing = classifyResult.parse(await ctx.repo.stageResult(data.itemId, 'classify', data.run));
    await ctx.repo.completeStage(
      data.itemId,
      'deliver',
      data.run,
      { output },
      { status: routing.decision, reason: routing.reviewReason, message: routing.reviewMessage, output },
      ctx.actor,
    );
    return [];
  },

  failed: itemFailed,
};
