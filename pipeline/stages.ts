// Every stage of the pipeline by queue: a job without a stage does not compile, and the workers get one
// handler per queue (checked again at boot).
import { QUEUES, type JobData, type QueueName } from '../core/jobs.ts';
import type { Handlers, JobMeta } from '../core/queue/index.ts';
import { assemble } from './assemble/processor.ts';
import { classify } from './classify/processor.ts';
import type { Context } from './context.ts';
import { deliver } from './deliver/processor.ts';
import { extract } from './extract/processor.ts';
import { normalize } from './normalize/processor.ts';
import { ocr } from './ocr/processor.ts';
import { split } from './split/processor.ts';
import { runStage, type Stage } from './stage.ts';

export const STAGES = { split, normalize, ocr, extract, classify, assemble, deliver } satisfies {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each stage has its own input and result
  [Q in QueueName]: Stage<Q, any, any>;
};

export function stageHandlers(ctx: Context): Handlers {
  const handler =
    <Q extends QueueName>(q: Q) =>
    (data: JobData<Q>, meta: JobMeta) =>
      runStage(STAGES[q] as Stage<Q, unknown, unknown>, ctx, data, meta);
  return Object.fromEntries(QUEUES.map((q) => [q, handler(q)])) as Handlers;
}
