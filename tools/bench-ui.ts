// `npm run bench:ui`: how fast the review UI renders its busiest screens: the review queue with 100 items,
// an inbox with 100 items, one item. Real store and blob store in a temp dir; requests in process
// (app.request), so the figures are server time without the network.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { launchBrowser } from '../test/support.ts';
import { CHROMIUM, HAS_CHROMIUM } from '../test/peer.ts';
import { seedItem, uiHarness } from '../test/ui.ts';

const ITEMS = Number(process.argv[2] ?? 100);
const RUNS = 50;

const h = await uiHarness({
  users: [
    { id: 'qa1', roles: ['qa'] },
    { id: 'clerk1', roles: ['clerk'], units: ['kaemmerei'] },
  ],
});
try {
  const seeded: Array<{ itemId: string }> = [];
  for (let i = 0; i < ITEMS; i++) {
    seeded.push(await seedItem(h.ctx, { unit: 'kaemmerei', status: 'review', pages: 2 }));
    await seedItem(h.ctx, { unit: 'kaemmerei', status: 'delivered', pages: 1 });
  }
  const qa = await h.login('qa1');
  const clerk = await h.login('clerk1');
  const screens = [
    { name: `review queue (${ITEMS} items)`, get: () => qa.get('/qa'), target: 300 },
    { name: `inbox (${ITEMS} items)`, get: () => clerk.get('/inbox'), target: 300 },
    {
      name: 'one item in review (2 pages)',
      get: () => qa.get(`/qa/items/${seeded[0]!.itemId}`),
      target: 300,
    },
  ];
  console.log(
    `bench:ui  ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}, ${RUNS} runs each`,
  );
  for (const s of screens) {
    let bytes = 0;
    for (let i = 0; i < 5; i++) await (await s.get()).text(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await s.get();
      const body = await res.text();
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${s.name}: status ${res.status}`);
      bytes = body.length;
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
    console.log(
      `${s.name.padEnd(34)} median ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${ms[ms.length - 1]!.toFixed(1)} ms  ${Math.round(bytes / 1024)} KiB  target < ${s.target} ms: ${Number(at(0.95)) < s.target ? 'met' : 'MISSED'} (p95)`,
    );
  }
  // The same queue in the browser: served over HTTP, time to the load event (navigation timing).
  if (HAS_CHROMIUM) {
    const server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      const [name, value] = qa.cookie
        .split('; ')
        .find((c) => c.includes('ps_session'))!
        .split('=');
      await page.context().addCookies([{ name: name!, value: value!, url }]);
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        await page.goto(`${url}/qa`, { waitUntil: 'load' });
        ms.push(
          await page.evaluate(
            () =>
              (
                globalThis.performance as unknown as {
                  getEntriesByType(t: string): Array<{ duration: number }>;
                }
              ).getEntriesByType('navigation')[0]!.duration,
          ),
        );
      }
      ms.sort((a, b) => a - b);
      const p95 = ms[Math.floor(0.95 * ms.length)]!;
      console.log(
        `${`review queue in chromium (${ITEMS} items)`.padEnd(34)} median ${ms[ms.length >> 1]!.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  (navigation to load event)  target < 300 ms: ${p95 < 300 ? 'met' : 'MISSED'} (p95)`,
      );
    } finally {
      await browser.close();
      server.close();
    }
  } else console.log(`no browser at ${CHROMIUM}: browser timing skipped`);
} finally {
  h.close();
}
