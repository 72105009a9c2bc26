// The Transfervermerk of an item's run, from what the store knows: the batch and its profile, every page
// with its enhancements, the anomalies (blank pages left out, rescans, manual edits, page count problems,
// why it was held for review), the QA result with completeness, and the audit chain's head.
import type { Item } from '../../core/store/types.ts';
import { scanModeOf } from '../../profiles/schema.ts';
import { classifyResult } from '../classify/schema.ts';
import type { Context } from '../context.ts';
import { normalizeResult } from '../normalize/schema.ts';
import { checkCount, isDuplex } from '../../ingest/declared.ts';
import { batchProfile } from '../subjects.ts';
import { xmlChars } from './pdfa/xmp.ts';
import { actionLabel, MANUAL_EDITS } from '../actions.ts';
import type { AnomalyKind, Transfervermerk } from './transfervermerk.ts';

const ORIGINALS = { retain: 'aufbewahren', destroy: 'vernichten', return: 'zurueckgeben' } as const;

/** The Transfervermerk of `item` in its current run, as of now. */
export async function transfervermerkFor(ctx: Context, item: Item): Promise<Transfervermerk> {
  const { batch, profile } = await batchProfile(ctx, item.batchId);
  const routing = classifyResult.parse(await ctx.repo.stageResult(item.id, 'classify', item.run));
  const edit = await ctx.repo.itemEdit(item.id);
  // Completeness as the batch report has it, without building the whole report for every item.
  const count = checkCount(batch.declared, isDuplex(batch.declared, profile.duplex), batch.pageCount ?? 0);
  const anomalies: Array<{ kind: AnomalyKind; text: string }> = [];
  const pages: Transfervermerk['pages'] = [];
  for (const p of await ctx.repo.itemPages(item)) {
    if (p.kind === 'blank' && profile.blankPages === 'drop') {
      anomalies.push({
        kind: 'leerseite_entfernt',
        text: `Leerseite (Quellseite ${p.pageNo}) nicht übernommen`,
      });
      continue;
    }
    const norm = normalizeResult.parse(await ctx.repo.pageResult(p.batchId, p.pageNo, 'normalize', item.run));
    if (p.note) anomalies.push({ kind: 'neuscan', text: `${p.note} (Quellseite ${p.pageNo})` });
    pages.push({
      no: pages.length + 1,
      sourcePage: p.pageNo,
      kind: p.kind === 'blank' ? 'leerseite' : 'inhalt',
      dpi: p.scanDpi,
      colour: p.colour,
      rotation: norm.rotation,
      skew: Math.round(norm.skew * 100) / 100,
      enhancements: norm.enhancements,
    });
  }
  const trail = await ctx.repo.auditTrail(item.id);
  for (const e of trail)
    if (MANUAL_EDITS.has(e.action) && !e.actor.startsWith('worker@'))
      anomalies.push({
        kind: 'manuelle_bearbeitung',
        text: `${actionLabel(e.action)} (${e.actor}, ${e.at})`,
      });
  if (count.problem) anomalies.push({ kind: 'seitenzahl', text: count.problem });
  if (routing.decision === 'review' && routing.reviewMessage)
    anomalies.push({ kind: 'pruefung', text: routing.reviewMessage });

  const approved = edit?.approvedBy ? { by: edit.approvedBy, at: edit.approvedAt } : null;
  const passed = routing.decision === 'delivered';
  // The split is done (an item is assembled only then): every page is in an item or a separator.
  const complete = !count.problem;
  const statement = !passed
    ? 'Die Qualitätssicherung steht aus: die bildliche und inhaltliche Übereinstimmung mit dem Original ist noch nicht bestätigt.'
    : approved
      ? `Die bildliche und inhaltliche Übereinstimmung des Scanprodukts mit dem Original wurde von ${approved.by} geprüft und bestätigt.`
      : 'Das Scanprodukt stimmt nach der automatischen Qualitätssicherung (Vollzähligkeit, Auflösung und Farbmodus nach Profil, Lesbarkeit) bildlich und inhaltlich mit dem Original überein.';
  const head = await ctx.repo.auditHead();
  return {
    document: {
      item: item.id,
      batch: batch.id,
      run: item.run,
      pages: pages.length,
      source: xmlChars(batch.originalName),
      sourceSha256: batch.hash,
    },
    capture: {
      scannedBy: xmlChars(batch.operator ?? '') || 'Poststelle (ohne Namensangabe)',
      station: profile.station ?? 'nicht angegeben',
      scanner: profile.scanner ?? 'nicht angegeben',
      profile: profile.name,
      configVersion: batch.configVersion,
      capturedAt: batch.createdAt,
      receivedAt: batch.receivedAt.slice(0, 10),
      scanMode: scanModeOf(profile),
      originals: ORIGINALS[profile.originals],
      dpi: profile.dpi,
      colour: profile.colour,
      compression: `${profile.compression.mode}, JPEG-Qualität ${profile.compression.jpegQuality}, kein JBIG2`,
      protection: profile.protection,
    },
    pages,
    anomalies,
    qa: {
      result: passed ? 'bestanden' : 'ausstehend',
      method: approved ? 'manuell' : 'automatisch',
      by: approved?.by ?? null,
      at: approved?.at ?? null,
      complete,
      declaredPages: count.declared,
      countedPages: batch.pageCount,
      // Held as a QA sample in this or an earlier run (deliver records the review reason).
      sampled: trail.some(
        (e) => (e.details as { next?: { reason?: string } } | null)?.next?.reason === 'sample',
      ),
    },
    statement,
    audit: { seq: head.seq, hash: head.hash },
    createdAt: new Date().toISOString(),
  };
}
