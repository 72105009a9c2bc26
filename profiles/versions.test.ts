import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_FILE, loadConfig } from './load.ts';
import { activateVersion, configHistory, validateCandidate } from './versions.ts';

const ORG = fs.readFileSync(DEFAULT_ORG_FILE, 'utf8');

function harness() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'versions-'));
  const audit: Array<{ actor: string; action: string; subject: string; details: unknown }> = [];
  const ctx = {
    dirs: { root },
    config: loadConfig(),
    repo: {
      audit: async (actor: string, action: string, subject: string, details: unknown) =>
        void audit.push({ actor, action, subject, details }),
    },
  };
  return { root, audit, ctx };
}

describe('validateCandidate', () => {
  const { ctx } = harness();

  it('accepts the shipped org and a new profile', () => {
    expect(validateCandidate(ctx, 'org', ORG)).toMatchObject({ ok: true, issues: [] });
    expect(validateCandidate(ctx, 'profile', 'name: eilig\ndpi: 400\noriginals: destroy\n')).toMatchObject({
      ok: true,
      value: { name: 'eilig', dpi: 400, originals: 'destroy' },
    });
  });

  it.each([
    ['broken YAML', 'org', 'units: [unclosed', /^YAML nicht lesbar/],
    ['not an object', 'profile', '42', /^\(root\): /],
    ['bad keys', 'profile', 'name: Eilig!\ndpi: 5\nfoo: 1\n', /^name: /],
    [
      'a broken file-reference pattern',
      'org',
      ORG.replace(/pattern: .*/, "pattern: '(unclosed'"),
      /^fileref\.pattern: /,
    ],
    [
      'a file-reference pattern that backtracks catastrophically (in German)',
      'org',
      ORG.replace(/pattern: .*/, () => "pattern: '(?<plan>(\\d+)+)$'"),
      /^fileref\.pattern: Das Muster braucht auf langen Folgen .* zu lange/,
    ],
    [
      'a hot folder of another profile',
      'profile',
      'name: zweit\nhotFolder: standard\n',
      /gehört schon zum Profil standard/,
    ],
    ['a huge text', 'org', 'x'.repeat(600 * 1024), /zu groß/],
  ] as const)('lists the issues of %s, without throwing', (_, kind, text, first) => {
    const r = validateCandidate(ctx, kind, text);
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatch(first);
  });

  it('names every bad key', () => {
    expect(validateCandidate(ctx, 'profile', 'name: x\ndpi: 5000\ncolour: purple\n').issues).toEqual([
      expect.stringMatching(/^dpi: /),
      expect.stringMatching(/^colour: /),
    ]);
  });
});

describe('activateVersion', () => {
  it('makes a profile and an org active in the data dir, keeps history and audits the new version', async () => {
    const { root, audit, ctx } = harness();
    const before = ctx.config.version;
    const a = await activateVersion(ctx, 'profile', 'name: eilig\noriginals: return\n', 'admin');
    expect(a.version).not.toBe(before);
    expect(a.previousVersion).toBe(before);
    expect(fs.readFileSync(path.join(root, 'config/profiles/eilig.yaml'), 'utf8')).toContain('eilig');
    // loadConfig prefers the data dir's configuration, over the shipped one.
    const loaded = loadConfig({ dataDir: root });
    expect(loaded.profiles.get('eilig')?.originals).toBe('return');
    expect(loaded.profiles.has('standard')).toBe(true);
    expect(loaded.version).toBe(a.version);
    expect(loadConfig().version).toBe(before);

    const org = ORG.replace(/name: (.*)/, 'name: $1 (neu)');
    const b = await activateVersion({ ...ctx, config: a.config }, 'org', org, 'admin');
    expect(loadConfig({ dataDir: root }).org.authority.name).toMatch(/\(neu\)$/);
    // An explicit org file (--org) wins over the active one.
    expect(loadConfig({ dataDir: root, orgFile: DEFAULT_ORG_FILE }).org.authority.name).not.toMatch(
      /\(neu\)$/,
    );
    expect(audit).toEqual([
      {
        actor: 'admin',
        action: 'config.activated',
        subject: 'config',
        details: expect.objectContaining({
          kind: 'profile',
          name: 'eilig',
          version: a.version,
          previousVersion: before,
        }),
      },
      {
        actor: 'admin',
        action: 'config.activated',
        subject: 'config',
        details: expect.objectContaining({
          kind: 'org',
          name: null,
          version: b.version,
          previousVersion: a.version,
        }),
      },
    ]);
    expect(
      configHistory(root)
        .map((h) => h.what)
        .sort(),
    ).toEqual(['org', 'profile-eilig']);
    expect(configHistory(root).find((h) => h.what === 'org')?.hash).toBe(b.hash);
  });

  it('refuses a bad candidate and changes nothing', async () => {
    const { root, audit, ctx } = harness();
    await expect(activateVersion(ctx, 'profile', 'name: x\ndpi: 5000\n', 'admin')).rejects.toThrow(/dpi/);
    expect(fs.existsSync(path.join(root, 'config'))).toBe(false);
    expect(audit).toEqual([]);
  });
});
