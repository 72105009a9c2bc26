import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_TAG, HAS_SHARED_ORG, SHARED_ORG } from '../test/peer.ts';
import { ConfigError, loadConfig, loadOrg, loadProfiles, PROFILES_DIR } from './load.ts';

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
