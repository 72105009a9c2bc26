// The deliver stage (in this process): the item's PDF and sidecar into its unit's inbox, or into review,
// each file written atomically. An inbox never holds a partial file, and a re-run overwrites the same
// names instead of adding copies. Personal post ('persönlich/vertraulich') never lands in a unit's
// ordinary folder: it goes to `<unit>/persoenlich/<clerk>/` (or `_unit/` without a clerk), in review to
// `_review/persoenlich/`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import { removeStaleTemps, writeFileAtomic } from '../../core/files.ts';
import type { Item } from '../../core/store/types.ts';
import { isRestricted } from '../../profiles/policy.ts';
import { assembleResult } from '../assemble/schema.ts';
import { classifyResult, type ClassifyResult } from '../classify/schema.ts';
import type { Context } from '../context.ts';
import { itemLine } from '../results.ts';
import type { Stage } from '../stage.ts';
import { itemFailed, itemWork } from '../subjects.ts';

const deliverResult = z.object({ output: z.string() });

/** The folder of personal post inside a unit's folder (and inside `_review`). */
export const PERSONAL_DIR = 'persoenlich';
/** Personal post for the confidential unit as a whole (no clerk): a name no clerk id can have. */
export const UNIT_SHARE = '_unit';
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The folder under the output dir an item's files go to: its unit's folder, `_review`, or for personal
 * post the restricted folder `<unit>/persoenlich/<clerk | _unit>` (`_review/persoenlich` in review).
 * @example deliveryDir({ decision: 'delivered', unit: 'personalamt', class: 'persoenlich', clerk: 'p.sommer' }) // 'personalamt/persoenlich/p.sommer'
 */
export function deliveryDir(r: Pick<ClassifyResult, 'decision' | 'unit' | 'class' | 'clerk'>): string {
  const personal = isRestricted(r);
  if (r.decision !== 'delivered' || !r.unit) return personal ? path.join('_review', PERSONAL_DIR) : '_review';
  if (!personal) return segment(r.unit);
  return path.join(segment(r.unit), PERSONAL_DIR, r.clerk ? segment(r.clerk) : UNIT_SHARE);
}

/** A unit or clerk id as one folder name (the org schema allows no others; checked again here). */
function segment(id: string): string {
  if (!SAFE_SEGMENT.test(id) || id === PERSONAL_DIR)
    throw new PermanentError(
      ReasonCode.stageFailed,
      `cannot deliver to a folder named ${JSON.stringify(id)}`,
    );
  return id;
}

/** The folders an item may have been delivered to: every folder of `outDir`, and their personal folders. */
async function deliveryDirs(outDir: string): Promise<string[]> {
  const list = async (dir: string) =>
    (await fs.readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isDirectory())
      .map((d) => path.join(dir, d.name));
  const dirs: string[] = [];
  for (const top of await list(outDir)) {
    dirs.push(top);
    const personal = path.join(top, PERSONAL_DIR);
    if (!(await fs.lstat(personal).catch(() => null))?.isDirectory()) continue;
    dirs.push(personal, ...(await list(personal)));
  }
  return dirs;
}

/**
 * Removes the files of an item's earlier delivery (`<outDir>/<dir>/<item>.pdf|.json`, personal folders
 * included) from every folder but `keep`, so that an item delivered again elsewhere (rework, sent back) is
 * never in two inboxes. Returns the files removed.
 */
export async function removeEarlierDeliveries(outDir: string, itemId: string, keep: string | null) {
  const removed: string[] = [];
  for (const dir of await deliveryDirs(outDir)) {
    if (keep !== null && path.resolve(dir) === path.resolve(keep)) continue;
    for (const file of [`${itemId}.json`, `${itemId}.pdf`].map((f) => path.join(dir, f))) {
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

/**
 * Writes `<out>/<dir>/<item>.json` then `<item>.pdf`, `<dir>` as `deliveryDir` says (unit, review, or a
 * personal folder); returns the PDF's path.
 */
async function deliverItem(item: Item, ctx: Context): Promise<{ output: string }> {
  const batch = (await ctx.repo.getBatch(item.batchId))!;
  const routing = classifyResult.parse(await ctx.repo.stageResult(item.id, 'classify', item.run));
  const { pdf } = assembleResult.parse(await ctx.repo.stageResult(item.id, 'assemble', item.run));
  const status = routing.decision;
  const dir = path.join(batch.outDir, deliveryDir(routing));
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
    clerk: routing.clerk,
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
