// The pipeline order, in one place: which job follows which recorded state. Stages never enqueue their
// successor themselves; they record their result, and the jobs that follow come from here.
//
//   split (per batch, in steps) ─▶ per page: normalize ─▶ ocr (content pages only)
//   once all pages of an item are done: extract ─▶ classify ─▶ assemble ─▶ deliver
import type { ItemStage, NextJob } from '../core/jobs.ts';
import type { JobQueues } from '../core/queue/index.ts';
import type { Item, PageRecord } from '../core/store/types.ts';

/** Pages a split decodes in one job: between steps other batches get their turn. */
export const SPLIT_STEP = 8;

export const NEXT_ITEM_STAGE: Record<ItemStage, ItemStage | null> = {
  extract: 'classify',
  classify: 'assemble',
  assemble: 'deliver',
  deliver: null,
};

/** After normalize, only pages with content are read (blank pages keep their place, unread). */
export function afterNormalize(page: Pick<PageRecord, 'kind'>): 'ocr' | null {
  return page.kind === 'content' ? 'ocr' : null;
}

export function splitJob(batchId: string): NextJob {
  return { queue: 'split', data: { batchId } };
}

/** The job of a page's pending stage, if it has one. */
export function pageJob(page: PageRecord | null | undefined): NextJob | null {
  if (!page?.stage) return null;
  return { queue: page.stage, data: { batchId: page.batchId, pageNo: page.pageNo, rev: page.rev } };
}

/** The job of an item's pending stage, if it has one (an item waiting for its pages has none). */
export function itemJob(item: Item | null | undefined): NextJob | null {
  if (!item || item.status !== 'processing' || !item.stage || item.stage === 'pages') return null;
  return { queue: item.stage, data: { itemId: item.id, run: item.run } };
}

export async function enqueue(queues: JobQueues, jobs: Array<NextJob | null>): Promise<void> {
  for (const job of jobs) if (job) await queues.ensure(job);
}
