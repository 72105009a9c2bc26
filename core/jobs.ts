// The job registry: every queue, its payload schema, its retry policy and its time limit, in one place.
// One queue per stage; what a job works on is named by small ids, the bytes live in the blob store.
import { z } from 'zod';

/** Stages that work on one page. */
export const PAGE_STAGES = ['normalize', 'ocr'] as const;
export type PageStage = (typeof PAGE_STAGES)[number];
/** Stages that work on one mail item, once all its pages are done. */
export const ITEM_STAGES = ['extract', 'classify', 'assemble', 'deliver'] as const;
export type ItemStage = (typeof ITEM_STAGES)[number];

export const QUEUES = ['split', ...PAGE_STAGES, ...ITEM_STAGES] as const;
export type QueueName = (typeof QUEUES)[number];

/** A batch to split: one job for the whole file, which goes back into its queue after every step. */
const batchJob = z.object({ batchId: z.string().min(1) });
const pageJob = z.object({
  batchId: z.string().min(1),
  pageNo: z.number().int().positive(),
  rev: z.number().int().positive(),
});
const itemJob = z.object({ itemId: z.string().min(1), run: z.number().int().positive() });

const retry = (attempts: number) => ({ attempts, backoff: { type: 'exponential', delay: 2000 } }) as const;

/**
 * Per queue: payload schema, retry policy (attempts are also counted in the store, across process deaths
 * and re-queues) and the time one job may take in its sandbox before it is killed.
 */
export const JOBS = {
  split: { schema: batchJob, opts: retry(3), timeoutMs: 300_000 },
  normalize: { schema: pageJob, opts: retry(3), timeoutMs: 120_000 },
  ocr: { schema: pageJob, opts: retry(3), timeoutMs: 180_000 },
  extract: { schema: itemJob, opts: retry(2), timeoutMs: 60_000 },
  classify: { schema: itemJob, opts: retry(2), timeoutMs: 60_000 },
  assemble: { schema: itemJob, opts: retry(3), timeoutMs: 300_000 },
  deliver: { schema: itemJob, opts: retry(5), timeoutMs: 60_000 },
} satisfies Record<QueueName, { schema: z.ZodType; opts: { attempts: number }; timeoutMs: number }>;

export type JobData<Q extends QueueName> = z.infer<(typeof JOBS)[Q]['schema']>;

/** A job to enqueue: its queue and payload. */
export type NextJob = { [Q in QueueName]: { queue: Q; data: JobData<Q> } }[QueueName];

/**
 * Job ids are derived from content: the batch id comes from the input's SHA-256, page and item ids from
 * the batch; a new run of an item (rework) gets new ids.
 */
export function jobId(job: NextJob): string {
  const d = job.data as Record<string, unknown>;
  if (job.queue === 'split') return `${d.batchId}.split`;
  if ('pageNo' in d) return `${d.batchId}.p${d.pageNo}.${job.queue}.r${d.rev}`;
  return `${d.itemId}.${job.queue}.r${d.run}`;
}

/** The store's name for what a job works on (attempts are counted per subject, stage and run). */
export function subjectOf(job: NextJob): { subject: string; run: number } {
  const d = job.data as Record<string, number | string>;
  if (job.queue === 'split') return { subject: String(d.batchId), run: 1 };
  if ('pageNo' in d) return { subject: `${d.batchId}/${d.pageNo}`, run: Number(d.rev) };
  return { subject: String(d.itemId), run: Number(d.run) };
}

/** Page jobs are taken in page order across batches: a one-page letter never waits behind a long batch. */
export function priorityOf(job: NextJob): number | undefined {
  const d = job.data as Record<string, unknown>;
  return typeof d.pageNo === 'number' ? Math.min(d.pageNo, 2_000_000) : undefined;
}
