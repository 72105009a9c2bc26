// npm run eval -- --count 50 --seed 7 : generates letters, runs `poststelle process` on them (the real CLI,
// real Redis, real OCR) and prints routing accuracy, precision of auto-routed items, coverage and per-field
// accuracy against the ground truth.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrg } from '../profiles/load.ts';
import { writeCorpus, type TruthLine } from './letters/corpus.ts';
import type { ResultLine } from '../pipeline/results.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-eval-'));
const letters = path.join(work, 'letters');
const truths = await writeCorpus(loadOrg(), letters, Number(values.count), Number(values.seed));
fs.renameSync(path.join(letters, 'truth.jsonl'), path.join(work, 'truth.jsonl'));
const results = path.join(work, 'results.jsonl');
const started = Date.now();
const run = spawnSync(
  process.execPath,
  [
    'bin/poststelle.mjs',
    'process',
    letters,
    '--data-dir',
    path.join(work, 'data'),
    '--results',
    results,
    '--received-at',
    '2026-11-02',
  ],
  {
    stdio: ['ignore', 'inherit', fs.openSync(path.join(work, 'log.jsonl'), 'w')],
  },
);
if (run.status !== 0) throw new Error(`poststelle process exited ${run.status}; log in ${work}/log.jsonl`);
const seconds = (Date.now() - started) / 1000;
const lines = fs
  .readFileSync(results, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as ResultLine);
const byFile = new Map(lines.map((l) => [path.resolve(l.source), l]));

const norm = (s: unknown) =>
  s === null || s === undefined ? null : String(s).toLowerCase().replace(/\s+/g, ' ').trim();
const fields = ['class', 'fileref', 'date', 'sender', 'subject', 'iban', 'amount'] as const;
const correct: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
let unitRight = 0;
let delivered = 0;
let deliveredRight = 0;
let rotRight = 0;
let pagesSeen = 0;
const skewErr: number[] = [];
for (const t of truths as TruthLine[]) {
  const r = byFile.get(path.resolve(t.file));
  if (!r) {
    console.log(`missing result for ${t.file}`);
    continue;
  }
  if (r.unit === t.unit) unitRight++;
  if (r.status === 'delivered') {
    delivered++;
    if (r.unit === t.unit) deliveredRight++;
  }
  const wrong: string[] = [];
  for (const f of fields) {
    const ok = f === 'amount' ? r.amount === t.amount : norm(r[f]) === norm(t[f]);
    if (ok) correct[f]!++;
    else wrong.push(`${f}: got ${JSON.stringify(r[f])} want ${JSON.stringify(t[f])}`);
  }
  t.rotation.forEach((rot, i) => {
    pagesSeen++;
    if (r.rotation[i] === rot) rotRight++;
    if (r.skew[i] !== undefined) skewErr.push(Math.abs(r.skew[i]! - t.skew[i]!));
  });
  if (r.unit !== t.unit) wrong.unshift(`UNIT: got ${r.unit} (${r.status}, ${r.confidence}) want ${t.unit}`);
  if (values.verbose && wrong.length) console.log(`${t.id} ${r.item}\n  ${wrong.join('\n  ')}`);
}
const n = truths.length;
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : 'n/a');
console.log(
  `\neval: ${n} letters, seed ${values.seed}, ${seconds.toFixed(0)} s (${((n / seconds) * 60).toFixed(1)} letters/min)`,
);
console.log(`routing accuracy (unit, incl. review proposals): ${pct(unitRight, n)}`);
console.log(
  `precision of auto-routed items:                ${pct(deliveredRight, delivered)} (${deliveredRight}/${delivered})`,
);
console.log(`coverage (auto-routed share):                  ${pct(delivered, n)}`);
for (const f of fields) console.log(`field ${f.padEnd(8)} ${pct(correct[f]!, n)}`);
console.log(
  `orientation ${pct(rotRight, pagesSeen)} of ${pagesSeen} pages; skew residual mean ${(skewErr.reduce((a, b) => a + b, 0) / Math.max(1, skewErr.length)).toFixed(3)} max ${Math.max(0, ...skewErr).toFixed(3)} deg`,
);
if (values.keep) console.log(`kept in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
