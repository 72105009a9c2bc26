// Sandboxes for the CPU-heavy stages: child processes that run BullMQ's sandboxed-processor runtime (a
// processor file with a default export that gets `job.data` and may call `job.updateProgress`), shared by
// all stages as one pool per host. A native crash, an endless loop or a memory blow-up ends only its child:
// this process, which renews the queue locks, never runs the heavy code itself.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Child, ChildCommand, ParentCommand } from 'bullmq';
import type { Logger } from '../log.ts';
import { PermanentError, RetryableError, type ReasonCode } from '../errors.ts';

const require = createRequire(import.meta.url);
/** The sandboxes' entry point: BullMQ's child runtime (loads the processor file, runs its jobs), guarded. */
const CHILD_MAIN = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Node options that let a child load the TypeScript processor files (no build step, ADR 0004). */
export const TYPESCRIPT_LOADER = ['--import', pathToFileURL(require.resolve('tsx')).href];

export type SandboxFailureKind = 'crashed' | 'timeout' | 'memory' | 'stopped';

/** The sandbox ended before the job did (crash, timeout, memory limit, shutdown): worth a retry. */
export class SandboxFailure extends RetryableError {
  override name = 'SandboxFailure';
  constructor(
    readonly kind: SandboxFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxPoolOptions {
  /** How many sandboxes work at the same time on this host. */
  size: number;
  /** A sandbox whose resident memory grows beyond this is killed. */
  maxRssBytes: number;
  /** Node options of the children (TypeScript loader, heap limit). */
  execArgv: string[];
  /** Children idle this long exit (they start again when needed). Default 5 minutes. */
  idleMs?: number;
  log: Logger;
}

export interface RunOptions {
  /** Job id, for the child's job object and for logs. */
  id: string;
  name: string;
  timeoutMs: number;
  /** Lower runs first when sandboxes are scarce. */
  priority: number;
  /** Called in order for every `job.updateProgress(value)` of the processor; the result waits for them. */
  onProgress?: (value: unknown) => Promise<void>;
}

interface Slot {
  child: Child;
  file: string;
  busy: boolean;
  lastUsed: number;
  /** Highest resident memory seen (VmHWM), bytes. */
  peakRss: number;
}

/** Resident and peak resident memory of a process in bytes (Linux /proc), or null where unknown. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** An error sent back by a child as a plain object, as the class it was thrown as. */
function fromChild(raw: unknown): Error {
  const e = (raw ?? {}) as { name?: string; message?: string; reason?: ReasonCode; stack?: string };
  const err =
    e.name === 'PermanentError' && e.reason
      ? new PermanentError(e.reason, e.message ?? '')
      : Object.assign(new Error(e.message ?? 'unknown error in sandbox'), { name: e.name ?? 'Error' });
  if (e.stack) err.stack = e.stack;
  return err;
}

const stopped = () => new SandboxFailure('stopped', 'Sandboxes are shutting down');

export class SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<{
    priority: number;
    seq: number;
    go: () => void;
    stop: (e: Error) => void;
  }> = [];
  private running = 0;
  private seq = 0;
  private closed = false;
  /** Peak memory of children that have exited, per processor file. */
  private readonly retiredPeaks = new Map<string, number>();
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly opts: SandboxPoolOptions) {
    const idle = opts.idleMs ?? 300_000;
    this.reaper = setInterval(
      () => {
        for (const s of this.slots)
          if (!s.busy && Date.now() - s.lastUsed > idle) void this.kill(s, 'SIGTERM');
      },
      Math.min(idle, 30_000),
    );
    this.reaper.unref();
  }

  /**
   * Runs a processor file's default export on `task` in a sandbox and returns its result. Rejects with
   * the processor's own error (a PermanentError stays one) or with a SandboxFailure.
   */
  async run<R>(file: string, task: unknown, opts: RunOptions): Promise<R> {
    await this.permit(opts.priority);
    try {
      const slot = await this.slotFor(file);
      try {
        return await this.exec<R>(slot, task, opts);
      } finally {
        slot.busy = false;
        slot.lastUsed = Date.now();
      }
    } finally {
      this.running--;
      this.next();
    }
  }

  private permit(priority: number): Promise<void> {
    if (this.closed) return Promise.reject(stopped());
    if (this.running < this.opts.size && !this.waiting.length) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((go, stop) => {
      this.waiting.push({ priority, seq: this.seq++, go, stop });
      this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    });
  }

  private next(): void {
    if (this.running >= this.opts.size) return;
    const w = this.waiting.shift();
    if (!w) return;
    this.running++;
    w.go();
  }

  /** Starts a sandbox for a processor file ahead of its first job (engines load meanwhile). */
  async warm(file: string): Promise<void> {
    if (this.closed || this.slots.some((s) => s.file === file)) return;
    const slot = await this.slotFor(file).catch(() => null);
    if (slot) {
      slot.busy = false;
      slot.lastUsed = Date.now();
    }
  }

  private async slotFor(file: string): Promise<Slot> {
    if (this.closed) throw stopped();
    const free = this.slots.find((s) => !s.busy && s.file === file);
    if (free) {
      free.busy = true;
      return free;
    }
    // Keep a few idle children of other stages warm, but not without bound.
    const idle = this.slots.filter((s) => !s.busy).sort((a, b) => a.lastUsed - b.lastUsed);
    if (this.slots.length >= this.opts.size * 2 + 2 && idle[0]) void this.kill(idle[0], 'SIGTERM');
    const child = new Child(CHILD_MAIN, file, {
      useWorkerThreads: false,
      // stdout of a child goes to our stderr: stdout carries `poststelle process` results.
      workerForkOptions: {
        execArgv: this.opts.execArgv,
        stdio: ['ignore', 2, 2, 'ipc'],
        // A process group of its own: Ctrl-C on a terminal (or a stop signal to the group) reaches this
        // process, which hands the jobs back, and not the sandboxes (their guard ends them with us).
        detached: true,
        // One libvips thread and two malloc arenas: a sandbox works on one core, and its memory stays flat.
        env: {
          ...process.env,
          VIPS_CONCURRENCY: '1',
          MALLOC_ARENA_MAX: '2',
          MALLOC_MMAP_THRESHOLD_: '262144',
          MALLOC_TRIM_THRESHOLD_: '262144',
        },
      },
    });
    const slot: Slot = { child, file, busy: true, lastUsed: Date.now(), peakRss: 0 };
    this.slots.push(slot);
    child.on('exit', () => this.forget(slot));
    // A fork or a signal that fails (EAGAIN, EMFILE) is an event: never an unhandled one.
    child.on('error', (e: Error) =>
      this.opts.log.warn('sandbox error', { file, sandboxPid: child.pid, error: e.message }),
    );
    // BullMQ's init never settles when the child dies while starting (its listeners go with the exit).
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code: number | null, signal: string | null) =>
        reject(new Error(`exit code ${code}, signal ${signal}`)),
      );
      child.once('error', reject);
    });
    try {
      await Promise.race([child.init(), exited]);
      // Killed (shutdown, reaper) before it had a process to kill: end it now.
      if (!this.slots.includes(slot)) throw stopped();
    } catch (e) {
      this.forget(slot);
      await child.kill('SIGKILL').catch(() => {});
      if (e instanceof SandboxFailure) throw e;
      throw new SandboxFailure(
        this.closed ? 'stopped' : 'crashed',
        `Sandbox for ${file} did not start: ${(e as Error).message}`,
      );
    }
    this.opts.log.debug('sandbox started', { file, sandboxPid: child.pid });
    return slot;
  }

  private forget(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    this.retiredPeaks.set(slot.file, Math.max(this.retiredPeaks.get(slot.file) ?? 0, slot.peakRss));
  }

  private async kill(slot: Slot, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    this.sample(slot);
    this.forget(slot);
    await slot.child.kill(signal, 10_000).catch(() => {});
  }

  private sample(slot: Slot): number {
    const m = slot.child.exitCode === null ? memoryOf(slot.child.pid) : null;
    if (m) slot.peakRss = Math.max(slot.peakRss, m.peak);
    return m?.rss ?? 0;
  }

  private exec<R>(slot: Slot, task: unknown, opts: RunOptions): Promise<R> {
    const { child } = slot;
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      let progress: Promise<void> = Promise.resolve();
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        fn();
      };
      const fail = (kind: SandboxFailureKind, message: string) => {
        void this.kill(slot, 'SIGKILL');
        finish(() => reject(new SandboxFailure(kind, message)));
      };
      const onMessage = (msg: { cmd: ParentCommand; value?: unknown; err?: unknown }) => {
        switch (msg.cmd) {
          case ParentCommand.Progress:
            progress = progress.then(() => opts.onProgress?.(msg.value));
            progress.catch((e: Error) => {
              void this.kill(slot, 'SIGKILL');
              finish(() => reject(e));
            });
            break;
          case ParentCommand.Completed:
            progress.then(
              () => finish(() => resolve(msg.value as R)),
              () => {},
            );
            break;
          case ParentCommand.Failed:
          case ParentCommand.Error:
            finish(() => reject(fromChild(msg.value ?? msg.err)));
            break;
          case ParentCommand.Log:
            this.opts.log.info(String(msg.value), { jobId: opts.id, sandboxPid: child.pid });
            break;
        }
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish(() =>
          reject(
            new SandboxFailure(
              this.closed ? 'stopped' : 'crashed',
              `Sandbox ended during the job (exit code ${code}, signal ${signal})`,
            ),
          ),
        );
      const timer = setTimeout(
        () => fail('timeout', `Zeitüberschreitung nach ${Math.round(opts.timeoutMs / 1000)} s`),
        opts.timeoutMs,
      );
      const watch = setInterval(() => {
        const rss = this.sample(slot);
        if (rss > this.opts.maxRssBytes)
          fail(
            'memory',
            `Speichergrenze überschritten (${Math.round(rss / 1048576)} MB > ${Math.round(this.opts.maxRssBytes / 1048576)} MB)`,
          );
      }, 250);
      child.on('message', onMessage);
      child.on('exit', onExit);
      const job = { id: opts.id, name: opts.name, data: JSON.stringify(task), opts: {}, attemptsMade: 0 };
      child
        .send({ cmd: ChildCommand.Start, job, token: opts.id })
        .catch((e: Error) => fail('crashed', e.message));
    });
  }

  /** Kills every sandbox now: running jobs end with SandboxFailure('stopped'). */
  async abort(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.stop(stopped());
    await Promise.all([...this.slots].map((s) => this.kill(s, 'SIGKILL')));
  }

  /** Ends idle sandboxes and lets busy ones finish (the caller bounds the wait). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    for (const w of this.waiting.splice(0)) w.stop(stopped());
    await Promise.all([...this.slots].map((s) => this.kill(s, 'SIGTERM')));
  }

  /** Peak resident memory per processor file over all its sandboxes so far, bytes. */
  peaks(): Record<string, number> {
    const out = Object.fromEntries(this.retiredPeaks);
    for (const s of this.slots) {
      this.sample(s);
      out[s.file] = Math.max(out[s.file] ?? 0, s.peakRss);
    }
    return out;
  }
}
