// Shared helpers of the integration and end-to-end tests.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrg } from '../profiles/load.ts';
import { log } from '../core/log.ts';
import { startRuntime, type Runtime } from '../pipeline/runtime.ts';
import { writeCorpus, type TruthLine } from '../tools/letters/corpus.ts';

import { HAS_PEER, PEER_TAG } from './peer.ts';

export { HAS_PEER, PEER, PEER_TAG, SHARED } from './peer.ts';
export { capturedLog, tmpDir } from './support.ts';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Generated letters that a unit surely receives, `count` of them, seeded: letters and invoices that cite
 * one of our file references (routed by the file plan, not left to the classifier's confidence).
 */
export async function deliverableLetters(dir: string, count: number, seed: number): Promise<TruthLine[]> {
  // The classic layout: these tests check the pipeline's mechanics and exact fields; how the extractors do
  // on the varied layouts is measured by `npm run eval` and tools/extract-check.ts.
  const keep = await writeCorpus(loadOrg(), dir, count, seed, {
    classic: true,
    only: (t) => Boolean(t.unit && t.fileref && (t.class === 'letter' || t.class === 'invoice')),
  });
  fs.rmSync(path.join(dir, 'truth.jsonl'));
  if (keep.length < count) throw new Error(`seed ${seed} gave only ${keep.length} deliverable letters`);
  return keep;
}

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Writes a file into a folder the way a careful scanner does: under a junk name, then renamed. */
export function dropInto(dir: string, name: string, data: Buffer): void {
  const tmp = path.join(dir, `.${randomUUID()}.part`);
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, path.join(dir, name));
}

/** The whole mailroom in this process, watching its hot folders (events, fast stability and rescan). */
export function watchingRuntime(dataDir: string, test: string): Promise<Runtime> {
  return startRuntime({
    dataDir,
    redisUrl: REDIS_URL,
    watch: { mode: 'events', stableMs: 300, rescanMs: 2000, incompleteTimeoutMs: 3000 },
    log: log.child({ test }),
  });
}

export const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Runs node with these arguments from the project root and collects its output. Asynchronous on purpose:
 * a long spawnSync blocks the test worker, and vitest then times out on its own messages.
 */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A suite that reads the peer corpus: skipped (and counted) where the corpus is not there. */
export const describePeer = (name: string, fn: () => void) =>
  describe.skipIf(!HAS_PEER)(`${name} ${PEER_TAG}`, fn);
/** A test that reads the peer corpus: skipped (and counted) where the corpus is not there. */
export const itPeer = (name: string, fn: () => Promise<void> | void, timeout?: number) =>
  it.skipIf(!HAS_PEER)(`${name} ${PEER_TAG}`, fn, timeout);

/** The result lines a `poststelle process --results FILE` wrote. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- result lines are checked field by field
export function resultLinesOf(file: string): any[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
