// Prometheus metrics of one process, in a registry of its own (never prom-client's global one): jobs per
// stage and state and the queue depth from Redis, items per status and pages per minute from the store,
// all read when scraped; stage durations as they happen; and the default process metrics.
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueName } from './jobs.ts';
import type { JobQueues, JobState } from './queue/index.ts';
import type { Repository } from './store/types.ts';

/** What the metrics read on a scrape: the queues' job counts and the store's item and page counts. */
export interface MetricsDeps {
  queues: Pick<JobQueues, 'jobCounts'>;
  repo: Pick<Repository, 'statusCounts' | 'pagesDoneSince'>;
  /** Current time in ms (tests). */
  now?: () => number;
}

export interface Metrics {
  registry: Registry;
  /** Records how long one job of a stage took (hook it to pipeline/stage.ts `observeStages`). */
  observeStage(stage: QueueName | string, seconds: number): void;
  /** The exposition text of a scrape (content type: `registry.contentType`). */
  text(): Promise<string>;
}

/** States of jobs not yet started: the queue's depth. */
const BACKLOG: JobState[] = ['waiting', 'prioritized', 'delayed'];

/** Stage durations range from milliseconds (deliver) to minutes (OCR of a big page, a long split). */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** One read shared by the gauges of one scrape (they collect one after another). */
function shared<T>(read: () => Promise<T>, ttlMs = 1000): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > ttlMs) {
      last = { at: Date.now(), value: read() };
      last.value.catch(() => (last = null));
    }
    return last.value;
  };
}

/**
 * The metrics of this process.
 * @example const metrics = createMetrics(ctx); app.get('/metrics', async (c) => c.text(await metrics.text()));
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  const now = deps.now ?? Date.now;
  const counts = shared(() => deps.queues.jobCounts());
  new Gauge({
    name: 'poststelle_jobs',
    help: 'Jobs per stage (queue) and state, as BullMQ counts them.',
    labelNames: ['stage', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [stage, byState] of Object.entries(await counts()))
        for (const [status, n] of Object.entries(byState)) this.set({ stage, status }, n);
    },
  });
  new Gauge({
    name: 'poststelle_queue_depth',
    help: 'Jobs waiting to start per queue (waiting, prioritized, delayed).',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, byState] of Object.entries(await counts()))
        this.set(
          { queue },
          BACKLOG.reduce((sum, s) => sum + byState[s], 0),
        );
    },
  });
  new Gauge({
    name: 'poststelle_items',
    help: 'Mail items per status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await deps.repo.statusCounts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'poststelle_pages_per_minute',
    help: 'Pages whose last page stage finished in the last minute.',
    registers: [registry],
    async collect() {
      this.set(await deps.repo.pagesDoneSince(new Date(now() - 60_000).toISOString()));
    },
  });
  const durations = new Histogram({
    name: 'poststelle_stage_duration_seconds',
    help: 'Time one job of a stage took in this process, from start to its recorded result.',
    labelNames: ['stage'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    observeStage: (stage, seconds) => durations.observe({ stage }, seconds),
    text: () => registry.metrics(),
  };
}
