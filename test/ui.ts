// Route tests of the review UI, in process (app.request): a real store and blob store in a temp dir,
// the shipped configuration, queues that only record what was enqueued, and users logged in by role.
import fs from 'node:fs';
import path from 'node:path';
import { BlobStore } from '../core/blobs.ts';
import type { ReasonCode } from '../core/errors.ts';
import type { DocClass } from '../core/store/types.ts';
import { QUEUES, type NextJob } from '../core/jobs.ts';
import { dataDirs, ensureDataDirs } from '../core/paths.ts';
import { JOB_STATES, type JobQueues, type SandboxPool } from '../core/queue/index.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { loadConfig } from '../profiles/load.ts';
import type { Context } from '../pipeline/context.ts';
import { UiStore, type User } from '../review-ui/auth/users.ts';
import type { UiSettings } from '../review-ui/app.tsx';
import { buildApp } from '../review-ui/server.ts';
import { capturedLog, tmpDir } from './support.ts';

export const PASSWORD = 'richtig-langes-passwort';

export interface UiHarness {
  app: ReturnType<typeof buildApp>;
  ctx: Context;
  ui: UiStore;
  enqueued: NextJob[];
  logEntries: Array<Record<string, unknown>>;
  /** Logs a user in through the login form; returns what a browser would then send. */
  login(userId: string): Promise<Agent>;
  close(): void;
}

export interface Agent {
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  /** A form post with the session's CSRF token (unless `_csrf` is given). */
  post(
    url: string,
    form?: Record<string, string | Blob>,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

export const TEST_SETTINGS: UiSettings = {
  secureCookies: false,
  sessionHours: 1,
  trustedProxies: [],
  uploadMaxBytes: 20 * 1024 * 1024,
};

/** Cookies a response sets, as one Cookie header with the earlier ones. */
export function mergeCookies(previous: string, res: Response): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0]!, c] as const),
  );
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(';')[0]!;
    const name = pair.split('=')[0]!;
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(set)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

export async function uiHarness(
  opts: {
    users?: Array<Partial<User> & Pick<User, 'id' | 'roles'>>;
    today?: string;
    settings?: Partial<UiSettings>;
  } = {},
): Promise<UiHarness> {
  const root = tmpDir('ui');
  const dirs = dataDirs(root);
  ensureDataDirs(dirs);
  const config = loadConfig({ dataDir: root });
  const repo = new SqliteRepository(dirs.db, config.version);
  const enqueued: NextJob[] = [];
  const zero = Object.fromEntries(JOB_STATES.map((s) => [s, 0]));
  const queues = {
    ensure: async (job: NextJob) => void enqueued.push(job),
    counts: async () => Object.fromEntries(QUEUES.map((q) => [q, 0])),
    jobCounts: async () => Object.fromEntries(QUEUES.map((q) => [q, { ...zero }])),
    boardQueues: () => [],
  } as unknown as JobQueues;
  const { log, entries } = capturedLog();
  const ctx: Context = {
    repo,
    blobs: new BlobStore(dirs.blobs),
    config,
    dirs,
    queues,
    sandbox: {} as SandboxPool,
    log,
    actor: 'test',
    minFreeBytes: 0,
    timeouts: {} as Context['timeouts'],
    processors: {},
  };
  const ui = new UiStore(path.join(root, 'ui.sqlite'));
  for (const u of opts.users ?? []) await ui.addUser({ name: u.id, units: [], clerk: null, ...u }, PASSWORD);
  const app = buildApp({
    ctx,
    ui,
    settings: { ...TEST_SETTINGS, ...opts.settings },
    today: opts.today ? () => opts.today! : undefined,
  });

  const agent = (cookie: string, csrf: string): Agent => ({
    cookie,
    csrf,
    get: async (url, headers = {}) => app.request(url, { headers: { cookie, ...headers } }),
    post: async (url, form = {}, headers = {}) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({ _csrf: csrf, ...form })) body.append(k, v);
      return app.request(url, { method: 'POST', body, headers: { cookie, ...headers } });
    },
  });

  return {
    app,
    ctx,
    ui,
    enqueued,
    logEntries: entries,
    async login(userId) {
      const page = await app.request('/login');
      let cookie = mergeCookies('', page);
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await app.request('/login', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: token, user: userId, password: PASSWORD }),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      if (res.status !== 303 || res.headers.get('location') !== '/')
        throw new Error(`login of ${userId} failed: ${res.status}`);
      cookie = mergeCookies(cookie, res);
      const home = await app.request('/', { headers: { cookie } });
      const landing = home.headers.get('location') ?? '/';
      const html = await (await app.request(landing, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return agent(cookie, csrf);
    },
    close() {
      ui.close();
      repo.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** One A4 page at 50 dpi with a line of text-like marks (a real PNG, small). */
async function pagePng(label: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="413" height="584"><rect width="100%" height="100%" fill="white"/><text x="40" y="80" font-size="24">Seite ${label}</text></svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
}

export interface Seeded {
  batchId: string;
  itemId: string;
}

/**
 * Records one batch with a mail item of `pages` pages through the repository, as the pipeline would:
 * pages normalised and read, extract and classify results, a PDF, and the final status (`delivered` to the
 * unit, or `review` with the reason). Fast: no OCR, no queues.
 */
export async function seedItem(
  ctx: Context,
  opts: {
    unit: string | null;
    status: 'delivered' | 'review';
    pages?: number;
    reason?: string;
    operator?: string;
    subject?: string;
    seed?: string;
    /** The routing's class (default 'letter') and clerk (default none). */
    class?: DocClass;
    clerk?: string | null;
  },
): Promise<Seeded> {
  const n = opts.pages ?? 1;
  const { createHash, randomUUID } = await import('node:crypto');
  const hash = createHash('sha256')
    .update(opts.seed ?? randomUUID())
    .digest('hex');
  const batch = await ctx.repo.createBatch(
    {
      hash,
      source: 'upload',
      originalName: `scan-${hash.slice(0, 6)}.pdf`,
      spoolPath: `/spool/${hash}`,
      profile: 'standard',
      receivedAt: '2026-12-01',
      outDir: ctx.dirs.inbox,
      configVersion: ctx.config.version,
      declared: null,
      operator: opts.operator ?? null,
    },
    'test',
  );
  for (let p = 1; p <= n; p++) {
    const blob = await ctx.blobs.put(await pagePng(p));
    await ctx.repo.recordPage({
      batchId: batch.id,
      pageNo: p,
      blob,
      width: 413,
      height: 584,
      dpiX: 50,
      dpiY: 50,
      scanDpi: 300,
      colour: 'grey',
      kind: 'content',
      orient: 0,
    });
  }
  const [item] = await ctx.repo.recordSplit(
    batch.id,
    Array(n).fill('content'),
    [{ seq: 1, firstPage: 1, lastPage: n }],
    'test',
  );
  for (let p = 1; p <= n; p++) {
    const page = (await ctx.repo.page(batch.id, p))!;
    await ctx.repo.completePageStage(
      page,
      'normalize',
      { blob: page.blob, rotation: 0, skew: 0, enhancements: [] },
      'ocr',
      'test',
    );
    const ocr = await ctx.blobs.putJson({
      lines: [
        {
          words: [
            {
              text: `Seite ${p} <script>alert(1)</script>`,
              confidence: 0.9,
              bbox: { x0: 0, y0: 0, x1: 1, y1: 1 },
            },
          ],
        },
      ],
      meanConfidence: 0.9,
    });
    await ctx.repo.completePageStage(page, 'ocr', { ocr, confidence: 0.9 }, null, 'test');
  }
  const id = item!.id;
  const subject = opts.subject ?? `Antrag ${hash.slice(0, 4)}`;
  await ctx.repo.completeStage(
    id,
    'extract',
    1,
    {
      fileref: null,
      fileplan: null,
      date: '2026-11-28',
      sender: 'Erika Mustermann',
      subject,
      iban: null,
      amount: null,
      evidence: { subject: { confidence: 0.8, reason: 'Zeile nach "Betreff:"' } },
    },
    { stage: 'classify' },
    'test',
  );
  const review = opts.status === 'review';
  await ctx.repo.completeStage(
    id,
    'classify',
    1,
    {
      unit: opts.unit,
      class: opts.class ?? 'letter',
      clerk: opts.clerk ?? null,
      confidence: review ? 0.4 : 0.95,
      reason: 'Thema',
      decision: opts.status,
      reviewReason: review ? (opts.reason ?? 'low_confidence') : null,
      reviewMessage: review ? 'Zuordnung unsicher' : null,
    },
    { stage: 'assemble' },
    'test',
  );
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.addPage();
  const pdf = await ctx.blobs.put(await doc.save());
  await ctx.repo.completeStage(id, 'assemble', 1, { pdf }, { stage: 'deliver' }, 'test');
  await ctx.repo.completeStage(
    id,
    'deliver',
    1,
    { output: `/out/${id}.pdf` },
    {
      status: opts.status,
      reason: review ? ((opts.reason ?? 'low_confidence') as ReasonCode) : null,
      message: review ? 'Zuordnung unsicher' : null,
      output: `/out/${id}.pdf`,
    },
    'test',
  );
  return { batchId: batch.id, itemId: id };
}
