import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test/helpers.ts';
import { removeStaleTemps, writeFileAtomic } from './files.ts';

describe('removeStaleTemps', () => {
  it('removes only the temporary files interrupted writes of the named files left behind', async () => {
    const dir = tmpDir('files');
    await writeFileAtomic(path.join(dir, 'a.pdf'), 'whole');
    for (const f of ['.a.pdf.1234.tmp', '.b.pdf.5678.tmp', '.a.pdf.json', 'c.tmp'])
      fs.writeFileSync(path.join(dir, f), 'part');
    await removeStaleTemps(dir, ['a.pdf']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.a.pdf.json', '.b.pdf.5678.tmp', 'a.pdf', 'c.tmp']);
  });
});
