// Reconciler: the store is the system of record, Redis only coordinates. On start and periodically every
// process re-enqueues what the store says is pending (idempotent: live jobs with the same id are left
// alone; the store counts attempts, so this never brings a failing document back without end), and an
// ingest process records spool files that were claimed but never recorded.
import { adoptOrphans } from '../ingest/intake.ts';
import type { Context } from './context.ts';
import { enqueue, itemJob, pageJob, splitJob } from './flow.ts';

export async function reconcile(
  ctx: Context,
  defaults: { profile: string; outDir: string },
  opts: { orphans: boolean },
): Promise<{ batches: number; pages: number; items: number; orphans: number }> {
  const { batches, pages, items } = await ctx.repo.pending();
  await enqueue(ctx.queues, [
    ...batches.map((b) => splitJob(b.id)),
    ...pages.map(pageJob),
    ...items.map(itemJob),
  ]);
  const orphans = opts.orphans ? await adoptOrphans(ctx, defaults) : 0;
  return { batches: batches.length, pages: pages.length, items: items.length, orphans };
}
