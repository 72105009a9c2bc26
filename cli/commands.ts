// The small commands: audit verification, separator sheets, re-runs, releases and batch reports.
import fs from 'node:fs';
import path from 'node:path';
import { log } from '../core/log.ts';
import { printable } from '../core/paths.ts';
import { releaseQuarantined, ReleaseRefused } from '../ingest/quarantine.ts';
import { loadConfig } from '../profiles/load.ts';
import { enqueue, pageJob } from '../pipeline/flow.ts';
import { batchReport, reportSummary } from '../pipeline/report.ts';
import { resultLines } from '../pipeline/results.ts';
import { startRuntime, type Runtime } from '../pipeline/runtime.ts';
import type { Batch } from '../core/store/types.ts';
import { env } from '../core/env.ts';
import {
  dataDirOption,
  graceMs,
  openStore,
  operator,
  parse,
  runtimeOptions,
  UsageError,
  type Command,
} from './args.ts';
import { waitSettled } from './process.ts';

export const separatorSheetCommand: Command = {
  name: 'separator-sheet',
  summary: 'Trennblatt (Barcode) zum Ausdrucken erzeugen',
  usage: `usage: poststelle separator-sheet [--value PATCHT] [--out trennblatt.pdf]
  Writes a printable A4 separator sheet carrying the value as Code 128 and QR code.`,
  async run(args) {
    const a = parse(this, args, {
      value: { type: 'string', default: 'PATCHT' },
      out: { type: 'string', default: 'trennblatt.pdf' },
    });
    if (!a) return 0;
    const { separatorSheet } = await import('../pipeline/split/sheet.ts');
    const out = a.values.out as string;
    fs.writeFileSync(out, await separatorSheet(a.values.value as string));
    process.stderr.write(
      `Trennblatt (${printable(a.values.value as string)}) geschrieben: ${path.resolve(out)}\n`,
    );
    return 0;
  },
};

/**
 * Starts each item's rework (`start`), waits until their batches have settled, and prints the items'
 * result lines (rerun, approve).
 */
export async function reworkAndPrint(rt: Runtime, ids: string[], start: (id: string) => Promise<void>) {
  const batches = new Map<string, Batch>();
  for (const id of ids) {
    await start(id);
    const item = (await rt.ctx.repo.getItem(id))!;
    batches.set(item.batchId, (await rt.ctx.repo.getBatch(item.batchId))!);
  }
  await waitSettled(rt, [...batches.values()], { stallMs: env().POSTSTELLE_INPUT_STALL_SECONDS * 1000 });
  for (const b of batches.values())
    for (const line of await resultLines(rt.ctx.repo, b))
      if (ids.includes(line.item)) process.stdout.write(`${JSON.stringify(line)}\n`);
}

export const rerunCommand: Command = {
  name: 'rerun',
  summary: 'Poststücke aus der Nachbearbeitung erneut verarbeiten',
  usage: `usage: poststelle rerun <item-id...> [--data-dir DIR]
  Runs items in review (failed stages, exhausted attempts) again from their first page stage and
  prints their result lines.`,
  async run(args) {
    const a = parse(this, args, dataDirOption);
    if (!a) return 0;
    if (!a.positionals.length) throw new UsageError('no item ids given');
    const rt = await startRuntime(
      runtimeOptions(a.values['data-dir'] as string | undefined, undefined, false),
    );
    try {
      await reworkAndPrint(rt, a.positionals, async (id) => {
        const { pages } = await rt.ctx.repo.rerunItem(id, operator()).catch((e: Error) => {
          throw new UsageError(e.message);
        });
        await enqueue(rt.ctx.queues, pages.map(pageJob));
      });
      return 0;
    } finally {
      await rt.close(graceMs());
    }
  },
};

export const releaseCommand: Command = {
  name: 'release',
  summary: 'Dateien aus der Quarantäne zurück in den Hot-Folder geben',
  usage: `usage: poststelle release <quarantined file...> [--data-dir DIR] [--profile NAME]
  Puts quarantined files (names as in data/quarantine/) back into the profile's hot folder, with an
  audit entry, once the cause is fixed.`,
  async run(args) {
    const a = parse(this, args, { ...dataDirOption, profile: { type: 'string', default: 'standard' } });
    if (!a) return 0;
    if (!a.positionals.length) throw new UsageError('no quarantined files given');
    const dataDir = (a.values['data-dir'] as string | undefined) ?? env().POSTSTELLE_DATA_DIR;
    const config = loadConfig({ dataDir });
    const { dirs, repo } = openStore(dataDir, config.version);
    try {
      for (const p of a.positionals) {
        // A path names its file in the quarantine folder: only names inside it are ever released.
        const released = await releaseQuarantined(
          { dirs, repo, config, log },
          { name: path.basename(p), profile: a.values.profile as string, actor: operator() },
        ).catch((e: Error) => {
          throw e instanceof ReleaseRefused ? new UsageError(e.message) : e;
        });
        process.stderr.write(
          `freigegeben: ${printable(path.basename(p))} -> ${printable(released.target)}\n`,
        );
      }
    } finally {
      repo.close();
    }
    return 0;
  },
};

export const reportCommand: Command = {
  name: 'report',
  summary: 'Stapelberichte anzeigen (Vollzähligkeit)',
  usage: `usage: poststelle report [<batch-id>...] [--data-dir DIR] [--json]
  Batch reports from the store (default: the 20 most recent): every page and where it went.`,
  async run(args) {
    const a = parse(this, args, { ...dataDirOption, json: { type: 'boolean', default: false } });
    if (!a) return 0;
    const config = loadConfig();
    const { repo } = openStore(a.values['data-dir'] as string | undefined, config.version);
    try {
      const batches = a.positionals.length
        ? await Promise.all(
            a.positionals.map(async (id) => {
              const b = await repo.getBatch(id);
              if (!b) throw new UsageError(`unknown batch ${printable(id)}`);
              return b;
            }),
          )
        : await repo.recentBatches(20);
      for (const b of batches) {
        const report = await batchReport(repo, b, config.profiles.get(b.profile));
        process.stdout.write(`${a.values.json ? JSON.stringify(report) : reportSummary(report)}\n`);
      }
    } finally {
      repo.close();
    }
    return 0;
  },
};
