// Clerk assignment within a unit (issue 12): the addressed clerk, else the deputy in force while they are
// away, else the clerk whose topics the letter names, else the only clerk present, else nobody (the
// unit's shared inbox). Pure: the org directory's absences and deputyships decide, on the day of receipt.
import { absence, deputyInForce } from '../profiles/policy.ts';
import type { Clerk, OrgUnit } from '../profiles/schema.ts';
import { fold } from './text.ts';

export interface ClerkFacts {
  /** The clerk id named in the address ('z. Hd. Frau Berg'), as the router resolved it. */
  addressed: string | null;
  /** The letter's OCR text, folded (`fold()` of text.ts; folded again here, which changes nothing). */
  text: string;
  /**
   * Personal post ('persönlich/vertraulich'): it goes to the addressed clerk even while they are away
   * (their deputies in force see it through the policy), and never to a clerk by topic or as the only one.
   */
  personal?: boolean;
}

export interface ClerkAssignment {
  clerk: string | null;
  /** Why (English, short), for the routing reason. */
  reason: string;
}

const away = (c: Clerk, day: string) => {
  const a = absence(c, day);
  return a && `${c.id} absent${a.until ? ` until ${a.until}` : ''}`;
};

/**
 * The clerk standing in for `c` on `day`: a clerk of the same unit deputising for `c` then (a dated
 * deputyship before an open one, else in the directory's order) who is not away themselves.
 */
function deputyFor(unit: OrgUnit, c: Clerk, day: string): Clerk | null {
  const deputies = unit.clerks.filter(
    (d) => d.id !== c.id && d.deputy_for === c.id && deputyInForce(d, day) && !absence(d, day),
  );
  const dated = (d: Clerk) => (d.deputy_from || d.deputy_until ? 0 : 1);
  return deputies.sort((a, b) => dated(a) - dated(b))[0] ?? null;
}

/** `c` when present on `day`, else their deputy; null when neither is there, with why. */
function present(unit: OrgUnit, c: Clerk, day: string): { clerk: string | null; why: string } {
  const gone = away(c, day);
  if (!gone) return { clerk: c.id, why: '' };
  const deputy = deputyFor(unit, c, day);
  return deputy ? { clerk: deputy.id, why: `${gone}: deputy ${deputy.id}` } : { clerk: null, why: gone };
}

/** How often `topic` (folded) begins a word of `text` (folded, single spaces): compounds count. */
function occurrences(text: string, topic: string): number {
  const t = fold(topic).replace(/\s+/g, ' ').trim();
  if (!t) return 0;
  let n = 0;
  for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + t.length))
    if (at === 0 || !/[a-z0-9]/.test(text[at - 1]!)) n++;
  return n;
}

/** The clerks whose topics the text names, best first: most distinct topics, then most mentions. */
function byTopic(unit: OrgUnit, text: string) {
  const flat = fold(text).replace(/\s+/g, ' ');
  return unit.clerks
    .map((c) => {
      const hits = (c.topics ?? []).map((t) => ({ t, n: occurrences(flat, t) })).filter((h) => h.n > 0);
      return { c, topics: hits.map((h) => h.t), mentions: hits.reduce((s, h) => s + h.n, 0) };
    })
    .filter((x) => x.topics.length > 0)
    .sort((a, b) => b.topics.length - a.topics.length || b.mentions - a.mentions);
}

const joined = (...parts: string[]) => parts.filter(Boolean).join('; ');

/**
 * The clerk of `unit` an item received on `day` goes to, and why. In order: the addressed clerk, if present;
 * if away, their deputy in force who is present; else the clerk with the best topic hits in the text
 * (their deputy while they are away; a tie between clerks decides nothing); else the only clerk present;
 * else null (the unit's shared inbox). Personal post only ever goes to the addressed clerk (away or not).
 * @example assignClerk(hauptamt, { addressed: 'h.berg', text: fold(ocrText) }, '2026-12-02') // { clerk: 'h.berg', reason: 'addressed to h.berg' }
 */
export function assignClerk(unit: OrgUnit, facts: ClerkFacts, day: string): ClerkAssignment {
  const addressed = facts.addressed ? unit.clerks.find((c) => c.id === facts.addressed) : undefined;
  const stray = facts.addressed && !addressed ? `${facts.addressed} not in ${unit.id}` : '';
  if (facts.personal) {
    if (!addressed) return { clerk: null, reason: joined(stray, 'personal: no addressed clerk: unit') };
    const gone = away(addressed, day);
    return {
      clerk: addressed.id,
      reason: gone ? `personal to ${addressed.id} (${gone})` : `personal to ${addressed.id}`,
    };
  }
  let note = stray;
  if (addressed) {
    const p = present(unit, addressed, day);
    if (p.clerk) return { clerk: p.clerk, reason: p.why || `addressed to ${addressed.id}` };
    note = `${p.why}, no deputy present`;
  }

  const ranked = byTopic(unit, facts.text)
    .map((x) => ({ ...x, ...present(unit, x.c, day) }))
    .filter((x) => x.clerk !== null);
  const [best, next] = ranked;
  if (best && !(next && next.clerk !== best.clerk && sameScore(best, next))) {
    const topic = `topic${best.topics.length > 1 ? 's' : ''} ${best.topics.join(', ')}`;
    return { clerk: best.clerk, reason: joined(note, best.why ? `${topic}: ${best.why}` : topic) };
  }
  const tie = best ? `topics tie (${best.c.id}, ${next!.c.id})` : '';

  const here = unit.clerks.filter((c) => !absence(c, day));
  if (here.length === 1) return { clerk: here[0]!.id, reason: joined(note, tie, 'only clerk present') };
  return { clerk: null, reason: joined(note, tie, 'no clerk: unit inbox') };
}

const sameScore = (a: { topics: string[]; mentions: number }, b: { topics: string[]; mentions: number }) =>
  a.topics.length === b.topics.length && a.mentions === b.mentions;
