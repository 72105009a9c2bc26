// Training-family letters through the real pipeline, kept as OCR pages with their ground truth, so
// extraction rules and the learned router can be trained and tuned without OCR in the loop.
// usage: node bin/run-ts.mjs tools/ocr-corpus.ts --count 80 --seed 11 --out tmp/ocr-train.json
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BlobStore } from '../core/blobs.ts';
import { dataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { ocrResult, type OcrPage } from '../pipeline/ocr/schema.ts';
import type { ResultLine } from '../pipeline/results.ts';
import { loadOrg } from '../profiles/load.ts';
import { writeCorpus, type TruthLine } from './letters/corpus.ts';

export interface OcrExample {
  truth: TruthLine;
  pages: Array<OcrPage | null>;
}

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '80' },
    seed: { type: 'string', default: '11' },
    out: { type: 'string', default: 'tmp/ocr-train.json' },
  },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-ocr-corpus-'));
const letters = path.join(work, 'letters');
const truths = await writeCorpus(loadOrg(), letters, Number(values.count), Number(values.seed));
fs.rmSync(path.join(letters, 'truth.jsonl'));
const results = path.join(work, 'results.jsonl');
const data = path.join(work, 'data');
const run = spawnSync(
  process.execPath,
  ['bin/poststelle.mjs', 'process', letters, '--data-dir', data, '--results', results],
  { stdio: ['ignore', 'ignore', fs.openSync(path.join(work, 'log.jsonl'), 'w')] },
);
if (run.status !== 0) throw new Error(`poststelle process exited ${run.status}; log in ${work}`);
const byFile = new Map(
  fs
    .readFileSync(results, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultLine)
    .map((l) => [path.resolve(l.source), l]),
);
const dirs = dataDirs(data);
const repo = new SqliteRepository(dirs.db, 'ocr-corpus');
const blobs = new BlobStore(dirs.blobs);
const out: OcrExample[] = [];
for (const truth of truths) {
  const line = byFile.get(path.resolve(truth.file));
  const item = line && (await repo.getItem(line.item));
  if (!item) continue;
  const pages = await Promise.all(
    (await repo.itemPages(item)).map(async (p) => {
      const r = await repo.pageResult(p.batchId, p.pageNo, 'ocr', item.run);
      return r === undefined ? null : blobs.getJson<OcrPage>(ocrResult.parse(r).ocr);
    }),
  );
  out.push({ truth, pages });
}
repo.close();
fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
fs.writeFileSync(values.out, JSON.stringify(out));
fs.rmSync(work, { recursive: true, force: true });
console.log(`${out.length} letters with OCR pages in ${values.out}`);
