// kill -9 in the middle of a run, a graceful SIGTERM, or Ctrl-C on a terminal (SIGINT to the whole process
// group): the next run resumes what was unfinished, delivers nothing twice and leaves no partial file in
// an inbox; a graceful stop fails no attempt (its jobs are handed back, its sandboxes not hit by the signal).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TruthLine } from '../../tools/letters/corpus.ts';
import { deliverableLetters, resultLinesOf, ROOT, runNode, tmpDir, waitFor } from '../helpers.ts';

const env = { ...process.env, POSTSTELLE_LOG_LEVEL: 'warn' };

// The same four letters for each way of stopping (inputs are read, never changed; each run has its own data).
const letters = tmpDir('crash-letters');
let truths: TruthLine[];
beforeAll(async () => {
  truths = await deliverableLetters(letters, 4, 808);
}, 120_000);

describe('crash safety', () => {
  it.each([
    ['SIGKILL', null, false],
    ['SIGTERM', 143, false],
    ['SIGINT', 130, true],
  ] as const)(
    'resumes after %s (exit code %s; to the whole process group: %s) without losing or duplicating anything',
    async (signal, exitCode, group) => {
      const dataDir = tmpDir('crash');
      const args = [path.join(ROOT, 'bin/poststelle.mjs'), 'process', letters, '--data-dir', dataDir];

      const first = spawn(process.execPath, [...args, '--results', path.join(dataDir, 'first.jsonl')], {
        cwd: ROOT,
        env,
        stdio: 'ignore',
        detached: group, // a process group of its own, as a terminal's foreground job
      });
      const db = () =>
        fs.existsSync(path.join(dataDir, 'poststelle.sqlite'))
          ? new Database(path.join(dataDir, 'poststelle.sqlite'), { readonly: true, fileMustExist: true })
          : null;
      await waitFor(
        'one item delivered while others still run',
        () => {
          const d = db();
          if (!d) return false;
          try {
            const rows = d.prepare('SELECT status, count(*) n FROM items GROUP BY status').all() as Array<{
              status: string;
              n: number;
            }>;
            const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
            return n('delivered') >= 1 && n('processing') >= 1;
          } catch {
            return false; // tables not there yet
          } finally {
            d.close();
          }
        },
        180_000,
      );
      const exited = new Promise<number | null>((r) => first.once('exit', (c) => r(c)));
      if (group) process.kill(-first.pid!, signal);
      else first.kill(signal);
      // SIGKILL: gone at once. SIGTERM/SIGINT: stops taking work, hands active jobs back, exits 143/130.
      expect(await exited).toBe(exitCode);
      if (exitCode !== null) {
        const d = db()!;
        const failed = d.prepare('SELECT count(*) n FROM attempts WHERE error IS NOT NULL').get() as {
          n: number;
        };
        d.close();
        expect(failed.n).toBe(0);
      }

      const results = path.join(dataDir, 'second.jsonl');
      const second = await runNode([...args, '--results', results], env);
      expect(second.status, second.stderr).toBe(0);
      const lines = resultLinesOf(results);
      expect(lines).toHaveLength(truths.length);
      // Delivered before the kill: a duplicate of the first run's item now. Unfinished: resumed and delivered.
      for (const t of truths) {
        const line = lines.find((l) => l.source === t.file);
        expect(['delivered', 'duplicate'], t.file).toContain(line?.status);
        expect(line.unit).toBe(t.unit);
      }
      expect(lines.some((l) => l.status === 'duplicate')).toBe(true);
      expect(lines.some((l) => l.status === 'delivered')).toBe(true);
      const inbox = fs.readdirSync(path.join(dataDir, 'inbox'), { recursive: true, encoding: 'utf8' });
      expect(inbox.filter((f) => f.endsWith('.pdf'))).toHaveLength(truths.length);
      expect(inbox.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const audit = await runNode(
        [path.join(ROOT, 'bin/poststelle.mjs'), 'audit-verify', '--data-dir', dataDir],
        env,
      );
      expect(audit.stdout).toContain('audit trail intact');
    },
    420_000,
  );
});
