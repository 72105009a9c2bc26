import { describe, expect, it } from 'vitest';
import { QUEUES, type QueueName } from './jobs.ts';
import { createMetrics } from './metrics.ts';
import { JOB_STATES, type JobState } from './queue/index.ts';

const zero = () => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;

function deps() {
  const calls = { jobCounts: 0, since: [] as string[] };
  const counts = Object.fromEntries(QUEUES.map((q) => [q, zero()])) as Record<
    QueueName,
    Record<JobState, number>
  >;
  counts.ocr = { ...zero(), waiting: 3, prioritized: 2, active: 1, delayed: 1, failed: 4 };
  return {
    calls,
    queues: {
      jobCounts: async () => {
        calls.jobCounts++;
        return counts;
      },
    },
    repo: {
      statusCounts: async () => ({ processing: 2, delivered: 7, review: 1, quarantined: 0, merged: 0 }),
      pagesDoneSince: async (iso: string) => {
        calls.since.push(iso);
        return 42;
      },
    },
    now: () => Date.parse('2026-12-01T10:01:00Z'),
  };
}

describe('createMetrics', () => {
  it('reads queues and store on a scrape, once per scrape for the queues', async () => {
    const d = deps();
    const m = createMetrics(d);
    const text = await m.text();
    expect(text).toContain('poststelle_jobs{stage="ocr",status="waiting"} 3');
    expect(text).toContain('poststelle_jobs{stage="ocr",status="failed"} 4');
    expect(text).toContain('poststelle_jobs{stage="split",status="active"} 0');
    expect(text).toContain('poststelle_queue_depth{queue="ocr"} 6');
    expect(text).toContain('poststelle_items{status="delivered"} 7');
    expect(text).toContain('poststelle_pages_per_minute 42');
    expect(d.calls.since).toEqual(['2026-12-01T10:00:00.000Z']);
    expect(d.calls.jobCounts).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('observes stage durations into a histogram', async () => {
    const m = createMetrics(deps());
    m.observeStage('ocr', 3.2);
    m.observeStage('ocr', 0.2);
    const text = await m.text();
    expect(text).toContain('poststelle_stage_duration_seconds_bucket{le="0.25",stage="ocr"} 1');
    expect(text).toContain('poststelle_stage_duration_seconds_bucket{le="5",stage="ocr"} 2');
    expect(text).toContain('poststelle_stage_duration_seconds_count{stage="ocr"} 2');
  });

  it('keeps registries apart (never the global one)', async () => {
    const a = createMetrics(deps());
    const b = createMetrics(deps());
    a.observeStage('split', 1);
    expect(await b.text()).not.toContain('poststelle_stage_duration_seconds_count{stage="split"}');
    expect(a.registry).not.toBe(b.registry);
  });
});
