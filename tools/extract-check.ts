// Runs the metadata extractors over OCR'd letters (tools/ocr-corpus.ts output) without the pipeline and
// prints per-field accuracy and the misses (tuning the extraction rules offline). Exact match for date,
// file reference and IBAN (IBAN only where one is printed); token-F1 for sender and subject.
// With --synthetic N, N generated training letters read as a perfect OCR would (tools/letters/lines.ts).
// usage: node bin/run-ts.mjs tools/extract-check.ts tmp/ocr-train.json [--verbose] [--field date]
//        node bin/run-ts.mjs tools/extract-check.ts --synthetic 500 [--seed 5]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { extractMetadata, type Metadata } from '../classifiers/extract.ts';
import { toTextLines } from '../pipeline/ocr/lines.ts';
import { loadOrg } from '../profiles/load.ts';
import type { TextLine } from '../classifiers/text.ts';
import { tokenF1 } from './letters/accuracy.ts';
import { specLines } from './letters/lines.ts';
import { makeLetter, type Truth } from './letters/spec.ts';
import type { OcrExample } from './ocr-corpus.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    verbose: { type: 'boolean', default: false },
    field: { type: 'string' },
    synthetic: { type: 'string' },
    seed: { type: 'string', default: '5' },
  },
});
const org = loadOrg();

type Field = 'date' | 'fileref' | 'iban' | 'sender' | 'subject' | 'amount';
const FIELDS: Field[] = ['date', 'fileref', 'iban', 'sender', 'subject', 'amount'];
const F1: Field[] = ['sender', 'subject'];

type Example = { truth: Truth & { id: string }; lines: TextLine[] };

async function synthetic(count: number, seed: number): Promise<Example[]> {
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const spec = makeLetter(org, seed * 100_000 + i);
    out.push({ truth: { ...spec.truth, id: spec.id }, lines: await specLines(spec) });
  }
  return out;
}

const sources: Array<[string, () => Promise<Example[]>]> = values.synthetic
  ? [[`synthetic seed ${values.seed}`, () => synthetic(Number(values.synthetic), Number(values.seed))]]
  : (positionals.length ? positionals : ['tmp/ocr-train.json']).map((file) => [
      file,
      async () =>
        (JSON.parse(fs.readFileSync(file, 'utf8')) as OcrExample[]).map((e) => ({
          truth: e.truth,
          lines: toTextLines(e.pages),
        })),
    ]);

for (const [file, load] of sources) {
  const examples = await load();
  const sum = Object.fromEntries(FIELDS.map((f) => [f, { score: 0, n: 0, misses: [] as string[] }]));
  for (const { truth, lines } of examples) {
    const meta: Metadata = extractMetadata(lines, org.fileref.pattern, org.authority.name);
    for (const f of FIELDS) {
      const want = truth[f] ?? null;
      const got = meta[f] ?? null;
      // IBAN and amount count only where the letter carries one.
      if ((f === 'iban' || f === 'amount') && want === null) continue;
      const score = F1.includes(f) ? tokenF1(got as string, want as string) : got === want ? 1 : 0;
      const s = sum[f]!;
      s.n++;
      s.score += score;
      if (score < 1) {
        const ev = meta.evidence[f];
        s.misses.push(
          `${truth.id} ${f}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}` +
            (ev ? ` (${ev.reason}, ${ev.confidence})` : '') +
            (F1.includes(f) ? ` F1 ${score.toFixed(2)}` : ''),
        );
      }
    }
  }
  console.log(`${file}: ${examples.length} letters`);
  for (const f of FIELDS) {
    const s = sum[f]!;
    console.log(
      `  ${f.padEnd(8)} ${F1.includes(f) ? 'token-F1' : 'exact   '} ${((100 * s.score) / Math.max(1, s.n)).toFixed(1)} % of ${s.n}`,
    );
  }
  for (const f of FIELDS)
    if (values.verbose || values.field === f) for (const m of sum[f]!.misses) console.log(`    ${m}`);
}
