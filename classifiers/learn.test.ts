import { describe, expect, it } from 'vitest';
import { calibrated, fitCalibration, inflectionOff, thresholdFor, tokens } from './learn.ts';

describe('calibration', () => {
  const pairs = [
    ...[1, 2, 3, 4].map((score) => ({ score, right: score > 2 })),
    ...[5, 6, 7, 8, 9, 10].map((score) => ({ score, right: true })),
  ];

  it('maps scores monotonically to smoothed rates of being right', () => {
    const cal = fitCalibration(pairs);
    const ps = [1, 3, 5, 10].map((s) => calibrated(cal, s));
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    expect(calibrated(cal, 10)).toBeLessThan(1); // eight right answers are no certainty
    expect(calibrated(cal, 1)).toBeLessThan(0.5);
  });

  it('gives decisions of one score one probability', () => {
    const cal = fitCalibration([
      ...Array.from({ length: 9 }, () => ({ score: 1, right: true })),
      { score: 1, right: false },
      { score: 1, right: true },
    ]);
    expect(cal).toHaveLength(1);
    expect(calibrated(cal, 1)).toBeCloseTo(10.5 / 12, 4);
  });

  it('claims no more than even odds below the lowest score it saw, or without a calibration', () => {
    const sure = fitCalibration([5, 6, 7, 8].map((score) => ({ score, right: true })));
    expect(calibrated(sure, 5)).toBeGreaterThan(0.8);
    expect(calibrated(sure, 2)).toBe(0.5);
    expect(calibrated(undefined, 9)).toBe(0.5);
  });

  it('sets the threshold where the decisions above it reach the target precision', () => {
    const decisions: Array<[number, 0 | 1]> = [
      [0.99, 1],
      [0.99, 1],
      [0.9, 1],
      [0.8, 0],
      [0.7, 1],
    ];
    expect(thresholdFor(decisions, 0.99)).toBe(0.9);
    expect(thresholdFor(decisions, 0.75)).toBe(0.7);
    expect(thresholdFor([[0.9, 0]], 0.99)).toBeGreaterThan(1);
  });
});

describe('tokens', () => {
  it.each([
    ['hundes', 'hund'],
    ['anmeldungen', 'anmeldung'],
    ['steuern', 'steu'],
    ['steuer', 'steu'],
    ['antrags', 'antrag'],
    ['hund', 'hund'],
  ])('takes the inflection off %s', (w, stem) => {
    expect(inflectionOff(w)).toBe(stem);
  });

  it('folds, drops stop words and short words, and adds a stem of long words', () => {
    expect(tokens('Ihr Hundesteuerbescheid vom 3.5.')).toEqual(['hundesteuerbescheid', '~hundes']);
    // A prefix does not make a stem: Einschreiben and Einschulung meet no more.
    expect(tokens('per Einschreiben zur Einschulung')).toEqual([
      'per',
      'einschreib',
      '~einschre',
      'einschulung',
      '~einschul',
    ]);
  });
});
