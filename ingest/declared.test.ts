import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../test/helpers.ts';
import { checkCount, declarationFromName, expectedPages, parseManifest, readManifest } from './declared.ts';

describe('declarationFromName', () => {
  it('reads sheet and page counts written into the file name', () => {
    expect(declarationFromName('Stapel 17 - 12 Blatt.pdf')).toMatchObject({ sheets: 12, pages: null });
    expect(declarationFromName('post_24seiten.tif')).toMatchObject({ sheets: null, pages: 24 });
    expect(declarationFromName('Eingang (3 Seiten).pdf')).toMatchObject({ pages: 3 });
    expect(declarationFromName('batch-40-sheets.pdf')).toMatchObject({ sheets: 40 });
  });

  it('finds no count in ordinary names', () => {
    for (const name of ['scan_0001.pdf', '2026-11-26 Post.pdf', 'Seite 3.pdf', 'Blatt.pdf', '0 Blatt.pdf'])
      expect(declarationFromName(name), name).toBeNull();
  });
});

describe('parseManifest', () => {
  it('accepts sheets or pages, with an optional duplex override', () => {
    expect(parseManifest('{"sheets": 5, "duplex": true}')).toEqual({
      sheets: 5,
      pages: null,
      duplex: true,
      source: 'manifest',
      error: null,
    });
  });

  it('turns a broken manifest into a declaration with a specific error', () => {
    expect(parseManifest('{"sheets": 5').error).toMatch(/^Begleitdatei ungültig: kein gültiges JSON/);
    expect(parseManifest('{"blätter": 5}').error).toMatch(/Begleitdatei ungültig/);
    expect(parseManifest('{"pages": -1}').error).toMatch(/pages/);
    expect(parseManifest('{}').error).toMatch(/sheets oder pages fehlt/);
  });
});

describe('readManifest', () => {
  it('reads the manifest beside a scan; a missing one is an error only where the profile requires it', async () => {
    const scan = path.join(tmpDir('manifest'), 'stapel.pdf');
    expect(await readManifest(scan, false)).toBeNull();
    expect(await readManifest(scan, true)).toMatchObject({ error: 'Begleitdatei fehlt.' });
    fs.writeFileSync(`${scan}.manifest.json`, '{"pages": 7}');
    expect(await readManifest(scan, true)).toMatchObject({ pages: 7, error: null });
  });
});

describe('checkCount', () => {
  const sheets = (n: number) => declarationFromName(`x ${n} Blatt.pdf`);
  it('counts two pages per sheet in duplex', () => {
    expect(expectedPages(sheets(3), true)).toBe(6);
    expect(expectedPages(sheets(3), false)).toBe(3);
    expect(checkCount(sheets(3), true, 6).problem).toBeNull();
  });

  it('flags missing and surplus pages, and an odd duplex count even without a declaration', () => {
    expect(checkCount(sheets(3), true, 4).problem).toMatch(/Erwartet 6 Seiten, gescannt 4: 2 Seiten fehlen/);
    expect(checkCount(sheets(3), false, 4).problem).toMatch(/1 Seite zu viel/);
    expect(checkCount(null, true, 5).problem).toMatch(/ungerader Seitenzahl/);
    expect(checkCount(null, false, 5).problem).toBeNull();
  });
});
