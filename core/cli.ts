// The `poststelle` command. Logs go to stderr (JSON); results to stdout or --results.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env } from './env.ts';
import { log } from './log.ts';
import { InfrastructureError } from './redis.ts';
import { DiskFullError } from '../ingest/intake.ts';
import { ConfigError, loadConfig } from '../profiles/load.ts';
import { acceptPath } from '../ingest/filter.ts';
import { berlinDate, intake } from '../ingest/intake.ts';
import { hashHandle, NotRegularFileError, openRegular } from './files.ts';
import { startRuntime, type Runtime } from '../pipeline/runtime.ts';
import { resultLines } from '../pipeline/results.ts';
import { batchReport, reportSummary } from '../pipeline/report.ts';
import { MANIFEST_SUFFIX } from '../ingest/declared.ts';
import { REASON_SUFFIX, type QuarantineRecord } from '../ingest/quarantine.ts';
import { ReasonCode } from './errors.ts';
import type { Batch } from './store/types.ts';
import { SqliteRepository } from './store/sqlite.ts';
import { dataDirs, printable, safeName } from './paths.ts';

class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `usage:
  poststelle process <files or dirs...> [--profile NAME] [--org FILE] [--data-dir DIR] [--out DIR]
                     [--results FILE] [--report FILE] [--received-at YYYY-MM-DD]
  poststelle start [--demo] [--role all|ingest|worker] [--data-dir DIR] [--org FILE]
  poststelle audit-verify [--data-dir DIR]
  poststelle separator-sheet [--value PATCHT] [--out trennblatt.pdf]
  poststelle rerun <item-id...> [--data-dir DIR]
  poststelle release <quarantined file...> [--data-dir DIR] [--profile NAME]
  poststelle report [<batch-id>...] [--data-dir DIR] [--json]`;

interface Input {
  file: string;
  /** Named on the command line: a symbolic link there is the user's own choice and is followed. */
  explicit: boolean;
}

/**
 * The inputs in order: files as given, directories walked (sorted, same filter as the hot folders) without
 * following links. Entries that are not regular files are inputs too: they get a quarantine record.
 */
function listInputs(paths: string[]): Input[] {
  const out: Input[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`input not found: ${printable(p)}`);
    }
    if (!st.isDirectory()) {
      out.push({ file: p, explicit: true });
      continue;
    }
    const walk = (dir: string) => {
      for (const e of fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = path.join(dir, e.name);
        if (!acceptPath(path.relative(p, full))) continue;
        if (e.isDirectory()) walk(full);
        else out.push({ file: full, explicit: false });
      }
    };
    walk(p);
  }
  return out;
}

function runtimeOptions(dataDir: string | undefined, org: string | undefined, watch: boolean) {
  const e = env();
  return {
    dataDir: dataDir ?? e.POSTSTELLE_DATA_DIR,
    orgFile: org,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.POSTSTELLE_QUEUE_PREFIX,
    ocrWorkers: e.POSTSTELLE_OCR_WORKERS,
    minFreeBytes: e.POSTSTELLE_MIN_FREE_MB * 1024 * 1024,
    reconcileMs: e.POSTSTELLE_RECONCILE_SECONDS * 1000,
    watch: watch && {
      mode: e.POSTSTELLE_WATCH,
      stableMs: e.POSTSTELLE_STABLE_MS,
      rescanMs: e.POSTSTELLE_RESCAN_SECONDS * 1000,
      incompleteTimeoutMs: e.POSTSTELLE_INCOMPLETE_TIMEOUT_SECONDS * 1000,
    },
    log,
  };
}

/** The content hash of an input, or null for one that is not read (not a regular file). */
async function hashInput(file: string, explicit: boolean): Promise<string | null> {
  const handle = await openRegular(file, { follow: explicit }).catch((e: unknown) => {
    if (e instanceof NotRegularFileError) return null;
    throw e;
  });
  if (!handle) return null;
  try {
    return await hashHandle(handle);
  } finally {
    await handle.close();
  }
}

async function settled(rt: Runtime, batch: Batch): Promise<boolean> {
  const b = await rt.ctx.repo.getBatch(batch.id);
  if (!b || b.status === 'ingested') return false;
  if (b.status !== 'split') return true;
  return (await rt.ctx.repo.items(b.id)).every((i) => i.status !== 'processing');
}

/** Waits until every batch has settled, logging progress for the operator every 10 s. */
async function waitSettled(rt: Runtime, batches: Batch[]): Promise<void> {
  let lastLog = 0;
  for (;;) {
    const states = await Promise.all(batches.map((b) => settled(rt, b)));
    const done = states.filter(Boolean).length;
    if (done === batches.length) break;
    if (Date.now() - lastLog > 10_000) {
      log.info('progress', {
        inputsDone: done,
        inputs: batches.length,
        queued: await rt.ctx.queues.counts(),
      });
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function processCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      profile: { type: 'string', default: 'standard' },
      org: { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      results: { type: 'string' },
      report: { type: 'string' },
      'received-at': { type: 'string' },
    },
  });
  if (!positionals.length) throw new UsageError('no inputs given');
  const receivedAt = values['received-at'] ?? berlinDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedAt) || Number.isNaN(Date.parse(receivedAt)))
    throw new UsageError(`--received-at must be YYYY-MM-DD, got ${receivedAt}`);
  const config = loadConfig({ orgFile: values.org });
  if (!config.profiles.has(values.profile))
    throw new UsageError(
      `unknown profile ${values.profile} (known: ${[...config.profiles.keys()].join(', ')})`,
    );
  const inputs = listInputs(positionals);

  const rt = await startRuntime(runtimeOptions(values['data-dir'], values.org, false));
  try {
    const outDir = path.resolve(values.out ?? rt.dirs.inbox);
    const batches: Batch[] = [];
    for (const { file, explicit } of inputs) {
      // A run interrupted by a crash left this input unfinished: resume it instead of starting again.
      const hash = await hashInput(file, explicit);
      const unfinished = hash && (await rt.ctx.repo.findUnfinishedBatchByHash(hash));
      if (unfinished && unfinished.originalName === file && !batches.some((b) => b.id === unfinished.id)) {
        log.info('resuming unfinished batch', { batchId: unfinished.id });
        batches.push(unfinished);
        continue;
      }
      batches.push(
        await intake(rt.ctx, {
          file,
          originalName: file,
          source: 'cli',
          profile: values.profile,
          outDir,
          receivedAt,
          mode: 'copy',
          followLink: explicit,
        }),
      );
    }
    await waitSettled(rt, batches);
    const lines: string[] = [];
    const reports = [];
    for (const b of batches) {
      const fresh = (await rt.ctx.repo.getBatch(b.id))!;
      for (const line of await resultLines(rt.ctx.repo, fresh)) lines.push(JSON.stringify(line));
      const report = await batchReport(rt.ctx.repo, fresh, rt.ctx.config.profiles.get(fresh.profile));
      process.stderr.write(`${reportSummary(report)}\n`);
      reports.push(report);
    }
    const text = lines.join('\n') + (lines.length ? '\n' : '');
    if (values.results) fs.writeFileSync(values.results, text);
    else process.stdout.write(text);
    if (values.report) fs.writeFileSync(values.report, JSON.stringify({ batches: reports }, null, 2));
    log.info('process finished', { inputs: batches.length, items: lines.length });
    return 0;
  } finally {
    await rt.close();
  }
}

async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      demo: { type: 'boolean', default: false },
      role: { type: 'string', default: 'all' },
      'data-dir': { type: 'string' },
      org: { type: 'string' },
    },
  });
  if (!['all', 'ingest', 'worker'].includes(values.role))
    throw new UsageError(`--role must be all, ingest or worker, got ${values.role}`);
  const rt = await startRuntime({
    ...runtimeOptions(values['data-dir'], values.org, values.role !== 'worker'),
    workers: values.role !== 'ingest',
  });
  const standard = rt.hotFolders.get('standard')!;
  process.stderr.write(
    `\npoststelle läuft. Scans ablegen in:\n${[...rt.hotFolders].map(([p, d]) => `  ${p}: ${d}`).join('\n')}\nPosteingänge: ${rt.dirs.inbox}\n\n`,
  );
  if (values.demo) {
    const { writeDemoBatch } = await import('../tools/letters/demo.ts');
    const files = await writeDemoBatch(standard);
    process.stderr.write(`Demo-Stapel mit ${files} Dateien abgelegt in ${standard}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log.info('shutting down', { signal: sig });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await rt.close();
  return 0;
}

/** The data dir and its store, for commands that need no queues or workers. */
function openStore(dataDir: string | undefined, configVersion: string) {
  const dirs = dataDirs(dataDir ?? env().POSTSTELLE_DATA_DIR);
  return { dirs, repo: new SqliteRepository(dirs.db, configVersion) };
}

async function auditVerify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { 'data-dir': { type: 'string' } } });
  const { repo } = openStore(values['data-dir'], loadConfig().version);
  const broken = await repo.verifyAudit();
  repo.close();
  process.stdout.write(broken === null ? 'audit trail intact\n' : `audit trail broken at entry ${broken}\n`);
  return broken === null ? 0 : 1;
}

/** Runs items in review (failed stages, dead letters) again from the first stage and prints their lines. */
async function rerunCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'data-dir': { type: 'string' } },
  });
  if (!positionals.length) throw new UsageError('no item ids given');
  const rt = await startRuntime(runtimeOptions(values['data-dir'], undefined, false));
  try {
    const batches = new Map<string, Batch>();
    for (const id of positionals) {
      const item = await rt.ctx.repo
        .rerunItem(id, `cli@${process.env.USER ?? 'operator'}`)
        .catch((e: Error) => {
          throw new UsageError(e.message);
        });
      await rt.ctx.queues.ensure(item.stage!, { itemId: item.id, run: item.run });
      batches.set(item.batchId, (await rt.ctx.repo.getBatch(item.batchId))!);
    }
    await waitSettled(rt, [...batches.values()]);
    for (const b of batches.values())
      for (const line of await resultLines(rt.ctx.repo, b))
        if (positionals.includes(line.item)) process.stdout.write(`${JSON.stringify(line)}\n`);
    return 0;
  } finally {
    await rt.close();
  }
}

/** Puts quarantined files back into their hot folder (after fixing the cause), with an audit entry. */
async function releaseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'data-dir': { type: 'string' }, profile: { type: 'string', default: 'standard' } },
  });
  if (!positionals.length) throw new UsageError('no quarantined files given');
  const config = loadConfig();
  const profile = config.profiles.get(values.profile);
  if (!profile) throw new UsageError(`unknown profile ${values.profile}`);
  const { dirs, repo } = openStore(values['data-dir'], config.version);
  try {
    for (const p of positionals) {
      const file = path.join(dirs.quarantine, path.basename(p)); // only files inside the quarantine
      if (!fs.existsSync(file) || file.endsWith('.reason.json'))
        throw new UsageError(`not in quarantine: ${p}`);
      const record = JSON.parse(fs.readFileSync(`${file}${REASON_SUFFIX}`, 'utf8')) as QuarantineRecord;
      if (record.reason === ReasonCode.notRegularFile)
        throw new UsageError(`not a regular file, cannot be released: ${printable(p)}`);
      const hot = path.join(dirs.hotfolders, profile.hotFolder ?? profile.name);
      fs.mkdirSync(hot, { recursive: true, mode: 0o700 });
      const target = path.join(hot, safeName(path.basename(record.originalName)));
      // The operator's manifest goes back with the scan, so the count is checked again.
      const declared = (await repo.getBatch(record.batch))?.declared;
      if (declared?.source === 'manifest' && !declared.error)
        fs.writeFileSync(target + MANIFEST_SUFFIX, JSON.stringify(declared), { mode: 0o600 });
      fs.renameSync(file, target);
      fs.rmSync(`${file}.reason.json`);
      await repo.audit(`cli@${process.env.USER ?? 'operator'}`, 'quarantine.released', record.batch, {
        to: target,
      });
      process.stderr.write(`freigegeben: ${printable(path.basename(p))} -> ${printable(target)}\n`);
    }
  } finally {
    repo.close();
  }
  return 0;
}

/** Batch reports from the store: the given batches, or the 20 most recent. */
async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const { repo } = openStore(values['data-dir'], config.version);
  try {
    const batches = positionals.length
      ? await Promise.all(
          positionals.map(async (id) => {
            const b = await repo.getBatch(id);
            if (!b) throw new UsageError(`unknown batch ${id}`);
            return b;
          }),
        )
      : await repo.recentBatches(20);
    for (const b of batches) {
      const report = await batchReport(repo, b, config.profiles.get(b.profile));
      process.stdout.write(`${values.json ? JSON.stringify(report) : reportSummary(report)}\n`);
    }
  } finally {
    repo.close();
  }
  return 0;
}

async function separatorSheetCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      value: { type: 'string', default: 'PATCHT' },
      out: { type: 'string', default: 'trennblatt.pdf' },
    },
  });
  const { separatorSheet } = await import('../pipeline/split/sheet.ts');
  fs.writeFileSync(values.out, await separatorSheet(values.value));
  process.stderr.write(`Trennblatt (${values.value}) geschrieben: ${path.resolve(values.out)}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'process':
        return await processCommand(rest);
      case 'start':
        return await startCommand(rest);
      case 'audit-verify':
        return await auditVerify(rest);
      case 'separator-sheet':
        return await separatorSheetCommand(rest);
      case 'rerun':
        return await rerunCommand(rest);
      case 'release':
        return await releaseCommand(rest);
      case 'report':
        return await reportCommand(rest);
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') || e instanceof ConfigError) {
      process.stderr.write(`poststelle: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof InfrastructureError || e instanceof DiskFullError) {
      process.stderr.write(`poststelle: ${err.message}\n`);
      return 3;
    }
    log.error('failed', { error: err.message, stack: err.stack });
    return 3;
  }
}

const code = await main(process.argv.slice(2));
// Engines and sockets are closed by now; exit explicitly so a stray handle cannot keep the CLI alive.
setTimeout(() => process.exit(code), 50);
