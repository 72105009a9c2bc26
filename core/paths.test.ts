import { describe, expect, it } from 'vitest';
import { cutBytes, MAX_NAME_BYTES, printable, queuePrefix, readableName, safeName } from './paths.ts';

describe('safeName', () => {
  it('never yields a path', () => {
    expect(safeName('../../etc/passwd')).toBe('passwd');
    expect(safeName('..\\..\\windows\\system32')).toBe('system32');
    expect(safeName('..')).toBe('unnamed');
    expect(safeName('')).toBe('unnamed');
  });

  it('drops control characters and normalises to NFC', () => {
    expect(safeName('Brief\u0000\u001b[31m.pdf')).toBe('Brief[31m.pdf');
    expect(safeName('Mu\u0308ller.pdf')).toBe('Müller.pdf');
    expect(safeName('Mu\u0308ller.pdf')).toHaveLength(10);
  });

  it('keeps spaces and umlauts inside a name', () => {
    expect(safeName('Scan Straße 1.pdf')).toBe('Scan Straße 1.pdf');
  });

  it('cuts long names by bytes, never inside a character, and keeps the extension', () => {
    const long = `${'ä'.repeat(123)}.pdf`; // 250 bytes
    const cut = safeName(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cut).toMatch(/^ä+\.pdf$/);
    expect(safeName(`${'👍🏽'.repeat(40)}.tif`)).toMatch(/^(👍🏽)+\.tif$/u);
    expect(cutBytes('Mu\u0308ller', 2)).toBe('M');
    expect(cutBytes('Mu\u0308ller', 4)).toBe('Mu\u0308');
  });

  it('never starts with a dash (an option to the next tool)', () => {
    expect(safeName('-rf Brief.pdf')).toBe('rf Brief.pdf');
  });
});

describe('printable', () => {
  it('escapes line breaks, terminal controls and bidi overrides, nothing else', () => {
    expect(printable('Brief\nneu.pdf')).toBe('Brief\\u{a}neu.pdf');
    expect(printable('\u001b[31mrot')).toBe('\\u{1b}[31mrot');
    expect(printable('Rechnung \u202eFDP.exe')).toBe('Rechnung \\u{202e}FDP.exe');
    expect(printable('Müller Straße.pdf')).toBe('Müller Straße.pdf');
  });
});

describe('queuePrefix', () => {
  it('differs per data dir and honours an override', () => {
    expect(queuePrefix('/a')).not.toBe(queuePrefix('/b'));
    expect(queuePrefix('/a')).toBe(queuePrefix('/a/'));
    expect(queuePrefix('/a', 'custom')).toBe('custom');
  });
});

describe('readableName', () => {
  it('reads UTF-8 names as they are and other bytes as Latin-1', () => {
    expect(readableName(Buffer.from('Müller.pdf'))).toEqual({ name: 'Müller.pdf', utf8: true });
    expect(readableName(Buffer.from('M\xfcller.pdf', 'latin1'))).toEqual({ name: 'Müller.pdf', utf8: false });
  });
});
