// npm run bench:hostile : every hostile input of the test corpus (test/fixtures/hostile.ts) through
// `poststelle process`, one run each on a fresh data dir, beside a plain one-page letter run alone: the
// outcome and reason, the seconds until the run ended, and the peak RSS of the main process and of every
// sandbox. A refused bomb must cost about what a plain letter costs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrg } from '../profiles/load.ts';
import { pagePngs } from '../pipeline/split/decode.ts';
import { makeCanary, ODD_NAMES, writeBombs, writeIrregularEntries } from '../test/fixtures/hostile.ts';
import { writeCorpus } from './letters/corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-bench-hostile-'));
const cases = path.join(work, 'cases');
fs.mkdirSync(cases);
const truths = await writeCorpus(loadOrg(), path.join(work, 'letters'), 8, 919);
const letter = truths.find((t) => t.pages === 1)!;
const canary = makeCanary(path.join(work, 'outside'), fs.readFileSync(letter.file));
const before = canary.snapshot();
const entries = [
  ...writeIrregularEntries(cases, canary).map((c) => c.name),
  ...(await writeBombs(cases, (await pagePngs(letter.file))[0]!)).map((c) => c.name),
];
ODD_NAMES.slice(0, 2).forEach((n, i) => fs.copyFileSync(truths[i + 1]!.file, path.join(cases, n)));
entries.push(...ODD_NAMES.slice(0, 2));

/**
 * One `process` run over one entry, alone in a folder (the folder is walked: links are not followed):
 * outcome, seconds, peak RSS (MB) of main and sandboxes.
 */
function run(entry: string) {
  const dir = fs.mkdtempSync(path.join(work, 'run-'));
  const input = path.join(dir, 'in');
  fs.mkdirSync(input);
  fs.renameSync(entry, path.join(input, path.basename(entry))); // moves a link itself, never its target
  const results = path.join(dir, 'results.jsonl');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/poststelle.mjs'),
      'process',
      input,
      '--data-dir',
      path.join(dir, 'data'),
      '--results',
      results,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, POSTSTELLE_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ line: string; seconds: number; main: number; sandboxes: string }>((resolve) =>
    child.on('exit', () => {
      const peak = stderr
        .split('\n')
        .filter((l) => l.includes('"sandbox peak memory"'))
        .map((l) => JSON.parse(l) as { peakMb: Record<string, number>; mainPeakMb: number })[0];
      const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n') : [];
      const r = lines[0] ? (JSON.parse(lines[0]) as { status: string; reason: string | null }) : null;
      resolve({
        line: r ? `${r.status}${r.reason ? ` ${r.reason}` : ''}` : `no result (exit ${child.exitCode})`,
        seconds: (Date.now() - started) / 1000,
        main: peak?.mainPeakMb ?? 0,
        sandboxes: Object.entries(peak?.peakMb ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      });
    }),
  );
}

const rows: string[] = [];
fs.copyFileSync(letter.file, path.join(cases, 'plain.pdf'));
const plain = await run(path.join(cases, 'plain.pdf'));
rows.push(
  `| plain one-page letter | ${plain.line} | ${plain.seconds.toFixed(1)} | ${plain.main} | ${plain.sandboxes || '-'} |`,
);
for (const name of entries) {
  const r = await run(path.join(cases, name));
  rows.push(
    `| ${JSON.stringify(name).slice(1, -1).slice(0, 40)} | ${r.line} | ${r.seconds.toFixed(1)} | ${r.main} | ${r.sandboxes || '-'} |`,
  );
}
process.stdout.write(
  [
    `bench:hostile ${new Date().toISOString()}, ${os.cpus().length} cores; each case alone through \`poststelle process\` (including start-up)`,
    '| input | outcome | s | main MB | sandboxes MB |',
    '|---|---|---|---|---|',
    ...rows,
    `canary outside the inputs unchanged: ${canary.snapshot() === before}`,
  ].join('\n') + '\n',
);
fs.rmSync(work, { recursive: true, force: true });
