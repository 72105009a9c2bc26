// Routing: which unit gets a mail item, and what class of post it is. Rules first (a file reference of
// ours, the addressee read from the address field, special classes), then a learned text classifier for
// what the letter is about, whose score margin is calibrated into the probability of being right. Every
// decision carries its reason, the model version and the best candidates.
import type { OrgDirectory, OrgUnit } from '../profiles/schema.ts';
import type { DocClass } from '../core/store/types.ts';
import { SUBJECT_LABEL, type Metadata } from './extract.ts';
import { escapeRegExp } from '../profiles/regex.ts';
import { letterLayout, type LetterLayout } from './layout.ts';
import { officeNamed } from './lexicon.ts';
import { isMarking, markingOnly } from './marking.ts';
import {
  calibrated,
  emptyCounts,
  merge,
  orgCounts,
  scores,
  softmax,
  tokens,
  train,
  type BaseModel,
  type Calibration,
  type Counts,
  type Model,
} from './learn.ts';
import { fold, type TextLine } from './text.ts';

export interface Candidate {
  unit: string;
  confidence: number;
  reason: string;
}

export interface Routing {
  unit: string | null;
  class: DocClass;
  /** Calibrated confidence of the decision (0..1); null when no unit applies. */
  confidence: number | null;
  reason: string;
  /** The clerk named in the address field (z. Hd.), if any. */
  clerk?: string | null;
  /** The best units, their confidence and why. */
  candidates?: Candidate[];
  /** Version of the learned model that took part. */
  model?: string | null;
  /**
   * What decided (a calibration each): 'plan', 'personal', 'letter', 'invoice' (the classifier; with
   * '+named' where the address field names the unit chosen), 'werbung'.
   */
  basis?: string;
  /**
   * The score the calibration maps to the confidence: the classifier's margin over the runner-up (for a
   * letter whose address names the unit chosen, its text's margin alone).
   */
  score?: number;
}

/** The learned part: a model over the org's units and 'werbung', its calibration and version. */
export interface Router {
  /** Letters: the org's units and advertising. */
  model: Model;
  /** Invoices: the org's units (labels `invoice:<unit>`). */
  invoices: Model;
  calibration: Record<string, Calibration>;
  /** Held-out decisions (confidence, right) of the shipped model: the threshold for a target precision. */
  decisions: BaseModel['decisions'];
  version: string;
}

/** Label of the advertising class in the model (units are labelled by their id). */
export const ADVERT = 'werbung';
/** Prefix of the labels of invoices (`invoice:kaemmerei`): invoices are learned apart from letters. */
export const INVOICE_LABEL = 'invoice:';

/**
 * The label a routing teaches the classifier: the unit (of an invoice: apart), or advertising. Personal
 * post teaches nothing: the rule routes it, whatever it is about (it made the confidential unit learn the
 * words of every unit), and its words are not for the store of examples.
 */
export function labelOf(r: { unit: string | null; class: DocClass }): string | null {
  if (r.class === 'werbung') return ADVERT;
  if (!r.unit || r.class === 'fehlleitung' || r.class === 'persoenlich') return null;
  return r.class === 'invoice' ? `${INVOICE_LABEL}${r.unit}` : r.unit;
}

/** Our own address's distinctive parts (street, postcode), folded: an address field naming them is ours. */
function ourAddress(org: OrgDirectory): string[] {
  return fold(org.authority.address)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length >= 5);
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

/**
 * Marked personal: an endorsement in the address field, or one on a short line of its own over or beside
 * it (DIN 5008's endorsement zone, a stamp at the top of the page); never read from the body or subject
 * (a line that is nothing but a marking is one, wherever a reader took it for the subject).
 */
function markedPersonal(lines: TextLine[], recipient: TextLine[], subject: string | null): boolean {
  if (recipient.some((l) => l.text.length < 70 && isMarking(l.text))) return true;
  const inSubject = (l: TextLine) =>
    SUBJECT_LABEL.test(l.text) || (subject !== null && fold(subject).includes(fold(l.text).trim()));
  return lines.some(
    (l) =>
      l.page === 1 &&
      !l.para &&
      l.box !== undefined &&
      l.box.y0 < 110 &&
      l.text.trim().length <= 40 &&
      (markingOnly(l.text) || (!inSubject(l) && isMarking(l.text))),
  );
}
const OTHER_AUTHORITY =
  /(finanzamt|landratsamt|landkreis|amtsgericht|landgericht|verwaltungsgericht|sozialgericht|arbeitsgericht|jobcenter|agentur fur arbeit|kreisverwaltung|bezirksamt|polizei\w*|staatsanwaltschaft|bundesamt|landesamt|regierungsprasidium|kreisstadt|(gemeinde|stadt|samtgemeinde|verbandsgemeinde|markt)(verwaltung)?\s+[a-z]\w+|krankenkasse|rentenversicherung|familienkasse|hauptzollamt|kreisjugendamt)/g;
const INVOICE = /(^|\s)(rechnung|rechnungsnummer|rechnungs-nr|rechnungsbetrag|rechnungsdatum)\b/;

/** Weights of what the address field says, in units of the classifier's score (tuned on training letters). */
const NAMED_UNIT = 4;
const NAMED_CLERK = 15;
/**
 * An invoice goes where the address field sends it (the unit that ordered checks it), else to the central
 * invoice receipt: the words all invoices share add up in naive Bayes and must not outvote the address.
 */
const NAMED_INVOICE = 40;
/** How much likelier than any unit advertising must be: a letter held back as advertising is lost post. */
const ADVERT_MARGIN = 4;

/** Words of a unit's name that name it on their own ('Kämmerei' for 'Kämmerei und Steueramt'). */
const nameWords = (u: OrgUnit) =>
  fold(u.name)
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 6 && !/^(und|amt|stadt)$/.test(w));

/**
 * The unit named in the address field, if exactly one is: by its full name, else by a distinctive word of
 * it, else by another name of its office (an old name, another town's: classifiers/lexicon.ts).
 */
function namedUnit(org: OrgDirectory, address: string): OrgUnit | null {
  const full = org.units.filter((u) => address.includes(fold(u.name)));
  if (full.length === 1) return full[0]!;
  const part = org.units.filter((u) => nameWords(u).some((w) => new RegExp(`(^|[^a-z])${w}`).test(address)));
  if (part.length) return part.length === 1 ? part[0]! : null;
  return officeNamed(org.units, address);
}

/** Words only: OCR's dots and marks between them gone ('Frau Lena. Fischer'). */
const words = (s: string) =>
  ` ${fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

/**
 * The clerk named in the address field: full name, or 'Frau/Herrn [first name or initial] <surname>' with
 * a unique surname.
 */
function namedClerk(org: OrgDirectory, address: string): { unit: OrgUnit; clerk: string } | null {
  const said = words(address);
  for (const unit of org.units) {
    const c = unit.clerks.find((k) => said.includes(words(k.name)));
    if (c) return { unit, clerk: c.id };
  }
  const bySurname = org.units.flatMap((unit) =>
    unit.clerks
      .filter((k) =>
        new RegExp(
          ` (frau|herrn?|hd) ([a-z]+ )?${escapeRegExp(words(k.name.split(' ').pop()!).trim())} `,
        ).test(said),
      )
      .map((k) => ({ unit, clerk: k.id })),
  );
  return bySurname.length === 1 ? bySurname[0]! : null;
}

/** The central invoice receipt: the unit whose topics begin with 'Rechnung', else the Kämmerei (KGSt 20). */
export function invoiceReceipt(org: OrgDirectory): OrgUnit | undefined {
  return (
    org.units.find((u) => u.topics.some((t) => /^rechnung/i.test(t))) ??
    org.units.find((u) => u.code === '20')
  );
}

/** The tokens that speak most for `label` against the others (for people reading the reason). */
function evidenceFor(model: Model, label: string, toks: string[]): string[] {
  const lp = model.logp[label];
  if (!lp) return [];
  const lift = new Map<string, number>();
  for (const t of new Set(toks)) {
    if (t.startsWith('~') || !model.vocab.has(t)) continue;
    const mine = lp.get(t) ?? model.unseen[label]!;
    const others = Math.max(
      ...model.labels.filter((l) => l !== label).map((l) => model.logp[l]!.get(t) ?? model.unseen[l]!),
    );
    if (mine - others > 1) lift.set(t, mine - others);
  }
  return [...lift.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([t]) => t);
}

/** Where a page's footer begins (mm from the top): bank details, register numbers, managing directors. */
const FOOTER_MM = 265;

/**
 * What the classifier reads of a letter: the words of its text, each once (a sender's name repeated in
 * letterhead, signature and footer must not outvote what the letter is about), and the subject's once
 * more; never the address field found by position (a unit named there counts once, as `NAMED_UNIT`, and an
 * old or wrong unit name must not outweigh what the letter is about) nor the footers of its pages.
 * `layout`: the letter's, where the caller has it already.
 */
export function routingTokens(
  lines: TextLine[],
  meta: Pick<Metadata, 'subject'>,
  authority: string,
  layout: LetterLayout = letterLayout(lines, authority),
): string[] {
  const address = new Set(layout.source === 'window' ? layout.recipient : []);
  const text = lines.filter((l) => !address.has(l) && !(l.box && l.box.y0 > FOOTER_MM)).map((l) => l.text);
  return [...new Set(tokens(text.join('\n'))), ...tokens(meta.subject ?? '')];
}

/** Two decimals, for shares shown to people (confidences keep the calibration's four: never rounded up to 1). */
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The routing of one mail item.
 * @example classify(lines, meta, org, router) // { unit: 'kaemmerei', class: 'invoice', confidence: 0.99, reason: 'file reference ...' }
 */
export function classify(lines: TextLine[], meta: Metadata, org: OrgDirectory, router: Router): Routing {
  const all = fold(lines.map((l) => l.text).join('\n'));
  const layout = letterLayout(lines, org.authority.name);
  const address = fold(layout.recipient.map((l) => l.text).join('\n'));
  const ours = fold(org.authority.name);
  const plan = meta.fileplan ? unitForPlan(org, meta.fileplan) : null;
  const version = router.version;

  // Personal post: an endorsement in or over the address field (never read from the body).
  const personal = markedPersonal(lines, layout.recipient, meta.subject);
  const clerk = namedClerk(org, address);
  const named = namedUnit(org, address);

  // Misdirected: the address field names another authority and not us (by name, street or postcode), and
  // the letter cites no file reference of ours.
  // 'Stadtverwaltung Musterstadt' is us as much as 'Stadt Musterstadt'.
  const town = ours.split(' ').pop()!;
  const elsewhere = [...address.matchAll(OTHER_AUTHORITY)]
    .map((m) => m[0])
    .filter((m) => !ours.includes(m) && !(/^(stadt|gemeinde|markt)/.test(m) && m.endsWith(` ${town}`)));
  const toUs = [ours, ...ourAddress(org)].some((w) => address.includes(w));
  if (elsewhere.length && !toUs && !plan && !clerk) {
    return {
      unit: null,
      class: 'fehlleitung',
      confidence: null,
      reason: `addressed to another authority (${elsewhere[0]}) in the address field`,
      candidates: [],
      model: version,
    };
  }

  const isInvoice = INVOICE.test(all) && (meta.amount !== null || meta.iban !== null);
  const cls: DocClass = personal ? 'persoenlich' : isInvoice ? 'invoice' : 'letter';

  // What the letter is about: the classifier's scores (invoices by a model of invoices, so that what
  // all invoices say does not decide), with what the address field says added.
  const toks = routingTokens(lines, meta, org.authority.name, layout);
  const model = isInvoice ? router.invoices : router.model;
  const label = (unit: string) => (isInvoice ? `${INVOICE_LABEL}${unit}` : unit);
  const byLabel = new Map(scores(model, toks).map((s) => [s.label, s.score]));
  const advert = byLabel.get(ADVERT) ?? -Infinity;
  const units = org.units
    .map((u) => {
      const text = byLabel.get(label(u.id)) ?? -Infinity;
      let score = text;
      const why: string[] = [];
      if (clerk?.unit.id === u.id) {
        score += isInvoice ? NAMED_INVOICE : NAMED_CLERK;
        why.push(`addressed to ${clerk.clerk}`);
      }
      if (named?.id === u.id) {
        score += isInvoice ? NAMED_INVOICE : NAMED_UNIT;
        why.push(`addressed to ${u.name}`);
      }
      return { unit: u, score, text, why };
    })
    .sort((a, b) => b.score - a.score);
  // The words that speak for a unit, for the three shown only.
  for (const u of units.slice(0, 3)) {
    const words = evidenceFor(model, label(u.unit.id), toks);
    if (words.length) u.why.push(`text: ${words.join(', ')}`);
  }
  const [first, second] = units;
  const margin = first!.score - (second?.score ?? first!.score - 10);
  const shares = softmax(units.map((u) => u.score));
  // The unit decided first (a rule's, else the classifier's best), then the classifier's next best.
  const candidates = (conf: number, top = units[0]!.unit.id): Candidate[] =>
    units
      .map((u, i) => ({ u, share: shares[i]! }))
      .sort((a, b) => Number(b.u.unit.id === top) - Number(a.u.unit.id === top))
      .slice(0, 3)
      .map(({ u, share }) => ({
        unit: u.unit.id,
        confidence: u.unit.id === top ? conf : r2(share * (1 - conf)),
        reason: u.why.join('; ') || 'no evidence',
      }));

  // 1. Personal post goes unopened to the addressed clerk, else to the unit for confidential post (never
  //    to an ordinary unit's inbox, whatever its file reference or a unit name in the address says).
  if (personal) {
    const confidential = org.units.find((u) => u.confidential);
    const to = clerk?.unit ?? confidential ?? null;
    const score = clerk ? 1 : 0;
    const conf = calibrated(router.calibration.personal, score);
    return {
      unit: to?.id ?? null,
      class: 'persoenlich',
      confidence: to ? conf : null,
      reason: clerk ? `marked personal, addressed to ${clerk.clerk}` : 'marked personal, no clerk named',
      clerk: clerk?.clerk ?? null,
      candidates: to ? [{ unit: to.id, confidence: conf, reason: 'marked personal' }] : [],
      model: version,
      basis: 'personal',
      score,
    };
  }

  // 2. A file reference of ours: the longest matching file-plan prefix decides, unless the content
  //    clearly says otherwise (a misread reference), which sends it to review.
  if (plan) {
    const labelled = (meta.evidence.fileref?.confidence ?? 0) >= 0.9;
    // (An invoice's text speaks for the invoice receipt, whoever ordered: no disagreement.)
    const disagree = !isInvoice && first!.unit.id !== plan.unit.id && margin > 3;
    const score = (labelled ? 1 : 0) - (disagree ? 2 : 0);
    const conf = calibrated(router.calibration.plan, score);
    return {
      unit: plan.unit.id,
      class: cls,
      confidence: conf,
      reason: `file reference ${meta.fileref} in plan ${plan.prefix}${disagree ? `, but the text speaks for ${first!.unit.id}` : ''}`,
      clerk: clerk?.unit.id === plan.unit.id ? clerk.clerk : null,
      candidates: candidates(conf, plan.unit.id),
      model: version,
      basis: 'plan',
      score,
    };
  }

  // 3. Advertising: the classifier finds it likelier than any unit by a margin (a clerk named in the
  //    address field counts for the unit: mass mail is addressed to people too).
  if (advert - first!.score > ADVERT_MARGIN) {
    const score = r2(advert - first!.score);
    return {
      unit: null,
      class: 'werbung',
      confidence: null,
      reason: `advertising (text: ${evidenceFor(router.model, ADVERT, toks).join(', ') || 'overall'}; margin ${score})`,
      candidates: candidates(0),
      model: version,
      basis: 'werbung',
      score,
    };
  }

  // 4. An invoice that names no unit, no clerk and no file of ours goes to the central invoice receipt.
  const receipt = invoiceReceipt(org);
  if (isInvoice && !clerk && !named && receipt) {
    const conf = calibrated(router.calibration['invoice+receipt'], 1);
    return {
      unit: receipt.id,
      class: cls,
      confidence: conf,
      reason: `invoice addressed to no unit: central invoice receipt ${receipt.name}`,
      clerk: null,
      candidates: candidates(conf, receipt.id),
      model: version,
      basis: 'invoice+receipt',
      score: 1,
    };
  }

  // 5. The classifier and the address field together; the margin to the runner-up is calibrated, apart
  //    for decisions whose address field names the unit chosen. Where a letter's unit name decided (no
  //    clerk of the unit named), what is calibrated is how far its text alone speaks for that unit (below 0:
  //    the name outvoted the text, as an old or wrong unit name does); an invoice goes where its address
  //    sends it, a named clerk is seldom wrong.
  const byClerk = clerk?.unit.id === first!.unit.id;
  const basis = named?.id === first!.unit.id || byClerk ? `${cls}+named` : cls;
  const textMargin = first!.text - Math.max(...units.slice(1).map((u) => u.text));
  const score = basis === 'letter+named' && !byClerk ? textMargin : margin;
  const conf = calibrated(router.calibration[basis] ?? router.calibration[cls], score);
  return {
    unit: first!.unit.id,
    class: cls,
    confidence: conf,
    reason: `${first!.why.join('; ') || 'text'} (margin ${margin.toFixed(2)} over ${second?.unit.id ?? '-'})`,
    clerk: clerk?.unit.id === first!.unit.id ? clerk.clerk : null,
    candidates: candidates(conf),
    model: version,
    basis,
    score: r2(score),
  };
}

/**
 * The router for an org: the shipped model's counts, the org's own unit names and topics, and what QA
 * decided (a corrected or approved routing is a labelled example), trained into one model.
 */
export function makeRouter(
  org: OrgDirectory,
  base: BaseModel,
  qa?: { version: number; counts: Counts },
): Router {
  const units = org.units.map((u) => u.id);
  const counts = merge(base.counts, orgCounts(org), qa?.counts ?? emptyCounts());
  return {
    model: train(counts, [...units, ADVERT]),
    invoices: train(
      counts,
      units.map((u) => `${INVOICE_LABEL}${u}`),
    ),
    calibration: base.calibration,
    decisions: base.decisions,
    version: qa?.version ? `${base.id}+qa${qa.version}` : base.id,
  };
}
