// Apache PDFBox Preflight (Debian's 2.0.27 jars) as a second opinion on PDF/A-1b, for tests and benches.
// It checks PDF/A-1b only and rejects files claiming part 2 or 3 outright; about 1.3 s per file.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const JARS = [
  'preflight',
  'pdfbox2',
  'fontbox2',
  'xmpbox',
  'commons-logging',
  'javax.activation',
  'jaxb-api',
].map((j) => `/usr/share/java/${j}.jar`);
const TIMEOUT_MS = 60_000;

let available: boolean | undefined;

/** Whether `java` runs from PATH and the Preflight jars are installed (checked once). */
export function preflightAvailable(): boolean {
  available ??=
    JARS.every((j) => existsSync(j)) && spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
  return available;
}

/**
 * Validates `file` as PDF/A-1b with PDFBox Preflight. `valid` is its verdict (exit status 0), `output` what
 * it printed. Rejects when java cannot be started or runs into the timeout.
 *
 * @example
 * if (preflightAvailable()) console.log((await runPreflight('out.pdf')).valid);
 */
export function runPreflight(file: string): Promise<{ valid: boolean; output: string }> {
  const args = ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', file];
  return new Promise((resolve, reject) => {
    execFile('java', args, { timeout: TIMEOUT_MS, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (!err) resolve({ valid: true, output });
      else if (typeof err.code === 'number' && !err.killed) resolve({ valid: false, output });
      else reject(new Error(`PDFBox Preflight failed on ${file}: ${err.message}`, { cause: err }));
    });
  });
}
