// The job registry: every queue, its payload schema and its retry policy, in one place.
import { z } from 'zod';
import { STAGES } from './store/types.ts';

export const QUEUES = ['split', ...STAGES] as const;
export type QueueName = (typeof QUEUES)[number];

const itemJob = z.object({ itemId: z.string().min(1), run: z.number().int().positive() });

const retry = (attempts: number) => ({ attempts, backoff: { type: 'exponential', delay: 2000 } }) as const;

export const JOBS = {
  split: { schema: z.object({ batchId: z.string().min(1) }), opts: retry(3) },
  normalize: { schema: itemJob, opts: retry(3) },
  ocr: { schema: itemJob, opts: retry(3) },
  extract: { schema: itemJob, opts: retry(2) },
  classify: { schema: itemJob, opts: retry(2) },
  assemble: { schema: itemJob, opts: retry(3) },
  deliver: { schema: itemJob, opts: retry(5) },
} satisfies Record<QueueName, { schema: z.ZodType; opts: { attempts: number } }>;

export type JobData<Q extends QueueName> = z.infer<(typeof JOBS)[Q]['schema']>;

/** Job ids are derived from content: the batch id comes from the input's SHA-256, item ids from the batch. */
export function jobId(queue: QueueName, data: JobData<QueueName>): string {
  return 'batchId' in data ? `${data.batchId}.${queue}` : `${data.itemId}.${queue}.r${data.run}`;
}
