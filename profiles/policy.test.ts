// The policy module on its own: units and deputyships by date, sampling, the four-eyes rule.
import { describe, expect, it } from 'vitest';
import { loadOrg } from './load.ts';
import {
  absence,
  approvalVerdict,
  can,
  canSeeItem,
  deputiesOf,
  effectiveUnits,
  isSampled,
  itemAccess,
  type ItemFacts,
  type Principal,
} from './policy.ts';
import type { OrgDirectory } from './schema.ts';

const base = loadOrg();
const org: OrgDirectory = {
  ...base,
  units: base.units.map((u) =>
    u.id === 'ordnungsamt'
      ? {
          ...u,
          clerks: [
            ...u.clerks,
            {
              id: 'x.v',
              name: 'X V',
              deputy_for: 'k.wolf',
              deputy_from: '2026-12-01',
              deputy_until: '2026-12-10',
            },
          ],
        }
      : u,
  ),
};
const clerk = (p: Partial<Principal>): Principal => ({
  id: 'u',
  roles: ['clerk'],
  units: [],
  clerk: null,
  ...p,
});
const qa = (id: string): Principal => ({ id, roles: ['qa'], units: [], clerk: null });
const sehrHoch = {
  name: 'akten',
  protection: { integrity: 'sehr hoch', confidentiality: 'normal', availability: 'normal' },
} as const;
const normal = { ...sehrHoch, protection: { ...sehrHoch.protection, integrity: 'normal' } } as const;

describe('policy', () => {
  it('gives a clerk the units of the org directory, explicit ones, and deputised ones only while in force', () => {
    expect([...effectiveUnits(clerk({ clerk: 'k.wolf' }), org, '2026-12-02')]).toEqual(['kaemmerei']);
    expect([...effectiveUnits(clerk({ units: ['bauamt'] }), org, '2026-12-02')]).toEqual(['bauamt']);
    const deputy = clerk({ clerk: 'x.v' });
    expect([...effectiveUnits(deputy, org, '2026-11-30')].sort()).toEqual(['ordnungsamt']);
    expect([...effectiveUnits(deputy, org, '2026-12-01')].sort()).toEqual(['kaemmerei', 'ordnungsamt']);
    expect([...effectiveUnits(deputy, org, '2026-12-10')].sort()).toEqual(['kaemmerei', 'ordnungsamt']);
    expect([...effectiveUnits(deputy, org, '2026-12-11')].sort()).toEqual(['ordnungsamt']);
  });

  it('lets a clerk read only delivered items of their units; roles never grant each other', () => {
    const env = { org, day: '2026-12-02' };
    const k = clerk({ clerk: 'k.wolf' });
    expect(
      can(k, 'inbox.read', env, { status: 'delivered', unit: 'kaemmerei', class: 'letter', clerk: null }),
    ).toBe(true);
    expect(
      can(k, 'inbox.read', env, { status: 'review', unit: 'kaemmerei', class: 'letter', clerk: null }),
    ).toBe(false);
    expect(
      can(k, 'inbox.read', env, { status: 'delivered', unit: 'bauamt', class: 'letter', clerk: null }),
    ).toBe(false);
    expect(can(k, 'qa.work', env)).toBe(false);
    expect(can({ ...qa('a'), roles: ['admin'] }, 'qa.work', env)).toBe(false);
  });

  it('shows personal post only to its addressed clerk and their deputies in force, or the confidential unit', () => {
    const on = (day: string) => ({ org, day });
    const personal = (p: Partial<ItemFacts>): ItemFacts => ({
      status: 'delivered',
      unit: 'kaemmerei',
      class: 'persoenlich',
      clerk: 'k.wolf',
      ...p,
    });
    const wolf = clerk({ clerk: 'k.wolf' });
    const yilmaz = clerk({ clerk: 'm.yilmaz' });
    const deputy = clerk({ clerk: 'x.v' });
    const sommer = clerk({ clerk: 'p.sommer' });
    const member = clerk({ units: ['personalamt'] });
    const qaUser = qa('q');
    const qaSommer: Principal = { id: 'qs', roles: ['qa', 'clerk'], units: [], clerk: 'p.sommer' };
    const admin: Principal = { id: 'a', roles: ['admin'], units: [], clerk: null };
    const item = personal({});
    // (a) the addressed clerk, the deputy only on the days of the deputyship; the colleague never.
    expect(can(wolf, 'inbox.read', on('2026-12-02'), item)).toBe(true);
    expect(can(yilmaz, 'inbox.read', on('2026-12-02'), item)).toBe(false);
    expect(can(yilmaz, 'inbox.read', on('2026-12-02'), { ...item, class: 'letter' })).toBe(true);
    expect(can(deputy, 'inbox.read', on('2026-11-30'), item)).toBe(false);
    expect(can(deputy, 'inbox.read', on('2026-12-01'), item)).toBe(true);
    expect(can(deputy, 'inbox.read', on('2026-12-10'), item)).toBe(true);
    expect(can(deputy, 'inbox.read', on('2026-12-11'), item)).toBe(false);
    // Not before it is delivered, whoever it is for.
    expect(can(wolf, 'inbox.read', on('2026-12-02'), { ...item, status: 'review' })).toBe(false);
    // (b) without a clerk: members of the confidential unit, and only when that is the item's unit.
    const toUnit = personal({ unit: 'personalamt', clerk: null });
    expect(can(sommer, 'inbox.read', on('2026-12-02'), toUnit)).toBe(true);
    expect(can(member, 'inbox.read', on('2026-12-02'), toUnit)).toBe(true);
    expect(can(wolf, 'inbox.read', on('2026-12-02'), toUnit)).toBe(false);
    expect(can(member, 'inbox.read', on('2026-12-02'), personal({ unit: 'personalamt' }))).toBe(false);
    const stray = personal({ unit: 'kaemmerei', clerk: null });
    expect([wolf, yilmaz, sommer, member].some((p) => canSeeItem(p, on('2026-12-02'), stray))).toBe(false);
    // QA: an entry to route, its content only when QA is the addressee; admins nothing.
    expect(itemAccess(qaUser, on('2026-12-02'), item)).toBe('entry');
    expect(itemAccess(qaUser, on('2026-12-02'), { ...item, status: 'review' })).toBe('entry');
    expect(can(qaUser, 'qa.route', on('2026-12-02'), item)).toBe(true);
    expect(can(qaUser, 'qa.work', on('2026-12-02'), item)).toBe(false);
    expect(itemAccess(qaUser, on('2026-12-02'), { ...item, class: 'letter' })).toBe('content');
    const forSommer = personal({ unit: 'personalamt', clerk: 'p.sommer', status: 'review' });
    expect(itemAccess(qaSommer, on('2026-12-02'), forSommer)).toBe('content');
    expect(itemAccess(qaSommer, on('2026-12-02'), { ...forSommer, clerk: null })).toBe('content');
    expect(itemAccess(qaSommer, on('2026-12-02'), item)).toBe('entry');
    expect(itemAccess(admin, on('2026-12-02'), item)).toBe('none');
    expect(itemAccess(admin, on('2026-12-02'), { ...item, class: 'letter' })).toBe('none');
    expect(itemAccess(yilmaz, on('2026-12-02'), item)).toBe('none');
  });

  it('finds deputies in force across units, and absences joined over days without a gap', () => {
    expect([...deputiesOf(org, 'k.wolf', '2026-11-30')]).toEqual([]);
    expect([...deputiesOf(org, 'k.wolf', '2026-12-01')]).toEqual(['x.v']);
    expect([...deputiesOf(org, 'h.berg', '2020-01-01')]).toEqual(['o.kaiser']);
    const c = {
      absent: [
        { from: '2026-12-01', until: '2026-12-31' },
        { from: '2027-01-01', until: '2027-01-06' },
        { from: '2027-01-03' },
        { from: '2027-03-01', until: '2027-03-02' },
      ],
    };
    expect(absence(c, '2026-11-30')).toBeNull();
    expect(absence(c, '2026-12-01')).toEqual({ from: '2026-12-01' });
    expect(absence({ absent: c.absent.slice(0, 2) }, '2026-12-31')).toEqual({
      from: '2026-12-01',
      until: '2027-01-06',
    });
    expect(absence({ absent: c.absent.slice(3) }, '2027-03-02')).toEqual({
      from: '2027-03-01',
      until: '2027-03-02',
    });
    expect(absence({ absent: c.absent.slice(3) }, '2027-03-03')).toBeNull();
    expect(absence({}, '2027-03-03')).toBeNull();
  });

  it('samples items by id at the given rate, the same way every time', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `batch${i}-01`);
    const share = ids.filter((id) => isSampled(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(ids.map((id) => isSampled(id, 0.1))).toEqual(ids.map((id) => isSampled(id, 0.1)));
    expect(isSampled('x', 0)).toBe(false);
    expect(isSampled('x', 1)).toBe(true);
  });

  it('holds the four-eyes rule at "sehr hoch": not the scanner, not who reworked it, not an unknown scanner', () => {
    expect(approvalVerdict(qa('qa1'), { operator: 'op1' }, sehrHoch).ok).toBe(true);
    expect(approvalVerdict(qa('qa1'), { operator: 'QA1 ' }, sehrHoch).ok).toBe(false);
    expect(approvalVerdict(qa('qa1'), { operator: 'op1', reworkedBy: ['qa1'] }, sehrHoch).ok).toBe(false);
    expect(approvalVerdict(qa('qa2'), { operator: 'op1', reworkedBy: ['qa1'] }, sehrHoch).ok).toBe(true);
    expect(approvalVerdict(qa('qa1'), { operator: null }, sehrHoch).ok).toBe(false);
    expect(approvalVerdict(qa('qa1'), { operator: 'qa1', reworkedBy: ['qa1'] }, normal).ok).toBe(true);
    expect(approvalVerdict(clerk({ id: 'c' }), { operator: 'op1' }, normal).ok).toBe(false);
  });
});
