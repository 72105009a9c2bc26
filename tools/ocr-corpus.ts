// Training-family letters through the real pipeline, kept as OCR pages with their ground truth, so
// extraction rules and the learned router can be trained and tuned without OCR in the loop.
// usage: node bin/run-ts.mjs tools/ocr-corpus.ts --count 80 --seed 11 --out tmp/ocr-train.json
//        node bin/run-ts.mjs tools/ocr-corpus.ts --from /tmp/poststelle-eval-XXXX --out tmp/ocr-test-3.json
// `--from`: the letters of an eval kept with `npm run eval -- --keep`, read from its store without OCR
// again (to look at a looked-at test set offline with tools/route-check.ts and tools/extract-check.ts;
// never train on it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OcrPage } from '../pipeline/ocr/schema.ts';
import type { ResultLine } from '../pipeline/results.ts';
import { loadOrg } from '../profiles/load.ts';
import { writeCorpus, type TruthLine } from './letters/corpus.ts';
import { storedOcr } from './stored-ocr.ts';

export interface OcrExample {
  truth: TruthLine;
  pages: Array<OcrPage | null>;
}

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '80' },
    seed: { type: 'string', default: '11' },
    out: { type: 'string', default: 'tmp/ocr-train.json' },
    from: { type: 'string' },
  },
});
const readLines = <T>(file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
const work = values.from ?? fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-ocr-corpus-'));
const results = path.join(work, 'results.jsonl');
const data = path.join(work, 'data');
let truths: TruthLine[];
if (values.from) truths = readLines<TruthLine>(path.join(work, 'truth.jsonl'));
else {
  const letters = path.join(work, 'letters');
  truths = await writeCorpus(loadOrg(), letters, Number(values.count), Number(values.seed));
  fs.rmSync(path.join(letters, 'truth.jsonl'));
  const run = spawnSync(
    process.execPath,
    ['bin/poststelle.mjs', 'process', letters, '--data-dir', data, '--results', results],
    { stdio: ['ignore', 'ignore', fs.openSync(path.join(work, 'log.jsonl'), 'w')] },
  );
  if (run.status !== 0) throw new Error(`poststelle process exited ${run.status}; log in ${work}`);
}
const byFile = new Map(readLines<ResultLine>(results).map((l) => [path.resolve(l.source), l]));
const store = storedOcr(data);
const out: OcrExample[] = [];
for (const truth of truths) {
  const line = byFile.get(path.resolve(truth.file));
  const pages = line?.item ? await store.pages(line.item) : null;
  if (pages) out.push({ truth, pages });
}
store.close();
fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
fs.writeFileSync(values.out, JSON.stringify(out));
if (!values.from) fs.rmSync(work, { recursive: true, force: true });
console.log(`${out.length} letters with OCR pages in ${values.out}`);
