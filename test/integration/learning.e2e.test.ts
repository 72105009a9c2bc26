// The router learns from QA (issue 12), through the real commands, OCR and Redis: a letter about a matter
// no unit's topics name goes to review; QA approves it for the Ordnungsamt; the next letter of that kind
// is routed there by the new model version, and the audit trail names what was learned.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScan } from '../../tools/letters/render.ts';
import { rng, type LetterSpec } from '../../tools/letters/spec.ts';
import { resultLinesOf, ROOT, runNode, tmpDir } from '../helpers.ts';

const cli = (args: string[]) =>
  runNode([path.join(ROOT, 'bin/poststelle.mjs'), ...args], { POSTSTELLE_LOG_LEVEL: 'warn' });

/** A one-page letter to the town hall from `sender` with this subject and body. */
function letter(id: string, sender: string, subject: string, body: string[]): LetterSpec {
  return {
    id,
    pages: [
      {
        blocks: [
          { x: 25, y: 15, size: 11, lines: [sender, 'Lindenallee 12', '12345 Musterstadt'] },
          { x: 25, y: 52, size: 11, lines: ['Stadt Musterstadt', 'Rathausplatz 1', '12345 Musterstadt'] },
          { x: 125, y: 60, size: 10, lines: ['Musterstadt, 12.01.2026'] },
          { x: 25, y: 110, size: 11, bold: true, lines: [`Betreff: ${subject}`] },
          {
            x: 25,
            y: 122,
            size: 11,
            lines: ['Sehr geehrte Damen und Herren,', '', ...body, '', 'Mit freundlichen Grüßen', '', sender],
          },
        ],
      },
    ],
    truth: {
      unit: 'ordnungsamt',
      class: 'letter',
      fileref: null,
      date: '2026-01-12',
      sender,
      subject,
      iban: null,
      amount: null,
    },
  };
}

const first = letter('W1', 'Max Muster', 'Winterdienst in der Lindenallee', [
  'seit Tagen wird unser Gehweg nicht geräumt. Der Winterdienst kommt nicht,',
  'Streusalz fehlt und die Schneeräumung bleibt ganz aus.',
]);
const next = letter('W2', 'Erika Beispiel', 'Schneeräumung vor der Schule', [
  'bitte schicken Sie den Winterdienst: auf dem Weg zur Schule liegt kein',
  'Streusalz, die Schneeräumung fehlt seit Montag.',
]);

async function scan(spec: LetterSpec, dir: string): Promise<string> {
  const { data } = await renderScan(spec, rng(7), 'pdf');
  const file = path.join(dir, `${spec.id}.pdf`);
  fs.writeFileSync(file, data);
  return file;
}

describe('learning from QA decisions', () => {
  it('routes the next letter of a kind where QA put the last one', async () => {
    const dir = tmpDir('learning');
    const data = path.join(dir, 'data');
    const process = async (file: string, name: string) => {
      const results = path.join(dir, `${name}.jsonl`);
      const run = await cli(['process', file, '--data-dir', data, '--results', results]);
      expect(run.status, run.stderr).toBe(0);
      return resultLinesOf(results)[0];
    };

    const a = await process(await scan(first, dir), 'first');
    expect(a.status).toBe('review');
    expect(a.unit).not.toBe('ordnungsamt');
    expect(a.candidates.length).toBe(3);
    expect(a.routingReason).toMatch(/base-/);

    expect((await cli(['user', 'add', 'qa1', '--role', 'qa', '--data-dir', data])).status).toBe(0);
    const approved = await cli([
      'approve',
      a.item,
      '--as',
      'qa1',
      '--unit',
      'ordnungsamt',
      '--data-dir',
      data,
    ]);
    expect(approved.status, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout.trim().split('\n')[0]!)).toMatchObject({
      status: 'delivered',
      unit: 'ordnungsamt',
    });

    const b = await process(await scan(next, dir), 'next');
    expect(b.unit).toBe('ordnungsamt');
    expect(b.routingReason).toMatch(/\+qa1\]/);
    expect(b.routingReason).toMatch(/winterdienst|streusalz|schneeraumung/);

    const audit = await cli(['audit-verify', '--data-dir', data]);
    expect(audit.status, audit.stdout + audit.stderr).toBe(0);
  }, 240_000);
});
