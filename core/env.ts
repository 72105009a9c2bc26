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
  POSTSTELLE_OCR_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
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
