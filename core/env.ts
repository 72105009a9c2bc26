// The only place that reads process.env: parsed once with zod, frozen, typed.
import { z } from 'zod';

const schema = z.object({
  POSTSTELLE_DATA_DIR: z.string().min(1).default('./data'),
  POSTSTELLE_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  POSTSTELLE_LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** Sandboxes (child processes for the CPU-heavy stages) working at the same time; default: one per core. */
  POSTSTELLE_SANDBOXES: z.coerce.number().int().min(1).max(256).optional(),
  /** A sandbox whose resident memory grows beyond this is killed (its job is retried, then given up on). */
  POSTSTELLE_SANDBOX_MAX_MB: z.coerce.number().int().min(128).default(1024),
  /** SIGTERM/SIGINT: how long active jobs may finish before they are handed back to their queues. */
  POSTSTELLE_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(30),
  /**
   * `process`: an input whose work stands still this long is given up (open items to review with
   * stage_failed); one that has not started yet only when the whole run stands still.
   */
  POSTSTELLE_INPUT_STALL_SECONDS: z.coerce.number().positive().default(900),
  /** Log lines: JSON (for collectors), text (for people), or auto: text on a terminal, JSON otherwise. */
  POSTSTELLE_LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
  /** Hot-folder watching: inotify events, chokidar polling, or the periodic rescan alone. */
  POSTSTELLE_WATCH: z.enum(['events', 'polling', 'rescan']).default('events'),
  POSTSTELLE_RESCAN_SECONDS: z.coerce.number().positive().default(60),
  POSTSTELLE_STABLE_MS: z.coerce.number().int().min(0).default(2000),
  /** Intake refuses new files when the data dir's filesystem has less free space than this. */
  POSTSTELLE_MIN_FREE_MB: z.coerce.number().int().min(0).default(1024),
  POSTSTELLE_INCOMPLETE_TIMEOUT_SECONDS: z.coerce.number().positive().default(600),
  /** How often each process compares the store with the queues and re-enqueues pending work. */
  POSTSTELLE_RECONCILE_SECONDS: z.coerce.number().positive().default(60),
});

export type Env = Readonly<z.infer<typeof schema>>;

/** Parses an environment; throws an error listing every bad `KEY=value`. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  ${key}=${JSON.stringify(source[key] ?? '')}: ${i.message}`;
    });
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
