// Live progress of one batch, as the operators' view (server-sent events) and the CLI show it: pages done,
// pages per open page stage, items per status and per item stage, and whether the batch has settled.
import { ITEM_STAGES, PAGE_STAGES, type ItemStage, type PageStage } from '../core/jobs.ts';
import type { Batch, BatchStatus, ItemStatus, Repository } from '../core/store/types.ts';

const ITEM_STATUSES = [
  'processing',
  'delivered',
  'review',
  'quarantined',
  'merged',
] as const satisfies ItemStatus[];

export interface BatchProgressView {
  batchId: string;
  status: BatchStatus;
  pages: {
    /** Pages recorded so far (the split records them as it goes), without pages taken out in review. */
    total: number;
    /** Pages with no stage left (separator sheets and failed pages included). */
    done: number;
    /** Pages whose next stage is this one. */
    open: Record<PageStage, number>;
    /** Pages whose stage failed for good. */
    failed: number;
  };
  /** Items per status (every status present, 0 when none). */
  items: Record<ItemStatus, number>;
  /** Items still processing, per the stage they are at (`pages`: waiting for their pages). */
  itemStages: Record<'pages' | ItemStage, number>;
  /** True once nothing more will happen by itself: split, and every item settled (or the batch quarantined). */
  done: boolean;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * How far a batch has come, from the store only (reads the batch again: `batch` may be stale).
 * @example const view = await batchProgressView(ctx.repo, batch); if (view.done) stream.close();
 */
export async function batchProgressView(
  repo: Pick<Repository, 'getBatch' | 'pages' | 'items'>,
  batch: Pick<Batch, 'id'>,
): Promise<BatchProgressView> {
  const [current, pages, items] = await Promise.all([
    repo.getBatch(batch.id),
    repo.pages(batch.id),
    repo.items(batch.id),
  ]);
  const status = current?.status ?? 'ingested';
  const view: BatchProgressView = {
    batchId: batch.id,
    status,
    pages: { total: 0, done: 0, open: zeros(PAGE_STAGES), failed: 0 },
    items: zeros(ITEM_STATUSES),
    itemStages: zeros(['pages', ...ITEM_STAGES]),
    done: false,
  };
  for (const p of pages) {
    if (p.removed) continue;
    view.pages.total++;
    if (p.stage) view.pages.open[p.stage]++;
    else view.pages.done++;
    if (p.reason) view.pages.failed++;
  }
  for (const i of items) {
    view.items[i.status]++;
    if (i.status === 'processing' && i.stage) view.itemStages[i.stage]++;
  }
  view.done =
    status === 'quarantined' || status === 'duplicate' || (status === 'split' && view.items.processing === 0);
  return view;
}
