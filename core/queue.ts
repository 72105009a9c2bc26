// The only module that talks to BullMQ: queues, workers and idempotent enqueueing.
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, QUEUES, jobId, type JobData, type QueueName } from './jobs.ts';

export interface JobMeta {
  id: string;
  attempt: number;
  maxAttempts: number;
}
export type Handler<Q extends QueueName> = (data: JobData<Q>, meta: JobMeta) => Promise<void>;
export type Handlers = { [Q in QueueName]: Handler<Q> };

export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export class JobQueues {
  private readonly queues: Map<QueueName, Queue>;

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {
    this.queues = new Map(QUEUES.map((q) => [q, new Queue(q, { connection, prefix })]));
  }

  /**
   * Enqueues a job unless one with the same content-derived id is waiting or running. A failed leftover of
   * the same id (e.g. stalled too often while workers were killed) is replaced: the store says it is pending.
   */
  async ensure<Q extends QueueName>(queue: Q, data: JobData<Q>): Promise<void> {
    const q = this.queues.get(queue)!;
    const payload = JOBS[queue].schema.parse(data);
    const id = jobId(queue, payload);
    const existing = await q.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed') return;
      await existing.remove();
    }
    await q.add(queue, payload, {
      ...JOBS[queue].opts,
      jobId: id,
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  /** Counts of waiting, active and delayed jobs per queue (for progress output). */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, q] of this.queues) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed');
      out[name] = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** Starts one worker per queue; every handler must exist (checked at boot). */
export function startWorkers(
  url: string,
  prefix: string,
  handlers: Handlers,
  concurrency: Partial<Record<QueueName, number>>,
  onError: (err: Error) => void,
): { close(): Promise<void> } {
  for (const q of QUEUES)
    if (typeof handlers[q] !== 'function') throw new Error(`no processor for queue ${q}`);
  const workers = QUEUES.map((q) => {
    const w = new Worker(
      q,
      async (job: Job) => {
        const data = JOBS[q].schema.parse(job.data) as JobData<typeof q>;
        const meta = { id: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
        await (handlers[q] as Handler<typeof q>)(data, meta);
      },
      {
        connection: redisConnection(url),
        prefix,
        concurrency: concurrency[q] ?? 1,
        lockDuration: 30_000,
        maxStalledCount: 2,
      },
    );
    w.on('error', onError);
    return w;
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
