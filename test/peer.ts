// Where the peer corpus is (real test files of OCRmyPDF and paperless-ngx), without importing vitest: the
// global setup and the reporter use it too.
import fs from 'node:fs';
import path from 'node:path';

export const SHARED = path.resolve(import.meta.dirname, '../../shared');
/** Beside the project in ../shared, or where POSTSTELLE_PEER_CORPUS says. */
export const PEER = process.env.POSTSTELLE_PEER_CORPUS ?? path.join(SHARED, 'corpus/peer');
export const HAS_PEER = fs.existsSync(PEER);
/** In the name of every test (or its suite) that reads the peer corpus: counted when skipped. */
export const PEER_TAG = '(peer corpus)';
/** The reference org directory of the design card (../shared/fixtures). */
export const SHARED_ORG = path.join(SHARED, 'fixtures/musterstadt/org.yaml');
export const HAS_SHARED_ORG = fs.existsSync(SHARED_ORG);
/** In the name of every test that reads ../shared/fixtures: counted when skipped. */
export const FIXTURES_TAG = '(../shared fixtures)';
/** Debian's chromium, which the review UI's browser tests drive (CI installs it). */
export const CHROMIUM = process.env.POSTSTELLE_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
/** In the name of every browser test: counted when skipped. */
export const CHROMIUM_TAG = '(chromium)';
/** Apache PDFBox Preflight from Debian (libpdfbox2-java and the two jars it misses; CI installs them). */
export const PREFLIGHT_JARS = [
  'preflight',
  'pdfbox2',
  'fontbox2',
  'xmpbox',
  'javax.activation',
  'jaxb-api',
].map((j) => `/usr/share/java/${j}.jar`);
export const HAS_PREFLIGHT = PREFLIGHT_JARS.every((j) => fs.existsSync(j));
/** In the name of every test that runs PDFBox Preflight: counted when skipped. */
export const PREFLIGHT_TAG = '(PDFBox Preflight)';
