// npm run chaos -- [--letters 200] [--batches 8] [--seed 1] [--kill-every 20] [--timeout-min 120]
//                   [--watch events|polling|rescan] [--cache DIR] [--keep]
//
// Crash safety under fire: generated batches of letters with separator sheets (every third one duplex, some
// with the sheet count in the file name) go into the hot folders of a mailroom that runs as separate
// processes (one ingest, two workers) on its own Redis. Ingest and worker processes are killed with SIGKILL
// at random moments and restarted; Redis is killed and restarted once. At the end every input page must be
// accounted for exactly once, no document delivered twice, no inbox file partial, the audit trail intact.
// Prints the counts; exits 1 when anything was lost, doubled or broken.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PDFDocument } from 'pdf-lib';
import { loadConfig, loadOrg } from '../profiles/load.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { writeSeparatedBatch, type BatchTruth } from './letters/corpus.ts';
import { rng } from './letters/spec.ts';
import { WATCH_MODES } from '../ingest/watcher.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    letters: { type: 'string', default: '200' },
    batches: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'kill-every': { type: 'string', default: '20' },
    'timeout-min': { type: 'string', default: '120' },
    watch: { type: 'string', default: 'events' },
    /** Keeps the generated batches here and reuses them on the next run with the same options. */
    cache: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (!(WATCH_MODES as readonly string[]).includes(values.watch))
  throw new Error(`--watch must be one of ${WATCH_MODES.join(', ')}`);
const letters = Number(values.letters);
const batchCount = Math.min(Number(values.batches), letters);
const killEveryMs = Number(values['kill-every']) * 1000;
const r = rng(Number(values.seed));
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const say = (s: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-chaos-'));
const dataDir = path.join(dir, 'data');
const port = 6400 + Math.floor(r() * 500);
const redisUrl = `redis://127.0.0.1:${port}`;

// ------------------------------------------------------------------------------------------- inputs

interface Input {
  name: string;
  profile: 'standard' | 'duplex';
  file: string;
  pages: number;
  truths: BatchTruth[];
}

async function makeInputs(): Promise<Input[]> {
  const org = loadOrg();
  const src = values.cache
    ? path.resolve(values.cache, `l${letters}-b${batchCount}-s${values.seed}`)
    : path.join(dir, 'letters');
  fs.mkdirSync(src, { recursive: true });
  const inputs: Input[] = [];
  for (let b = 0; b < batchCount; b++) {
    const count = Math.floor(letters / batchCount) + (b < letters % batchCount ? 1 : 0);
    const duplex = b % 3 === 2;
    const file = path.join(src, `stapel-${b}.pdf`);
    const cached = `${file}.truth.json`;
    const truths: BatchTruth[] = fs.existsSync(cached)
      ? JSON.parse(fs.readFileSync(cached, 'utf8'))
      : await writeSeparatedBatch(org, file, count, Number(values.seed) * 1000 + b, { duplex });
    fs.writeFileSync(cached, JSON.stringify(truths));
    const doc = await PDFDocument.load(fs.readFileSync(file));
    const pages = doc.getPageCount();
    // Every other batch declares its count in the name, as an operator would (sheets for duplex).
    const declared = b % 2 === 0 ? ` - ${duplex ? `${pages / 2} Blatt` : `${pages} Seiten`}` : '';
    const name = `Stapel ${String(b + 1).padStart(2, '0')}${declared}.pdf`;
    inputs.push({ name, profile: duplex ? 'duplex' : 'standard', file, pages, truths });
    say(`generated ${name}: ${count} letters, ${pages} pages${duplex ? ', duplex' : ''}`);
  }
  return inputs;
}

// ---------------------------------------------------------------------------------------- processes

let redis: ChildProcess | undefined;
const redisUp = () =>
  spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';

async function startRedis(): Promise<void> {
  fs.mkdirSync(path.join(dir, 'redis'), { recursive: true });
  redis = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', path.join(dir, 'redis')],
      ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no'],
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !redisUp(); i++) await sleep(100);
  if (!redisUp()) throw new Error(`redis-server did not start on port ${port}`);
}

const exited = (p: ChildProcess) =>
  p.exitCode !== null || p.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((res) => p.once('exit', () => res()));

interface Slot {
  role: 'ingest' | 'worker';
  n: number;
  proc?: ChildProcess;
  kills: number;
}
const slots: Slot[] = [
  { role: 'ingest', n: 1, kills: 0 },
  { role: 'worker', n: 1, kills: 0 },
  { role: 'worker', n: 2, kills: 0 },
];
const procEnv = {
  ...process.env,
  REDIS_URL: redisUrl,
  POSTSTELLE_DATA_DIR: dataDir,
  POSTSTELLE_OCR_WORKERS: '1',
  POSTSTELLE_STABLE_MS: '500',
  POSTSTELLE_RESCAN_SECONDS: '3',
  POSTSTELLE_WATCH: values.watch,
  POSTSTELLE_RECONCILE_SECONDS: '10',
  POSTSTELLE_LOG_LEVEL: 'warn',
};

function launch(slot: Slot): void {
  const log = fs.openSync(path.join(dir, `${slot.role}-${slot.n}.log`), 'a');
  slot.proc = spawn(process.execPath, [path.join(ROOT, 'bin/poststelle.mjs'), 'start', '--role', slot.role], {
    cwd: ROOT,
    env: procEnv,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
}

// ------------------------------------------------------------------------------------------ progress

function withDb<T>(fn: (db: Database.Database) => T): T | undefined {
  const file = path.join(dataDir, 'poststelle.sqlite');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } catch {
    return undefined; // tables not there yet
  } finally {
    db.close();
  }
}

function progress(): { batches: number; open: number; finished: number } {
  return (
    withDb((db) => {
      const b = db.prepare("SELECT count(*) n, sum(status = 'ingested') open FROM batches").get() as {
        n: number;
        open: number | null;
      };
      const i = db.prepare("SELECT count(*) n, sum(status = 'processing') open FROM items").get() as {
        n: number;
        open: number | null;
      };
      return { batches: b.n, open: (b.open ?? 0) + (i.open ?? 0), finished: i.n - (i.open ?? 0) };
    }) ?? { batches: 0, open: 1, finished: 0 }
  );
}

// ------------------------------------------------------------------------------------------- the run

const inputs = await makeInputs();
const totalPages = inputs.reduce((s, i) => s + i.pages, 0);
const totalItems = inputs.reduce((s, i) => s + i.truths.length, 0);
await startRedis();
for (const f of ['standard', 'duplex'])
  fs.mkdirSync(path.join(dataDir, 'hotfolders', f), { recursive: true });
for (const s of slots) launch(s);
say(`mailroom up on ${redisUrl}, data in ${dataDir}; ${totalItems} letters, ${totalPages} pages`);
const started = Date.now();
const deadline = started + Number(values['timeout-min']) * 60_000;
let redisRestarts = 0;
let dropped = 0;
let nextKill = Date.now() + killEveryMs * (0.5 + r());
let lastReport = 0;

for (;;) {
  await sleep(1000);
  // Feed the hot folders one batch every few seconds, the way a scanner does (hidden name, then rename).
  if (dropped < inputs.length && Date.now() - started > dropped * 8000) {
    const input = inputs[dropped++]!;
    const hot = path.join(dataDir, 'hotfolders', input.profile);
    fs.mkdirSync(hot, { recursive: true });
    fs.copyFileSync(input.file, path.join(hot, `.${input.name}.part`));
    fs.renameSync(path.join(hot, `.${input.name}.part`), path.join(hot, input.name));
  }
  const p = progress();
  if (Date.now() - lastReport > 30_000) {
    lastReport = Date.now();
    say(`progress: ${p.batches}/${inputs.length} batches, ${p.finished}/${totalItems} letters finished`);
  }
  // Redis dies once, about a third of the way through.
  if (redisRestarts === 0 && p.finished >= totalItems / 3) {
    say('SIGKILL redis-server');
    redis!.kill('SIGKILL');
    await exited(redis!);
    await sleep(2000);
    await startRedis();
    redisRestarts++;
    say('redis-server restarted');
  }
  const waiting = ['standard', 'duplex'].some((f) =>
    fs.readdirSync(path.join(dataDir, 'hotfolders', f), { withFileTypes: true }).some((e) => e.isFile()),
  );
  if (dropped === inputs.length && !waiting && p.batches >= inputs.length && p.open === 0) break;
  if (Date.now() > deadline) {
    say('timed out before everything settled');
    break;
  }
  if (Date.now() >= nextKill && p.finished < totalItems) {
    const slot = r() < 0.3 ? slots[0]! : slots[1 + Math.floor(r() * 2)]!;
    slot.proc!.kill('SIGKILL');
    await exited(slot.proc!);
    slot.kills++;
    say(`SIGKILL ${slot.role}-${slot.n}`);
    await sleep(500 + r() * 2500);
    launch(slot);
    nextKill = Date.now() + killEveryMs * (0.5 + r());
  }
}
const elapsedMin = (Date.now() - started) / 60_000;
/** SIGTERM, and SIGKILL for a process that has not stopped 15 s later. */
async function stop(p: ChildProcess): Promise<void> {
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
  await exited(p);
  clearTimeout(timer);
}
await Promise.all(slots.map((s) => s.proc && stop(s.proc)));
await stop(redis!);

// ------------------------------------------------------------------------------------------- checks

const repo = new SqliteRepository(path.join(dataDir, 'poststelle.sqlite'), loadConfig().version);
const problems: string[] = [];
let lostPages = 0;
let duplicateBatches = 0;
let wrongCuts = 0;
const byStatus = new Map<string, number>();
const expectedOutputs = new Map<string, number>();
const recorded = await repo.recentBatches(100_000);
for (const input of inputs) {
  const all = recorded.filter((b) => b.originalName === input.name);
  const batch = all.find((b) => b.status === 'split');
  duplicateBatches += Math.max(0, all.length - 1);
  if (!batch) {
    lostPages += input.pages;
    problems.push(`${input.name}: no split batch (${all.map((b) => b.status).join(', ') || 'none'})`);
    continue;
  }
  const pages = await repo.pages(batch.id);
  const items = await repo.items(batch.id);
  lostPages += Math.max(0, input.pages - pages.length);
  const inRange = (n: number) => input.truths.some((t) => n >= t.range[0] && n <= t.range[1]);
  // Accounted: a separator sheet, or a page of exactly one item (the store keeps one item per page).
  for (const p of pages)
    if (p.kind !== 'separator' && p.itemId === null) {
      lostPages++;
      problems.push(`${input.name} page ${p.pageNo}: ${p.kind} in no item`);
    }
  // Not a matter of crash safety, but shown: items cut where the letters begin and end.
  const cuts = JSON.stringify(items.map((i) => [i.firstPage, i.lastPage]));
  if (
    cuts !== JSON.stringify(input.truths.map((t) => t.range)) ||
    pages.some((p) => inRange(p.pageNo) === (p.kind === 'separator'))
  ) {
    wrongCuts++;
    problems.push(`${input.name}: items ${cuts}`);
  }
  const dropsBlanks = input.profile === 'duplex'; // profiles/duplex.yaml: blankPages drop
  for (const i of items) {
    byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
    if (i.status === 'processing') lostPages += i.lastPage - i.firstPage + 1;
    const kept = pages.filter((p) => p.itemId === i.id && !(dropsBlanks && p.kind === 'blank')).length;
    expectedOutputs.set(i.id, kept);
  }
}
// Inboxes: each item's document exactly once, complete (parses, all pages), nothing half-written.
const outDir = path.join(dataDir, 'inbox');
const files = fs.existsSync(outDir) ? fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' }) : [];
const seen = new Map<string, number>();
let partial = 0;
for (const f of files.filter((x) => x.endsWith('.pdf'))) {
  const id = path.basename(f, '.pdf');
  seen.set(id, (seen.get(id) ?? 0) + 1);
  try {
    const doc = await PDFDocument.load(fs.readFileSync(path.join(outDir, f)));
    JSON.parse(fs.readFileSync(path.join(outDir, f.replace(/\.pdf$/, '.json')), 'utf8'));
    if (doc.getPageCount() !== expectedOutputs.get(id)) {
      partial++;
      problems.push(`${f}: ${doc.getPageCount()} pages, expected ${expectedOutputs.get(id)}`);
    }
  } catch (e) {
    partial++;
    problems.push(`${f}: ${(e as Error).message}`);
  }
}
const duplicated = [...seen.values()].filter((n) => n > 1).length;
const missingOutputs = [...expectedOutputs.keys()].filter((id) => !seen.has(id)).length;
const strayTemps = files.filter((f) => f.endsWith('.tmp')).length;
// Audit: the chain verifies, and every item was delivered once.
const brokenAt = await repo.verifyAudit();
const trail = await repo.auditTrail();
const deliveries = new Map<string, number>();
for (const e of trail)
  if (e.action === 'stage.deliver.done') deliveries.set(e.subject, (deliveries.get(e.subject) ?? 0) + 1);
const doubleAudit = [...deliveries.values()].filter((n) => n > 1).length;
repo.close();

const kills = (role: Slot['role']) => slots.filter((s) => s.role === role).reduce((a, s) => a + s.kills, 0);
const lines = [
  `chaos: ${totalItems} letters in ${inputs.length} batches (${inputs.filter((i) => i.profile === 'duplex').length} duplex), ${totalPages} pages`,
  `watching: ${values.watch}`,
  `kills: ingest ${kills('ingest')}, worker ${kills('worker')}; redis restarts ${redisRestarts}`,
  `items: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}`,
  `lost pages: ${lostPages}`,
  `duplicated documents: ${duplicated + duplicateBatches + doubleAudit} (inbox ${duplicated}, batches ${duplicateBatches}, audit ${doubleAudit})`,
  `missing documents: ${missingOutputs}`,
  `partial files: ${partial}; stray temp files: ${strayTemps}`,
  `wrong cuts: ${wrongCuts}`,
  `audit trail: ${brokenAt === null ? 'intact' : `broken at ${brokenAt}`}`,
  `elapsed: ${elapsedMin.toFixed(1)} min, ${(totalPages / elapsedMin).toFixed(1)} input pages/min`,
];
process.stdout.write(`${lines.join('\n')}\n`);
for (const p of problems.slice(0, 20)) process.stderr.write(`  ${p}\n`);
const ok =
  lostPages === 0 &&
  duplicated + duplicateBatches + doubleAudit === 0 &&
  missingOutputs === 0 &&
  partial === 0 &&
  strayTemps === 0 &&
  brokenAt === null;
if (!values.keep && ok) fs.rmSync(dir, { recursive: true, force: true });
else say(`kept ${dir} for inspection`);
process.exit(ok ? 0 : 1);
