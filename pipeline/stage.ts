// The stage contract, written once. A stage MUST be idempotent: `prepare` reads what it works on from the
// store and MUST return null when there is nothing (left) to do; the work MUST write its outputs to
// content-addressed blobs only; `done` MUST record the result and the next state in one transaction.
// Failure is owned by the queue: a PermanentError ends the stage for good (no retry), anything else is
// retried with backoff, and every start is counted in the store, so a document that crashes or hangs its
// sandbox, or kills the whole process, is given up on after the stage's attempts.
import type { z } from 'zod';
import { errorMessage, HandBack, isPermanent, NextStep, PermanentError, ReasonCode } from '../core/errors.ts';
import { JOBS, subjectOf, type JobData, type NextJob, type QueueName } from '../core/jobs.ts';
import { SandboxFailure, type JobMeta } from '../core/queue/index.ts';
import type { Context } from './context.ts';
import { enqueue } from './flow.ts';

export interface Work<I> {
  input: I;
  /** Counts attempts per step of a job that works in steps (default: the job's run). */
  step?: number;
  /** Overrides the stage's time limit (e.g. scaled by pages). */
  timeoutMs?: number;
  /** Receives what a sandboxed processor reports with `job.updateProgress`, in order. */
  onProgress?: (value: unknown) => Promise<void>;
}

export interface Stage<Q extends QueueName, I, R> {
  queue: Q;
  /** What the job works on, from the store; null when there is nothing (left) to do. */
  prepare(ctx: Context, data: JobData<Q>): Promise<Work<I> | null>;
  /** The work: a sandboxed processor file (CPU-heavy stages) or a function run in this process. */
  processor: string | ((input: I, ctx: Context) => Promise<unknown>);
  /** The result as the processor must return it; also used where later stages read it back. */
  result: z.ZodType<R>;
  /** Records the result and returns the jobs that follow (or throws NextStep: the job goes on later). */
  done(ctx: Context, data: JobData<Q>, result: R): Promise<Array<NextJob | null>>;
  /** Records that the stage failed for good and returns the jobs that follow. */
  failed(ctx: Context, data: JobData<Q>, reason: ReasonCode, message: string): Promise<Array<NextJob | null>>;
}

/** Told how long a stage job took, in seconds, each time one finishes (metrics). */
export type StageObserver = (stage: QueueName, seconds: number) => void;
const observers = new Set<StageObserver>();

/**
 * Registers an observer of finished stage jobs (in this process); returns a function that removes it.
 * @example observeStages(metrics.observeStage)
 */
export function observeStages(observer: StageObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

function observed(stage: QueueName, ms: number, log: Context['log']): void {
  for (const o of observers)
    try {
      o(stage, ms / 1000);
    } catch (e) {
      log.warn('stage observer failed', { error: errorMessage(e) });
    }
}

/** When sandboxes are scarce, later stages go first: letters finish before new pages are started. */
const SANDBOX_PRIORITY: Partial<Record<QueueName, number>> = { assemble: 0, ocr: 1, normalize: 2, split: 3 };

/** Runs one job of a stage (called by the stage's BullMQ worker). */
export async function runStage<Q extends QueueName, I, R>(
  stage: Stage<Q, I, R>,
  ctx: Context,
  data: JobData<Q>,
  meta: JobMeta,
): Promise<void> {
  const { subject, run: jobRun } = subjectOf({ queue: stage.queue, data } as NextJob);
  const log = ctx.log.child({ stage: stage.queue, jobId: meta.id, ...data });
  const fail = async (reason: ReasonCode, message: string) =>
    enqueue(ctx.queues, await stage.failed(ctx, data, reason, message));
  let work: Work<I> | null;
  try {
    work = await stage.prepare(ctx, data);
  } catch (e) {
    if (!isPermanent(e)) throw e;
    log.error('stage failed permanently', { reason: e.reason, error: e.message });
    await fail(e.reason, e.message);
    throw e;
  }
  if (!work) {
    log.debug('nothing to do, skipped');
    return;
  }
  const run = work.step ?? jobRun;
  const max = JOBS[stage.queue].opts.attempts;
  const attempt = await ctx.repo.startAttempt(subject, stage.queue, run);
  if (attempt.n > max) {
    const message = `Schritt ${stage.queue} nach ${max} Versuchen aufgegeben: ${attempt.lastError ?? 'der Prozess endete während der Arbeit'}`;
    log.error('stage given up, attempts exhausted', { attempts: attempt.n - 1 });
    await fail(ReasonCode.stageFailed, message);
    throw new PermanentError(ReasonCode.stageFailed, message);
  }
  const started = Date.now();
  try {
    const file = ctx.processors[stage.queue] ?? stage.processor;
    const raw =
      typeof file === 'string'
        ? await ctx.sandbox.run(file, work.input, {
            id: meta.id,
            name: stage.queue,
            timeoutMs: work.timeoutMs ?? ctx.timeouts[stage.queue],
            priority: SANDBOX_PRIORITY[stage.queue] ?? 9,
            onProgress: work.onProgress,
          })
        : await file(work.input, ctx);
    const result = stage.result.parse(raw);
    await enqueue(ctx.queues, await stage.done(ctx, data, result));
    const ms = Date.now() - started;
    log.info('stage done', { ms, attempt: attempt.n });
    observed(stage.queue, ms, log);
  } catch (e) {
    if (e instanceof NextStep) {
      log.info('step done', { ms: Date.now() - started, attempt: attempt.n });
      throw e;
    }
    if (e instanceof SandboxFailure && e.kind === 'stopped') {
      await ctx.repo.attemptHandedBack(subject, stage.queue, run);
      log.info('handed back (shutting down)');
      throw new HandBack('shutting down', { cause: e });
    }
    if (isPermanent(e)) {
      log.error('stage failed permanently', { reason: e.reason, error: e.message });
      await fail(e.reason, e.message);
      throw e;
    }
    const error = errorMessage(e);
    await ctx.repo.attemptFailed(subject, stage.queue, run, error);
    if (attempt.n >= max) {
      log.error('stage failed, attempts exhausted', { error, attempt: attempt.n });
      const message = `Schritt ${stage.queue} fehlgeschlagen: ${error}`;
      await fail(ReasonCode.stageFailed, message);
      throw new PermanentError(ReasonCode.stageFailed, message, { cause: e });
    }
    log.warn('stage failed, will retry', { error, attempt: attempt.n });
    throw e;
  }
}
