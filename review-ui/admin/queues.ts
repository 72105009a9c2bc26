// The queue board for administrators: bull-board over the project's queues, at /admin/queues, behind the
// app's own guard. Read-only by default: the store is the system of record, and the reconciler puts back
// whatever a queue loses, so the board is for looking, not for steering.
import { createBullBoard } from '@bull-board/api';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Env, Hono, MiddlewareHandler } from 'hono';
import type { JobQueues } from '../../core/queue/index.ts';

export const QUEUE_BOARD_PATH = '/admin/queues';

export { QUEUE_BOARD_CSP } from '../csp.ts';

export interface QueueBoardOptions {
  /** Allow retrying, cleaning and adding jobs from the board (default false: read-only). */
  writable?: boolean;
}

/**
 * The board as a hono app to mount at QUEUE_BOARD_PATH (its links and static files assume that path).
 * @example app.route(QUEUE_BOARD_PATH, queueBoard(ctx.queues))
 */
export function queueBoard(queues: Pick<JobQueues, 'boardQueues'>, opts: QueueBoardOptions = {}): Hono {
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.boardQueues({ readOnly: !opts.writable }),
    serverAdapter: adapter,
    options: {
      uiConfig: { boardTitle: 'Poststelle – Warteschlangen', hideDocsLink: true, locale: { lng: 'de-DE' } },
    },
  });
  adapter.setBasePath(QUEUE_BOARD_PATH);
  return adapter.registerPlugin();
}

/**
 * Mounts the board behind `guard` (e.g. the administrators' role check), for the page, its API and its
 * static files alike.
 * @example mountQueueBoard(app, guard('admin'), ctx)
 */
export function mountQueueBoard<E extends Env>(
  app: Hono<E>,
  guard: MiddlewareHandler<E>,
  ctx: { queues: Pick<JobQueues, 'boardQueues'> },
  opts: QueueBoardOptions = {},
): void {
  app.use(QUEUE_BOARD_PATH, guard);
  app.use(`${QUEUE_BOARD_PATH}/*`, guard);
  const board = queueBoard(ctx.queues, opts);
  // The board links to its home with a trailing slash, which a strict router does not route to '/'.
  app.get(`${QUEUE_BOARD_PATH}/`, () => board.request('/'));
  app.route(QUEUE_BOARD_PATH, board);
}
