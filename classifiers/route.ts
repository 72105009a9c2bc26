// Routing: which unit gets a mail item, and what class of post it is. Every decision carries its reason.
import type { OrgDirectory, OrgUnit } from '../profiles/schema.ts';
import type { DocClass } from '../core/store/types.ts';
import type { Metadata } from './extract.ts';
import { fold, type TextLine } from './text.ts';

export interface Routing {
  unit: string | null;
  class: DocClass;
  /** Confidence of the unit decision (0..1); null when no unit applies. */
  confidence: number | null;
  reason: string;
  /** The addressed or assigned clerk within the unit. */
  clerk?: string | null;
  /** The best units, calibrated confidence and why. */
  candidates?: Array<{ unit: string; confidence: number; reason: string }>;
  /** Version of the learned model that took part. */
  model?: string | null;
}

/** The unit whose file-plan entry is the longest prefix of the reference's plan part. */
export function unitForPlan(org: OrgDirectory, plan: string): { unit: OrgUnit; prefix: string } | null {
  let best: { unit: OrgUnit; prefix: string } | null = null;
  for (const unit of org.units) {
    for (const prefix of unit.fileplan) {
      if (plan.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { unit, prefix };
    }
  }
  return best;
}

const word = (w: string) => new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i');

/** How often a topic occurs as a word or the start of a compound (Hundesteuer -> Hundesteuerbescheid). */
function hits(haystack: string, topic: string): number {
  const g = new RegExp(word(fold(topic)).source, 'gi');
  return haystack.match(g)?.length ?? 0;
}

const PERSONAL = /(^|\s)[-–*]?\s*(pers(ö|o|oe)nlich|vertraulich)\b/i;
const AD_WORDS = [
  'angebot',
  'rabatt',
  'gutschein',
  'sonderaktion',
  'aktionspreis',
  'jetzt bestellen',
  'nur fur kurze zeit',
  'kostenlos',
  'gratis',
  'newsletter',
  'abbestellen',
  'abmelden',
  'exklusiv',
  'sparen sie',
  'preisvorteil',
  'neukunden',
  'testen sie',
  'werbung',
  'sonderpreis',
  'bestellen sie',
  'prozent',
  'katalog',
];
const OTHER_AUTHORITY =
  /\b(finanzamt|landratsamt|amtsgericht|landgericht|jobcenter|agentur fur arbeit|kreisverwaltung|bezirksamt|polizei\w*|staatsanwaltschaft|bundesamt|landesamt|regierungsprasidium|kreisstadt|gemeinde\s+\w+|stadt\s+\w+|samtgemeinde\s+\w+|verbandsgemeinde\s+\w+|krankenkasse|deutsche rentenversicherung|familienkasse)/g;

/** Address block: the first lines of page 1, where recipient and markings stand. */
function head(lines: TextLine[]): string {
  return fold(
    lines
      .filter((l) => l.page === 1 && !l.para)
      .slice(0, 16)
      .map((l) => l.text)
      .join('\n'),
  );
}

export function classify(lines: TextLine[], meta: Metadata, org: OrgDirectory): Routing {
  const all = fold(lines.map((l) => l.text).join('\n'));
  const top = head(lines);
  const ours = fold(org.authority.name);

  // Negative list first: never routed automatically into a unit's files.
  const addressedElsewhere = [...top.matchAll(OTHER_AUTHORITY)].map((m) => m[0]).filter((m) => m !== ours);
  if (addressedElsewhere.length && !top.includes(ours)) {
    return {
      unit: null,
      class: 'fehlleitung',
      confidence: null,
      reason: `addressed to another authority (${addressedElsewhere[0]})`,
    };
  }
  const adScore = AD_WORDS.filter((w) => all.includes(w)).length + (all.match(/\d+\s?%/g)?.length ?? 0);
  if (adScore >= 3 && !meta.fileref) {
    return { unit: null, class: 'werbung', confidence: null, reason: `advertising (${adScore} signals)` };
  }

  const personal = lines
    .filter((l) => l.page === 1 && !l.para)
    .slice(0, 16)
    .some((l) => PERSONAL.test(l.text) && l.text.length < 60);
  const isInvoice =
    /(^|\s)(rechnung|rechnungsnummer|rechnungs-nr|rechnungsbetrag|rechnungsdatum)\b/.test(all) &&
    (meta.amount !== null || meta.iban !== null);
  const cls: DocClass = personal ? 'persoenlich' : isInvoice ? 'invoice' : 'letter';

  // 1. File reference: the longest matching file-plan prefix decides.
  if (meta.fileplan) {
    const match = unitForPlan(org, meta.fileplan);
    if (match) {
      const conf = meta.evidence.fileref?.confidence ?? 0.8;
      return {
        unit: match.unit.id,
        class: cls,
        confidence: conf,
        reason: `file reference ${meta.fileref} in plan ${match.prefix}`,
      };
    }
  }

  // 2. Addressed by name: a clerk or a unit in the address block.
  for (const unit of org.units) {
    const clerk = unit.clerks.find((c) => top.includes(fold(c.name)));
    if (clerk) return { unit: unit.id, class: cls, confidence: 0.9, reason: `addressed to ${clerk.id}` };
  }
  const named = org.units.filter((u) => top.includes(fold(u.name)));
  if (named.length === 1)
    return { unit: named[0]!.id, class: cls, confidence: 0.9, reason: `addressed to ${named[0]!.name}` };

  // 3. Personal post without a named addressee goes unopened to the unit for confidential post.
  if (cls === 'persoenlich') {
    const confidential = org.units.find((u) => u.confidential);
    if (confidential)
      return {
        unit: confidential.id,
        class: cls,
        confidence: 0.7,
        reason: 'marked personal, no addressee named',
      };
  }

  // 4. Topics: subject counts three times, the body once; the margin to the runner-up sets the confidence.
  const subject = fold(meta.subject ?? '');
  const scores = org.units
    .map((u) => {
      const s = u.topics.reduce(
        (sum, t) => sum + 3 * Math.min(1, hits(subject, t)) + Math.min(3, hits(all, t)),
        0,
      );
      return { unit: u, score: s };
    })
    .sort((a, b) => b.score - a.score);
  const [first, second] = scores;
  if (!first || first.score === 0)
    return { unit: null, class: cls, confidence: 0, reason: 'no file reference and no topic found' };
  const margin = (first.score - (second?.score ?? 0)) / first.score;
  const strength = Math.min(1, first.score / 4);
  const confidence = Math.round((0.35 + 0.6 * margin * strength) * 100) / 100;
  return {
    unit: first.unit.id,
    class: cls,
    confidence,
    reason: `topics score ${first.score} vs ${second?.score ?? 0}`,
  };
}
