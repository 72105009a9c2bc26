import { describe, expect, it } from 'vitest';
import { queuePrefix, safeName } from './paths.ts';

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
});

describe('queuePrefix', () => {
  it('differs per data dir and honours an override', () => {
    expect(queuePrefix('/a')).not.toBe(queuePrefix('/b'));
    expect(queuePrefix('/a')).toBe(queuePrefix('/a/'));
    expect(queuePrefix('/a', 'custom')).toBe('custom');
  });
});
