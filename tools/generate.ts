// npm run generate -- --count 50 --seed 1 --out /tmp/letters : synthetic scanned letters + truth.jsonl
import { parseArgs } from 'node:util';
import { loadOrg } from '../profiles/load.ts';
import { writeCorpus } from './letters/corpus.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: './data/letters' },
    org: { type: 'string' },
  },
});
const truths = await writeCorpus(loadOrg(values.org), values.out, Number(values.count), Number(values.seed));
console.log(`${truths.length} letters written to ${values.out} (truth.jsonl beside them)`);
