import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_TAG, HAS_SHARED_ORG, SHARED_ORG } from '../test/peer.ts';
import { checkSchema, ConfigError, loadConfig, loadOrg, loadProfiles, PROFILES_DIR } from './load.ts';
import { orgSchema } from './schema.ts';

describe('configuration', () => {
  it('loads the shipped profiles and demo org', () => {
    const c = loadConfig();
    expect(c.profiles.get('standard')).toMatchObject({ dpi: 300, colour: 'grey', languages: ['deu'] });
    expect(c.org.units.map((u) => u.id)).toContain('kaemmerei');
    expect(c.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it.skipIf(!HAS_SHARED_ORG)(
    `ships the same units, file plan and topics as the reference org ${FIXTURES_TAG}`,
    () => {
      const ours = loadOrg();
      const reference = loadOrg(SHARED_ORG);
      expect(ours.units).toEqual(reference.units);
      expect(ours.fileref).toEqual(reference.fileref);
    },
  );

  it('stops with a message naming the bad key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
    fs.writeFileSync(path.join(dir, 'standard.yaml'), 'name: standard\ndpi: 5000\ncolour: purple\n');
    expect(() => loadProfiles(dir)).toThrow(ConfigError);
    expect(() => loadProfiles(dir)).toThrow(/dpi[\s\S]*colour/);
  });

  it('takes absences and topics per clerk, and refuses bad days, reversed periods and unsafe clerk ids', () => {
    const org = loadOrg();
    const withClerk = (clerk: Record<string, unknown>) =>
      checkSchema(
        { ...org, units: [{ ...org.units[0]!, clerks: [{ id: 'h.berg', name: 'Hanna Berg', ...clerk }] }] },
        orgSchema,
      );
    const ok = withClerk({
      absent: [{ from: '2026-12-01', until: '2026-12-24' }, { from: '2027-02-01' }],
      topics: ['Sitzung', 'Ratsangelegenheit'],
      deputy_for: 'o.kaiser',
      deputy_from: '2026-12-01',
      deputy_until: '2026-12-01',
    });
    expect('data' in ok && ok.data.units[0]!.clerks[0]!.absent).toHaveLength(2);
    const issues = (clerk: Record<string, unknown>) => {
      const r = withClerk(clerk);
      return 'issues' in r ? r.issues : [];
    };
    expect(issues({ absent: [{ from: '2026-12-24', until: '2026-12-01' }] })).toEqual([
      'units.0.clerks.0.absent.0.until: until before from',
    ]);
    expect(issues({ absent: [{ from: '2026-02-30' }] })).toEqual([
      'units.0.clerks.0.absent.0.from: not a calendar day',
    ]);
    expect(issues({ absent: [{ from: '2026-01-01', to: '2026-01-02' }] })[0]).toMatch(/absent\.0/);
    expect(issues({ deputy_from: '2026-12-02', deputy_until: '2026-12-01' })).toEqual([
      'units.0.clerks.0.deputy_until: deputy_until before deputy_from',
    ]);
    expect(issues({ id: '../../etc' })[0]).toMatch(/^units\.0\.clerks\.0\.id: letters, digits/);
    expect(issues({ topics: [''] })[0]).toMatch(/topics\.0/);
  });

  it('rejects an org file with a broken file-reference pattern', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'org-')), 'org.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(path.join(PROFILES_DIR, 'org/musterstadt.yaml'), 'utf8')
        .replace(/pattern: .*/, "pattern: '(unclosed'"),
    );
    expect(() => loadOrg(file)).toThrow(/fileref\.pattern/);
  });
});
