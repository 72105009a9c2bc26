// npm run bench -- --pages 20 : generated one-page letters through `poststelle process` (real Redis, real
// OCR). Prints pages/min, mean ms per stage, peak RSS; with `ocrmypdf` on PATH also runs
// `ocrmypdf -l deu --deskew --rotate-pages -O1 --output-type pdfa --jobs 2` on the same files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrg } from '../profiles/load.ts';
import { writeCorpus } from './letters/corpus.ts';
import { ocrmypdfInstalled, runOcrmypdf } from './letters/ocrmypdf.ts';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: '20' }, seed: { type: 'string', default: '5' } },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-bench-'));
const input = path.join(work, 'in');
const truths = await writeCorpus(loadOrg(), input, Number(values.pages), Number(values.seed));
fs.rmSync(path.join(input, 'truth.jsonl'));
const pages = truths.reduce((n, t) => n + t.pages, 0);
const inputBytes = truths.reduce((n, t) => n + fs.statSync(t.file).size, 0);

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const started = Date.now();
const child = spawn(
  process.execPath,
  [
    'bin/poststelle.mjs',
    'process',
    input,
    '--data-dir',
    path.join(work, 'data'),
    '--results',
    path.join(work, 'results.jsonl'),
  ],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let peak = 0;
const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 200);
let stderr = '';
child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
clearInterval(poll);
if (code !== 0) throw new Error(`poststelle process exited ${code}`);
const seconds = (Date.now() - started) / 1000;

const stageMs = new Map<string, number[]>();
for (const line of stderr.split('\n')) {
  if (!line.startsWith('{')) continue;
  const e = JSON.parse(line) as { message?: string; stage?: string; ms?: number };
  if (e.message === 'stage done' && e.stage && typeof e.ms === 'number')
    stageMs.set(e.stage, [...(stageMs.get(e.stage) ?? []), e.ms]);
}
const results = fs
  .readFileSync(path.join(work, 'results.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { output: string | null });
const outBytes = results.reduce((n, r) => n + (r.output ? fs.statSync(r.output).size : 0), 0);

console.log(
  `\nbench: ${pages} pages in ${truths.length} files (${(inputBytes / pages / 1024).toFixed(0)} KB/page in), ${os.cpus().length} cores, ${new Date().toISOString()}`,
);
console.log(
  `poststelle: ${seconds.toFixed(1)} s, ${((pages / seconds) * 60).toFixed(1)} pages/min (incl. startup), peak RSS ${peak.toFixed(0)} MB, output ${(outBytes / pages / 1024).toFixed(0)} KB/page`,
);
for (const [stage, ms] of stageMs)
  console.log(
    `  ${stage.padEnd(10)} mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0).padStart(6)} ms per job (${ms.length} jobs)`,
  );

if (ocrmypdfInstalled()) {
  const run = runOcrmypdf(
    truths.map((t) => t.file),
    path.join(work, 'ocrmypdf'),
  );
  const bytes = run.bytes;
  const s = run.seconds;
  console.log(
    `ocrmypdf:   ${s.toFixed(1)} s, ${((pages / s) * 60).toFixed(1)} pages/min, output ${(bytes / pages / 1024).toFixed(0)} KB/page`,
  );
  console.log(
    `ratio poststelle/ocrmypdf: speed ${(s / seconds).toFixed(2)}x, bytes ${(outBytes / Math.max(1, bytes)).toFixed(2)}x`,
  );
} else {
  console.log('ocrmypdf not installed: no comparison (apt-get install ocrmypdf tesseract-ocr-deu)');
}
fs.rmSync(work, { recursive: true, force: true });
