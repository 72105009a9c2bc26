// The review decision: whether a mail item goes to its unit or to QA, and why. Pure; the first problem
// found decides, in the order of the list below.
import { ReasonCode } from '../../core/errors.ts';
import type { CountCheck } from '../../ingest/declared.ts';
import type { Routing } from '../../classifiers/route.ts';
import type { ItemEdit } from '../../core/store/types.ts';

/** OCR confidence below this makes an item illegible for automatic routing (A.SC.8 legibility). */
export const MIN_OCR_CONFIDENCE = 0.55;

export interface ReviewFacts {
  /** The batch's page count against what the operator declared. */
  count: CountCheck;
  /** The declaration itself was broken (a manifest that could not be read). */
  badManifest: boolean;
  /** Gaps or doubled pages in the letter's own page numbers. */
  pagination: string | null;
  routing: Routing;
  /** Scan resolution or colour mode below the profile (A.SC.6). */
  profileMismatch: { reason: ReasonCode; message: string } | null;
  /** Mean OCR confidence of the content pages; null when no page carries text. */
  ocrConfidence: number | null;
  routingThreshold: number;
  /** QA approved the item (with a unit): it is delivered whatever the checks say. */
  approved: boolean;
  /** QA reworked the item (an edit is recorded): it is delivered only once approved. */
  reworked?: boolean;
  /** Share of confidently routed items QA checks anyway, and whether this item is one of them. */
  sample: { rate: number; sampled: boolean };
}

/**
 * The routing with QA's manual unit and class over the machine's (confidence 1 for a manual unit).
 * @example withManualRouting(routing, { unit: 'kaemmerei', class: null, updatedBy: 'qa1' }) // reason 'manuell: qa1'
 */
export function withManualRouting(
  r: Routing,
  edit: Pick<ItemEdit, 'unit' | 'class' | 'updatedBy'> | undefined,
): Routing {
  if (!edit || (!edit.unit && !edit.class)) return r;
  return {
    unit: edit.unit ?? r.unit,
    class: edit.class ?? r.class,
    confidence: edit.unit ? 1 : r.confidence,
    reason: `manuell: ${edit.updatedBy}`,
  };
}

/** The best candidates for QA to choose from, as a sentence ('' when there are none). */
function proposals(r: Routing): string {
  const c = r.candidates ?? [];
  return c.length
    ? ` Vorschläge: ${c.map((x) => `${x.unit} (${Math.round(x.confidence * 100)} %: ${x.reason})`).join('; ')}.`
    : '';
}

/**
 * Null to deliver, else the reason code and a message for QA (German).
 * @example reviewDecision({ ...facts, ocrConfidence: 0.4 }) // ['low_confidence', 'Schlecht lesbar (...)']
 */
export function reviewDecision(f: ReviewFacts): [ReasonCode, string] | null {
  if (f.approved && f.routing.unit) return null;
  if (f.reworked && !f.approved)
    return [
      ReasonCode.pendingApproval,
      'Nachbearbeitet: wartet auf die Freigabe durch die Qualitätssicherung.',
    ];
  if (f.count.problem)
    return [
      f.badManifest ? ReasonCode.badManifest : ReasonCode.pageCountMismatch,
      `Vollzähligkeit des Stapels prüfen: ${f.count.problem}`,
    ];
  if (f.pagination) return [ReasonCode.missingPage, f.pagination];
  if (f.routing.class === 'fehlleitung' || f.routing.class === 'werbung')
    return [ReasonCode.specialClass, `Sonderfall ${f.routing.class}: nicht automatisch zustellen.`];
  if (f.profileMismatch) return [f.profileMismatch.reason, f.profileMismatch.message];
  if (f.ocrConfidence === null) return [ReasonCode.lowConfidence, 'Kein Text erkannt (nur Leerseiten?).'];
  if (f.ocrConfidence < MIN_OCR_CONFIDENCE)
    return [ReasonCode.lowConfidence, `Schlecht lesbar (OCR-Konfidenz ${f.ocrConfidence.toFixed(2)}).`];
  if (!f.routing.unit) return [ReasonCode.noUnit, 'Keine zuständige Organisationseinheit erkannt.'];
  const confidence = f.routing.confidence ?? 0;
  if (confidence < f.routingThreshold)
    return [
      ReasonCode.lowConfidence,
      `Zuordnung unsicher (${confidence.toFixed(2)} < ${f.routingThreshold.toFixed(2)}).${proposals(f.routing)}`,
    ];
  // Personal post is not opened for a sample: QA may not read it.
  if (f.sample.sampled && f.routing.class !== 'persoenlich')
    return [
      ReasonCode.sample,
      `Stichprobe der Qualitätssicherung (${Math.round(f.sample.rate * 100)} % der sicher zugeordneten Poststücke).`,
    ];
  return null;
}
