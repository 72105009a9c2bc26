// Fills the placeholders of the test family's wording for one letter, and records every date it prints
// (none of them is the letter's own date) and every amount.
import { BREEDS, DOGS, KITAS, SCHOOLS, SPOTS, SURNAMES, TREES, WOMEN, MEN, street } from './names.ts';
import {
  addDays,
  chance,
  deMoney,
  fmtDay,
  int,
  isoOf,
  pick,
  round2,
  type DateStyle,
  type Day,
  type Rng,
} from './util.ts';

export interface Filler {
  r: Rng;
  /** The letter's own date. */
  day: Day;
  /** Surname of the writer (children carry it). */
  last: string;
  /** ISO days of every other date printed on the letter. */
  dates: string[];
  amounts: number[];
  memo: Map<string, string>;
}

export const filler = (r: Rng, day: Day, last: string): Filler => ({
  r,
  day,
  last,
  dates: [],
  amounts: [],
  memo: new Map(),
});

const distractorStyle = (r: Rng): DateStyle =>
  pick(r, ['dotted', 'dotted', 'dotted', 'long', 'short-dotted'] as const);

/** A day `lo`..`hi` days from the letter's date (never the letter's date), printed and recorded. */
export function otherDay(f: Filler, lo: number, hi: number, style?: DateStyle): string {
  let n = 0;
  while (n === 0) n = int(f.r, lo, hi);
  return printDay(f, addDays(f.day, n), style);
}
export function printDay(f: Filler, d: Day, style?: DateStyle): string {
  f.dates.push(isoOf(d));
  return fmtDay(d, style ?? distractorStyle(f.r));
}

/** An amount in euros, printed in one of the usual ways, and recorded. */
export function money(f: Filler, lo: number, hi: number): string {
  const v = round2(lo + f.r() * (hi - lo));
  f.amounts.push(v);
  return pick(f.r, [`${deMoney(v)} EUR`, `${deMoney(v)} €`, `EUR ${deMoney(v)}`]);
}

function period(f: Filler): string {
  // The month before the letter's month.
  const end = addDays({ ...f.day, d: 1 }, -1);
  const start: Day = { ...end, d: 1 };
  f.dates.push(isoOf(start), isoOf(end));
  const a = fmtDay(start, 'dotted');
  const b = fmtDay(end, 'dotted');
  return pick(f.r, [`vom ${a} bis ${b}`, `${a.slice(0, 6)}–${b}`, `${a} – ${b}`]);
}

const memo = (f: Filler, key: string, make: () => string): string => {
  const have = f.memo.get(key);
  if (have !== undefined) return have;
  const v = make();
  f.memo.set(key, v);
  return v;
};

/** The value of one placeholder. */
function value(f: Filler, key: string): string {
  const r = f.r;
  const y = f.day.y;
  switch (key) {
    case 'before':
      return otherDay(f, -45, -3);
    case 'after':
      return otherDay(f, 8, 60);
    case 'event':
      return otherDay(f, 14, 120, pick(r, ['long', 'dotted'] as const));
    case 'period':
      return period(f);
    case 'birth':
      return memo(f, key, () =>
        printDay(f, { y: int(r, 1936, 1994), m: int(r, 1, 12), d: int(r, 1, 28) }, 'dotted'),
      );
    case 'kidbirth':
      return memo(f, key, () =>
        printDay(f, { y: int(r, 2013, 2024), m: int(r, 1, 12), d: int(r, 1, 28) }, 'dotted'),
      );
    case 'eur':
      return memo(f, key, () => money(f, 25, 4800));
    case 'name':
      return memo(f, key, () => `${pick(r, chance(r, 0.5) ? WOMEN : MEN)} ${pick(r, SURNAMES)}`);
    case 'kid':
      return memo(f, key, () => pick(r, [...WOMEN.slice(0, 12), ...MEN.slice(0, 12)]));
    case 'last':
      return f.last;
    case 'last2':
      return memo(f, key, () =>
        pick(
          r,
          SURNAMES.filter((s) => s !== f.last),
        ),
      );
    case 'pet':
      return memo(f, key, () => pick(r, DOGS));
    case 'breed':
      return memo(f, key, () => pick(r, BREEDS));
    case 'addr':
      return memo(f, key, () => street(r));
    case 'street':
      return memo(f, key, () => street(r).replace(/\s+\d+[ab]?$/, ''));
    case 'plot':
      return memo(f, key, () =>
        pick(r, [
          `Flurstück ${int(r, 12, 899)}/${int(r, 1, 19)}`,
          `Gemarkung Musterstadt, Flur ${int(r, 1, 14)}, Flurstück ${int(r, 12, 899)}`,
        ]),
      );
    case 'school':
      return memo(f, key, () => pick(r, SCHOOLS));
    case 'kita':
      return memo(f, key, () => pick(r, KITAS));
    case 'spot':
      return memo(f, key, () => pick(r, SPOTS));
    case 'tree':
      return memo(f, key, () => pick(r, TREES));
    case 'no':
      return memo(f, key, () => String(int(r, 10_000, 9_999_999)));
    case 'kz':
      return memo(f, key, () => `${int(r, 10, 99)}/${y}`);
    case 'inv':
      return memo(f, key, () =>
        pick(r, [
          `RE-${y}-${int(r, 1000, 99999)}`,
          `${int(r, 100000, 999999)}`,
          `R ${int(r, 10, 99)}/${int(r, 1000, 9999)}`,
        ]),
      );
    case 'firm':
      return memo(f, key, () =>
        pick(r, [
          'Bäckerei Lehmkuhl',
          'Café Kranich GbR',
          'Autohaus Wendt GmbH',
          'Zahnarztpraxis Dr. Rahimi',
        ]),
      );
    case 'year':
      return String(y + 1);
    case 'year1':
      return String(y + 2);
    case 'thisyear':
      return String(y);
    case 'lastyear':
      return String(y - 1);
    default:
      throw new Error(`unknown placeholder {${key}}`);
  }
}

export const fill = (f: Filler, text: string): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => value(f, k));
