// Names, in one line each at the end of the run, how many tests were skipped for want of the peer corpus
// or of the reference fixtures in ../shared.
import type { Reporter, TestModule } from 'vitest/node';
import { FIXTURES_TAG, PEER, PEER_TAG, SHARED_ORG } from './peer.ts';

export default class PeerReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped = (tag: string) => {
      let n = 0;
      for (const m of modules)
        for (const t of m.children.allTests())
          if (t.result().state === 'skipped' && t.fullName.includes(tag)) n++;
      return n;
    };
    const lines = [
      [skipped(PEER_TAG), `the peer corpus is not at ${PEER} (POSTSTELLE_PEER_CORPUS)`],
      [skipped(FIXTURES_TAG), `the reference fixtures are not at ${SHARED_ORG}`],
    ] as const;
    for (const [n, why] of lines) if (n) process.stdout.write(`\n${n} tests skipped: ${why}.\n`);
  }
}
