// The learned part of routing: a multinomial naive Bayes text classifier over OCR tokens, and an isotonic
// calibration that turns a decision's score margin into the probability that the decision is right.
// Pure and small: counts in, log-probabilities out; models are plain JSON (stored with the store).
import fs from 'node:fs';
import type { OrgUnit } from '../profiles/schema.ts';
import { areasOf } from './lexicon.ts';
import { fold } from './text.ts';

/** Words too common in letters to say anything about the unit. */
const STOP = new Set(
  (
    'und oder der die das den dem des ein eine einer eines einem einen ich sie wir ihr ihre ihren ihrem ihnen ' +
    'mit von vom fur fuer auf aus bei bis nach uber unter zur zum ist sind war wird werden wurde bitte sehr ' +
    'geehrte geehrter damen herren freundlichen grussen gruss hiermit anbei sowie dass nicht auch noch als ' +
    'wie wenn dann kann konnen mochte mochten haben habe hat diese dieser dieses unser unsere unseren mein ' +
    'meine meinen seite datum telefon fax mail www strasse herr frau sich uns ihnen jetzt ' +
    'unser unserem unserer unseres ihrer ihres ihrem euer eure vor hinter neben durch gegen ohne ' +
    'alle allen aller alles jede jeder jedes jeden kein keine keinen einer gern gerne viel viele ' +
    'mehr nur schon immer wieder hier dort heute sowie bereits dabei dazu daher hierzu wurden ' +
    'worden waren sein seine seinen ihm ihn man was wer wann warum welche welcher welches ' +
    // Long function words, whose stems would meet topics (unterhalb ~unterh Unterhaltsvorschuss).
    'unterhalb oberhalb innerhalb ausserhalb hinsichtlich bezuglich diesbezuglich entsprechend ' +
    'entsprechende entsprechenden mittlerweile inzwischen zwischenzeitlich gegebenenfalls ' +
    'beziehungsweise insbesondere selbstverstandlich vielleicht nachfolgend nachstehend beiliegend ' +
    'ausserdem grundsatzlich tatsachlich voraussichtlich letztendlich schliesslich allerdings jedenfalls ' +
    'weiterhin diejenigen derjenige folgenden nachfolgenden vorstehend ' +
    // A receipt stamp's words stand on every letter that came in.
    'eingang eingegangen posteingang'
  ).split(' '),
);

/**
 * A word without its inflection ending, as the first step of the Snowball German stemmer has it (Hundes
 * and Hund, Anmeldungen and Anmeldung meet): -em/-ern/-er, then -e/-en/-es, then an -s after a consonant
 * that may end a German word; words under six letters stay as they are.
 * @example inflectionOff('hundes') // 'hund'
 */
export function inflectionOff(w: string): string {
  if (w.length < 6) return w;
  const a = w.replace(/(ern|em|er)$/, '');
  const b = a === w ? w.replace(/(en|es|e)$/, '') : a;
  return b === w && /[bdfghklmnrt]s$/.test(w) ? w.slice(0, -1) : b;
}

/** Prefixes of German verbs and their nouns: a stem reaches five letters past them (Einschreiben, Einschulung). */
const PREFIX = /^(zuruck|wieder|unter|uber|nach|ent|ein|aus|ver|vor|auf|mit|an|ab|be|ge|zu|um|er)/;

/**
 * Tokens of a text for the classifier: folded words of three letters or more without their inflection
 * ending, stop words left out, and the first six letters of long words as a stem (five past a prefix), so compounds meet their parts
 * (Hundesteuerbescheid, Hundesteuer) and prefixed words do not meet each other ('~einsch' was Einschreiben
 * and Einschulung alike).
 * @example tokens('Ihr Hundesteuerbescheid per Einschreiben') // ['hundesteuerbescheid', '~hundes', 'per', 'einschreib', '~einschre']
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const w of fold(text).split(/[^a-z]+/)) {
    if (w.length < 3 || STOP.has(w)) continue;
    out.push(inflectionOff(w));
    if (w.length >= 9) out.push(`~${w.slice(0, Math.max(6, (PREFIX.exec(w)?.[0].length ?? 0) + 5))}`);
  }
  return out;
}

/** Token counts per label: what naive Bayes learns. Labels are unit ids and special classes. */
export interface Counts {
  /** label -> token -> weighted count */
  tokens: Record<string, Record<string, number>>;
  /** label -> weighted number of documents */
  docs: Record<string, number>;
}

export const emptyCounts = (): Counts => ({ tokens: {}, docs: {} });

/** Adds one labelled document (its tokens) with a weight. */
export function learn(counts: Counts, label: string, toks: string[], weight = 1): Counts {
  const t = (counts.tokens[label] ??= {});
  for (const tok of toks) t[tok] = (t[tok] ?? 0) + weight;
  counts.docs[label] = (counts.docs[label] ?? 0) + weight;
  return counts;
}

/** The sum of several count tables (base model, org topics, QA examples). */
export function merge(...all: Counts[]): Counts {
  const out = emptyCounts();
  for (const c of all) {
    for (const [label, toks] of Object.entries(c.tokens)) {
      const t = (out.tokens[label] ??= {});
      for (const [tok, n] of Object.entries(toks)) t[tok] = (t[tok] ?? 0) + n;
    }
    for (const [label, n] of Object.entries(c.docs)) out.docs[label] = (out.docs[label] ?? 0) + n;
  }
  return out;
}

/** A trained classifier: log-probabilities per label, ready to score. */
export interface Model {
  labels: string[];
  prior: Record<string, number>;
  logp: Record<string, Map<string, number>>;
  /** Log-probability of a token a label never saw. */
  unseen: Record<string, number>;
  vocab: Set<string>;
}

/** Naive Bayes with Laplace smoothing `alpha`, restricted to `labels` (units of the org in force). */
export function train(counts: Counts, labels: string[], alpha = 0.5): Model {
  const vocab = new Set<string>();
  for (const l of labels) for (const tok of Object.keys(counts.tokens[l] ?? {})) vocab.add(tok);
  const docs = labels.reduce((s, l) => s + (counts.docs[l] ?? 0), 0);
  const model: Model = { labels, prior: {}, logp: {}, unseen: {}, vocab };
  for (const l of labels) {
    const t = counts.tokens[l] ?? {};
    const total = Object.values(t).reduce((s, n) => s + n, 0);
    const denom = Math.log(total + alpha * vocab.size);
    model.prior[l] = Math.log(((counts.docs[l] ?? 0) + 1) / (docs + labels.length));
    model.logp[l] = new Map(Object.entries(t).map(([tok, n]) => [tok, Math.log(n + alpha) - denom]));
    model.unseen[l] = Math.log(alpha) - denom;
  }
  return model;
}

/**
 * A token as the model knows it: itself, else (a compound no letter had) its longest known beginning of six
 * letters or more ('grundsteuermessbescheid' as 'grundsteu'), else nothing.
 */
function knownAs(model: Model, t: string): string | null {
  if (model.vocab.has(t)) return t;
  if (t.startsWith('~')) return null;
  for (let n = t.length - 1; n >= 6; n--) if (model.vocab.has(t.slice(0, n))) return t.slice(0, n);
  return null;
}

/** Per label: the log prior plus the document's log-likelihood over the tokens the model knows. Best first. */
export function scores(model: Model, toks: string[]): Array<{ label: string; score: number }> {
  const known = toks.map((t) => knownAs(model, t)).filter((t) => t !== null);
  return model.labels
    .map((label) => {
      const lp = model.logp[label]!;
      let sum = 0;
      for (const t of known) sum += lp.get(t) ?? model.unseen[label]!;
      return { label, score: model.prior[label]! + sum };
    })
    .sort((a, b) => b.score - a.score);
}

/** Softmax of scores: a distribution over the labels (not calibrated; for ranking the candidates). */
export function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Isotonic calibration: ascending score breakpoints and the probability of being right from each on. */
export type Calibration = Array<[score: number, p: number]>;

/**
 * Fits an isotonic (monotone non-decreasing) map from score to P(right) by pool-adjacent-violators. Each
 * pool's rate is smoothed (+0.5 / +1), so a pool of a few right answers never claims certainty.
 */
export function fitCalibration(pairs: Array<{ score: number; right: boolean }>): Calibration {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  const pools: Array<{ lo: number; sum: number; n: number }> = [];
  for (const p of sorted) {
    const last = pools[pools.length - 1];
    // Decisions of one score are one pool: a calibration maps a score to one probability.
    if (last && last.lo === p.score) {
      last.sum += p.right ? 1 : 0;
      last.n++;
    } else pools.push({ lo: p.score, sum: p.right ? 1 : 0, n: 1 });
    while (pools.length > 1) {
      const b = pools[pools.length - 1]!;
      const a = pools[pools.length - 2]!;
      if (a.sum / a.n < b.sum / b.n) break;
      pools.splice(-2, 2, { lo: a.lo, sum: a.sum + b.sum, n: a.n + b.n });
    }
  }
  return pools.map((p) => [round(p.lo), round((p.sum + 0.5) / (p.n + 1))]);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The calibrated probability that a decision with this score is right: 0.5 with no calibration, and at
 * most 0.5 below the lowest score the calibration saw (nothing says how such decisions fare).
 */
export function calibrated(cal: Calibration | undefined, score: number): number {
  let p = Math.min(0.5, cal?.[0]?.[1] ?? 0.5);
  for (const [lo, q] of cal ?? []) if (score >= lo) p = q;
  return p;
}

/**
 * The confidence from which on automatic decisions reach the target precision, from held-out decisions
 * (calibrated confidence, right or not): of all cut-offs, the one with the largest coverage whose decisions
 * at or above it are right at least `target` of the time. Above 1 when none reaches it (nothing is routed
 * without review then).
 */
export function thresholdFor(decisions: Array<[confidence: number, right: 0 | 1]>, target: number): number {
  const sorted = [...decisions].sort((a, b) => b[0] - a[0]);
  let right = 0;
  let best = 1.01;
  sorted.forEach(([conf, ok], i) => {
    right += ok;
    // Only where the confidence steps down: items of one confidence are in or out together.
    const next = sorted[i + 1];
    if ((!next || next[0] < conf) && right / (i + 1) >= target) best = conf;
  });
  return best;
}

/** A shipped model: counts learned from training letters and the calibration fitted on held-out ones. */
export interface BaseModel {
  id: string;
  counts: Counts;
  /** Per basis of a decision (file reference, personal, classifier on letters / invoices): score -> P(right). */
  calibration: Record<string, Calibration>;
  /** The held-out decisions: calibrated confidence and whether right (thresholds for a target precision). */
  decisions: Array<[confidence: number, right: 0 | 1]>;
}

/** Weight of one QA decision against one training letter: a correction must count. */
export const QA_WEIGHT = 5;

/** Weight of a task area's words (classifiers/lexicon.ts): each counts as if two training letters said it. */
export const AREA_WEIGHT = 2;

/**
 * The org directory's own words as documents: each unit's name and topics, and the words of its task areas
 * (classifiers/lexicon.ts), so any org starts somewhere and a letter on a task no training letter had
 * finds its office.
 */
export function orgCounts(org: { units: Array<Pick<OrgUnit, 'id' | 'name' | 'topics' | 'code'>> }): Counts {
  const counts = emptyCounts();
  for (const u of org.units)
    for (const label of [u.id, `invoice:${u.id}`]) {
      for (const t of [u.name, ...u.topics]) learn(counts, label, tokens(t), 1);
      for (const area of areasOf(u)) learn(counts, label, [...new Set(tokens(area.words))], AREA_WEIGHT);
    }
  return counts;
}

/** The model shipped with the project (`npm run train` writes it). */
export function loadBaseModel(file: URL | string = new URL('./model/base.json', import.meta.url)): BaseModel {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BaseModel;
}
