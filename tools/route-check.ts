// Routes OCR'd letters (tools/ocr-corpus.ts output) with the shipped model, without the pipeline: top-1,
// precision and coverage at the standard profile's threshold (its floor and target precision), and the
// misses (tuning the router offline).
// usage: node bin/run-ts.mjs tools/route-check.ts tmp/ocr-train.json [--verbose]
import fs from 'node:fs';
import { extractMetadata } from '../classifiers/extract.ts';
import { loadBaseModel, thresholdFor } from '../classifiers/learn.ts';
import { classify, makeRouter } from '../classifiers/route.ts';
import { toTextLines } from '../pipeline/ocr/lines.ts';
import { loadOrg, loadProfiles } from '../profiles/load.ts';
import type { OcrExample } from './ocr-corpus.ts';

const [file = 'tmp/ocr-train.json', flag] = process.argv.slice(2);
const org = loadOrg();
const router = makeRouter(org, loadBaseModel());
const profile = loadProfiles().get('standard')!;
const threshold = Math.max(profile.routingThreshold, thresholdFor(router.decisions, profile.targetPrecision));
let top1 = 0;
let units = 0;
let delivered = 0;
let deliveredRight = 0;
const examples = JSON.parse(fs.readFileSync(file, 'utf8')) as OcrExample[];
for (const { truth, pages } of examples) {
  const lines = toTextLines(pages);
  const meta = extractMetadata(lines, org.fileref.pattern, org.authority.name);
  const r = classify(lines, meta, org, router);
  const special = r.class === 'werbung' || r.class === 'fehlleitung';
  if (truth.unit) {
    units++;
    if (r.unit === truth.unit) top1++;
  }
  const delivers = !special && r.unit !== null && (r.confidence ?? 0) >= threshold;
  if (delivers) {
    delivered++;
    if (r.unit === truth.unit) deliveredRight++;
  }
  const wrong =
    r.unit !== truth.unit ||
    (['werbung', 'persoenlich'] as const).some((c) => (truth.class === c) !== (r.class === c));
  if (flag === '--verbose' && (wrong || !delivers))
    console.log(
      `${truth.id} ${truth.class}/${truth.unit} -> ${r.class}/${r.unit} ${r.confidence}${delivers ? ' DELIVERED' : ''}: ${r.reason}`,
    );
}
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
console.log(
  `${examples.length} letters: top-1 ${pct(top1, units)} of ${units} unit letters; threshold ${threshold.toFixed(3)}: ` +
    `precision ${pct(deliveredRight, delivered)} (${deliveredRight}/${delivered}), coverage ${pct(delivered, examples.length)}`,
);
