// The only module that talks to BullMQ (with ./sandbox.ts): queues, workers, idempotent enqueueing, and
// the mapping of our error classes onto BullMQ's retry policy.
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HandBack, isPermanent, NextStep } from '../errors.ts';
import { JOBS, QUEUES, jobId, priorityOf, type JobData, type NextJob, type QueueName } from '../jobs.ts';

export { SandboxFailure, SandboxPool, TYPESCRIPT_LOADER, memoryOf } from './sandbox.ts';
/** What the queue board (bull-board) shows one queue through. */
export type BoardQueue = BullMQAdapter;

/** Job states counted for the metrics and the board. */
export const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];
/** What a sandboxed processor file's default export gets: `data` is the task, `updateProgress` reports. */
export type { SandboxedJob } from 'bullmq';

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
   * Enqueues a job unless one with the same content-derived id is waiting or running. A failed or
   * finished leftover of the same id is replaced: the store says the work is pending, and the store
   * counts the attempts, so a replaced job cannot come back without end.
   */
  async ensure(job: NextJob): Promise<void> {
    const q = this.queues.get(job.queue)!;
    const data = JOBS[job.queue].schema.parse(job.data);
    const id = jobId(job);
    const existing = await q.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed') return;
      await existing.remove();
    }
    await q.add(job.queue, data, {
      ...JOBS[job.queue].opts,
      jobId: id,
      priority: priorityOf(job),
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  /** Counts of waiting, active and delayed jobs per queue (for progress output). */
  async counts(): Promise<Record<QueueName, number>> {
    const out = {} as Record<QueueName, number>;
    for (const [name, q] of this.queues) {
      const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      out[name] = (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
    }
    return out;
  }

  /** Jobs per queue and state (for the metrics). */
  async jobCounts(): Promise<Record<QueueName, Record<JobState, number>>> {
    const out = {} as Record<QueueName, Record<JobState, number>>;
    for (const [name, q] of this.queues) {
      const c = await q.getJobCounts(...JOB_STATES);
      out[name] = Object.fromEntries(JOB_STATES.map((s) => [s, c[s] ?? 0])) as Record<JobState, number>;
    }
    return out;
  }

  /** The queues as the queue board (bull-board) shows them; read-only unless `readOnly` is false. */
  boardQueues(opts: { readOnly?: boolean } = {}): BoardQueue[] {
    return [...this.queues.values()].map(
      (q) => new BullMQAdapter(q, { readOnlyMode: opts.readOnly ?? true, allowRetries: true }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

export interface Workers {
  /** Stops taking jobs and waits for the active ones (the caller bounds the wait and aborts the rest). */
  close(): Promise<void>;
}

/**
 * Starts one worker per queue; every queue must have a handler (checked at boot). Handlers record
 * failures in the store themselves; here a PermanentError becomes BullMQ's UnrecoverableError (no
 * retry), a HandBack puts the job back into its queue without counting an attempt, a NextStep sends it
 * to the end of its queue for its next step, anything else is retried with the queue's backoff.
 */
export function startWorkers(
  url: string,
  prefix: string,
  handlers: Handlers,
  concurrency: Record<QueueName, number>,
  onError: (err: Error) => void,
): Workers {
  for (const q of QUEUES)
    if (typeof handlers[q] !== 'function') throw new Error(`no processor for queue ${q}`);
  const workers = QUEUES.map((q) => {
    const w = new Worker(
      q,
      async (job: Job, token?: string) => {
        const data = JOBS[q].schema.parse(job.data) as JobData<typeof q>;
        const meta = { id: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
        try {
          await (handlers[q] as Handler<typeof q>)(data, meta);
        } catch (e) {
          if (isPermanent(e)) throw new UnrecoverableError(e.message);
          if (e instanceof HandBack) {
            await job.moveToWait(token);
            throw new WaitingError();
          }
          if (e instanceof NextStep) {
            await job.moveToDelayed(Date.now(), token);
            throw new DelayedError();
          }
          throw e;
        }
      },
      {
        connection: redisConnection(url),
        prefix,
        concurrency: concurrency[q],
        lockDuration: 30_000,
        // A job whose process died is taken again once its lock has run out; checked every 5 s (BullMQ's
        // default of 30 s let a resumed run wait up to a minute for the work of a killed one).
        stalledInterval: 5_000,
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
