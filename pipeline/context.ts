// What every stage gets: the store, the blobs, the configuration, the queues and the sandboxes.
import type { BlobStore } from '../core/blobs.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import type { JobQueues, SandboxPool } from '../core/queue/index.ts';
import type { QueueName } from '../core/jobs.ts';
import type { Repository } from '../core/store/types.ts';
import type { Config } from '../profiles/load.ts';

export interface Context {
  repo: Repository;
  blobs: BlobStore;
  config: Config;
  dirs: DataDirs;
  queues: JobQueues;
  sandbox: SandboxPool;
  log: Logger;
  /** Who acts in the audit trail (the worker's identity). */
  actor: string;
  /** Intake refuses work below this much free disk space. */
  minFreeBytes: number;
  /** Time one job of a stage may take in its sandbox (the registry's defaults unless configured). */
  timeouts: Record<QueueName, number>;
  /** Sandboxed processor files that replace a stage's own (test fixtures that crash, hang or leak). */
  processors: Partial<Record<QueueName, string>>;
}
