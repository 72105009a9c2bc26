// npm run bench -- [--letters 20] [--seed 5] [--memory] [--no-accuracy]
//
// One run on the same pages, as a mailroom gets them (300 dpi grey scans, letters of one to four pages:
// the letter and its enclosures):
// 1. poststelle: `poststelle process` over the letters (real Redis, sandboxes, OCR): pages/min, peak RSS of
//    the main process and of each kind of sandbox.
// 2. OCRmyPDF: `ocrmypdf -l deu --deskew --rotate-pages -O1 --output-type pdfa --jobs 2` on all pages as one
//    PDF (its best case: one start for all pages).
// 3. Word accuracy of both outputs against the printed words, by the same independent OCR (the pages of
//    each output rendered with pdftoppm at 300 dpi and read by the tesseract command) and of the text
//    layers (pdftotext).
// 4. Latency of one letter from the hot folder to its inbox on an idle `poststelle start` (first letter:
//    sandboxes starting; second: warm).
// 5. --memory: peak RSS of every process for a 5-page and a 500-page batch (letters between separator
//    sheets).
// Needs ocrmypdf, tesseract-ocr-deu and poppler-utils for 2 and 3 (Debian packages); prints what it skips.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrg } from '../profiles/load.ts';
import { makeLetter, rng, type LetterPage } from './letters/spec.ts';
import { packScans, scanPdf, vectorPdf } from './letters/render.ts';
import { writeSeparatedBatch } from './letters/corpus.ts';
import { wordAccuracy } from './letters/accuracy.ts';
import { ocrmypdfInstalled, runOcrmypdf } from './letters/ocrmypdf.ts';

const { values } = parseArgs({
  options: {
    letters: { type: 'string', default: '20' },
    seed: { type: 'string', default: '5' },
    memory: { type: 'boolean', default: false },
    'no-accuracy': { type: 'boolean', default: false },
  },
});
const ROOT = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-bench-'));
const org = loadOrg();
const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pageWords = (p: LetterPage) => p.blocks.flatMap((b) => b.lines.join(' ').split(/\s+/)).filter(Boolean);

// ------------------------------------------------------------------------------------------ the post

interface Letter {
  file: string;
  words: string[][];
}
const letters: Letter[] = [];
const allScans: Buffer[] = [];
const input = path.join(work, 'in');
fs.mkdirSync(input);
const r = rng(Number(values.seed));
for (let i = 0; letters.length < Number(values.letters); i++) {
  const spec = makeLetter(org, Number(values.seed) * 1000 + i);
  // Half the letters come with one to three enclosures (pages of other generated letters).
  const extra = r() < 0.5 ? 1 + Math.floor(r() * 3) : 0;
  const enclosures = Array.from({ length: extra }, (_, k) => makeLetter(org, 900_000 + i * 10 + k).pages[0]!);
  const pages = [...spec.pages, ...enclosures].slice(0, 4);
  const { scans } = await scanPdf(await vectorPdf({ ...spec, pages }), r);
  const file = path.join(input, `${spec.id}.pdf`);
  fs.writeFileSync(file, await packScans(scans, 'pdf'));
  letters.push({ file, words: pages.map(pageWords) });
  allScans.push(...scans);
}
const pageCount = allScans.length;
const onePdf = path.join(work, 'alle-seiten.pdf');
fs.writeFileSync(onePdf, await packScans(allScans, 'pdf'));
say(`${letters.length} letters, ${pageCount} pages generated in ${work}`);

// ----------------------------------------------------------------------------------------- poststelle

interface Run {
  seconds: number;
  stderr: string;
  mainPeakMb: number;
}

/** `poststelle <args>` with JSON logs; the main process's peak RSS polled from /proc. */
function poststelle(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/poststelle.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, POSTSTELLE_LOG_FORMAT: 'json', POSTSTELLE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let peak = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const poll = setInterval(() => {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').toString());
    if (m) peak = Math.max(peak, Number(m[1]) / 1024);
  }, 200);
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`poststelle ${args[0]} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ seconds: (Date.now() - started) / 1000, stderr, mainPeakMb: peak });
    }),
  );
}

/** The peak memory per sandbox kind that the runtime logs when it closes. */
function sandboxPeaks(stderr: string): Record<string, number> {
  for (const line of stderr.split('\n').reverse())
    if (line.includes('"sandbox peak memory"'))
      return (JSON.parse(line) as { peakMb: Record<string, number> }).peakMb;
  return {};
}

const results = path.join(work, 'results.jsonl');
const ours = await poststelle([
  'process',
  input,
  '--data-dir',
  path.join(work, 'data'),
  '--results',
  results,
]);
const lines = fs
  .readFileSync(results, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { source: string; output: string | null; status: string });
const ourPerMin = (pageCount / ours.seconds) * 60;

// ------------------------------------------------------------------------------------------ ocrmypdf

let theirs: { seconds: number; bytes: number; failed: number } | null = null;
const theirPdf = path.join(work, 'ocrmypdf', `${path.basename(onePdf)}.pdf`);
if (ocrmypdfInstalled()) theirs = runOcrmypdf([onePdf], path.join(work, 'ocrmypdf'));

// ------------------------------------------------------------------------------------------ accuracy

/** Text of each page of a PDF: its text layer, or what the independent OCR reads on its image. */
function pageTexts(pdf: string, how: 'layer' | 'ocr'): string[] {
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const n = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const out: string[] = [];
  for (let p = 1; p <= n; p++) {
    if (how === 'layer') {
      out.push(spawnSync('pdftotext', ['-f', `${p}`, '-l', `${p}`, pdf, '-'], { encoding: 'utf8' }).stdout);
      continue;
    }
    const prefix = path.join(work, `render-${process.hrtime.bigint()}`);
    spawnSync('pdftoppm', [
      '-f',
      `${p}`,
      '-l',
      `${p}`,
      '-r',
      '300',
      '-gray',
      '-png',
      '-singlefile',
      pdf,
      prefix,
    ]);
    out.push(
      spawnSync('tesseract', [`${prefix}.png`, '-', '-l', 'deu'], {
        encoding: 'utf8',
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      }).stdout,
    );
    fs.rmSync(`${prefix}.png`, { force: true });
  }
  return out;
}

const printed = letters.flatMap((l) => l.words);
function accuracy(how: 'layer' | 'ocr') {
  const ourPages = letters.flatMap((l) => {
    const line = lines.find((x) => x.source === l.file);
    return line?.output ? pageTexts(line.output, how) : l.words.map(() => '');
  });
  const theirPages = theirs && fs.existsSync(theirPdf) ? pageTexts(theirPdf, how) : [];
  return {
    ours: mean(printed.map((w, i) => wordAccuracy(w, ourPages[i] ?? ''))),
    theirs: theirPages.length ? mean(printed.map((w, i) => wordAccuracy(w, theirPages[i] ?? ''))) : null,
  };
}
const canMeasure = !values['no-accuracy'] && has('pdftoppm') && has('tesseract');
const layer = canMeasure ? accuracy('layer') : null;
const independent = canMeasure ? accuracy('ocr') : null;

// ------------------------------------------------------------------------------------------- latency

/** Seconds from dropping each letter into a running mailroom's hot folder until its PDF is in an inbox. */
async function latency(files: string[]): Promise<number[]> {
  const dataDir = path.join(work, 'latency');
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/poststelle.mjs'), 'start', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, POSTSTELLE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const until = async (ok: () => boolean, what: string) => {
    for (let i = 0; i < 1200 && !ok(); i++) await new Promise((res) => setTimeout(res, 100));
    if (!ok()) throw new Error(`timed out: ${what}\n${stderr.slice(-2000)}`);
  };
  await until(() => stderr.includes('poststelle läuft'), 'start');
  await new Promise((res) => setTimeout(res, 3000)); // the machine settles: idle
  const inbox = path.join(dataDir, 'inbox');
  const pdfs = () =>
    fs.existsSync(inbox)
      ? fs.readdirSync(inbox, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf')).length
      : 0;
  const out: number[] = [];
  for (const [i, f] of files.entries()) {
    const hot = path.join(dataDir, 'hotfolders/standard');
    fs.copyFileSync(f, path.join(hot, `.brief-${i}.part`));
    const t = Date.now();
    fs.renameSync(path.join(hot, `.brief-${i}.part`), path.join(hot, `brief-${i}.pdf`));
    await until(() => pdfs() > i, `letter ${i} delivered`);
    out.push((Date.now() - t) / 1000);
    await new Promise((res) => setTimeout(res, 2000));
  }
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
  return out;
}
const oneLetters = letters.filter((l) => l.words.length === 1).slice(0, 2);
const lat = await latency(oneLetters.map((l) => l.file));

// -------------------------------------------------------------------------------------------- memory

/** A batch of letters between separator sheets with about `target` pages, and the peak memory of its run. */
async function batchMemory(target: number) {
  const file = path.join(work, `stapel-${target}.pdf`);
  // Letters have one or two pages, and a separator sheet stands between each two.
  await writeSeparatedBatch(
    org,
    file,
    Math.max(1, Math.ceil(target / 2.1)),
    Number(values.seed) * 77 + target,
  );
  const pages = countPages(file);
  const label = String(target);
  const run = await poststelle(['process', file, '--data-dir', path.join(work, `data-${label}`)]);
  return { pages, seconds: run.seconds, main: run.mainPeakMb, sandboxes: sandboxPeaks(run.stderr) };
}
function countPages(pdf: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
}
const memory = values.memory ? [await batchMemory(5), await batchMemory(500)] : [];

// -------------------------------------------------------------------------------------------- report

const mb = (peaks: Record<string, number>) =>
  Object.entries(peaks)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)} %`;
const out = [
  `bench ${new Date().toISOString()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  `input: ${letters.length} letters, ${pageCount} pages (${letters.filter((l) => l.words.length > 1).length} with more than one page), 300 dpi grey JPEG in PDF`,
  `poststelle: ${ours.seconds.toFixed(1)} s, ${ourPerMin.toFixed(1)} pages/min (incl. startup); ${lines.filter((l) => l.status === 'delivered').length} delivered, ${lines.filter((l) => l.status === 'review').length} review`,
  `  peak RSS MB: main ${ours.mainPeakMb.toFixed(0)}; sandboxes: ${mb(sandboxPeaks(ours.stderr))}`,
  theirs
    ? `ocrmypdf (all pages in one PDF, --jobs 2): ${theirs.seconds.toFixed(1)} s, ${((pageCount / theirs.seconds) * 60).toFixed(1)} pages/min${theirs.failed ? ' (FAILED)' : ''}`
    : 'ocrmypdf: not installed (apt-get install ocrmypdf tesseract-ocr-deu)',
  theirs ? `ratio poststelle/ocrmypdf pages/min: ${(theirs.seconds / ours.seconds).toFixed(2)}x` : '',
  layer && independent
    ? `word accuracy, independent OCR of the output pages: poststelle ${pct(independent.ours)}, ocrmypdf ${pct(independent.theirs)}\nword accuracy of the text layers: poststelle ${pct(layer.ours)}, ocrmypdf ${pct(layer.theirs)}`
    : 'word accuracy: skipped (needs poppler-utils and tesseract)',
  `latency hot folder -> inbox, idle machine: first letter ${lat[0]?.toFixed(1)} s (sandboxes starting), next ${lat[1]?.toFixed(1)} s`,
  ...memory.map(
    (m) =>
      `memory, ${m.pages}-page batch (${m.seconds.toFixed(0)} s): peak RSS MB main ${m.main.toFixed(0)}; sandboxes: ${mb(m.sandboxes)}`,
  ),
].filter(Boolean);
process.stdout.write(`${out.join('\n')}\n`);
fs.rmSync(work, { recursive: true, force: true });
