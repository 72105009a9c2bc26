// The reference run for benchmarks: OCRmyPDF with the settings named in the issues, on the same files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function ocrmypdfInstalled(): boolean {
  return spawnSync('ocrmypdf', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `ocrmypdf -l deu --deskew --rotate-pages -O1 --output-type pdfa --jobs 2` on each file (image
 * inputs at 300 dpi) into `outDir`. Returns the output bytes and the seconds it took.
 */
export function runOcrmypdf(
  files: string[],
  outDir: string,
): { bytes: number; seconds: number; failed: number } {
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  let bytes = 0;
  let failed = 0;
  for (const file of files) {
    const target = path.join(outDir, `${path.basename(file)}.pdf`);
    const args = [
      '-l',
      'deu',
      '--deskew',
      '--rotate-pages',
      '-O1',
      '--output-type',
      'pdfa',
      '--jobs',
      '2',
      '-q',
    ];
    if (!file.endsWith('.pdf')) args.push('--image-dpi', '300');
    if (spawnSync('ocrmypdf', [...args, file, target], { stdio: 'ignore' }).status === 0)
      bytes += fs.statSync(target).size;
    else failed++;
  }
  return { bytes, seconds: (Date.now() - started) / 1000, failed };
}
