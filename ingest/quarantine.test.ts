import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReasonCode } from '../core/errors.ts';
import { log } from '../core/log.ts';
import { dataDirs, ensureDataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import type { Declaration } from '../core/store/types.ts';
import { loadConfig } from '../profiles/load.ts';
import { tmpDir } from '../test/helpers.ts';
import { MANIFEST_SUFFIX, parseManifest } from './declared.ts';
import {
  listQuarantine,
  quarantineBatch,
  releaseQuarantined,
  ReleaseRefused,
  REASON_SUFFIX,
} from './quarantine.ts';

function harness() {
  const dirs = dataDirs(tmpDir('quarantine'));
  ensureDataDirs(dirs);
  const config = loadConfig();
  const repo = new SqliteRepository(dirs.db, config.version);
  const ctx = { dirs, repo, config, log, actor: 'test' };
  /** A batch of these bytes in the spool, quarantined with `reason`. */
  async function quarantined(
    originalName: string,
    reason: ReasonCode,
    opts: { declared?: Declaration; operator?: string; file?: boolean } = {},
  ) {
    const spoolPath = path.join(dirs.spool, `${originalName}.spooled`);
    if (opts.file !== false) fs.writeFileSync(spoolPath, `bytes of ${originalName}`);
    const batch = await repo.createBatch(
      {
        hash: `${originalName}`.padEnd(64, '0'),
        source: 'hotfolder',
        originalName,
        spoolPath: opts.file === false ? '' : spoolPath,
        profile: 'standard',
        receivedAt: '2026-01-05',
        outDir: dirs.inbox,
        configVersion: config.version,
        declared: opts.declared ?? null,
        operator: opts.operator,
      },
      'test',
    );
    await quarantineBatch(ctx, batch, reason, 'Datei endet vorzeitig.');
    return batch;
  }
  return { ctx, dirs, repo, quarantined, hot: path.join(dirs.hotfolders, 'standard') };
}

let h: ReturnType<typeof harness>;
afterEach(() => h?.ctx.repo.close());

describe('listQuarantine', () => {
  it('lists the records with name, size, reason, message, batch, profile and date', async () => {
    h = harness();
    const b = await h.quarantined('kaputt.pdf', ReasonCode.truncated);
    const list = await listQuarantine(h.dirs);
    expect(list).toEqual([
      expect.objectContaining({
        name: `${b.id}-kaputt.pdf`,
        size: 'bytes of kaputt.pdf'.length,
        reason: 'truncated',
        message: 'Datei endet vorzeitig.',
        batch: b.id,
        profile: 'standard',
        originalName: 'kaputt.pdf',
        file: true,
        at: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
  });

  it('is empty without a quarantine folder and skips records it cannot read', async () => {
    h = harness();
    expect(await listQuarantine({ quarantine: path.join(h.dirs.root, 'none') })).toEqual([]);
    fs.writeFileSync(path.join(h.dirs.quarantine, `x${REASON_SUFFIX}`), '{not json');
    expect(await listQuarantine(h.dirs)).toEqual([]);
  });
});

describe('releaseQuarantined', () => {
  it('moves the file into the hot folder with its manifest, removes the record and audits', async () => {
    h = harness();
    const declared = parseManifest(JSON.stringify({ sheets: 4, duplex: true }));
    const b = await h.quarantined('Stapel.pdf', ReasonCode.truncated, { declared, operator: 'schmidt' });
    const [entry] = await listQuarantine(h.dirs);
    const r = await releaseQuarantined(h.ctx, { name: entry!.name, profile: 'standard', actor: 'mueller' });
    expect(r).toEqual({ batch: b.id, target: path.join(h.hot, 'Stapel.pdf'), manifest: true });
    expect(fs.readFileSync(r.target, 'utf8')).toBe('bytes of Stapel.pdf');
    // The restored manifest declares the same again, and names the operator.
    const restored = fs.readFileSync(r.target + MANIFEST_SUFFIX, 'utf8');
    expect(parseManifest(restored)).toEqual({ ...declared, operator: 'schmidt' });
    expect(await listQuarantine(h.dirs)).toEqual([]);
    expect(fs.readdirSync(h.dirs.quarantine)).toEqual([]);
    const audit = await h.repo.auditSearch({ action: 'quarantine.released', limit: 5 });
    expect(audit).toMatchObject([{ actor: 'mueller', subject: b.id, details: { profile: 'standard' } }]);
  });

  it('never replaces a file waiting in the hot folder under the same name', async () => {
    h = harness();
    await h.quarantined('scan.pdf', ReasonCode.truncated);
    fs.mkdirSync(h.hot, { recursive: true });
    fs.writeFileSync(path.join(h.hot, 'scan.pdf'), 'waiting');
    const [entry] = await listQuarantine(h.dirs);
    const r = await releaseQuarantined(h.ctx, { name: entry!.name, profile: 'standard', actor: 'x' });
    expect(r.target).toBe(path.join(h.hot, entry!.name));
    expect(fs.readFileSync(path.join(h.hot, 'scan.pdf'), 'utf8')).toBe('waiting');
  });

  it.each([
    ['a path', '../../etc/passwd', /Nicht in der Quarantäne/],
    ['a record name', `x${REASON_SUFFIX}`, /Nicht in der Quarantäne/],
    ['an unknown name', 'nothing.pdf', /Nicht in der Quarantäne/],
  ])('refuses %s', async (_, name, message) => {
    h = harness();
    await expect(releaseQuarantined(h.ctx, { name, profile: 'standard', actor: 'x' })).rejects.toThrow(
      message,
    );
  });

  it('refuses entries that were never read, and unknown profiles', async () => {
    h = harness();
    await h.quarantined('link.pdf', ReasonCode.notRegularFile, { file: false });
    await h.quarantined('ok.pdf', ReasonCode.truncated);
    const list = await listQuarantine(h.dirs);
    const link = list.find((e) => e.originalName === 'link.pdf')!;
    const ok = list.find((e) => e.originalName === 'ok.pdf')!;
    expect(link.size).toBeNull();
    const err = await releaseQuarantined(h.ctx, { name: link.name, profile: 'standard', actor: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReleaseRefused);
    expect((err as Error).message).toMatch(/Keine reguläre Datei/);
    await expect(releaseQuarantined(h.ctx, { name: ok.name, profile: 'nope', actor: 'x' })).rejects.toThrow(
      /Unbekanntes Profil/,
    );
    expect(await listQuarantine(h.dirs)).toHaveLength(2);
  });
});
