// What every stage handler gets: the store, the blobs, the configuration, engines and the queues.
import type { BlobStore } from '../core/blobs.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import type { JobQueues } from '../core/queue.ts';
import type { Repository } from '../core/store/types.ts';
import type { Config } from '../profiles/load.ts';
import type { OcrEngine } from './ocr/engine.ts';

export interface Context {
  repo: Repository;
  blobs: BlobStore;
  config: Config;
  dirs: DataDirs;
  queues: JobQueues;
  engine: OcrEngine;
  log: Logger;
  /** Who acts in the audit trail (the worker's identity). */
  actor: string;
  /** Intake refuses work below this much free disk space. */
  minFreeBytes: number;
}
