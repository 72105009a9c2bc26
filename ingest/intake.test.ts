import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../core/files.ts';
import { MAX_PROFILE_NAME } from '../core/paths.ts';
import { tmpDir } from '../test/helpers.ts';
import { DECLARED_SUFFIX, spoolName } from './intake.ts';

describe('spoolName', () => {
  it('leaves room for the longest name built on it (a declaration written atomically) in 255 bytes', async () => {
    const name = spoolName('p'.repeat(MAX_PROFILE_NAME), `${'ä'.repeat(300)}.pdf`);
    // writeFileAtomic writes `.<name>.<uuid>.tmp` first: it fails with ENAMETOOLONG when the budget is off.
    await writeFileAtomic(path.join(tmpDir('spool-name'), name + DECLARED_SUFFIX), '{}');
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
