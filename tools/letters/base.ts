// Shared pieces of the training-family letter generator: seeded randomness, page blocks, ground truth,
// names and places.
import type { DocClass } from '../../core/store/types.ts';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

export interface Block {
  /** Position in mm from the top-left corner of an A4 page (x: the left edge, or the right edge or centre). */
  x: number;
  y: number;
  size: number;
  bold?: boolean;
  lines: string[];
  align?: 'left' | 'right' | 'center';
  /** A frame around the block (a receipt stamp). */
  frame?: boolean;
  /** Grey level of the ink, 0 (black) to 1 (default 0.05). */
  ink?: number;
  /** Typeface (default sans: Helvetica). */
  font?: Face;
}

export type Face = 'sans' | 'serif' | 'mono';
/** The standard PDF fonts of each face, regular and bold. */
export const FACES: Record<Face, [string, string]> = {
  sans: ['Helvetica', 'Helvetica-Bold'],
  serif: ['Times-Roman', 'Times-Bold'],
  mono: ['Courier', 'Courier-Bold'],
};

/** Left edge (mm) of a line `width` mm wide in block `b`. */
export function lineLeft(b: Block, width: number): number {
  return b.align === 'right' ? b.x - width : b.align === 'center' ? b.x - width / 2 : b.x;
}
export interface LetterPage {
  blocks: Block[];
}

export interface Truth {
  unit: string | null;
  class: DocClass;
  fileref: string | null;
  date: string;
  sender: string;
  subject: string;
  iban: string | null;
  amount: number | null;
}

export interface LetterSpec {
  id: string;
  pages: LetterPage[];
  truth: Truth;
}

export const FIRST = [
  'Anna',
  'Lukas',
  'Marie',
  'Jonas',
  'Sophie',
  'Elias',
  'Emma',
  'Paul',
  'Mia',
  'Felix',
  'Lea',
  'Ben',
  'Hannah',
  'Jürgen',
  'Gülsen',
  'Renate',
  'Klaus',
  'Özlem',
  'Dieter',
  'Ingrid',
];
export const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Köhler',
  'Krüger',
  'Öztürk',
  'Lehmann',
  'Schäfer',
  'Neumann',
  'Zimmermann',
  'Braun',
  'Hartmann',
  'Groß',
];
export const COMPANY = [
  'Bau',
  'Elektro',
  'Garten',
  'Büro',
  'Reinigung',
  'Sanitär',
  'Druck',
  'Software',
  'Transport',
  'Dach',
  'Maler',
  'Ingenieur',
];
export const FORM = ['GmbH', 'GmbH & Co. KG', 'AG', 'e.K.', 'OHG', 'UG (haftungsbeschränkt)'];
export const STREET = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Gartenweg',
  'Lindenallee',
  'Schillerstraße',
  'Goethestraße',
  'Am Markt',
  'Industriestraße',
  'Mühlenweg',
  'Kirchplatz',
];
export const TOWN = ['Musterstadt', 'Beispielhausen', 'Neudorf', 'Altenburg', 'Bergheim', 'Talstadt'];
export const MONTHS = [
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

/** A valid German IBAN for a random account. */
export function makeIban(r: Rng): string {
  const bban = Array.from({ length: 18 }, () => int(r, 0, 9)).join('');
  const digits = `${bban}131400`; // D=13 E=14 00
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return `DE${String(98 - rest).padStart(2, '0')}${bban}`;
}
export const spaced = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();
export const euro = (n: number) =>
  n.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
