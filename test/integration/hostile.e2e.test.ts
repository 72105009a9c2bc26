// Hostile inputs through the watcher and through `poststelle process`: links, FIFOs and hard links are
// reported as `not_regular_file` without being read, followed or changed (the canaries outside stay as
// they are), odd names are taken under exactly their name, and a good letter beside them is delivered.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../pipeline/runtime.ts';
import type { TruthLine } from '../../tools/letters/corpus.ts';
import { makeCanary, ODD_NAMES, writeIrregularEntries, type Canary } from '../fixtures/hostile.ts';
import { deliverableLetters, dropInto, ROOT, runNode, tmpDir, waitFor, watchingRuntime } from '../helpers.ts';

let letters: TruthLine[];
let rt: Runtime | undefined;
const read = (t: TruthLine) => fs.readFileSync(t.file);

beforeAll(async () => {
  letters = await deliverableLetters(tmpDir('hostile-letters'), ODD_NAMES.length + 2, 919);
}, 180_000);

afterAll(async () => {
  await rt?.close();
});

describe('hostile inputs', () => {
  it('in a hot folder: reports links and FIFOs without touching them, takes odd names as they are', async () => {
    const dataDir = tmpDir('hostile-watch');
    const canary: Canary = makeCanary(tmpDir('hostile-outside'), read(letters.at(-1)!));
    const before = canary.snapshot();
    rt = await watchingRuntime(dataDir, 'hostile');
    const hot = rt.hotFolders.get('standard')!;
    const cases = writeIrregularEntries(hot, canary);
    dropInto(hot, 'guter Brief.pdf', read(letters[0]!));
    ODD_NAMES.forEach((name, i) => dropInto(hot, name, read(letters[i + 1]!)));
    const names = [...cases.map((c) => c.name), 'guter Brief.pdf', ...ODD_NAMES];

    const batches = await waitFor(
      'every entry settled',
      async () => {
        const all = await rt!.ctx.repo.recentBatches(100);
        const done = [];
        for (const name of names) {
          const b = all.find((x) => x.originalName === name);
          if (!b || b.status === 'ingested') return false;
          if ((await rt!.ctx.repo.items(b.id)).some((i) => i.status === 'processing')) return false;
          done.push(b);
        }
        return done;
      },
      240_000,
    );
    for (const c of cases)
      expect(
        batches.find((b) => b.originalName === c.name),
        c.name,
      ).toMatchObject({
        status: 'quarantined',
        reason: 'not_regular_file',
      });
    for (const name of ['guter Brief.pdf', ...ODD_NAMES]) {
      const b = batches.find((x) => x.originalName === name)!;
      const [item] = await rt.ctx.repo.items(b.id);
      expect(item?.status, JSON.stringify(name)).toBe('delivered');
    }
    // Nothing outside the hot folder was read into the mailroom, moved or changed.
    expect(canary.snapshot()).toBe(before);
    expect(fs.readdirSync(canary.dir)).toEqual(['akte.pdf']);
    // Each entry was reported once, and the hot folder is empty again.
    expect(fs.readdirSync(hot)).toEqual([]);
    const records = fs
      .readdirSync(path.join(dataDir, 'quarantine'))
      .filter((f) => f.endsWith('.reason.json'));
    expect(records).toHaveLength(cases.length);
    await rt.close();
    rt = undefined;
    expect(canary.snapshot()).toBe(before);
  }, 300_000);

  it('through `process`: a folder is walked without following links, an explicit link is read', async () => {
    const dir = tmpDir('hostile-process');
    const canary = makeCanary(path.join(dir, 'outside'), read(letters.at(-1)!));
    const before = canary.snapshot();
    const input = path.join(dir, 'eingang');
    fs.mkdirSync(input);
    const cases = writeIrregularEntries(input, canary);
    fs.writeFileSync(path.join(input, 'guter Brief.pdf'), read(letters[0]!));
    ODD_NAMES.forEach((name, i) => fs.writeFileSync(path.join(input, name), read(letters[i + 1]!)));
    const explicit = path.join(dir, 'mein-link.pdf');
    fs.symlinkSync(canary.file, explicit);
    const results = path.join(dir, 'results.jsonl');
    const run = await runNode(
      [
        path.join(ROOT, 'bin/poststelle.mjs'),
        'process',
        input,
        explicit,
        '--data-dir',
        path.join(dir, 'data'),
      ].concat(['--results', results]),
      { POSTSTELLE_LOG_LEVEL: 'warn' },
    );
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const lines = fs
      .readFileSync(results, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const sorted = [...cases.map((c) => c.name), 'guter Brief.pdf', ...ODD_NAMES].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    // One line per input, in input order, `source` exactly as given (the NFD name too).
    expect(lines.map((l) => l.source)).toEqual([...sorted.map((n) => path.join(input, n)), explicit]);
    for (const c of cases)
      expect(
        lines.find((l) => l.source === path.join(input, c.name)),
        c.name,
      ).toMatchObject({
        status: 'quarantined',
        reason: 'not_regular_file',
        pages: null,
      });
    for (const name of ['guter Brief.pdf', ...ODD_NAMES])
      expect(lines.find((l) => l.source === path.join(input, name))?.status, JSON.stringify(name)).toBe(
        'delivered',
      );
    expect(lines.at(-1)).toMatchObject({ source: explicit, status: 'delivered' });
    expect(canary.snapshot()).toBe(before);
    // Names reach the terminal escaped: no raw line break, no bidi override from a file name.
    expect(run.stderr).not.toContain('Brief\nmit');
    expect(run.stderr).toContain('Brief\\u{a}mit');
    expect(run.stderr).not.toContain('\u202e');
  }, 300_000);
});
