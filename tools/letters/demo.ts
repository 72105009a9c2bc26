// The demo batch `npm start` drops into the standard hot folder: a few letters for different units.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOrg } from '../../profiles/load.ts';
import { writeCorpus } from './corpus.ts';

export async function writeDemoBatch(hotFolder: string, count = 4): Promise<number> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-demo-'));
  const truths = await writeCorpus(loadOrg(), tmp, count, Date.now() % 100_000);
  for (const t of truths) {
    // Write beside the hot folder and rename in: the watcher never sees a half-written file.
    await fs.copyFile(t.file, path.join(hotFolder, `.${path.basename(t.file)}.tmp`));
    await fs.rename(
      path.join(hotFolder, `.${path.basename(t.file)}.tmp`),
      path.join(hotFolder, `demo-${path.basename(t.file)}`),
    );
  }
  await fs.rm(tmp, { recursive: true, force: true });
  return truths.length;
}
