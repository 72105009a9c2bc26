import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { log } from '../core/log.ts';
import type { NextJob } from '../core/jobs.ts';
import { dataDirs, ensureDataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { loadConfig } from '../profiles/load.ts';
import { tmpDir } from '../test/helpers.ts';
import { berlinDate, intake, type IntakeContext } from './intake.ts';
import { intakeUpload, UploadRefused } from './upload.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A real store and data dir; queues that only record what was enqueued. */
function intakeHarness(name: string): IntakeContext & { enqueued: NextJob[]; close(): void } {
  const dirs = dataDirs(tmpDir(name));
  ensureDataDirs(dirs);
  const config = loadConfig();
  const repo = new SqliteRepository(dirs.db, config.version);
  const enqueued: NextJob[] = [];
  return {
    repo,
    config,
    dirs,
    queues: { ensure: async (job: NextJob) => void enqueued.push(job) },
    log,
    actor: 'test',
    minFreeBytes: 0,
    enqueued,
    close: () => repo.close(),
  };
}

let h: ReturnType<typeof intakeHarness>;
afterEach(() => h?.close());

const spoolEntries = () => fs.readdirSync(h.dirs.spool);

describe('intakeUpload', () => {
  it('takes a scan in as a batch of source upload, with the user as operator, into the spool', async () => {
    h = intakeHarness('upload-ok');
    const batch = await intakeUpload(h, {
      bytes: PDF,
      fileName: '../../etc/Post 3 Blatt.pdf',
      profile: 'standard',
      operator: 'mueller',
    });
    expect(batch).toMatchObject({ source: 'upload', operator: 'mueller', originalName: 'Post 3 Blatt.pdf' });
    expect(batch.declared).toMatchObject({ sheets: 3, source: 'filename' });
    expect(path.dirname(batch.spoolPath)).toBe(h.dirs.spool);
    expect(fs.readFileSync(batch.spoolPath)).toEqual(PDF);
    expect(fs.statSync(batch.spoolPath).mode & 0o777).toBe(0o600);
    expect(spoolEntries()).toEqual([path.basename(batch.spoolPath)]);
    expect(h.enqueued).toEqual([{ queue: 'split', data: { batchId: batch.id } }]);
    expect((await h.repo.getBatch(batch.id))?.operator).toBe('mueller');
  });

  it('consumes a temp file the caller wrote', async () => {
    h = intakeHarness('upload-temp');
    const tempFile = path.join(tmpDir('upload-caller'), 'stream.bin');
    fs.writeFileSync(tempFile, PDF);
    const batch = await intakeUpload(h, { tempFile, fileName: 'a.pdf', profile: 'standard', operator: 'x' });
    expect(fs.existsSync(tempFile)).toBe(false);
    expect(fs.readFileSync(batch.spoolPath)).toEqual(PDF);
  });

  it.each([
    ['an unknown type', { bytes: Buffer.from('MZ\x90\x00 not a scan') }, 415, /Dateityp nicht unterstützt/],
    ['an empty file', { bytes: Buffer.alloc(0) }, 400, /leer/],
    ['a file above the cap', { bytes: PDF, maxBytes: 10 }, 413, /Datei zu groß/],
    ['an unknown profile', { bytes: PDF, profile: 'nope' }, 400, /Unbekanntes Profil/],
  ])('refuses %s and leaves nothing behind', async (_, extra, status, message) => {
    h = intakeHarness('upload-refused');
    const err = await intakeUpload(h, {
      fileName: 'x.pdf',
      profile: 'standard',
      operator: 'x',
      ...extra,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRefused);
    expect(err).toMatchObject({ status, message: expect.stringMatching(message) });
    expect(spoolEntries()).toEqual([]);
    expect(await h.repo.recentBatches(5)).toEqual([]);
  });
});

describe('manifest operator', () => {
  it('records the operator a hot-folder manifest names, outside the declaration', async () => {
    h = intakeHarness('manifest-operator');
    const hot = path.join(h.dirs.hotfolders, 'standard');
    fs.mkdirSync(hot);
    const file = path.join(hot, 'scan.pdf');
    fs.writeFileSync(file, PDF);
    fs.writeFileSync(`${file}.manifest.json`, JSON.stringify({ sheets: 1, operator: 'schmidt' }));
    const batch = await intake(h, {
      file,
      originalName: 'scan.pdf',
      source: 'hotfolder',
      profile: 'standard',
      outDir: h.dirs.inbox,
      receivedAt: berlinDate(),
      mode: 'move',
      root: hot,
    });
    expect(batch.operator).toBe('schmidt');
    expect(batch.declared).toEqual({ sheets: 1, pages: null, duplex: null, source: 'manifest', error: null });
  });
});
