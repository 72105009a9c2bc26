// The learned router in force for a data dir: the shipped model, the org directory's own words, and what
// QA taught it (the newest model version in the store). QA's routing decisions become labelled examples.
import {
  emptyCounts,
  thresholdFor,
  learn,
  loadBaseModel,
  QA_WEIGHT,
  type BaseModel,
  type Counts,
} from '../../classifiers/learn.ts';
import { labelOf, makeRouter, type Router, type Routing } from '../../classifiers/route.ts';
import type { OrgDirectory } from '../../profiles/schema.ts';
import type { Item, RoutingExample } from '../../core/store/types.ts';
import type { Context } from '../context.ts';

let base: BaseModel | undefined;
const cache = new WeakMap<Context, { version: number; org: OrgDirectory; router: Router }>();

/** The router for this context, retrained when QA taught the store a newer version or the org changed. */
export async function routerFor(ctx: Context): Promise<Router> {
  base ??= loadBaseModel();
  const version = await ctx.repo.routingModelVersion();
  const hit = cache.get(ctx);
  if (hit && hit.version === version && hit.org === ctx.config.org) return hit.router;
  const stored = version ? await ctx.repo.latestRoutingModel() : undefined;
  const qa = stored && { version: stored.version, counts: JSON.parse(stored.counts) as Counts };
  const router = makeRouter(ctx.config.org, base, qa);
  cache.set(ctx, { version, org: ctx.config.org, router });
  return router;
}

const thresholds = new WeakMap<Router, Map<number, number>>();

/** The confidence threshold for a target precision under this router (computed once per router). */
export function routingThreshold(router: Router, target: number): number {
  let memo = thresholds.get(router);
  if (!memo) thresholds.set(router, (memo = new Map()));
  let t = memo.get(target);
  if (t === undefined) memo.set(target, (t = thresholdFor(router.decisions, target)));
  return t;
}

/** The counts QA's decisions teach: each example weighs QA_WEIGHT training letters. */
export function qaCounts(examples: RoutingExample[]): Counts {
  const counts = emptyCounts();
  for (const e of examples) learn(counts, e.label, e.tokens, QA_WEIGHT);
  return counts;
}

/**
 * Records QA's routing of an item (approved, with the unit approved, or marked advertising) as a labelled
 * example and trains a new model version from all of them. Returns the version in force.
 */
export async function learnFromQa(
  ctx: Context,
  item: Pick<Item, 'id'>,
  decision: Pick<Routing, 'unit' | 'class'>,
  tokens: string[],
  by: string,
): Promise<number | null> {
  const label = labelOf(decision);
  if (!label) return null;
  const version = await ctx.repo.addRoutingExample({ itemId: item.id, label, tokens, by }, (all) =>
    JSON.stringify(qaCounts(all)),
  );
  ctx.log.info('routing learned from QA', { itemId: item.id, label, modelVersion: version });
  return version;
}
