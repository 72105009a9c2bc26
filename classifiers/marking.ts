// Endorsements that keep a letter closed (persönlich, vertraulich, eigenhändig, ...), as written on the
// envelope's window or over the address field: read by routing (personal post) and by the subject finder
// (a marking is no subject).
import { fold } from './text.ts';

/**
 * Endorsements: persönlich, vertraulich, eigenhändig, nur für den Empfänger; as endorsements are written,
 * not inflected ('Ihr persönliches Angebot', 'einem persönlichen Rundgang').
 */
const PERSONAL =
  /(^|[^a-z])(pers(o|oe)nlich(?![a-z])|vertraulich(e|er|es)?(?![a-z])|eigenh(a|ae)ndig|zu\s+eigenen\s+h(a|ae)nden|nur\s+f(u|ue)r\s+(den|die)\s+(empf(a|ae)nger|adressat)\w*|nur\s+vom\s+empf(a|ae)nger|personal(sache|angelegenheit)|privat\s*[-–/]?\s*vertraulich)/;
/** Words that mark post closed where they stand alone on a line ('PRIVAT', '- Geheim -'). */
const PERSONAL_ALONE = /^[^a-z0-9]*(privat|(streng\s+)?geheim|verschlossen)[^a-z0-9]*$/;
/** Letters spaced out for emphasis ('P e r s ö n l i c h') set close again. */
const unspaced = (s: string) =>
  s.replace(/(?<!\p{L})(?:\p{L} ){3,}\p{L}(?!\p{L})/gu, (m) => m.replace(/ /g, ''));
const folded = (line: string) => fold(unspaced(line)).trim();

/** A line that carries an endorsement ('PERSÖNLICH', 'Vertrauliche Personalsache', 'z. Hd. - persönlich -'). */
export function isMarking(line: string): boolean {
  const t = folded(line);
  return PERSONAL.test(t) || PERSONAL_ALONE.test(t);
}

/** Endorsement words proper (no nouns: 'Vertrauliche Personalangelegenheit' may be a subject). */
const ENDORSEMENT =
  /(^|[^a-z])(pers(o|oe)nlich(?![a-z])|vertraulich(e|er|es)?(?![a-z])|eigenh(a|ae)ndig|zu\s+eigenen\s+h(a|ae)nden|nur\s+f(u|ue)r\s+(den|die)\s+(empf(a|ae)nger|adressat)\w*|nur\s+vom\s+empf(a|ae)nger|privat|(streng\s+)?geheim|verschlossen)/g;
/** What may stand beside the endorsement on its line ('Vertraulich – persönlich übergeben'). */
const BESIDE = /^(bitte|ubergeben|zustellen|aushandigen|offnen)$/;

/**
 * A line that is nothing but an endorsement ('PERSÖNLICH / VERTRAULICH', 'Vertraulich – persönlich
 * übergeben'), wherever it stands: no subject, and a marking even where a reader took it for one.
 * @example markingOnly('PERSÖNLICH / VERTRAULICH') // true; markingOnly('Vertrauliche Personalangelegenheit') // false
 */
export function markingOnly(line: string): boolean {
  const t = folded(line);
  if (t.length > 40 || !isMarking(line)) return false;
  const rest = t.replace(ENDORSEMENT, ' ').split(/[^a-z]+/);
  return rest.every((w) => w.length < 3 || BESIDE.test(w));
}
