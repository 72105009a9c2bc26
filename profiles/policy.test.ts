// The policy module on its own: units and deputyships by date, sampling, the four-eyes rule.
import { describe, expect, it } from 'vitest';
import { loadOrg } from './load.ts';
import { approvalVerdict, can, effectiveUnits, isSampled, type Principal } from './policy.ts';
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
    expect(can(k, 'inbox.read', env, { status: 'delivered', unit: 'kaemmerei', class: 'letter' })).toBe(true);
    expect(can(k, 'inbox.read', env, { status: 'review', unit: 'kaemmerei', class: 'letter' })).toBe(false);
    expect(can(k, 'inbox.read', env, { status: 'delivered', unit: 'bauamt', class: 'letter' })).toBe(false);
    expect(can(k, 'qa.work', env)).toBe(false);
    expect(can({ ...qa('a'), roles: ['admin'] }, 'qa.work', env)).toBe(false);
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
