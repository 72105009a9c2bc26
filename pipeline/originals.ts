// Paper originals: once every mail item of a batch is delivered (QA passed), its paper may be destroyed or
// returned as its profile says (TR-03138: originals are kept until the scan's quality is assured). What the
// mailroom did with them is recorded in the audit trail, which takes the batch off the list.
import type { Batch, Repository } from '../core/store/types.ts';
import { scanModeOf, type Profile } from '../profiles/schema.ts';
import type { Config } from '../profiles/load.ts';
import type { Context } from './context.ts';
import { secureDeletion } from '../profiles/policy.ts';
import { purgeRawScan } from './intermediates.ts';

export type Disposition = Profile['originals'];

/** How the operators' view names a disposition. */
export const DISPOSITION_LABEL: Record<Disposition, string> = {
  retain: 'aufbewahren',
  destroy: 'vernichten',
  return: 'zurückgeben',
};

/** Audit action recording what was done with a batch's originals. */
export const ORIGINALS_ACTION = 'originals.handled';

export interface OriginalsDue {
  batch: Batch;
  source: Batch['source'];
  receivedAt: string;
  profile: string;
  disposition: Disposition;
  /** ersetzend (the scan replaces the paper) or ergaenzend. */
  scanMode: 'ersetzend' | 'ergaenzend';
  label: string;
  /** Items delivered (merged items count with the item they went into). */
  delivered: number;
  /** When the last item settled (ISO). */
  settledAt: string;
}

export type OriginalsContext = {
  repo: Pick<Repository, 'recentBatches' | 'items' | 'auditSearch'>;
  config: Pick<Config, 'profiles'>;
};

/**
 * Batches whose paper originals may now be handled: split, every item delivered (or merged into one that
 * was), and not yet recorded as handled. Newest first, among the `limit` most recent batches.
 * @example for (const d of await originalsDue(ctx)) console.log(d.batch.id, d.label);
 */
export async function originalsDue(ctx: OriginalsContext, limit = 500): Promise<OriginalsDue[]> {
  const due: OriginalsDue[] = [];
  for (const batch of await ctx.repo.recentBatches(limit)) {
    if (batch.status !== 'split') continue;
    const items = await ctx.repo.items(batch.id);
    const delivered = items.filter((i) => i.status === 'delivered');
    if (!delivered.length || items.some((i) => i.status !== 'delivered' && i.status !== 'merged')) continue;
    if (await handled(ctx.repo, batch.id)) continue;
    const profile = ctx.config.profiles.get(batch.profile);
    const disposition = profile?.originals ?? 'retain';
    due.push({
      batch,
      source: batch.source,
      receivedAt: batch.receivedAt,
      profile: batch.profile,
      disposition,
      scanMode: profile ? scanModeOf(profile) : 'ergaenzend',
      label: DISPOSITION_LABEL[disposition],
      delivered: delivered.length,
      settledAt: items
        .map((i) => i.updatedAt)
        .sort()
        .at(-1)!,
    });
  }
  return due;
}

async function handled(repo: Pick<Repository, 'auditSearch'>, batchId: string): Promise<boolean> {
  // Subjects match by prefix (a batch's items too): only an entry on the batch itself counts.
  const entries = await repo.auditSearch({ subject: batchId, action: ORIGINALS_ACTION, limit: 50 });
  return entries.some((e) => e.subject === batchId);
}

/**
 * Records that a batch's originals were handled (audited; the batch leaves the list) and, where the
 * profile's protection need asks for it, securely deletes the raw scan (QA passed, paper released).
 */
export async function releaseOriginals(ctx: Context, due: OriginalsDue, actor: string): Promise<void> {
  await recordOriginalsHandled(ctx.repo, due.batch.id, due.disposition, actor);
  const profile = ctx.config.profiles.get(due.profile);
  if (profile && secureDeletion(profile)) await purgeRawScan(ctx, due.batch, actor);
}

/** Records that a batch's originals were handled as `disposition` (audited; the batch leaves the list). */
export async function recordOriginalsHandled(
  repo: Pick<Repository, 'audit'>,
  batchId: string,
  disposition: Disposition,
  actor: string,
): Promise<void> {
  await repo.audit(actor, ORIGINALS_ACTION, batchId, { disposition });
}
