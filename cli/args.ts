// What every command shares: its usage text and option parsing (with --help), the runtime options from
// the environment, and the store of a data dir for commands that need no queues.
import os from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { env } from '../core/env.ts';
import { log } from '../core/log.ts';
import { dataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import type { RuntimeOptions } from '../pipeline/runtime.ts';

/** Wrong use of the command line: exit code 2 with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Command {
  name: string;
  /** One line for the overview. */
  summary: string;
  /** Synopsis and options, shown by `--help` and on a usage error. */
  usage: string;
  run(args: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments; `--help` prints its usage and yields null (the command then exits 0).
 * @example const a = parse(cmd, args, { json: { type: 'boolean' } }); if (!a) return 0;
 */
export function parse<O extends Options>(command: Pick<Command, 'usage'>, args: string[], options: O) {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
  });
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${command.usage}\n`);
    return null;
  }
  return parsed;
}

/** Who acts in the audit trail when a person runs a command. */
export const operator = () => `cli@${os.userInfo().username}`;

export const dataDirOption = { 'data-dir': { type: 'string' } } as const;

export function runtimeOptions(
  dataDir: string | undefined,
  org: string | undefined,
  watch: boolean,
): RuntimeOptions {
  const e = env();
  return {
    dataDir: dataDir ?? e.POSTSTELLE_DATA_DIR,
    orgFile: org,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.POSTSTELLE_QUEUE_PREFIX,
    sandboxes: e.POSTSTELLE_SANDBOXES,
    sandboxMaxRssBytes: e.POSTSTELLE_SANDBOX_MAX_MB * 1024 * 1024,
    minFreeBytes: e.POSTSTELLE_MIN_FREE_MB * 1024 * 1024,
    reconcileMs: e.POSTSTELLE_RECONCILE_SECONDS * 1000,
    watch: watch && {
      mode: e.POSTSTELLE_WATCH,
      stableMs: e.POSTSTELLE_STABLE_MS,
      rescanMs: e.POSTSTELLE_RESCAN_SECONDS * 1000,
      incompleteTimeoutMs: e.POSTSTELLE_INCOMPLETE_TIMEOUT_SECONDS * 1000,
    },
    log,
  };
}

/** Shutdown grace from the environment, in ms. */
export const graceMs = () => env().POSTSTELLE_SHUTDOWN_GRACE_SECONDS * 1000;

/** The data dir and its store, for commands that need no queues or workers. */
export function openStore(dataDir: string | undefined, configVersion: string) {
  const dirs = dataDirs(dataDir ?? env().POSTSTELLE_DATA_DIR);
  return { dirs, repo: new SqliteRepository(dirs.db, configVersion) };
}

/**
 * Resolves when SIGINT or SIGTERM arrives (the name of the signal); a second one ends the process at once.
 */
export function onStopSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  let resolve: (s: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((r) => (resolve = r));
  let seen = false;
  const handler = (s: NodeJS.Signals) => {
    if (seen) process.exit(s === 'SIGINT' ? 130 : 143);
    seen = true;
    log.info('stopping', { signal: s });
    resolve(s);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
