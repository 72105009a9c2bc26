// Every 'bad_input' case of the peer corpus through the real command, in one batch run: each gets its
// outcome (processed, or quarantined with a specific reason), and none of them affects the others.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describePeer, HAS_PEER, PEER, resultLinesOf, ROOT, runNode, tmpDir } from '../helpers.ts';

const EXPECTATIONS = (
  HAS_PEER ? JSON.parse(fs.readFileSync(path.join(PEER, 'expectations.json'), 'utf8')) : { bad_input: {} }
) as {
  bad_input: Record<string, string>;
};

/** What each case must come out as: a quarantine reason, or processed (delivered or review) with its pages. */
const OUTCOMES: Record<string, { reason: string } | { pages: [number, number]; blankPages?: number[] }> = {
  'ocrmypdf/invalid.pdf': { reason: 'unreadable' },
  'paperless/invalid_pdf.pdf': { pages: [1, 2] },
  'paperless/password-is-test.pdf': { reason: 'encrypted' },
  'ocrmypdf/enormous.pdf': { pages: [1, 1] },
  'ocrmypdf/hugemono.pdf': { reason: 'too_large' },
  'ocrmypdf/no_contents.pdf': { pages: [1, 1], blankPages: [1] },
  'ocrmypdf/kcs.pdf': { pages: [1, 1] },
};

describePeer('bad input', () => {
  it('covers every case the peers list', () => {
    expect(Object.keys(OUTCOMES).sort()).toEqual(Object.keys(EXPECTATIONS.bad_input).sort());
  });

  it('gives each case its outcome in one run, with bounded memory', async () => {
    const dir = tmpDir('bad-input');
    const inputs = Object.keys(OUTCOMES).map((f) => path.join(PEER, f));
    const results = path.join(dir, 'results.jsonl');
    const report = path.join(dir, 'report.json');
    const run = await runNode(
      [
        // Peak memory of the whole run, decompression bomb and 30 x 30 inch page included.
        ...['--max-old-space-size=1024', path.join(ROOT, 'bin/poststelle.mjs'), 'process', ...inputs],
        ...['--data-dir', path.join(dir, 'data'), '--results', results, '--report', report],
      ],
      { POSTSTELLE_LOG_LEVEL: 'warn' },
    );
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const lines = resultLinesOf(results);
    expect(lines.map((l) => l.source)).toEqual(inputs);
    for (const [file, want] of Object.entries(OUTCOMES)) {
      const line = lines.find((l) => l.source === path.join(PEER, file));
      if ('reason' in want) {
        expect(line, file).toMatchObject({ status: 'quarantined', reason: want.reason, pages: null });
        expect(line.message, file).toMatch(/\S/);
      } else {
        expect(['delivered', 'review'], `${file}: ${line.status} ${line.reason}`).toContain(line.status);
        expect(line.reason, file).not.toBe('stage_failed');
        expect(line.pages, file).toEqual(want.pages);
        if (want.blankPages) expect(line.blankPages, file).toEqual(want.blankPages);
        expect(fs.existsSync(line.output), file).toBe(true);
      }
    }
    // Quarantined files keep their original name in the record, and the report accounts for each input.
    const records = fs
      .readdirSync(path.join(dir, 'data/quarantine'))
      .filter((f) => f.endsWith('.reason.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'data/quarantine', f), 'utf8')).originalName);
    expect(records.sort()).toEqual(
      Object.entries(OUTCOMES)
        .filter(([, w]) => 'reason' in w)
        .map(([f]) => path.join(PEER, f))
        .sort(),
    );
    const batches = JSON.parse(fs.readFileSync(report, 'utf8')).batches;
    expect(batches).toHaveLength(inputs.length);
    expect(batches.every((b: { complete: boolean }) => b.complete)).toBe(true);
  }, 600_000);
});
