import { describe, expect, it } from 'vitest';
import { linesFromText } from './text.ts';
import { pageNumbers, paginationProblem, type PageNumber } from './pagination.ts';

const of = (k: number, n: number): PageNumber => ({ k, n });

describe('pageNumbers', () => {
  it('reads "Seite k von n" and its variants per page, ignoring impossible numbers', () => {
    const lines = [
      ...linesFromText('Sehr geehrte Damen und Herren,\nSeite 1 von 3', 1),
      ...linesFromText('Anlage\nSeite 2/3', 2),
      ...linesFromText('Seite 5 von 3', 3),
      ...linesFromText('Page 2 of 2', 4),
    ];
    expect(pageNumbers(lines, 5)).toEqual([of(1, 3), of(2, 3), null, of(2, 2), null]);
  });
});

describe('paginationProblem', () => {
  it('accepts complete sequences, unread numbers in place, and enclosures with their own numbering', () => {
    expect(paginationProblem([of(1, 3), of(2, 3), of(3, 3)])).toBeNull();
    expect(paginationProblem([of(1, 3), null, of(3, 3)])).toBeNull();
    expect(paginationProblem([null, of(2, 2), of(1, 2), of(2, 2)])).toBeNull();
    expect(paginationProblem([of(1, 2), of(2, 2), null, of(2, 3), of(3, 3)])).toBeNull();
    expect(paginationProblem([null, null])).toBeNull();
    expect(paginationProblem([of(1, 2), null])).toBeNull();
  });

  it('flags a page missing in the middle, at the start and at the end (double feed)', () => {
    expect(paginationProblem([of(1, 3), of(3, 3)])).toMatch(/^Seite 2 von 3 fehlt/);
    expect(paginationProblem([of(2, 2)])).toMatch(/^Seite 1 von 2 fehlt/);
    expect(paginationProblem([of(1, 4), of(2, 4)])).toMatch(/^Seiten 3 bis 4 von 4 fehlen/);
    expect(paginationProblem([of(1, 2), of(2, 2), of(1, 3), of(2, 3)])).toMatch(/^Seite 3 von 3 fehlt/);
  });

  it('flags a page scanned twice', () => {
    expect(paginationProblem([of(1, 2), of(1, 2), of(2, 2)])).toBe('Seite 1 von 2 ist doppelt.');
  });
});
