// The short chaos run of CI: separate ingest and worker processes on their own Redis, killed with SIGKILL
// at random moments, Redis killed and restarted once; nothing may be lost, doubled or left partial.
// `npm run chaos` is the full run (200 letters).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runNode } from '../helpers.ts';

describe('chaos', () => {
  it('loses and duplicates nothing while processes and Redis are killed', async () => {
    const { status, stdout, stderr } = await runNode([
      path.join(ROOT, 'bin/run-ts.mjs'),
      'tools/chaos.ts',
      ...'--letters 4 --batches 2 --kill-every 15 --seed 3 --timeout-min 12 --watch rescan'.split(' '),
    ]);
    expect(status, `${stdout}\n${stderr.slice(-3000)}`).toBe(0);
    // Events switched off: the hot folders are seen through the periodic rescan alone (network shares).
    expect(stdout).toMatch(/^watching: rescan$/m);
    expect(stdout).toMatch(/^kills: ingest \d+, worker [1-9]\d*; redis restarts 1$/m);
    expect(stdout).toMatch(/^lost pages: 0$/m);
    expect(stdout).toMatch(/^duplicated documents: 0 /m);
    expect(stdout).toMatch(/^partial files: 0; stray temp files: 0$/m);
    expect(stdout).toMatch(/^audit trail: intact$/m);
  }, 900_000);
});
