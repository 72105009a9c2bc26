// Wires one process: configuration, store, blobs, Redis, queues, workers, reconciler and (optionally) the
// hot-folder watcher. `npm start`, `poststelle process` and the tests all start the same runtime.
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../core/blobs.ts';
import { JOBS, QUEUES, type QueueName } from '../core/jobs.ts';
import type { Logger } from '../core/log.ts';
import { dataDirs, ensureDataDirs, queuePrefix, type DataDirs } from '../core/paths.ts';
import {
  JobQueues,
  memoryOf,
  redisConnection,
  SandboxPool,
  startWorkers,
  TYPESCRIPT_LOADER,
  type Workers,
} from '../core/queue/index.ts';
import { ensureRedis, type RedisHandle } from '../core/redis.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { loadConfig } from '../profiles/load.ts';
import { berlinDate, intake } from '../ingest/intake.ts';
import { HotFolderWatcher, type WatchOptions } from '../ingest/watcher.ts';
import type { Context } from './context.ts';
import { reconcile } from './reconcile.ts';
import { anchorAudit } from '../core/anchor.ts';
import { env } from '../core/env.ts';
import { ensureSeal, loadSeal } from './seal.ts';
import { STAGES, stageHandlers } from './stages.ts';

export interface RuntimeOptions {
  dataDir: string;
  orgFile?: string;
  profilesDir?: string;
  redisUrl: string;
  queuePrefix?: string;
  /** Sandboxes working at the same time on this host (CPU-heavy stages); default: the number of cores. */
  sandboxes?: number;
  /** A sandbox above this resident memory is killed (default 1 GiB). */
  sandboxMaxRssBytes?: number;
  /** Time limits per stage (default: the job registry's). */
  timeouts?: Partial<Record<QueueName, number>>;
  /** Sandboxed processor files in place of a stage's own (tests: processors that crash, hang, leak). */
  processors?: Partial<Record<QueueName, string>>;
  /** Intake refuses work below this much free disk space (default 1 GiB). */
  minFreeBytes?: number;
  /** Run the stage workers in this process (false: an ingest-only node of a cluster). */
  workers?: boolean;
  /** How often the store is compared with the queues (default 60 s). */
  reconcileMs?: number;
  /** Watch the hot folders (npm start) or not (poststelle process). */
  watch: false | Pick<WatchOptions, 'mode' | 'stableMs' | 'rescanMs' | 'incompleteTimeoutMs'>;
  log: Logger;
}

export interface Runtime {
  ctx: Context;
  dirs: DataDirs;
  /** Hot folder of each profile. */
  hotFolders: Map<string, string>;
  /**
   * Stops taking work, lets active jobs finish for up to `graceMs` (default 30 s), then hands the rest back
   * to their queues (their sandboxes are ended) and closes everything.
   */
  close(graceMs?: number): Promise<void>;
}

/** Default number of sandboxes: one per core. */
export const CORES = os.availableParallelism();

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const config = loadConfig({ orgFile: opts.orgFile, profilesDir: opts.profilesDir, dataDir: opts.dataDir });
  const dirs = dataDirs(opts.dataDir);
  ensureDataDirs(dirs);
  const redis: RedisHandle = await ensureRedis(opts.redisUrl, dirs.redis, opts.log);
  const repo = new SqliteRepository(dirs.db, config.version);
  const connection = redisConnection(redis.url);
  const prefix = queuePrefix(dirs.root, opts.queuePrefix);
  const queues = new JobQueues(connection, prefix);
  const actor = `worker@${os.hostname()}:${process.pid}`;
  const log = opts.log.child({ dataDir: dirs.root, configVersion: config.version });
  const size = opts.sandboxes ?? CORES;
  const sandbox = new SandboxPool({
    size,
    maxRssBytes: opts.sandboxMaxRssBytes ?? 1024 * 1024 * 1024,
    execArgv: [...TYPESCRIPT_LOADER, '--max-old-space-size=512', '--expose-gc'],
    log,
  });
  const ctx: Context = {
    repo,
    blobs: new BlobStore(dirs.blobs),
    config,
    dirs,
    queues,
    sandbox,
    log,
    actor,
    minFreeBytes: opts.minFreeBytes ?? 1024 ** 3,
    timeouts: Object.fromEntries(QUEUES.map((q) => [q, opts.timeouts?.[q] ?? JOBS[q].timeoutMs])) as Record<
      QueueName,
      number
    >,
    processors: opts.processors ?? {},
  };
  const seal = await ensureSeal(dirs, log);
  const sealKey = loadSeal(seal);
  sealKey.catch(() => {}); // reported where it is used
  /** Seals the audit chain's head (A.SC.11); a failure is logged, never fatal. */
  const anchor = async () => {
    try {
      const a = await anchorAudit(repo, await sealKey, { tsaUrl: seal.tsaUrl });
      if (a) log.info('audit chain anchored', { seq: a.seq });
    } catch (e) {
      log.warn('audit anchor failed', { error: (e as Error).message });
    }
  };
  await repo.audit(actor, 'runtime.start', 'runtime', {
    configVersion: config.version,
    prefix,
    sandboxes: size,
  });

  // Every heavy queue may keep all sandboxes busy; the pool decides who runs. Light stages run here.
  const workers: Workers =
    opts.workers === false
      ? { close: async () => {} }
      : startWorkers(
          redis.url,
          prefix,
          stageHandlers(ctx),
          { split: size, normalize: size, ocr: size, assemble: size, extract: 4, classify: 4, deliver: 4 },
          (e) => log.warn('worker error', { error: e.message }),
        );
  // Sandboxes start with the process, so the first pages do not wait for engines to load.
  if (opts.workers !== false)
    for (const stage of Object.values(STAGES))
      if (typeof stage.processor === 'string')
        void sandbox.warm(opts.processors?.[stage.queue] ?? stage.processor);
  const defaults = { profile: 'standard', outDir: dirs.inbox };
  // Only a watching (ingest) process adopts orphaned spool files; every process re-enqueues pending work.
  const adopt = { orphans: Boolean(opts.watch) };
  const reconciled = await reconcile(ctx, defaults, adopt);
  log.info('reconciled', reconciled);
  const timer = setInterval(
    () =>
      void reconcile(ctx, defaults, adopt).catch((e: Error) =>
        log.warn('reconcile failed', { error: e.message }),
      ),
    opts.reconcileMs ?? 60_000,
  );
  const anchorTimer = setInterval(() => void anchor(), env().POSTSTELLE_ANCHOR_MINUTES * 60_000);

  const hotFolders = new Map(
    [...config.profiles.values()].map((p) => [p.name, path.join(dirs.hotfolders, p.hotFolder ?? p.name)]),
  );
  let watcher: HotFolderWatcher | undefined;
  if (opts.watch) {
    watcher = new HotFolderWatcher({
      ...opts.watch,
      folders: hotFolders,
      manifestRequired: new Set(
        [...config.profiles.values()].filter((p) => p.manifest === 'required').map((p) => p.name),
      ),
      log,
      onFile: async (file, profile) => {
        await intake(ctx, {
          file,
          originalName: path.relative(hotFolders.get(profile)!, file),
          source: 'hotfolder',
          profile,
          outDir: dirs.inbox,
          receivedAt: berlinDate(),
          mode: 'move',
          root: hotFolders.get(profile)!,
        });
      },
    });
    await watcher.start();
  }

  return {
    ctx,
    dirs,
    hotFolders,
    async close(graceMs = 30_000) {
      clearInterval(timer);
      clearInterval(anchorTimer);
      await watcher?.close();
      // Graceful: active jobs finish within the grace time; then their sandboxes end and they are handed back.
      const stopped = workers.close();
      const grace = setTimeout(() => {
        log.warn('grace time over, handing back active jobs', { graceMs });
        void sandbox.abort();
      }, graceMs);
      await stopped;
      clearTimeout(grace);
      const peaks = Object.entries(sandbox.peaks()).map(([file, bytes]) => [
        path.basename(path.dirname(file)),
        Math.round(bytes / 1048576),
      ]);
      log.info('sandbox peak memory', {
        peakMb: Object.fromEntries(peaks),
        mainPeakMb: Math.round((memoryOf(process.pid)?.peak ?? 0) / 1048576),
      });
      await sandbox.close();
      await anchor();
      await queues.close();
      connection.disconnect();
      repo.close();
      await redis.stop();
    },
  };
}
