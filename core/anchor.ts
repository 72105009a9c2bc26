// Anchors of the audit chain (TR-03138 A.SC.11): the chain's head, sealed (and timestamped where a TSA is
// configured) at least every few minutes and at every stop. A hash chain alone proves nothing against
// someone who cuts off its end or recomputes it whole; a sealed anchor cannot be recomputed without the
// key, and an anchored entry that is gone shows the cut. Every anchor is itself an event in the chain, so
// deleting anchors shows as well.
import type { Certificate } from 'pkijs';
import { signDetached, verifyDetached } from './seal/cms.ts';
import type { SealKey } from './seal/keys.ts';
import type { AuditAnchor, AuditHead, Repository } from './store/types.ts';

type AuditRepo = Pick<
  Repository,
  'auditHead' | 'auditEntry' | 'addAnchor' | 'anchors' | 'verifyAudit' | 'auditTrail'
>;

/** What an anchor's seal signs. */
export const anchorBytes = (h: AuditHead) =>
  new TextEncoder().encode(`poststelle audit anchor\n${h.seq}\n${h.hash}\n${h.at}`);

/** Seals the chain's head unless it is anchored already; returns the new anchor, or null. */
export async function anchorAudit(
  repo: AuditRepo,
  key: SealKey,
  opts: { tsaUrl?: string | null } = {},
): Promise<AuditAnchor | null> {
  const head = await repo.auditHead();
  const last = (await repo.anchors()).at(-1);
  // The anchor's own event moves the head by one: anchoring only that again would never end.
  if (head.seq === 0 || (last && head.seq <= last.seq + 1)) return null;
  const cms = await signDetached(anchorBytes(head), key, opts.tsaUrl ? { tsaUrl: opts.tsaUrl } : {});
  const anchor = { ...head, cms };
  return (await repo.addAnchor(anchor)) ? anchor : null;
}

export type AuditCheck =
  | { ok: true; entries: number; anchors: number; lastAnchor: AuditHead | null }
  | { ok: false; seq: number; problem: string };

/**
 * Checks the chain and its anchors: every entry's hash, every anchor's seal (against `trust`), every
 * anchored entry still there with the anchored hash, and an anchor for every `audit.anchor` event.
 * Names the first broken or missing entry.
 */
export async function verifyAuditTrail(repo: AuditRepo, trust: Certificate[]): Promise<AuditCheck> {
  const broken = await repo.verifyAudit();
  if (broken !== null)
    return {
      ok: false,
      seq: broken,
      problem: `entry ${broken} was changed or does not follow its predecessor`,
    };
  const head = await repo.auditHead();
  const anchors = await repo.anchors();
  for (const a of anchors) {
    const seal = await verifyDetached(a.cms, anchorBytes(a), trust);
    if (!seal.ok)
      return { ok: false, seq: a.seq, problem: `anchor of entry ${a.seq} (${a.at}): ${seal.message}` };
    const entry = await repo.auditEntry(a.seq);
    if (!entry) {
      // Past the end: the cut starts right after the last entry left (a hole inside was caught above).
      const first = a.seq > head.seq ? head.seq + 1 : a.seq;
      return {
        ok: false,
        seq: first,
        problem: `entry ${first} is missing: entry ${a.seq} was anchored on ${a.at}, the trail now ends at entry ${head.seq} (truncated)`,
      };
    }
    if (entry.hash !== a.hash || entry.at !== a.at)
      return {
        ok: false,
        seq: a.seq,
        problem: `entry ${a.seq} differs from its anchor of ${a.at} (the chain was recomputed)`,
      };
  }
  const anchored = new Set(anchors.map((a) => a.seq));
  for (const e of await repo.auditTrail('audit')) {
    const seq = (e.details as { seq?: number } | null)?.seq;
    if (e.action === 'audit.anchor' && typeof seq === 'number' && !anchored.has(seq))
      return {
        ok: false,
        seq,
        problem: `the anchor of entry ${seq} (recorded in entry ${e.seq}) is missing`,
      };
  }
  return { ok: true, entries: head.seq, anchors: anchors.length, lastAnchor: anchors.at(-1) ?? null };
}
