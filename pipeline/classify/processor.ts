// The classify stage (in this process): routing to a unit and the review decision for the item.
import { pageNumbers, paginationProblem } from '../../classifiers/pagination.ts';
import { assignClerk } from '../../classifiers/clerk.ts';
import { classify as route, routingTokens, type Routing } from '../../classifiers/route.ts';
import { fold, type TextLine } from '../../classifiers/text.ts';
import type { OrgDirectory } from '../../profiles/schema.ts';
import { isSampled, sampleRate } from '../../profiles/policy.ts';
import type { Item } from '../../core/store/types.ts';
import { checkCount, isDuplex } from '../../ingest/declared.ts';
import { extractResult } from '../extract/schema.ts';
import { toTextLines } from '../ocr/lines.ts';
import { itemOcr } from '../ocr/processor.ts';
import { checkAgainstProfile } from '../split/scan-info.ts';
import type { Stage } from '../stage.ts';
import { batchProfile, itemDone, itemFailed, itemWork } from '../subjects.ts';
import { reviewDecision, withManualRouting } from './review.ts';
import { learnFromQa, routerFor, routingThreshold } from './router.ts';
import { classifyResult, type ClassifyResult } from './schema.ts';

/** The clerk within the routed unit (addressed, deputy, by topic), with why, on the day of receipt. */
function withClerk(r: Routing, org: OrgDirectory, lines: TextLine[], day: string): Routing {
  const unit = org.units.find((u) => u.id === r.unit);
  if (!unit) return { ...r, clerk: null };
  const text = fold(lines.map((l) => l.text).join('\n'));
  const a = assignClerk(unit, { addressed: r.clerk ?? null, text, personal: r.class === 'persoenlich' }, day);
  return { ...r, clerk: a.clerk, reason: a.clerk ? `${r.reason}; clerk: ${a.reason}` : r.reason };
}

export const classify: Stage<'classify', Item, ClassifyResult> = {
  queue: 'classify',
  result: classifyResult,

  prepare: itemWork('classify'),

  async processor(item, ctx) {
    const meta = extractResult.parse(await ctx.repo.stageResult(item.id, 'extract', item.run));
    const ocrd = await itemOcr(ctx, item);
    const lines = toTextLines(ocrd);
    const edit = await ctx.repo.itemEdit(item.id);
    const router = await routerFor(ctx);
    const machine = route(lines, meta, ctx.config.org, router);
    const { batch, profile } = await batchProfile(ctx, item.batchId);
    const routing = withClerk(
      { ...withManualRouting(machine, edit), clerk: machine.clerk },
      ctx.config.org,
      lines,
      batch.receivedAt.slice(0, 10),
    );
    // QA's approval is a labelled example: the next letter of its kind is routed by what QA decided.
    if (edit?.approvedBy && routing.unit)
      await learnFromQa(
        ctx,
        item,
        routing,
        routingTokens(lines, meta, ctx.config.org.authority.name),
        edit.approvedBy,
      );
    const rate = sampleRate(profile);
    const read = ocrd.filter((p) => p !== null);
    const review = reviewDecision({
      count: checkCount(batch.declared, isDuplex(batch.declared, profile.duplex), batch.pageCount ?? 0),
      badManifest: Boolean(batch.declared?.error),
      pagination: paginationProblem(pageNumbers(lines, ocrd.length).filter((_, i) => ocrd[i])),
      routing,
      profileMismatch: checkAgainstProfile(await ctx.repo.itemPages(item), profile),
      ocrConfidence: read.length ? read.reduce((s, p) => s + p.meanConfidence, 0) / read.length : null,
      routingThreshold: Math.max(profile.routingThreshold, routingThreshold(router, profile.targetPrecision)),
      approved: Boolean(edit?.approvedBy),
      reworked: edit !== undefined,
      sample: { rate, sampled: isSampled(item.id, rate) },
    });
    ctx.log.info('item classified', {
      itemId: item.id,
      unit: routing.unit,
      class: routing.class,
      confidence: routing.confidence,
      decision: review ? 'review' : 'delivered',
    });
    return {
      ...routing,
      clerk: routing.clerk ?? null,
      candidates: routing.candidates ?? [],
      model: routing.model ?? null,
      decision: review ? 'review' : 'delivered',
      reviewReason: review?.[0] ?? null,
      reviewMessage: review?.[1] ?? null,
    } satisfies ClassifyResult;
  },

  done: itemDone('classify'),
  failed: itemFailed,
};
