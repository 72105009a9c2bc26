// The pipeline order, in one place. Stages never enqueue their successor themselves.
import { STAGES, type Item, type ItemStage } from '../core/store/types.ts';
import type { JobQueues } from '../core/queue.ts';

export function nextStage(stage: ItemStage): ItemStage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

export function previousStage(stage: ItemStage): ItemStage | null {
  return STAGES[STAGES.indexOf(stage) - 1] ?? null;
}

/** Makes sure the job for an item's pending stage is in the queue (after a stage, and in the reconciler). */
export async function enqueueItem(queues: JobQueues, item: Item): Promise<void> {
  if (item.status !== 'processing' || !item.stage) return;
  await queues.ensure(item.stage, { itemId: item.id, run: item.run });
}
