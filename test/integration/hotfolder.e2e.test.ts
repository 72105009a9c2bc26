// End to end, with the real thing: Redis, BullMQ workers, tesseract OCR, the hot-folder watcher.
// Generated letters dropped into the hot folder arrive in the right inboxes with correct sidecars and
// extractable text; bad inputs are quarantined with a reason while the good letters still arrive.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { pagePngs } from '../../pipeline/split/decode.ts';
import type { Runtime } from '../../pipeline/runtime.ts';
import { deliverableLetters, dropInto, tmpDir, waitFor, watchingRuntime } from '../helpers.ts';
import { brokenPdf } from '../fixtures/pdf-build.ts';
import { pdfText } from '../support.ts';
import type { TruthLine } from '../../tools/letters/corpus.ts';

let rt: Runtime;
let letters: TruthLine[];
const dataDir = tmpDir('e2e');

beforeAll(async () => {
  letters = await deliverableLetters(tmpDir('letters'), 5, 4242);
  // A file that arrived while the service was down is taken at startup.
  fs.mkdirSync(path.join(dataDir, 'hotfolders/standard'), { recursive: true });
  dropInto(path.join(dataDir, 'hotfolders/standard'), 'vorher.txt', Buffer.from('kam, als niemand zusah\n'));
  rt = await watchingRuntime(dataDir, 'e2e');
}, 120_000);

afterAll(async () => {
  await rt?.close();
});

describe('hot folder to inbox', () => {
  it('delivers letters to the right units and quarantines bad input', async () => {
    const hot = rt.hotFolders.get('standard')!;
    for (const t of letters) dropInto(hot, path.basename(t.file), fs.readFileSync(t.file));
    // The first letter once more, as a JPEG photo/scan (other bytes, so not a duplicate).
    const jpegOf = letters.find((t) => t.pages === 1)!;
    for (const png of await pagePngs(jpegOf.file))
      dropInto(hot, 'Brief vom Handy.jpg', await sharp(png).jpeg({ quality: 85 }).toBuffer());
    dropInto(hot, 'leer.pdf', Buffer.alloc(0));
    dropInto(hot, 'kaputt.pdf', brokenPdf());
    dropInto(hot, 'notiz.pdf', Buffer.from('Dies ist eine Textdatei mit falscher Endung.\n'));
    // A name with path tricks, a control character, spaces and umlauts: recorded as given, stored safely.
    const nasty = '..\\..\\böse Datei\u0007 (1).pdf';
    dropInto(hot, nasty, Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'));

    const inbox = path.join(dataDir, 'inbox');
    const pdfs = () =>
      fs.readdirSync(inbox, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
    const reasons = () =>
      fs.readdirSync(path.join(dataDir, 'quarantine')).filter((f) => f.endsWith('.reason.json'));
    await waitFor(
      '6 delivered letters and 5 quarantined files',
      () => pdfs().length >= 6 && reasons().length >= 5,
      240_000,
    );

    // Every good letter: right unit, sidecar metadata as in the letter, text layer readable (pdf.js).
    const sidecars = pdfs().map((f) =>
      JSON.parse(fs.readFileSync(path.join(inbox, f.replace(/\.pdf$/, '.json')), 'utf8')),
    );
    for (const t of letters) {
      const s = sidecars.find((x) => x.source === path.basename(t.file));
      expect(s, `sidecar for ${t.id}`).toBeDefined();
      expect(s).toMatchObject({
        status: 'delivered',
        unit: t.unit,
        class: t.class,
        fileref: t.fileref,
        iban: t.iban,
        amount: t.amount,
        date: t.date,
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(path.dirname(s.output)).toBe(path.join(inbox, t.unit!));
      const text = await pdfText(s.output);
      expect(text).toContain('Musterstadt');
      for (const w of t.subject.split(/\s+/).filter((w) => w.length > 4 && /^[\p{L}]+$/u.test(w)))
        expect(text).toContain(w);
    }
    const jpeg = sidecars.find((x) => x.source === 'Brief vom Handy.jpg');
    expect(jpeg).toMatchObject({ status: 'delivered', unit: jpegOf.unit, fileref: jpegOf.fileref });
    // Nothing partial or stray in the inboxes.
    expect(
      fs.readdirSync(inbox, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp')),
    ).toEqual([]);

    const quarantined = Object.fromEntries(
      reasons().map((f) => {
        const r = JSON.parse(fs.readFileSync(path.join(dataDir, 'quarantine', f), 'utf8'));
        return [r.originalName, r.reason];
      }),
    );
    expect(quarantined).toEqual({
      'leer.pdf': 'empty',
      'kaputt.pdf': 'unreadable',
      'notiz.pdf': 'unsupported_type',
      'vorher.txt': 'unsupported_type',
      [nasty]: 'truncated',
    });
    const stored = fs
      .readdirSync(path.join(dataDir, 'quarantine'))
      .find((f) => f.includes('böse') && !f.endsWith('.json'))!;
    expect(stored).toMatch(/^[0-9a-f]{12}-[^/\\\u0000-\u001f]+$/);
    // The hot folder is empty again: every file was taken.
    expect(fs.readdirSync(hot)).toEqual([]);
    expect(await rt.ctx.repo.verifyAudit()).toBeNull();
  }, 300_000);
});
