// The `poststelle process` contract (architecture.md), through the real command: results JSONL in input
// order, duplicates, quarantine reasons, batch report, exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { deliverableLetters, resultLinesOf, ROOT, runNode, tmpDir } from '../helpers.ts';
import { brokenPdf, encryptedPdf } from '../fixtures/pdf-build.ts';
import { pagePngs } from '../../pipeline/split/decode.ts';
import { writeSeparatedBatch, type TruthLine } from '../../tools/letters/corpus.ts';
import { loadOrg } from '../../profiles/load.ts';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runNode([path.join(ROOT, 'bin/poststelle.mjs'), ...args], { POSTSTELLE_LOG_LEVEL: 'warn', ...env });

let letter: TruthLine;
const dir = tmpDir('cli');

beforeAll(async () => {
  letter = (await deliverableLetters(tmpDir('cli-letters'), 1, 77))[0]!;
}, 120_000);

describe('poststelle process', () => {
  it('answers every input with result lines in input order, and a batch report', async () => {
    const copy = path.join(dir, 'nochmal.pdf');
    fs.copyFileSync(letter!.file, copy);
    fs.writeFileSync(path.join(dir, 'kaputt.pdf'), brokenPdf());
    fs.writeFileSync(path.join(dir, 'gesperrt.pdf'), encryptedPdf());
    const inputs = [letter!.file, path.join(dir, 'kaputt.pdf'), copy, path.join(dir, 'gesperrt.pdf')];
    const results = path.join(dir, 'results.jsonl');
    const report = path.join(dir, 'report.json');
    const run = await cli([
      'process',
      ...inputs,
      '--data-dir',
      path.join(dir, 'data'),
      '--out',
      path.join(dir, 'out'),
      '--results',
      results,
      '--report',
      report,
      '--received-at',
      '2026-11-02',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const lines = resultLinesOf(results);
    expect(lines.map((l) => [l.source, l.status, l.reason])).toEqual([
      [letter!.file, 'delivered', null],
      [inputs[1], 'quarantined', 'unreadable'],
      [copy, 'duplicate', 'duplicate'],
      [inputs[3], 'quarantined', 'encrypted'],
    ]);
    const [first, , dup, encrypted] = lines;
    expect(first).toMatchObject({
      unit: letter!.unit,
      pages: [1, letter!.pages],
      receivedAt: '2026-11-02',
      rotation: letter!.rotation,
    });
    expect(first.output).toBe(path.join(dir, 'out', letter!.unit!, `${first.item}.pdf`));
    expect(fs.existsSync(first.output)).toBe(true);
    expect(dup.duplicateOf).toBe(first.item);
    expect(encrypted).toMatchObject({
      pages: null,
      output: null,
      message: expect.stringContaining('verschlüsselt'),
    });
    for (const key of [
      'source',
      'pages',
      'item',
      'status',
      'reason',
      'message',
      'unit',
      'class',
      'confidence',
      'receivedAt',
      'fileref',
      'date',
      'sender',
      'subject',
      'iban',
      'amount',
      'blankPages',
      'rotation',
      'skew',
      'output',
    ]) {
      expect(Object.keys(first)).toContain(key);
    }
    const rep = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(rep.batches).toHaveLength(4);
    expect(rep.batches[0]).toMatchObject({ countedPages: letter!.pages, complete: true });
    expect(rep.batches[0].pages.map((p: { fate: string }) => p.fate)).toEqual(
      Array(letter!.pages).fill('item'),
    );
  }, 300_000);

  it('cuts a batch at separator sheets into mail items with their page ranges', async () => {
    const sheet = path.join(dir, 'trennblatt.pdf');
    expect((await cli(['separator-sheet', '--out', sheet])).status).toBe(0);
    const batch = path.join(dir, 'stapel.pdf');
    const truths = await writeSeparatedBatch(loadOrg(), batch, 3, 31);
    const results = path.join(dir, 'stapel.jsonl');
    const report = path.join(dir, 'stapel-report.json');
    const run = await cli([
      'process',
      batch,
      '--data-dir',
      path.join(dir, 'data'),
      '--results',
      results,
      '--report',
      report,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const lines = resultLinesOf(results);
    expect(lines.map((l) => l.pages)).toEqual(truths.map((t) => t.range));
    expect(lines.map((l) => l.unit)).toEqual(truths.map((t) => t.unit));
    const fates = JSON.parse(fs.readFileSync(report, 'utf8')).batches[0].pages.map(
      (p: { fate: string }) => p.fate,
    );
    const separatorPages = truths.slice(1).map((t) => t.range[0] - 1);
    expect(fates.flatMap((f: string, i: number) => (f === 'separator' ? [i + 1] : []))).toEqual(
      separatorPages,
    );
    // The stored report, for operators: latest batch first, every item with its pages and outcome.
    const shown = await cli(['report', '--data-dir', path.join(dir, 'data')]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `\\(${batch}\\): ${truths.at(-1)!.range[1]} Seiten gescannt; 3 Poststücke, 2 Trennblattseiten`,
      ),
    );
    expect((await cli(['report', 'no-such-batch', '--data-dir', path.join(dir, 'data')])).status).toBe(2);
  }, 300_000);

  it('runs an item in review again and releases a quarantined file back into its hot folder', async () => {
    const data = path.join(dir, 'data');
    const results = path.join(dir, 'review.jsonl');
    // A letter scanned black-and-white where the profile wants greyscale.
    const bitonal = path.join(dir, 'schwarzweiss.tif');
    const [page] = await pagePngs(letter!.file);
    await sharp(page!)
      .threshold(128)
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 300 / 25.4, yres: 300 / 25.4 })
      .toFile(bitonal);
    expect((await cli(['process', bitonal, '--data-dir', data, '--results', results])).status).toBe(0);
    const first = JSON.parse(fs.readFileSync(results, 'utf8'));
    expect(first).toMatchObject({ status: 'review', reason: 'colour_mismatch' });
    const rerun = await cli(['rerun', first.item, '--data-dir', data]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      item: first.item,
      status: 'review',
      reason: 'colour_mismatch',
    });
    expect((await cli(['rerun', 'no-such-item', '--data-dir', data])).status).toBe(2);

    const quarantined = fs.readdirSync(path.join(data, 'quarantine')).find((f) => f.endsWith('kaputt.pdf'))!;
    const release = await cli(['release', quarantined, '--data-dir', data]);
    expect(release.status, release.stderr).toBe(0);
    expect(fs.existsSync(path.join(data, 'hotfolders/standard/kaputt.pdf'))).toBe(true);
    expect(fs.existsSync(path.join(data, 'quarantine', `${quarantined}.reason.json`))).toBe(false);
    expect((await cli(['release', '../../etc/passwd', '--data-dir', data])).status).toBe(2);
  }, 300_000);

  it('processes the same bytes again as a duplicate in a later run', async () => {
    const results = path.join(dir, 'again.jsonl');
    const run = await cli([
      'process',
      letter!.file,
      '--data-dir',
      path.join(dir, 'data'),
      '--results',
      results,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(results, 'utf8'))).toMatchObject({ status: 'duplicate' });
  }, 120_000);

  it('exits 3 when Redis is unreachable and cannot be started', async () => {
    const run = await cli(['process', letter!.file, '--data-dir', path.join(dir, 'noredis')], {
      REDIS_URL: 'redis://127.0.0.1:1',
      PATH: '/nonexistent',
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 and redis-server is not installed/,
    );
  }, 60_000);

  it('refuses work with a clear message when the disk is nearly full', async () => {
    const run = await cli(['process', letter!.file, '--data-dir', path.join(dir, 'full')], {
      POSTSTELLE_MIN_FREE_MB: String(1024 * 1024 * 1024),
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/Zu wenig freier Speicher/);
  }, 60_000);

  it('manages UI accounts from the shell: a password printed once, roles checked, approval only as a real user', async () => {
    const data = path.join(dir, 'users');
    const add = await cli(['user', 'add', 'qa1', '--role', 'qa', '--data-dir', data]);
    expect(add.status).toBe(0);
    const [name, password] = add.stdout.trim().split('\t');
    expect(name).toBe('qa1');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await cli(['user', 'add', 'qa1', '--role', 'qa', '--data-dir', data])).status).toBe(2);
    expect((await cli(['user', 'add', 'x1', '--role', 'chef', '--data-dir', data])).stderr).toMatch(
      /unknown role chef/,
    );
    await cli(['user', 'set', 'qa1', '--unit', 'kaemmerei', '--role', 'qa,clerk', '--data-dir', data]);
    const list = await cli(['user', 'list', '--data-dir', data]);
    expect(list.stdout).toMatch(/^qa1\tqa,clerk\tkaemmerei\t-\taktiv\tqa1$/m);
    expect(list.stdout).not.toContain(password);
    const approve = await cli(['approve', 'nichtda-01', '--as', 'nobody', '--data-dir', data]);
    expect(approve.status).toBe(2);
    expect(approve.stderr).toMatch(/no active user nobody/);
  }, 60_000);

  it.each([
    [['process', '--bogus', 'x.pdf'], /bogus/],
    [['process', letter?.file ?? 'x.pdf', '--profile', 'nope'], /unknown profile nope/],
    [['process', 'does-not-exist.pdf'], /input not found/],
    [['process', 'x.pdf', '--received-at', '2.11.2026'], /received-at/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on a usage error: %s', async (args, message) => {
    const run = await cli(args as string[]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('prints usage for every command with --help and exits 0', async () => {
    const commands = [
      'start',
      'process',
      'ui',
      'user',
      'approve',
      'report',
      'rerun',
      'release',
      'audit-verify',
      'separator-sheet',
    ];
    const runs = await Promise.all(
      [['help'], ['--help'], ...commands.map((c) => [c, '--help'])].map(async (args) => ({
        args,
        run: await cli(args),
      })),
    );
    for (const { args, run } of runs) {
      expect(run.status, args.join(' ')).toBe(0);
      const name = args.length === 2 ? args[0] : '<command>';
      expect(run.stdout, args.join(' ')).toMatch(new RegExp(`^usage: poststelle ${name}`, 'm'));
    }
  });

  it('prints its version', async () => {
    const run = await cli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});
