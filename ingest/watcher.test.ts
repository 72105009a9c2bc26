// The watcher on real files: every mode finds new files (events off included), files present at startup
// are taken, and a writer that pre-allocates the final size and fills it slowly is never taken early.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { log } from '../core/log.ts';
import { dropInto, itPeer, PEER, tmpDir, waitFor } from '../test/helpers.ts';
import { HotFolderWatcher, type WatchMode } from './watcher.ts';

interface Taken {
  name: string;
  profile: string;
  bytes: Buffer;
}

let watcher: HotFolderWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

async function watch(mode: WatchMode, rescanMs: number, stableMs = 150, manifestRequired = false) {
  const dir = tmpDir(`watch-${mode}`);
  const taken: Taken[] = [];
  const start = async () => {
    watcher = new HotFolderWatcher({
      folders: new Map([['standard', dir]]),
      mode,
      stableMs,
      rescanMs,
      incompleteTimeoutMs: 60_000,
      manifestRequired: new Set(manifestRequired ? ['standard'] : []),
      log,
      async onFile(file, profile) {
        // Like intake: read what is there now, then take it out of the folder.
        taken.push({ name: path.basename(file), profile, bytes: fs.readFileSync(file) });
        fs.rmSync(file);
      },
    });
    await watcher.start();
  };
  return { dir, taken, start };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HotFolderWatcher', () => {
  it('takes a file whose name is not UTF-8 (a Latin-1 share) under its Latin-1 reading', async () => {
    const w = await watch('rescan', 300);
    const raw = Buffer.concat([Buffer.from(w.dir + path.sep), Buffer.from('M\xfcller Antrag.pdf', 'latin1')]);
    fs.writeFileSync(raw, '%PDF-1.4\n%%EOF\n');
    await w.start();
    await waitFor('file with a Latin-1 name', () => w.taken.length === 1, 5000);
    expect(w.taken[0]!.name).toBe('Müller Antrag.pdf');
    expect(fs.readdirSync(w.dir)).toEqual([]);
  });

  it('with events switched off, the periodic rescan finds files, also those there before startup', async () => {
    const w = await watch('rescan', 400);
    dropInto(w.dir, 'vorher.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    await w.start();
    await waitFor('file present at startup', () => w.taken.length === 1, 5000);
    fs.mkdirSync(path.join(w.dir, 'Amt 2'));
    dropInto(path.join(w.dir, 'Amt 2'), 'später.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    await waitFor('file found by rescan', () => w.taken.length === 2, 5000);
    expect(w.taken.map((t) => [t.name, t.profile])).toEqual([
      ['vorher.pdf', 'standard'],
      ['später.pdf', 'standard'],
    ]);
  });

  it('in polling mode finds new files without any rescan (network shares without events)', async () => {
    const w = await watch('polling', 3_600_000);
    await w.start();
    await sleep(300); // the initial rescan is over; only chokidar's polling can see what comes now
    dropInto(w.dir, 'brief.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    await waitFor('file found by polling', () => w.taken.length === 1, 8000);
    expect(w.taken[0]!.name).toBe('brief.pdf');
  });

  it('waits for the manifest where the profile requires one, and never takes the manifest as a scan', async () => {
    const w = await watch('events', 3_600_000, 150, true);
    await w.start();
    dropInto(w.dir, 'stapel.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    await sleep(1500);
    expect(w.taken).toEqual([]);
    dropInto(w.dir, 'stapel.pdf.manifest.json', Buffer.from('{"sheets": 1}'));
    await waitFor('scan taken once its manifest is there', () => w.taken.length === 1, 5000);
    await sleep(500);
    expect(w.taken.map((t) => t.name)).toEqual(['stapel.pdf']);
  });

  itPeer(
    'does not take a pre-allocated file that is filled slowly before its last byte is written',
    async () => {
      const w = await watch('events', 3_600_000);
      await w.start();
      const tiff = await sharp(path.join(PEER, 'paperless/simple.png')).tiff().toBuffer();
      const inputs: Array<[string, Buffer]> = [
        ['stapel.pdf', fs.readFileSync(path.join(PEER, 'paperless/simple.pdf'))],
        ['stapel.tif', tiff],
        ['stapel.png', fs.readFileSync(path.join(PEER, 'paperless/simple.png'))],
        ['stapel.jpg', fs.readFileSync(path.join(PEER, 'paperless/simple.jpg'))],
      ];
      // Each writer sets the final size first, then fills 4 chunks with pauses well beyond the stability
      // time: size and mtime stay unchanged for a while, so only the structural check can hold the file back.
      await Promise.all(
        inputs.map(async ([name, data]) => {
          const fh = await fsp.open(path.join(w.dir, name), 'w');
          await fh.truncate(data.length);
          const step = Math.ceil(data.length / 4);
          for (let at = 0; at < data.length; at += step) {
            await sleep(700);
            await fh.write(data, at, Math.min(step, data.length - at), at);
            await fh.sync();
          }
          await fh.close();
        }),
      );
      await waitFor('all files taken', () => w.taken.length === inputs.length, 10_000);
      // Taken early, the bytes read would still hold zeros where the writer had not been yet.
      for (const [name, data] of inputs)
        expect(w.taken.find((x) => x.name === name)!.bytes.equals(data), name).toBe(true);
    },
  );
});
