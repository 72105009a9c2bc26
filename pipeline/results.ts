// The result contract (architecture.md): one line per mail item, and the files delivered per item.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Batch, DocClass, Item } from '../core/store/types.ts';
import type { Repository } from '../core/store/types.ts';
import type { Context } from './context.ts';
import { removeStaleTemps, writeFileAtomic } from '../core/files.ts';
import type { ClassifyResult, ExtractResult, NormalizeResult } from './stages.ts';

export interface ResultLine {
  source: string;
  pages: [number, number] | null;
  item: string;
  status: 'delivered' | 'review' | 'quarantined' | 'duplicate' | 'processing';
  reason: string | null;
  message: string | null;
  duplicateOf?: string;
  unit: string | null;
  class: DocClass | null;
  confidence: number | null;
  receivedAt: string;
  fileref: string | null;
  date: string | null;
  sender: string | null;
  subject: string | null;
  iban: string | null;
  amount: number | null;
  blankPages: number[];
  rotation: number[];
  skew: number[];
  output: string | null;
}

function empty(batch: Batch, item: string): ResultLine {
  return {
    source: batch.originalName,
    pages: null,
    item,
    status: 'processing',
    reason: null,
    message: null,
    unit: null,
    class: null,
    confidence: null,
    receivedAt: batch.receivedAt,
    fileref: null,
    date: null,
    sender: null,
    subject: null,
    iban: null,
    amount: null,
    blankPages: [],
    rotation: [],
    skew: [],
    output: null,
  };
}

async function itemLine(
  repo: Repository,
  batch: Batch,
  item: Item,
  override?: Partial<ResultLine>,
): Promise<ResultLine> {
  const norm = await repo.stageResult<NormalizeResult>(item.id, 'normalize', item.run);
  const meta = await repo.stageResult<ExtractResult>(item.id, 'extract', item.run);
  const routing = await repo.stageResult<ClassifyResult>(item.id, 'classify', item.run);
  const pages = norm?.pages ?? [];
  return {
    ...empty(batch, item.id),
    pages: [item.firstPage, item.lastPage],
    status: item.status,
    reason: item.reason,
    message: item.message,
    unit: routing?.unit ?? null,
    class: routing?.class ?? null,
    confidence: routing?.confidence ?? null,
    fileref: meta?.fileref ?? null,
    date: meta?.date ?? null,
    sender: meta?.sender ?? null,
    subject: meta?.subject ?? null,
    iban: meta?.iban ?? null,
    amount: meta?.amount ?? null,
    blankPages: pages.flatMap((p, i) => (p.blank ? [i + 1] : [])),
    rotation: pages.map((p) => p.rotation),
    skew: pages.map((p) => p.skew),
    output: item.output,
    ...override,
  };
}

/** The result lines of one input (batch), in page order. */
export async function resultLines(repo: Repository, batch: Batch): Promise<ResultLine[]> {
  if (batch.status === 'quarantined')
    return [
      { ...empty(batch, batch.id), status: 'quarantined', reason: batch.reason, message: batch.message },
    ];
  if (batch.status === 'duplicate' && batch.duplicateOf) {
    const originals = await repo.items(batch.duplicateOf);
    const message = 'Diese Datei wurde bereits verarbeitet.';
    if (!originals.length)
      return [
        {
          ...empty(batch, batch.id),
          status: 'duplicate',
          reason: 'duplicate',
          message,
          duplicateOf: `${batch.duplicateOf}-01`,
        },
      ];
    return Promise.all(
      originals.map(async (o) => {
        const line = await itemLine(repo, batch, o);
        return {
          ...line,
          item: `${batch.id}-${String(o.seq).padStart(2, '0')}`,
          status: 'duplicate' as const,
          reason: 'duplicate',
          message,
          duplicateOf: o.id,
          output: null,
        };
      }),
    );
  }
  const items = await repo.items(batch.id);
  if (!items.length) return [empty(batch, batch.id)];
  return Promise.all(items.map((i) => itemLine(repo, batch, i)));
}

/**
 * Writes `<out>/<unit>/<item>.json` then `<item>.pdf` (or `<out>/_review/...`), each atomically: an inbox
 * never holds a partial file, and a re-run overwrites the same names instead of adding copies.
 */
export async function writeResultFiles(
  ctx: Context,
  batch: Batch,
  item: Item,
  status: 'delivered' | 'review',
  unit: string | null,
  pdf: Uint8Array,
): Promise<string> {
  const folder = status === 'delivered' && unit ? unit : '_review';
  const dir = path.join(batch.outDir, folder);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const pdfPath = path.join(dir, `${item.id}.pdf`);
  const line = await itemLine(ctx.repo, batch, item, {
    status,
    output: pdfPath,
    reason: null,
    message: null,
  });
  const routing = await ctx.repo.stageResult<ClassifyResult>(item.id, 'classify', item.run);
  if (status === 'review')
    Object.assign(line, { reason: routing?.reviewReason ?? null, message: routing?.reviewMessage ?? null });
  const sidecar = {
    ...line,
    hash: batch.hash,
    batch: batch.id,
    profile: batch.profile,
    configVersion: batch.configVersion,
    routingReason: routing?.reason ?? null,
  };
  const json = path.join(dir, `${item.id}.json`);
  await removeStaleTemps(dir, [path.basename(json), path.basename(pdfPath)]);
  await writeFileAtomic(json, JSON.stringify(sidecar, null, 2));
  await writeFileAtomic(pdfPath, pdf);
  return pdfPath;
}
