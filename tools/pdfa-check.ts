// Prints the PDF/A report of each file from our own checker and, with --preflight, PDFBox Preflight's
// PDF/A-1b verdict. Exit status 1 when any file fails.
// usage: node bin/run-ts.mjs tools/pdfa-check.ts [--preflight] [--part 1|2|3] <files...>
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { checkPdfA, type PdfAPart } from '../pipeline/assemble/pdfa/check.ts';
import { preflightAvailable, runPreflight } from '../pipeline/assemble/pdfa/preflight.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { preflight: { type: 'boolean', default: false }, part: { type: 'string' } },
});
const part = values.part === undefined ? undefined : (Number(values.part) as PdfAPart);
if (!positionals.length || (part !== undefined && ![1, 2, 3].includes(part))) {
  console.error('usage: node bin/run-ts.mjs tools/pdfa-check.ts [--preflight] [--part 1|2|3] <files...>');
  process.exit(2);
}
if (values.preflight && !preflightAvailable())
  console.error('PDFBox Preflight unavailable (java or jars missing)');

let failed = false;
for (const file of positionals) {
  const report = await checkPdfA(fs.readFileSync(file), part === undefined ? {} : { part });
  const claim = report.conformance ? `PDF/A-${report.part ?? '?'}${report.conformance}` : 'no PDF/A claim';
  const verdict = report.ok ? 'OK' : `${report.violations.length} violation(s)`;
  console.log(`${file}: ${claim}, ${verdict}`);
  for (const v of report.violations) console.log(`  ${v.rule}: ${v.message}`);
  failed ||= !report.ok;
  if (values.preflight && preflightAvailable()) {
    const { valid, output } = await runPreflight(file);
    console.log(`  PDFBox Preflight (PDF/A-1b): ${valid ? 'valid' : 'invalid'}`);
    for (const line of output.split('\n').slice(1)) if (line.trim()) console.log(`    ${line.trim()}`);
    failed ||= !valid;
  }
}
process.exitCode = failed ? 1 : 0;
