// Names, in one line at the end of the run, how many tests were skipped for want of the peer corpus.
import type { Reporter, TestModule } from 'vitest/node';
import { PEER, PEER_TAG } from './peer.ts';

export default class PeerReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let skipped = 0;
    for (const m of modules)
      for (const t of m.children.allTests())
        if (t.result().state === 'skipped' && t.fullName.includes(PEER_TAG)) skipped++;
    if (skipped)
      process.stdout.write(
        `\n${skipped} tests skipped: the peer corpus is not at ${PEER} (POSTSTELLE_PEER_CORPUS).\n`,
      );
  }
}
