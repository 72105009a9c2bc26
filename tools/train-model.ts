// npm run train : trains the shipped routing model (classifiers/model/base.json) on training-family letters
// (tools/letters, never the test family of tools/testset) and calibrates its confidence on held-out
// folds of them: every letter is routed once by a model that did not see it.
// usage: npm run train -- [--letters 1500] [--ocr tmp/ocr-train.json,...] [--out classifiers/model/base.json]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { extractMetadata } from '../classifiers/extract.ts';
import {
  emptyCounts,
  calibrated,
  fitCalibration,
  thresholdFor,
  learn,
  type BaseModel,
  type Counts,
} from '../classifiers/learn.ts';
import { classify, labelOf, makeRouter, routingTokens } from '../classifiers/route.ts';
import type { TextLine } from '../classifiers/text.ts';
import { toTextLines } from '../pipeline/ocr/lines.ts';
import { loadOrg } from '../profiles/load.ts';
import { specLines } from './letters/lines.ts';
import { makeLetter, type Truth } from './letters/spec.ts';
import { adverts } from './letters/adverts.ts';
import type { OcrExample } from './ocr-corpus.ts';

const { values } = parseArgs({
  options: {
    letters: { type: 'string', default: '1500' },
    ocr: { type: 'string' },
    folds: { type: 'string', default: '5' },
    out: { type: 'string', default: 'classifiers/model/base.json' },
    verbose: { type: 'boolean', default: false },
  },
});

interface Example {
  lines: TextLine[];
  truth: Pick<Truth, 'unit' | 'class'>;
}

const org = loadOrg();
const examples: Example[] = [];
for (let i = 0; i < Number(values.letters); i++) {
  const spec = makeLetter(org, 900_000 + i, { misaddressed: 0.15 });
  examples.push({ lines: await specLines(spec), truth: spec.truth });
}
for (const [i, spec] of adverts(org, Math.ceil(Number(values.letters) / 25)).entries())
  examples.splice((i * 25) % examples.length, 0, { lines: await specLines(spec), truth: spec.truth });
for (const file of values.ocr?.split(',') ?? [])
  for (const e of JSON.parse(fs.readFileSync(file, 'utf8')) as OcrExample[])
    // Personal post of OCR sets made before its truth followed the confidential-unit rule is left out.
    if (e.truth.class !== 'persoenlich') examples.push({ lines: toTextLines(e.pages), truth: e.truth });

const meta = (e: Example) => extractMetadata(e.lines, org.fileref.pattern, org.authority.name);
const toksOf = (e: Example) => routingTokens(e.lines, meta(e), org.authority.name);

function countsOf(set: Example[]): Counts {
  const counts = emptyCounts();
  for (const e of set) {
    const label = labelOf(e.truth);
    if (label) learn(counts, label, toksOf(e));
  }
  return counts;
}

// Calibration: each fold routed by a model trained on the other folds; per basis of the decision (file
// reference, personal, the classifier on letters or invoices, advertising) its score against whether it
// was right.
const k = Number(values.folds);
const heldOut: Array<{ basis: string; score: number; right: boolean; delivers: boolean }> = [];
const byKind: Record<string, { n: number; ok: number; misses: string[] }> = {};
for (let f = 0; f < k; f++) {
  const train = examples.filter((_, i) => i % k !== f);
  const router = makeRouter(org, { id: 'fold', counts: countsOf(train), calibration: {}, decisions: [] });
  for (const e of examples.filter((_, i) => i % k === f)) {
    const r = classify(e.lines, meta(e), org, router);
    const ok = r.unit === e.truth.unit && r.class === e.truth.class;
    const okUnit = r.unit === e.truth.unit && (r.class === 'werbung') === (e.truth.class === 'werbung');
    const b = (byKind[e.truth.class] ??= { n: 0, ok: 0, misses: [] });
    b.n++;
    if (okUnit) b.ok++;
    else if (b.misses.length < 4)
      b.misses.push(`${e.truth.unit} -> ${r.unit}/${r.class} ${r.confidence}: ${r.reason}`);
    if (r.basis !== undefined && r.score !== undefined)
      heldOut.push({
        basis: r.basis,
        score: r.score,
        right: r.basis === 'werbung' ? ok : okUnit,
        delivers: r.unit !== null,
      });
  }
}
const calibration: BaseModel['calibration'] = {};
for (const basis of new Set(heldOut.map((h) => h.basis)))
  calibration[basis] = fitCalibration(heldOut.filter((h) => h.basis === basis));
const decisions: BaseModel['decisions'] = heldOut
  .filter((h) => h.delivers)
  .map((h) => [calibrated(calibration[h.basis], h.score), h.right ? 1 : 0]);
const counts = countsOf(examples);
// Tokens seen once in all training letters say little and weigh a lot in the file: dropped.
for (const toks of Object.values(counts.tokens))
  for (const [t, n] of Object.entries(toks)) if (n < 2) delete toks[t];
const model: BaseModel = {
  id: `base-${new Date().toISOString().slice(0, 10)}-${examples.length}`,
  counts,
  calibration,
  decisions,
};
fs.writeFileSync(values.out, JSON.stringify(model));
const right = Object.values(byKind).reduce((s, b) => s + b.ok, 0);
console.log(
  `trained on ${examples.length} letters (${values.ocr ? 'with' : 'without'} OCR examples); wrote ${values.out} (${(fs.statSync(values.out).size / 1024).toFixed(0)} KiB)`,
);
console.log(`held-out routing ${((100 * right) / examples.length).toFixed(1)} %`);
for (const [kind, b] of Object.entries(byKind))
  console.log(
    `  ${kind.padEnd(12)} ${b.ok}/${b.n}${values.verbose ? `\n    ${b.misses.join('\n    ')}` : ''}`,
  );
for (const [basis, cal] of Object.entries(calibration))
  console.log(`  calibration ${basis.padEnd(9)} ${cal.map(([sc, p]) => `${sc}:${p}`).join(' ')}`);
for (const target of [0.99, 0.995, 0.998]) {
  const t = thresholdFor(decisions, target);
  const covered = decisions.filter(([c]) => c >= t).length;
  console.log(
    `  target precision ${target}: threshold ${t.toFixed(3)}, held-out coverage ${((100 * covered) / examples.length).toFixed(1)} %`,
  );
}
