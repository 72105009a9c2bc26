// Wires one process: configuration, store, blobs, Redis, queues, workers, reconciler and (optionally) the
// hot-folder watcher. `npm start`, `poststelle process` and the tests all start the same runtime.
import os from 'node:os';
import sharp from 'sharp';
import path from 'node:path';
import { BlobStore } from '../core/blobs.ts';
import type { Logger } from '../core/log.ts';
import { dataDirs, ensureDataDirs, queuePrefix, type DataDirs } from '../core/paths.ts';
import { JobQueues, redisConnection, startWorkers } from '../core/queue.ts';
import { ensureRedis, type RedisHandle } from '../core/redis.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { loadConfig } from '../profiles/load.ts';
import { berlinDate, intake, reconcile } from '../ingest/intake.ts';
import { HotFolderWatcher, type WatchOptions } from '../ingest/watcher.ts';
import type { Context } from './context.ts';
import { OcrEngine } from './ocr/engine.ts';
import { stageHandlers } from './stages.ts';

export interface RuntimeOptions {
  dataDir: string;
  orgFile?: string;
  profilesDir?: string;
  redisUrl: string;
  queuePrefix?: string;
  ocrWorkers: number;
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
  close(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  // Bounded memory: pages pass through once, so libvips' operation cache only holds on to big buffers.
  sharp.cache(false);
  const config = loadConfig({ orgFile: opts.orgFile, profilesDir: opts.profilesDir });
  const dirs = dataDirs(opts.dataDir);
  ensureDataDirs(dirs);
  const redis: RedisHandle = await ensureRedis(opts.redisUrl, dirs.redis, opts.log);
  const repo = new SqliteRepository(dirs.db, config.version);
  const connection = redisConnection(redis.url);
  const prefix = queuePrefix(dirs.root, opts.queuePrefix);
  const queues = new JobQueues(connection, prefix);
  const engine = new OcrEngine(opts.ocrWorkers);
  const actor = `worker@${os.hostname()}:${process.pid}`;
  const log = opts.log.child({ dataDir: dirs.root, configVersion: config.version });
  const ctx: Context = {
    repo,
    blobs: new BlobStore(dirs.blobs),
    config,
    dirs,
    queues,
    engine,
    log,
    actor,
    minFreeBytes: opts.minFreeBytes ?? 1024 ** 3,
  };
  await repo.audit(actor, 'runtime.start', 'runtime', { configVersion: config.version, prefix });

  const workers =
    opts.workers === false
      ? { close: async () => {} }
      : startWorkers(
          redis.url,
          prefix,
          stageHandlers(ctx),
          { split: 1, normalize: 1, ocr: opts.ocrWorkers, extract: 2, classify: 2, assemble: 1, deliver: 2 },
          (e) => log.warn('worker error', { error: e.message }),
        );
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
        });
      },
    });
    await watcher.start();
  }

  return {
    ctx,
    dirs,
    hotFolders,
    async close() {
      clearInterval(timer);
      await watcher?.close();
      await workers.close(); // waits for active jobs: graceful shutdown
      await queues.close();
      connection.disconnect();
      await engine.close();
      repo.close();
      await redis.stop();
    },
  };
}
