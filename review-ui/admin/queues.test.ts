import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../core/jobs.ts';
import { JobQueues, redisConnection } from '../../core/queue/index.ts';
import { REDIS_URL } from '../../test/helpers.ts';
import { mountQueueBoard, QUEUE_BOARD_PATH } from './queues.ts';

let connection: ReturnType<typeof redisConnection>;
let queues: JobQueues;
let app: Hono;

beforeAll(() => {
  connection = redisConnection(REDIS_URL);
  queues = new JobQueues(connection, `test-${randomUUID()}`);
  app = new Hono();
  // The app's guard stands in front of the page, its API and its files.
  mountQueueBoard(app, async (c, next) => (c.req.header('x-admin') ? next() : c.text('forbidden', 403)), {
    queues,
  });
});

afterAll(async () => {
  await queues.ensure({ queue: 'split', data: { batchId: 'x' } }).catch(() => {});
  const keys = await connection.keys(`${queues.prefix}:*`);
  if (keys.length) await connection.del(...keys);
  await queues.close();
  connection.disconnect();
});

const get = (url: string, admin = true) => app.request(url, { headers: admin ? { 'x-admin': '1' } : {} });

describe('queue board', () => {
  it('serves its page under /admin/queues with the base path set', async () => {
    const r = await get(`${QUEUE_BOARD_PATH}/`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`<base href="${QUEUE_BOARD_PATH}/"`);
    expect(html).toContain('Poststelle – Warteschlangen');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)![1];
    const js = await get(`${QUEUE_BOARD_PATH}/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lists the project queues through its API, read-only, with a job waiting', async () => {
    await queues.ensure({ queue: 'split', data: { batchId: 'b1' } });
    const r = await get(`${QUEUE_BOARD_PATH}/api/queues?activeQueue=split&status=waiting&page=1`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }>;
    };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    const split = body.queues.find((q) => q.name === 'split')!;
    expect(split.readOnlyMode).toBe(true);
    expect(split.counts.waiting).toBe(1);
  });

  it('is behind the guard: page, API and static files', async () => {
    for (const url of [
      QUEUE_BOARD_PATH,
      `${QUEUE_BOARD_PATH}/`,
      `${QUEUE_BOARD_PATH}/api/queues`,
      `${QUEUE_BOARD_PATH}/static/favicon.ico`,
    ])
      expect((await get(url, false)).status, url).toBe(403);
  });
});
