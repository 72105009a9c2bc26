// The pages and items that stage jobs work on: whether a job is still due, and how a stage that failed
// for good is recorded for them.
import type { ReasonCode } from '../core/errors.ts';
import type { ItemStage, NextJob, PageStage } from '../core/jobs.ts';
import type { Item, PageRecord } from '../core/store/types.ts';
import type { Context } from './context.ts';
import { itemJob, NEXT_ITEM_STAGE } from './flow.ts';

type PageRef = { batchId: string; pageNo: number; rev: number };
type ItemRef = { itemId: string; run: number };

/**
 * The page a page job works on, when that job is still due: the page is at the job's revision and stage,
 * and its batch was not given up (quarantined or a duplicate). Else null: the job is stale.
 */
/** A batch and the profile it is worked with. */
export async function batchProfile(ctx: Context, batchId: string) {
  const batch = (await ctx.repo.getBatch(batchId))!;
  return { batch, profile: ctx.config.profiles.get(batch.profile)! };
}

export async function duePage(ctx: Context, data: PageRef, stage: PageStage): Promise<PageRecord | null> {
  const page = await ctx.repo.page(data.batchId, data.pageNo);
  if (!page || page.rev !== data.rev || page.stage !== stage) return null;
  const batch = await ctx.repo.getBatch(data.batchId);
  return batch && (batch.status === 'ingested' || batch.status === 'split') ? page : null;
}

/** The item an item job works on, when that job is still due (the item is at its run and stage). */
export async function dueItem(ctx: Context, data: ItemRef, stage: Item['stage']): Promise<Item | null> {
  const item = await ctx.repo.getItem(data.itemId);
  return item && item.run === data.run && item.status === 'processing' && item.stage === stage ? item : null;
}

/** A page stage that failed for good: the page's item goes to review (nothing follows). */
export function pageFailed(stage: PageStage) {
  return async (ctx: Context, data: PageRef, reason: ReasonCode, message: string): Promise<NextJob[]> => {
    await ctx.repo.failPage(data, stage, reason, message, ctx.actor);
    return [];
  };
}

/** An item stage that failed for good: the item goes to review (nothing follows). */
export async function itemFailed(ctx: Context, data: ItemRef, reason: ReasonCode, message: string) {
  await ctx.repo.failItem(data.itemId, 'review', reason, message, ctx.actor);
  return [];
}

/** `prepare` of an item stage that works on the item itself, in this process. */
export function itemWork(stage: ItemStage) {
  return async (ctx: Context, data: ItemRef) => {
    const item = await dueItem(ctx, data, stage);
    return item && { input: item };
  };
}

/** `done` of an item stage that is followed by another: the result recorded, the item moved on. */
export function itemDone(stage: Exclude<ItemStage, 'deliver'>) {
  return async (ctx: Context, data: ItemRef, result: unknown) => [
    itemJob(
      await ctx.repo.completeStage(
        data.itemId,
        stage,
        data.run,
        result,
        { stage: NEXT_ITEM_STAGE[stage]! },
        ctx.actor,
      ),
    ),
  ];
}
