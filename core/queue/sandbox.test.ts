// The sandbox pool on its own, with real child processes: results come back, and a shutdown while a
// sandbox is still starting ends the job and the child instead of leaving either behind.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { capturedLog } from '../../test/helpers.ts';
import { SandboxFailure, SandboxPool, TYPESCRIPT_LOADER } from './sandbox.ts';

const ECHO = fileURLToPath(new URL('../../test/fixtures/processors/echo.ts', import.meta.url));
const run = { id: 'j1', name: 'echo', timeoutMs: 30_000, priority: 0 };

/** Pids of this process's sandbox children (their command line names the sandbox entry point). */
function sandboxChildren(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('child.ts');
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return cond();
}

let pool: SandboxPool | undefined;
afterEach(async () => {
  await pool?.abort();
});

describe('SandboxPool', () => {
  const newPool = () =>
    (pool = new SandboxPool({
      size: 1,
      maxRssBytes: 512 * 1048576,
      execArgv: TYPESCRIPT_LOADER,
      log: capturedLog().log,
    }));

  it('runs a job in a child and gives back its result', async () => {
    expect(await newPool().run(ECHO, { a: 1 }, run)).toEqual({ a: 1 });
  });

  it('ends a job whose sandbox is killed while it starts, and leaves no child behind', async () => {
    const p = newPool();
    const job = p.run(ECHO, {}, run);
    // The child exists but has not finished loading its processor (that takes a few hundred ms).
    expect(await until(() => sandboxChildren().length > 0, 10_000)).toBe(true);
    await p.abort();
    const err = await job.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxFailure);
    expect((err as SandboxFailure).kind).toBe('stopped');
    expect(await until(() => sandboxChildren().length === 0, 5000)).toBe(true);
  });

  it('starts no sandbox once it is shut down', async () => {
    const p = newPool();
    const job = p.run(ECHO, {}, run);
    await p.abort();
    await expect(job).rejects.toThrow(SandboxFailure);
    expect(await until(() => sandboxChildren().length === 0, 5000)).toBe(true);
  });
});
