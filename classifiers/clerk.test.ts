// Clerk assignment within a unit: every rule of assignClerk, with the days on which absences and
// deputyships begin and end.
import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../profiles/schema.ts';
import { assignClerk } from './clerk.ts';
import { fold } from './text.ts';

const unit = (clerks: OrgUnit['clerks']): OrgUnit => ({
  id: 'hauptamt',
  name: 'Haupt- und Organisationsamt',
  code: '10',
  fileplan: ['00'],
  topics: [],
  confidential: false,
  clerks,
});

/** h.berg away in December until the 24th; o.kaiser deputises for her (undated), and is away himself at Christmas. */
const hauptamt = unit([
  {
    id: 'h.berg',
    name: 'Hanna Berg',
    absent: [{ from: '2026-12-01', until: '2026-12-24' }],
    topics: ['Ratsangelegenheit', 'Sitzung'],
  },
  {
    id: 'o.kaiser',
    name: 'Olaf Kaiser',
    deputy_for: 'h.berg',
    absent: [{ from: '2026-12-20', until: '2026-12-27' }],
    topics: ['Beschwerde'],
  },
  { id: 'r.lang', name: 'Rita Lang', topics: ['Informationsfreiheit', 'IFG', 'Beschwerde'] },
]);

const text = (s: string) => fold(s);
const letter = (addressed: string | null, body = 'Sehr geehrte Damen und Herren') => ({
  addressed,
  text: text(body),
});

describe('assignClerk', () => {
  it('gives the item to the addressed clerk while present (the day before and after the absence)', () => {
    expect(assignClerk(hauptamt, letter('h.berg'), '2026-11-30')).toEqual({
      clerk: 'h.berg',
      reason: 'addressed to h.berg',
    });
    expect(assignClerk(hauptamt, letter('h.berg'), '2026-12-25').clerk).toBe('h.berg');
  });

  it('gives it to the deputy from the first to the last day of the absence', () => {
    for (const day of ['2026-12-01', '2026-12-10', '2026-12-19'])
      expect(assignClerk(hauptamt, letter('h.berg'), day)).toEqual({
        clerk: 'o.kaiser',
        reason: 'h.berg absent until 2026-12-24: deputy o.kaiser',
      });
  });

  it('falls back to the topics when the deputy is away too (the deputy never hands on)', () => {
    expect(assignClerk(hauptamt, letter('h.berg', 'Beschwerde über den Lärm'), '2026-12-20')).toEqual({
      clerk: 'r.lang',
      reason: 'h.berg absent until 2026-12-24, no deputy present; topic Beschwerde',
    });
    expect(assignClerk(hauptamt, letter('h.berg'), '2026-12-24')).toEqual({
      clerk: 'r.lang',
      reason: 'h.berg absent until 2026-12-24, no deputy present; only clerk present',
    });
  });

  it('honours a dated deputyship only on its days, and prefers it to an open one', () => {
    const u = unit([
      { id: 'a', name: 'A', absent: [{ from: '2026-03-01' }] },
      { id: 'b', name: 'B', deputy_for: 'a' },
      { id: 'c', name: 'C', deputy_for: 'a', deputy_from: '2026-03-10', deputy_until: '2026-03-20' },
    ]);
    expect(assignClerk(u, letter('a'), '2026-03-09')).toEqual({ clerk: 'b', reason: 'a absent: deputy b' });
    expect(assignClerk(u, letter('a'), '2026-03-10').clerk).toBe('c');
    expect(assignClerk(u, letter('a'), '2026-03-20').clerk).toBe('c');
    expect(assignClerk(u, letter('a'), '2026-03-21').clerk).toBe('b');
    expect(assignClerk(u, letter('a'), '2026-02-28')).toEqual({ clerk: 'a', reason: 'addressed to a' });
  });

  it('never takes a deputy of another unit or one whose deputyship has ended', () => {
    const u = unit([
      { id: 'a', name: 'A', absent: [{ from: '2026-03-01', until: '2026-03-31' }] },
      { id: 'b', name: 'B', deputy_for: 'a', deputy_until: '2026-02-28' },
      { id: 'c', name: 'C' },
    ]);
    expect(assignClerk(u, letter('a'), '2026-03-05')).toEqual({
      clerk: null,
      reason: 'a absent until 2026-03-31, no deputy present; no clerk: unit inbox',
    });
  });

  it('joins absences that follow each other without a gap', () => {
    const u = unit([
      {
        id: 'a',
        name: 'A',
        absent: [
          { from: '2026-03-01', until: '2026-03-10' },
          { from: '2026-03-11', until: '2026-03-15' },
          { from: '2026-03-20', until: '2026-03-25' },
        ],
      },
      { id: 'b', name: 'B', deputy_for: 'a' },
    ]);
    expect(assignClerk(u, letter('a'), '2026-03-02').reason).toBe('a absent until 2026-03-15: deputy b');
    expect(assignClerk(u, letter('a'), '2026-03-16').clerk).toBe('a');
  });

  it('assigns by the clerks’ topics: most topics named, then most mentions; words and compounds, not inside words', () => {
    expect(
      assignClerk(hauptamt, letter(null, 'Antrag nach dem IFG (Informationsfreiheit)'), '2026-11-02'),
    ).toEqual({ clerk: 'r.lang', reason: 'topics Informationsfreiheit, IFG' });
    expect(
      assignClerk(hauptamt, letter(null, 'Die Sitzungsunterlagen der Ratssitzung'), '2026-11-02'),
    ).toEqual({
      clerk: 'h.berg',
      reason: 'topic Sitzung',
    });
    // 'Beschwerde' is both o.kaiser's and r.lang's: a tie decides nothing.
    expect(assignClerk(hauptamt, letter(null, 'Eine Beschwerde'), '2026-11-02')).toEqual({
      clerk: null,
      reason: 'topics tie (o.kaiser, r.lang); no clerk: unit inbox',
    });
    // 'ifg' inside a word is no mention.
    expect(
      assignClerk(hauptamt, letter(null, 'Schriftverkehr, Stiftung Pifgo'), '2026-11-02').clerk,
    ).toBeNull();
  });

  it('gives a topic clerk’s letter to their deputy while they are away, and skips an absent clerk without one', () => {
    expect(assignClerk(hauptamt, letter(null, 'Einladung zur Sitzung'), '2026-12-01')).toEqual({
      clerk: 'o.kaiser',
      reason: 'topic Sitzung: h.berg absent until 2026-12-24: deputy o.kaiser',
    });
    // o.kaiser away over Christmas: the tie on 'Beschwerde' is gone, r.lang has it.
    expect(assignClerk(hauptamt, letter(null, 'Eine Beschwerde'), '2026-12-27')).toEqual({
      clerk: 'r.lang',
      reason: 'topic Beschwerde',
    });
    expect(assignClerk(hauptamt, letter(null, 'Eine Beschwerde'), '2026-12-28').clerk).toBeNull();
  });

  it('ignores an addressed clerk of another unit', () => {
    expect(assignClerk(hauptamt, letter('k.wolf', 'IFG-Antrag'), '2026-11-02')).toEqual({
      clerk: 'r.lang',
      reason: 'k.wolf not in hauptamt; topic IFG',
    });
  });

  it('takes the only clerk present, else leaves the item to the unit’s shared inbox', () => {
    const u = unit([
      { id: 'a', name: 'A', absent: [{ from: '2026-03-01', until: '2026-03-02' }] },
      { id: 'b', name: 'B' },
    ]);
    expect(assignClerk(u, letter(null), '2026-03-01')).toEqual({ clerk: 'b', reason: 'only clerk present' });
    expect(assignClerk(u, letter(null), '2026-03-02').clerk).toBe('b');
    expect(assignClerk(u, letter(null), '2026-03-03')).toEqual({
      clerk: null,
      reason: 'no clerk: unit inbox',
    });
    expect(assignClerk(unit([]), letter(null), '2026-03-03').clerk).toBeNull();
    expect(assignClerk(unit([{ id: 'a', name: 'A' }]), letter(null), '2026-03-03')).toEqual({
      clerk: 'a',
      reason: 'only clerk present',
    });
  });

  it('gives personal post only to the addressed clerk, away or not, never by topic or as the only one', () => {
    const personal = (addressed: string | null, body = 'Beschwerde') => ({
      ...letter(addressed, body),
      personal: true,
    });
    expect(assignClerk(hauptamt, personal('h.berg'), '2026-11-30')).toEqual({
      clerk: 'h.berg',
      reason: 'personal to h.berg',
    });
    expect(assignClerk(hauptamt, personal('h.berg'), '2026-12-01')).toEqual({
      clerk: 'h.berg',
      reason: 'personal to h.berg (h.berg absent until 2026-12-24)',
    });
    expect(assignClerk(hauptamt, personal(null, 'IFG'), '2026-11-30')).toEqual({
      clerk: null,
      reason: 'personal: no addressed clerk: unit',
    });
    expect(assignClerk(unit([{ id: 'a', name: 'A' }]), personal('x'), '2026-11-30')).toEqual({
      clerk: null,
      reason: 'x not in hauptamt; personal: no addressed clerk: unit',
    });
  });
});
