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
  /** The review UI: address and port it listens on (behind a TLS-terminating proxy in production). */
  POSTSTELLE_UI_HOST: z.string().min(1).default('127.0.0.1'),
  POSTSTELLE_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8420),
  /** Session cookies with the Secure flag (browsers accept them on http://localhost too); off only for tests over plain HTTP on another host. */
  POSTSTELLE_UI_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  POSTSTELLE_UI_SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  /**
   * Reverse-proxy authentication (an SSO in front): the header carrying the user name, trusted only from
   * the addresses in POSTSTELLE_UI_TRUSTED_PROXIES. Off unless both are set.
   */
  POSTSTELLE_UI_PROXY_USER_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  POSTSTELLE_UI_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** Bearer token for Prometheus scraping of /metrics (without it, /metrics needs an admin session). */
  POSTSTELLE_METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * The electronic seal (TR-03138 A.IS.1): private key and certificate (with its chain) as PEM files, or a
   * PKCS#12 file and its password. Without them a development seal is made under <data-dir>/seal/.
   */
  POSTSTELLE_SEAL_KEY: z.string().min(1).optional(),
  POSTSTELLE_SEAL_CERT: z.string().min(1).optional(),
  POSTSTELLE_SEAL_P12: z.string().min(1).optional(),
  POSTSTELLE_SEAL_PASSWORD: z.string().optional(),
  /** Trust anchors (PEM) a seal must chain to in `verify`; default: the development CA. */
  POSTSTELLE_SEAL_TRUST: z.string().min(1).optional(),
  /** RFC 3161 timestamp authority (required for profiles at integrity 'sehr hoch'). */
  POSTSTELLE_TSA_URL: z.string().url().optional(),
  /** The audit chain's head is sealed (and timestamped) at least this often while it grows. */
  POSTSTELLE_ANCHOR_MINUTES: z.coerce.number().positive().default(10),
  /** Largest scan accepted by the UI's upload (the profile's own file limit applies as well). */
  POSTSTELLE_UI_UPLOAD_MAX_MB: z.coerce.number().int().positive().default(200),
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
