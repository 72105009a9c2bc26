// `poststelle process`: the same queues and stages as the watcher over the given inputs, until every input
// has settled; then one result line per mail item and the batch reports. A watchdog bounds how long any
// single input can hold the run, so the command always ends; SIGINT/SIGTERM stop it gracefully, and the
// same command again resumes what was left.
import fs from 'node:fs';
import path from 'node:path';
import { env } from '../core/env.ts';
import { ReasonCode } from '../core/errors.ts';
import { hashHandle, openRegular } from '../core/files.ts';
import { log } from '../core/log.ts';
import { printable, readableName } from '../core/paths.ts';
import type { Batch } from '../core/store/types.ts';
import { acceptPath } from '../ingest/filter.ts';
import { berlinDate, intake, refusal } from '../ingest/intake.ts';
import { quarantineBatch } from '../ingest/quarantine.ts';
import { loadConfig } from '../profiles/load.ts';
import { batchReport, reportSummary, type BatchReport } from '../pipeline/report.ts';
import { resultLines, type ResultLine } from '../pipeline/results.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../pipeline/runtime.ts';
import { graceMs, onStopSignal, parse, runtimeOptions, UsageError, type Command } from './args.ts';

export interface Input {
  file: string;
  /** Named on the command line: a symbolic link there is the user's own choice and is followed. */
  explicit: boolean;
  /** The path's bytes where its name is not UTF-8 (`file` then shows the name read as Latin-1). */
  read?: Buffer;
}

/**
 * The inputs in order: files as given, directories walked (sorted, same filter as the hot folders) without
 * following links. Entries that are not regular files are inputs too: they get a quarantine record.
 */
export function listInputs(paths: string[]): Input[] {
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
    // By the bytes of the names: one that is not UTF-8 is shown as Latin-1 (always valid) and read by its bytes.
    const walk = (dir: Buffer, shown: string, bytesOnly: boolean) => {
      for (const e of fs
        .readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })
        .sort((a, b) => Buffer.compare(a.name, b.name))) {
        const raw = Buffer.concat([dir, Buffer.from(path.sep), e.name]);
        const { name, utf8 } = readableName(e.name);
        const full = path.join(shown, name);
        if (!acceptPath(path.relative(p, full))) continue;
        if (e.isDirectory()) walk(raw, full, bytesOnly || !utf8);
        else out.push({ file: full, explicit: false, ...(bytesOnly || !utf8 ? { read: raw } : {}) });
      }
    };
    walk(Buffer.from(p), p, false);
  }
  return out;
}

/** The content hash of an input, or null for one that is not read (not a regular file). */
async function hashInput(file: string | Buffer, explicit: boolean): Promise<string | null> {
  const handle = await openRegular(file, { follow: explicit }).catch((e: unknown) => {
    // Not read: intake records why (not a regular file, no permission to read).
    if (refusal(e)) return null;
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

/** Ends an input that made no progress for too long: its open items to review, or the file to quarantine. */
async function giveUp(rt: Runtime, batch: Batch, stallMs: number): Promise<void> {
  const message = `Keine Fortschritte seit ${Math.round(stallMs / 1000)} s: Verarbeitung abgebrochen.`;
  const b = (await rt.ctx.repo.getBatch(batch.id))!;
  log.error('input given up by the watchdog', { batchId: b.id, stallMs });
  if (b.status === 'ingested') return quarantineBatch(rt.ctx, b, ReasonCode.stageFailed, message);
  for (const item of await rt.ctx.repo.items(b.id))
    if (item.status === 'processing')
      await rt.ctx.repo.failItem(item.id, 'review', ReasonCode.stageFailed, message, rt.ctx.actor);
}

export interface WaitOptions {
  /** An input whose progress stands still this long is given up (its open work ends in review). */
  stallMs: number;
  /** Resolves when the run should stop (a signal); the wait then ends early with false. */
  stop?: Promise<unknown>;
  /** Progress for people, every few seconds (a terminal), or null. */
  progress?: ((line: string) => void) | null;
}

/** Waits until every batch has settled (true), or until `stop` (false). */
export async function waitSettled(rt: Runtime, batches: Batch[], opts: WaitOptions): Promise<boolean> {
  let stopped = false;
  void opts.stop?.then(() => (stopped = true));
  const started = Date.now();
  const last = new Map<string, { steps: number; at: number }>();
  let anyProgress = Date.now();
  let lastShown = 0;
  for (;;) {
    const open: Batch[] = [];
    let pages = 0;
    let pagesDone = 0;
    for (const b of batches) {
      const p = await rt.ctx.repo.batchProgress(b.id);
      pages += p.pages;
      pagesDone += p.pagesDone;
      if (await settled(rt, b)) continue;
      open.push(b);
      const seen = last.get(b.id);
      if (!seen || seen.steps !== p.steps) {
        if (seen) anyProgress = Date.now();
        last.set(b.id, { steps: p.steps, at: Date.now() });
        continue;
      }
      // An input that has started is timed by its own progress; one still waiting for its turn only
      // when nothing at all moves.
      const since = p.steps > 0 ? seen.at : anyProgress;
      if (Date.now() - since > opts.stallMs) await giveUp(rt, b, opts.stallMs);
    }
    if (!open.length) return true;
    if (stopped) return false;
    if (Date.now() - lastShown > 5000) {
      lastShown = Date.now();
      const queued = await rt.ctx.queues.counts();
      const perMin = (pagesDone / Math.max(1, Date.now() - started)) * 60_000;
      const line = `${batches.length - open.length} von ${batches.length} Eingaben fertig, ${pagesDone} von ${pages} Seiten, ${perMin.toFixed(1).replace('.', ',')} Seiten/min; offen: ${Object.entries(
        queued,
      )
        .map(([q, n]) => `${q} ${n}`)
        .join(', ')}`;
      if (opts.progress) opts.progress(line);
      else
        log.info('progress', {
          inputsDone: batches.length - open.length,
          inputs: batches.length,
          pagesDone,
          queued,
        });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ProcessOptions {
  profile: string;
  outDir?: string;
  receivedAt: string;
  wait: WaitOptions;
}

/**
 * Takes every input in (resuming one that an interrupted run left unfinished), waits until all have
 * settled and returns their result lines and reports; null when stopped before.
 */
export async function runInputs(
  rt: Runtime,
  inputs: Input[],
  opts: ProcessOptions,
): Promise<{ lines: ResultLine[]; reports: BatchReport[] } | null> {
  const outDir = path.resolve(opts.outDir ?? rt.dirs.inbox);
  const batches: Batch[] = [];
  for (const { file, explicit, read } of inputs) {
    // A run interrupted by a crash or a signal left this input unfinished: resume it.
    const hash = await hashInput(read ?? file, explicit);
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
        profile: opts.profile,
        outDir,
        receivedAt: opts.receivedAt,
        mode: 'copy',
        followLink: explicit,
        read,
      }),
    );
  }
  if (!(await waitSettled(rt, batches, opts.wait))) return null;
  const lines: ResultLine[] = [];
  const reports: BatchReport[] = [];
  for (const b of batches) {
    const fresh = (await rt.ctx.repo.getBatch(b.id))!;
    lines.push(...(await resultLines(rt.ctx.repo, fresh)));
    reports.push(await batchReport(rt.ctx.repo, fresh, rt.ctx.config.profiles.get(fresh.profile)));
  }
  return { lines, reports };
}

export const processCommand: Command = {
  name: 'process',
  summary: 'Dateien oder Ordner verarbeiten und je Poststück eine Ergebniszeile schreiben',
  usage: `usage: poststelle process <files or dirs...> [--profile NAME] [--org FILE] [--data-dir DIR] [--out DIR]
                          [--results FILE] [--report FILE] [--received-at YYYY-MM-DD]
  Runs the mailroom's stages over the inputs (read, never changed) and waits until every input has
  settled. --results: one JSON line per mail item (default stdout); --report: batch reports (JSON).
  Exit codes: 0 all inputs handled, 2 usage or configuration error, 3 infrastructure failure,
  130/143 stopped by SIGINT/SIGTERM (run the same command again to resume).`,

  async run(args) {
    const a = parse(this, args, {
      profile: { type: 'string', default: 'standard' },
      org: { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      results: { type: 'string' },
      report: { type: 'string' },
      'received-at': { type: 'string' },
    });
    if (!a) return 0;
    const { values, positionals } = a;
    if (!positionals.length) throw new UsageError('no inputs given');
    const receivedAt = (values['received-at'] as string | undefined) ?? berlinDate();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedAt) || Number.isNaN(Date.parse(receivedAt)))
      throw new UsageError(`--received-at must be YYYY-MM-DD, got ${printable(receivedAt)}`);
    const profile = values.profile as string;
    const config = loadConfig({
      orgFile: values.org as string | undefined,
      dataDir: (values['data-dir'] as string | undefined) ?? env().POSTSTELLE_DATA_DIR,
    });
    if (!config.profiles.has(profile))
      throw new UsageError(
        `unknown profile ${printable(profile)} (known: ${[...config.profiles.keys()].join(', ')})`,
      );
    const inputs = listInputs(positionals);
    const options: RuntimeOptions = runtimeOptions(
      values['data-dir'] as string | undefined,
      values.org as string | undefined,
      false,
    );
    const stop = onStopSignal();
    const rt = await startRuntime(options);
    try {
      const done = await runInputs(rt, inputs, {
        profile,
        outDir: values.out as string | undefined,
        receivedAt,
        wait: {
          stallMs: env().POSTSTELLE_INPUT_STALL_SECONDS * 1000,
          stop: stop.signal,
          progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : null,
        },
      });
      if (!done) {
        const signal = await stop.signal;
        process.stderr.write('poststelle: abgebrochen; derselbe Aufruf setzt die Verarbeitung fort.\n');
        return signal === 'SIGINT' ? 130 : 143;
      }
      for (const r of done.reports) process.stderr.write(`${reportSummary(r)}\n`);
      const text = done.lines.map((l) => JSON.stringify(l)).join('\n') + (done.lines.length ? '\n' : '');
      if (values.results) fs.writeFileSync(values.results as string, text);
      else process.stdout.write(text);
      if (values.report)
        fs.writeFileSync(values.report as string, JSON.stringify({ batches: done.reports }, null, 2));
      log.info('process finished', { inputs: inputs.length, items: done.lines.length });
      return 0;
    } finally {
      stop.dispose();
      await rt.close(graceMs());
    }
  },
};
