// Guarded configuration regexes: length cap, backtracking check under a timeout, bounded input at run time.
import { describe, expect, it } from 'vitest';
import { loadOrg } from './load.ts';
import {
  boundedText,
  escapeRegExp,
  guardedRegExp,
  matchAll,
  matchLines,
  MAX_LINE_LENGTH,
  MAX_PATTERN_LENGTH,
  patternProblem,
  UnsafePatternError,
} from './regex.ts';
import { orgSchema } from './schema.ts';

const DEFAULT = loadOrg().fileref.pattern;

describe('guarded configuration regexes', () => {
  it('passes the shipped file-reference pattern, quickly', () => {
    const t = Date.now();
    // One character more than the shipped pattern: not answered from what loading the org remembered.
    expect(patternProblem(`${DEFAULT}\u0020`)).toBeNull();
    expect(Date.now() - t).toBeLessThan(1000);
    expect(guardedRegExp(DEFAULT, 'g').flags).toBe('g');
  });

  it.each(['(\\d+)+$', '(a|a)*b', '(\\s*)*x', '^(\\d+\\.?)+/$', '(?<plan>[\\d.]+)*/'])(
    'rejects the catastrophic pattern %s as too slow',
    (p) => {
      expect(patternProblem(p)).toMatch(/too slow/);
      expect(() => guardedRegExp(p)).toThrow(UnsafePatternError);
    },
  );

  it('rejects a pattern longer than the limit, and one that does not compile', () => {
    const long = `(?<plan>\\d{2})${'x'.repeat(MAX_PATTERN_LENGTH - 13)}`;
    expect(long).toHaveLength(MAX_PATTERN_LENGTH + 1);
    expect(patternProblem(long)).toMatch(/longer than 200 characters \(201\)/);
    expect(patternProblem(long.slice(0, MAX_PATTERN_LENGTH))).toBeNull();
    expect(patternProblem('(unclosed')).toMatch(/Unterminated group|Invalid/i);
  });

  it('refuses such patterns when the org directory is validated, naming the key', () => {
    const org = loadOrg();
    const bad = (pattern: string) =>
      orgSchema
        .safeParse({ ...org, fileref: { pattern } })
        .error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(bad('(?<plan>(\\d+)+)$')).toEqual([
      ['fileref.pattern', expect.stringMatching(/^invalid: too slow/)],
    ]);
    expect(bad(`(?<plan>\\d)${'.'.repeat(200)}`)).toEqual([
      ['fileref.pattern', expect.stringMatching(/^invalid: longer than 200/)],
    ]);
    expect(bad('\\d{2}')).toEqual([['fileref.pattern', 'invalid: needs a named group "plan"']]);
    expect(bad(DEFAULT)).toBeUndefined();
  });

  it('matches only within the first MAX_LINE_LENGTH characters of a line, and never loops on empty matches', () => {
    const re = guardedRegExp(DEFAULT);
    const ref = '63.21.04/2026-0147';
    expect(matchAll(re, `Az. ${ref}`).map((m) => m.groups?.plan)).toEqual(['63.21.04']);
    expect(matchAll(re, `${' '.repeat(MAX_LINE_LENGTH)}${ref}`)).toEqual([]);
    expect(re.lastIndex).toBe(0);
    expect(matchAll(/x*/, 'ab')).toHaveLength(3);
    expect(matchLines(re, ['nichts', `${ref} und 10.01/2025-1`]).map((m) => [m.line, m.match[0]])).toEqual([
      [1, ref],
      [1, '10.01/2025-1'],
    ]);
    expect(boundedText('a'.repeat(5000))).toHaveLength(MAX_LINE_LENGTH);
    expect(boundedText(`${'a'.repeat(MAX_LINE_LENGTH - 1)}😀`)).toHaveLength(MAX_LINE_LENGTH - 1);
  });

  it('escapes names from configuration for use inside a pattern', () => {
    const name = 'Dr. (a+)+ Müller';
    expect(new RegExp(escapeRegExp(name), 'u').test(`Herrn ${name}`)).toBe(true);
    expect(patternProblem(`(${escapeRegExp('(a+)+')})*b`)).toBeNull();
  });
});
