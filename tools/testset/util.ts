// Small helpers of the independent test family: seeded choices, calendar days and German date formats,
// money. Only the seeded generator itself (`rng`) is shared with the training family.
import { rng, type Rng } from '../letters/spec.ts';

export { rng, type Rng };

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const chance = (r: Rng, p: number): boolean => r() < p;

/** One of several choices by weight: `[[0.3, 'a'], [0.7, 'b']]`. */
export function weighted<T>(r: Rng, choices: ReadonlyArray<readonly [number, T]>): T {
  const total = choices.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, v] of choices) {
    x -= w;
    if (x < 0) return v;
  }
  return choices[choices.length - 1]![1];
}

export function shuffle<T>(r: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A calendar day (UTC arithmetic, no time of day). */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export const dayOf = (iso: string): Day => {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};
export const isoOf = (x: Day): string =>
  `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;
export function addDays(x: Day, n: number): Day {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
export const weekday = (x: Day): number => new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay();

export const MONTH_NAMES = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const MONTH_SHORT = [
  'Jan.',
  'Feb.',
  'März',
  'Apr.',
  'Mai',
  'Juni',
  'Juli',
  'Aug.',
  'Sept.',
  'Okt.',
  'Nov.',
  'Dez.',
];

export type DateStyle = 'dotted' | 'short-dotted' | 'long' | 'abbrev' | 'iso';

/** A day as printed in a German letter. */
export function fmtDay(x: Day, style: DateStyle): string {
  const dd = String(x.d).padStart(2, '0');
  const mm = String(x.m).padStart(2, '0');
  switch (style) {
    case 'dotted':
      return `${dd}.${mm}.${x.y}`;
    case 'short-dotted':
      return `${x.d}.${x.m}.${x.y}`;
    case 'long':
      return `${x.d}. ${MONTH_NAMES[x.m - 1]} ${x.y}`;
    case 'abbrev':
      return `${dd}. ${MONTH_SHORT[x.m - 1]} ${x.y}`;
    case 'iso':
      return isoOf(x);
  }
}

/** Reads back any of the formats above (for tests): ISO day or null. */
export function parsePrintedDay(s: string): string | null {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const dotted = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(s);
  if (dotted) return isoOf({ y: Number(dotted[3]), m: Number(dotted[2]), d: Number(dotted[1]) });
  const named = /(\d{1,2})\.\s+([A-Za-zä]+\.?)\s+(\d{4})/.exec(s);
  if (named) {
    const word = named[2]!;
    const m = [...MONTH_NAMES, ...MONTH_SHORT].findIndex((n) => n === word) % 12;
    if (m >= 0) return isoOf({ y: Number(named[3]), m: m + 1, d: Number(named[1]) });
  }
  return null;
}

/** 1234.5 → '1.234,50'. */
export function deMoney(n: number): string {
  const [whole, cents] = n.toFixed(2).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
