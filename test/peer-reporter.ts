// Names, in one line each at the end of the run, how many tests were skipped for want of the peer corpus,
// of the reference fixtures in ../shared, of a browser, or of PDFBox Preflight.
import type { Reporter, TestModule } from 'vitest/node';
import {
  CHROMIUM,
  CHROMIUM_TAG,
  FIXTURES_TAG,
  HAS_CHROMIUM,
  HAS_PEER,
  HAS_PREFLIGHT,
  HAS_SHARED_ORG,
  PEER,
  PEER_TAG,
  PREFLIGHT_TAG,
  SHARED_ORG,
} from './peer.ts';

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
      // Only for what is missing: a suite that failed also counts its tests as skipped.
      [HAS_PEER ? 0 : skipped(PEER_TAG), `the peer corpus is not at ${PEER} (POSTSTELLE_PEER_CORPUS)`],
      [HAS_SHARED_ORG ? 0 : skipped(FIXTURES_TAG), `the reference fixtures are not at ${SHARED_ORG}`],
      [
        HAS_CHROMIUM ? 0 : skipped(CHROMIUM_TAG),
        `no browser at ${CHROMIUM} (apt-get install chromium; POSTSTELLE_CHROMIUM)`,
      ],
      [
        HAS_PREFLIGHT ? 0 : skipped(PREFLIGHT_TAG),
        'no Apache PDFBox Preflight (apt-get install libpdfbox2-java libactivation-java libjaxb-api-java)',
      ],
    ] as const;
    for (const [n, why] of lines) if (n) process.stdout.write(`\n${n} tests skipped: ${why}.\n`);
  }
}
