// The result contract (architecture.md): one line per mail item, and the files delivered per item.
import type { Batch, DocClass, Item, Repository } from '../core/store/types.ts';
import { classifyResult, type ClassifyResult } from './classify/schema.ts';
import { extractResult, type ExtractResult } from './extract/schema.ts';
import { normalizeResult } from './normalize/schema.ts';

export interface ResultLine {
  source: string;
  pages: [number, number] | null;
  item: string;
  /** `merged` only for an item asked for by id: result lines leave merged items out (their pages are elsewhere). */
  status: 'delivered' | 'review' | 'quarantined' | 'duplicate' | 'processing' | 'merged';
  reason: string | null;
  message: string | null;
  duplicateOf?: string;
  unit: string | null;
  class: DocClass | null;
  confidence: number | null;
  /** Why the item went to its unit (or class): the rule or the classifier's evidence, with its model. */
  routingReason: string | null;
  /** The best three units with their confidence (what QA chooses from in review). */
  candidates: Array<{ unit: string; confidence: number }>;
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
    routingReason: null,
    candidates: [],
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

/** A recorded stage result, checked against its schema (undefined when the stage has not run). */
function parsed<T>(schema: { parse(v: unknown): T }, value: unknown): T | undefined {
  return value === undefined ? undefined : schema.parse(value);
}

export async function itemLine(
  repo: Repository,
  batch: Batch,
  item: Item,
  override?: Partial<ResultLine>,
): Promise<ResultLine> {
  const meta: ExtractResult | undefined = parsed(
    extractResult,
    await repo.stageResult(item.id, 'extract', item.run),
  );
  const routing: ClassifyResult | undefined = parsed(
    classifyResult,
    await repo.stageResult(item.id, 'classify', item.run),
  );
  // Per page of the item: blank or not, and how it was turned and straightened (where normalize ran).
  const pages = await Promise.all(
    (await repo.itemPages(item)).map(async (p) => ({
      blank: p.kind === 'blank',
      norm: parsed(normalizeResult, await repo.pageResult(p.batchId, p.pageNo, 'normalize', item.run)),
    })),
  );
  const normalized = pages.every((p) => p.norm) ? pages : [];
  return {
    ...empty(batch, item.id),
    pages: [item.firstPage, item.lastPage],
    status: item.status,
    reason: item.reason,
    message: item.message,
    unit: routing?.unit ?? null,
    class: routing?.class ?? null,
    confidence: routing?.confidence ?? null,
    routingReason: routing ? `${routing.reason}${routing.model ? ` [${routing.model}]` : ''}` : null,
    candidates: routing?.candidates.map((c) => ({ unit: c.unit, confidence: c.confidence })) ?? [],
    fileref: meta?.fileref ?? null,
    date: meta?.date ?? null,
    sender: meta?.sender ?? null,
    subject: meta?.subject ?? null,
    iban: meta?.iban ?? null,
    amount: meta?.amount ?? null,
    blankPages: normalized.flatMap((p, i) => (p.blank ? [i + 1] : [])),
    rotation: normalized.map((p) => p.norm!.rotation),
    skew: normalized.map((p) => p.norm!.skew),
    output: item.output,
    ...override,
  };
}

/** The mail items of a batch: items merged into another in review are none any more. */
async function mailItems(repo: Repository, batchId: string): Promise<Item[]> {
  const items = (await repo.items(batchId)).filter((i) => i.status !== 'merged');
  // In page order: an item split off in review has a later seq than the pages it holds.
  return items.sort((a, b) => a.firstPage - b.firstPage || a.seq - b.seq);
}

/** The result lines of one input (batch), in page order. */
export async function resultLines(repo: Repository, batch: Batch): Promise<ResultLine[]> {
  if (batch.status === 'quarantined')
    return [
      { ...empty(batch, batch.id), status: 'quarantined', reason: batch.reason, message: batch.message },
    ];
  if (batch.status === 'duplicate' && batch.duplicateOf) {
    const originals = await mailItems(repo, batch.duplicateOf);
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
  const items = await mailItems(repo, batch.id);
  if (!items.length) return [empty(batch, batch.id)];
  return Promise.all(items.map((i) => itemLine(repo, batch, i)));
}
