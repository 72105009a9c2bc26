// Hostile inputs through the watcher and through `poststelle process`: links, FIFOs and hard links are
// reported as `not_regular_file` without being read, followed or changed (the canaries outside stay as
// they are); decompression bombs and hostile page trees are refused from their headers with a specific
// reason; odd names are taken under exactly their name; and a good letter beside them is delivered.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../pipeline/runtime.ts';
import type { TruthLine } from '../../tools/letters/corpus.ts';
import { pagePngs } from '../../pipeline/split/decode.ts';
import {
  makeCanary,
  ODD_NAMES,
  writeBombs,
  writeIrregularEntries,
  type Canary,
  type HostileCase,
} from '../fixtures/hostile.ts';
import {
  deliverableLetters,
  dropInto,
  resultLinesOf,
  ROOT,
  runNode,
  tmpDir,
  waitFor,
  watchingRuntime,
} from '../helpers.ts';

let letters: TruthLine[];
let letterPng: Buffer;
let rt: Runtime | undefined;
const read = (t: TruthLine) => fs.readFileSync(t.file);
/** Seconds any hostile input may take to settle. */
const SETTLE_MS = 60_000;

beforeAll(async () => {
  letters = await deliverableLetters(tmpDir('hostile-letters'), ODD_NAMES.length + 3, 919);
  letterPng = (await pagePngs(letters.at(-2)!.file))[0]!;
}, 180_000);

/** Each case got what it must: its quarantine reason, or processed (delivered or review). */
function expectOutcomes(
  cases: HostileCase[],
  outcome: (name: string) => { status: string; reason: string | null },
) {
  for (const c of cases) {
    const got = outcome(c.name);
    if (c.want === 'processed') expect(['delivered', 'review'], c.name).toContain(got.status);
    else expect(got, c.name).toMatchObject({ status: 'quarantined', reason: c.want.reason });
  }
}

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
    const bombs = await writeBombs(hot, letterPng);
    dropInto(hot, 'guter Brief.pdf', read(letters[0]!));
    ODD_NAMES.forEach((name, i) => dropInto(hot, name, read(letters[i + 1]!)));
    const names = [...cases.map((c) => c.name), ...bombs.map((c) => c.name), 'guter Brief.pdf', ...ODD_NAMES];
    const started = Date.now();

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
    expect(Date.now() - started).toBeLessThan(4 * SETTLE_MS); // the letters' own OCR included
    const status = async (name: string) => {
      const b = batches.find((x) => x.originalName === name)!;
      if (b.status === 'quarantined') return { status: b.status, reason: b.reason };
      const [item] = await rt!.ctx.repo.items(b.id);
      return { status: item!.status, reason: item!.reason };
    };
    const outcomes = new Map(await Promise.all(names.map(async (n) => [n, await status(n)] as const)));
    expectOutcomes([...cases, ...bombs], (n) => outcomes.get(n)!);
    // Every refused input settled within a minute of being taken in.
    for (const c of [...cases, ...bombs].filter((x) => x.want !== 'processed')) {
      const b = batches.find((x) => x.originalName === c.name)!;
      const trail = await rt.ctx.repo.auditTrail(b.id);
      const at = (action: string) => Date.parse(trail.find((e) => e.action === action)!.at);
      expect(at('batch.quarantined') - at('batch.ingested'), c.name).toBeLessThan(SETTLE_MS);
    }
    for (const name of ['guter Brief.pdf', ...ODD_NAMES]) {
      const b = batches.find((x) => x.originalName === name)!;
      const [item] = await rt.ctx.repo.items(b.id);
      // Taken and worked through to the end (whether a unit or QA gets it is the router's business).
      expect(['delivered', 'review'], JSON.stringify(name)).toContain(item?.status);
    }
    // Nothing outside the hot folder was read into the mailroom, moved or changed.
    expect(canary.snapshot()).toBe(before);
    expect(fs.readdirSync(canary.dir)).toEqual(['akte.pdf']);
    // Each entry was reported once, and the hot folder is empty again.
    expect(fs.readdirSync(hot)).toEqual([]);
    const records = fs
      .readdirSync(path.join(dataDir, 'quarantine'))
      .filter((f) => f.endsWith('.reason.json'));
    expect(records).toHaveLength(cases.length + bombs.length - 1);
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
    const bombs = await writeBombs(input, letterPng);
    fs.writeFileSync(path.join(input, 'guter Brief.pdf'), read(letters[0]!));
    ODD_NAMES.forEach((name, i) => fs.writeFileSync(path.join(input, name), read(letters[i + 1]!)));
    // A name that is not UTF-8 (written by a Latin-1 share): shown as Latin-1, read by its bytes.
    const latin1 = 'Antrag M\u00fcller.pdf';
    fs.writeFileSync(Buffer.from(`${input}${path.sep}${latin1}`, 'latin1'), read(letters.at(-2)!));
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
    const lines = resultLinesOf(results);
    const sorted = [...cases, ...bombs]
      .map((c) => c.name)
      .concat('guter Brief.pdf', latin1, ...ODD_NAMES)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // One line per input, in input order, `source` exactly as given (the NFD name too).
    expect(lines.map((l) => l.source)).toEqual([...sorted.map((n) => path.join(input, n)), explicit]);
    const line = (name: string) => lines.find((l) => l.source === path.join(input, name));
    expectOutcomes([...cases, ...bombs], line);
    for (const c of [...cases, ...bombs].filter((x) => x.want !== 'processed'))
      expect(line(c.name), c.name).toMatchObject({ pages: null, message: expect.stringMatching(/\S/) });
    for (const name of ['guter Brief.pdf', latin1, ...ODD_NAMES])
      expect(['delivered', 'review'], JSON.stringify(name)).toContain(
        lines.find((l) => l.source === path.join(input, name))?.status,
      );
    expect(lines.at(-1)).toMatchObject({ source: explicit });
    expect(['delivered', 'review']).toContain(lines.at(-1)!.status);
    expect(canary.snapshot()).toBe(before);
    // Names reach the terminal escaped: no raw line break, no bidi override from a file name.
    expect(run.stderr).not.toContain('Brief\nmit');
    expect(run.stderr).toContain('Brief\\u{a}mit');
    expect(run.stderr).not.toContain('\u202e');
  }, 300_000);
});
