// IBANs of the test family: German account numbers with a valid ISO 13616 check (mod 97), and the ways
// letters print them. Written independently of the training family's generator.
import { int, pick, type Rng } from './util.ts';

/** Remainder of a long digit string modulo 97, chunk by chunk. */
function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

const numeric = (s: string) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

/** True for an IBAN (any spacing) whose check digits hold. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  return mod97(numeric(s.slice(4) + s.slice(0, 4))) === 1;
}

/** A German IBAN: DE, check digits, an 8-digit bank code and a 10-digit account. */
export function testIban(r: Rng): string {
  // Bank codes of plausible shape: the first digit names the clearing area (1..8).
  const blz = `${int(r, 1, 8)}${String(int(r, 0, 9_999_999)).padStart(7, '0')}`;
  const account = String(int(r, 1, 9_999_999_999)).padStart(10, '0');
  const bban = blz + account;
  const check = 98 - mod97(numeric(`${bban}DE00`));
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

/** Groups of four, as DIN 5008 writes it. */
export const grouped = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

/**
 * The IBAN as printed: grouped, unspaced, or broken over two lines (a narrow footer column). Returns the
 * printed lines (the label, if any, is on the first).
 */
export function printIban(r: Rng, iban: string, label: string, style?: IbanStyle): string[] {
  const how = style ?? pick(r, ['grouped', 'grouped', 'plain', 'broken'] as const);
  if (how === 'plain') return [`${label}${iban}`];
  const g = grouped(iban);
  if (how === 'grouped') return [`${label}${g}`];
  const cut = pick(r, [10, 15, 20]);
  return [`${label}${g.slice(0, cut - 1)}`, g.slice(cut)];
}
export type IbanStyle = 'grouped' | 'plain' | 'broken';

const BIC_BANKS = ['SPKR', 'GENO', 'VBRA', 'HOLB', 'KRON', 'LIND', 'WEID', 'NOLA'];
export function testBic(r: Rng): string {
  const loc = pick(r, ['K1', 'M1', 'R1', 'T1', 'F1', 'H1']);
  return `${pick(r, BIC_BANKS)}DE${loc}${pick(r, ['XXX', '', 'OST', 'S01'])}`;
}

export const BANKS = [
  'Sparkasse Kronsberg-Lindenau',
  'Volksbank Rabenfurt eG',
  'Raiffeisenbank Hollerbacher Land eG',
  'Kreissparkasse Weidenthal',
  'Stadtsparkasse Talstadt',
  'Sparda-Bank Ostermoor',
  'Postbank',
  'Commerzbank Bergheim',
];
