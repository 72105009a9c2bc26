// The archival record end to end (issue 13), through the real commands: every output is PDF/A with its
// Transfervermerk, sealed, and `verify` holds; with a real local TSA at integrity 'sehr hoch' the seal
// carries a timestamp and the scanning operator cannot approve; a one-byte change in the PDF, in its
// Transfervermerk or in an audit row, and a cut-off audit trail, are each detected and named.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdfA } from '../../pipeline/assemble/pdfa/check.ts';
import { preflightAvailable, runPreflight } from '../../pipeline/assemble/pdfa/preflight.ts';
import { validateTransfervermerk, xmpSummary } from '../../pipeline/assemble/transfervermerk.ts';
import { assemblePdf } from '../../pipeline/assemble/core.ts';
import { textLikePage } from '../fixtures/pages.ts';
import { documentRecord } from '../../pipeline/verify.ts';
import type { TruthLine } from '../../tools/letters/corpus.ts';
import { deliverableLetters, resultLinesOf, ROOT, runNode, tmpDir } from '../helpers.ts';
import { pdfText } from '../support.ts';
import { PREFLIGHT_TAG } from '../peer.ts';
import { hasOpenssl, startTestTsa } from '../tsa.ts';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runNode([path.join(ROOT, 'bin/poststelle.mjs'), ...args], { POSTSTELLE_LOG_LEVEL: 'warn', ...env });

const dir = tmpDir('archive');
let letters: TruthLine[];

beforeAll(async () => {
  letters = await deliverableLetters(tmpDir('archive-letters'), 2, 31);
}, 120_000);

async function processInto(
  data: string,
  inputs: string[],
  env: NodeJS.ProcessEnv = {},
  profile = 'standard',
) {
  const results = path.join(data, 'results.jsonl');
  const run = await cli(
    [
      'process',
      ...inputs,
      '--data-dir',
      data,
      '--results',
      results,
      '--profile',
      profile,
      '--received-at',
      '2026-12-01',
    ],
    env,
  );
  expect(run.status, run.stderr).toBe(0);
  return resultLinesOf(results);
}

/** A copy of `file` with one byte changed at `at` (a fraction of the file, or where `find` first occurs). */
function flipped(file: string, at: number | string): string {
  const bytes = fs.readFileSync(file);
  const i = typeof at === 'number' ? Math.floor(bytes.length * at) : bytes.indexOf(at);
  expect(i).toBeGreaterThan(0);
  bytes[i] = bytes[i]! ^ 0x01;
  const out = `${file}.${String(at).replace(/\W/g, '')}.pdf`;
  fs.writeFileSync(out, bytes);
  return out;
}

describe('archival output (PDF/A-3b, Transfervermerk, seal, audit)', () => {
  const data = path.join(dir, 'normal');
  let outputs: string[] = [];

  it('writes every output as valid PDF/A-3b that verifies, its text layer word for word', async () => {
    const lines = await processInto(
      data,
      letters.map((l) => l.file),
    );
    outputs = lines.map((l) => l.output as string);
    for (const [i, line] of lines.entries()) {
      const pdf = fs.readFileSync(line.output);
      const report = await checkPdfA(pdf);
      expect(report.violations).toEqual([]);
      expect(report).toMatchObject({ ok: true, part: 3 });
      const { xml, record } = await documentRecord(pdf);
      expect(await validateTransfervermerk(xml!)).toEqual([]);
      expect(record).toMatchObject({
        document: { item: line.item, pages: letters[i]!.pages },
        capture: { profile: 'standard', scanMode: 'ergaenzend' },
        qa: { result: 'bestanden', method: 'automatisch', complete: true },
      });
      const v = await cli(['verify', line.output, '--data-dir', data]);
      expect(v.stdout, v.stderr).toMatch(/verified\n$/);
      expect(v.stdout).toMatch(/ok seal: poststelle Entwicklungssiegel/);
      expect(v.stdout).toMatch(/ok timestamp: none \(not required\)/);
      expect(v.status).toBe(0);
      // The subject is found in the text layer as it was read.
      const text = await pdfText(line.output);
      for (const word of (line.subject as string).split(/\s+/).slice(0, 4)) expect(text).toContain(word);
    }
    const tv = await cli(['transfervermerk', outputs[0]!]);
    expect(tv.status).toBe(0);
    expect(tv.stdout).toMatch(/^Transfervermerk für Poststück/);
    expect(tv.stdout).toContain('Qualitätssicherung: bestanden (automatisch)');
    const audit = await cli(['audit-verify', '--data-dir', data]);
    expect(audit.stdout).toMatch(/^audit trail intact: \d+ entries, [1-9]\d* anchors/);
  }, 300_000);

  it('names what a one-byte change breaks: the PDF, its Transfervermerk, an audit row; and a cut-off trail', async () => {
    const file = outputs[0]!;
    const v = (f: string) => cli(['verify', f, '--data-dir', data]);
    const image = await v(flipped(file, 0.3));
    expect(image.status).toBe(1);
    expect(image.stdout).toMatch(/FAILED seal: signature/);
    const record = await v(flipped(file, 'transfervermerk'));
    expect(record.status).toBe(1);
    expect(record.stdout).toMatch(/FAILED seal/);
    const appended = `${file}.appended.pdf`;
    fs.writeFileSync(appended, Buffer.concat([fs.readFileSync(file), Buffer.from('\n%x\n')]));
    expect((await v(appended)).stdout).toMatch(/FAILED seal: byte-range/);

    const db = new Database(path.join(data, 'poststelle.sqlite'));
    const { seq } = db
      .prepare(`SELECT seq FROM audit WHERE action = 'stage.assemble.done' LIMIT 1`)
      .get() as {
      seq: number;
    };
    db.prepare(`UPDATE audit SET actor = actor || 'x' WHERE seq = ?`).run(seq);
    const row = await cli(['audit-verify', '--data-dir', data]);
    expect(row.status).toBe(1);
    expect(row.stdout).toContain(`audit trail broken at entry ${seq}`);
    expect((await v(file)).stdout).toMatch(/FAILED audit: audit trail broken at entry/);
    db.prepare(`UPDATE audit SET actor = substr(actor, 1, length(actor) - 1) WHERE seq = ?`).run(seq);
    expect((await cli(['audit-verify', '--data-dir', data])).status).toBe(0);

    const { last } = db.prepare('SELECT max(seq) last FROM audit').get() as { last: number };
    const anchored = db.prepare('SELECT max(seq) s FROM audit_anchors').get() as { s: number };
    db.prepare('DELETE FROM audit WHERE seq >= ?').run(anchored.s - 1);
    db.close();
    const cut = await cli(['audit-verify', '--data-dir', data]);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toMatch(new RegExp(`broken at entry ${anchored.s - 1}: .*truncated`));
    expect(last).toBeGreaterThan(anchored.s - 1);
    expect((await v(file)).stdout).toMatch(/FAILED audit/);
  }, 120_000);

  it.skipIf(!preflightAvailable())(
    `writes a PDF/A-1b rendition that Apache PDFBox Preflight accepts ${PREFLIGHT_TAG}`,
    async () => {
      // The rendition: the same writer with part 1 (no attachment, no seal), over a grey and a G4 page.
      const file = path.join(dir, 'a1b.pdf');
      const { record } = await documentRecord(fs.readFileSync(outputs[0]!));
      const ocr = {
        meanConfidence: 0.9,
        lines: [
          { words: [{ text: 'Grundsteuer', confidence: 90, bbox: { x0: 100, y0: 100, x1: 400, y1: 130 } }] },
        ],
      };
      const pdf = await assemblePdf(
        [
          { png: await textLikePage(), ocr, bitonal: false },
          { png: await textLikePage(), ocr, bitonal: true },
        ],
        {
          jpegQuality: 75,
          title: 'Betreff',
          subject: 'Betreff',
          keywords: ['letter'],
          created: new Date(),
          part: 1,
          id: 'a1b',
          transfervermerk: { xml: '', summary: xmpSummary(record!) },
        },
      );
      fs.writeFileSync(file, pdf);
      expect(await checkPdfA(pdf, { part: 1 })).toMatchObject({ ok: true });
      const r = await runPreflight(file);
      expect(r.valid, r.output).toBe(true);
    },
    60_000,
  );
});

if (!hasOpenssl())
  console.log(
    'archive.e2e: the timestamped four-eyes test is skipped: openssl (for the test TSA) is not on PATH',
  );

describe("integrity 'sehr hoch': timestamp required, four-eyes", () => {
  let tsa: Awaited<ReturnType<typeof startTestTsa>> | null = null;
  const data = path.join(dir, 'sehrhoch');

  beforeAll(async () => {
    tsa = await startTestTsa(tmpDir('tsa')).catch(() => null);
    fs.mkdirSync(path.join(data, 'config', 'profiles'), { recursive: true });
    fs.writeFileSync(
      path.join(data, 'config', 'profiles', 'sicher.yaml'),
      [
        'name: sicher',
        'protection: { integrity: sehr hoch, confidentiality: hoch, availability: normal }',
        'originals: destroy',
        'station: Poststelle Rathaus EG',
        'scanner: Fujitsu fi-7160',
      ].join('\n'),
    );
  }, 60_000);
  afterAll(async () => tsa?.close());

  it('holds an item for review when no TSA is configured (seal_failed)', async () => {
    fs.cpSync(path.join(data, 'config'), path.join(dir, 'ohne-tsa', 'config'), { recursive: true });
    const [held] = await processInto(path.join(dir, 'ohne-tsa'), [letters[0]!.file], {}, 'sicher');
    expect(held).toMatchObject({ status: 'review', reason: 'seal_failed' });
    expect(held.message).toMatch(/Zeitstempel/);
  }, 180_000);

  it.skipIf(!hasOpenssl())(
    'seals with a timestamp from a real TSA; the scanning operator cannot approve, another QA user can',
    async () => {
      const env = { POSTSTELLE_TSA_URL: tsa!.url };
      const scan = path.join(dir, 'scan-sicher.pdf');
      fs.copyFileSync(letters[1]!.file, scan);
      fs.writeFileSync(
        `${scan}.manifest.json`,
        JSON.stringify({ pages: letters[1]!.pages, operator: 'mmuster' }),
      );
      const [line] = await processInto(data, [scan], env, 'sicher');
      // 100 % QA at 'sehr hoch': the item waits in review, sealed and timestamped already.
      expect(line).toMatchObject({ status: 'review', reason: 'sample' });
      // One trust bundle: the seal's (development) CA and the TSA's CA.
      const trust = path.join(dir, 'trust.pem');
      fs.writeFileSync(trust, fs.readFileSync(path.join(data, 'seal', 'dev', 'ca.pem'), 'utf8') + tsa!.caPem);
      const held = await cli(['verify', line.output, '--data-dir', data, '--trust', trust]);
      expect(held.stdout, held.stderr).toMatch(/ok timestamp: \d{4}-/);
      expect(held.status).toBe(0);
      const pending = await documentRecord(fs.readFileSync(line.output));
      expect(pending.record!.qa.result).toBe('ausstehend');

      for (const [name, role] of [
        ['mmuster', 'qa,operator'],
        ['qa2', 'qa'],
      ])
        expect((await cli(['user', 'add', name!, '--role', role!, '--data-dir', data])).status).toBe(0);
      const own = await cli(['approve', line.item, '--as', 'mmuster', '--data-dir', data], env);
      expect(own.status).not.toBe(0);
      expect(own.stderr).toMatch(/Vier-Augen|gescannt/);
      const ok = await cli(['approve', line.item, '--as', 'qa2', '--data-dir', data], env);
      expect(ok.status, ok.stderr).toBe(0);
      const approved = JSON.parse(ok.stdout.trim().split('\n').at(-1)!);
      expect(approved.status).toBe('delivered');
      const v = await cli([
        'verify',
        approved.output,
        '--data-dir',
        data,
        '--trust',
        trust,
        '--require-timestamp',
      ]);
      expect(v.stdout, v.stderr).toMatch(/verified\n$/);
      const { record } = await documentRecord(fs.readFileSync(approved.output));
      expect(record).toMatchObject({
        capture: {
          scannedBy: 'mmuster',
          station: 'Poststelle Rathaus EG',
          scanner: 'Fujitsu fi-7160',
          scanMode: 'ersetzend',
          originals: 'vernichten',
          protection: { integrity: 'sehr hoch' },
        },
        qa: { result: 'bestanden', method: 'manuell', by: 'qa2', sampled: true },
      });
      // Without the TSA's CA among the trust anchors the timestamp is not trusted.
      const untrusted = await cli(['verify', approved.output, '--data-dir', data]);
      expect(untrusted.stdout).toMatch(/FAILED timestamp/);
      const originals = await cli(['originals', '--data-dir', data, '--json']);
      expect(originals.stdout).toContain('"scanMode":"ersetzend"');
      expect(originals.stdout).toContain('"disposition":"destroy"');
    },
    300_000,
  );
});
