// Prints the OCR lines of an item as the extractors see them (debugging extraction on real scans).
// usage: node bin/run-ts.mjs tools/dump-text.ts <data-dir> <item-id> [--meta]
// `--meta` prints what the extractors read of them (with the shipped org directory) instead.
import path from 'node:path';
import { extractMetadata } from '../classifiers/extract.ts';
import { toTextLines } from '../pipeline/ocr/lines.ts';
import { loadOrg } from '../profiles/load.ts';
import { storedOcr } from './stored-ocr.ts';

const [dir = './data', itemId = '', flag] = process.argv.slice(2);
const store = storedOcr(dir);
const pages = await store.pages(itemId);
if (!pages) throw new Error(`no item ${itemId} in ${path.resolve(dir)}`);
const lines = toTextLines(pages);
if (flag === '--meta') {
  const org = loadOrg();
  const { evidence, ...meta } = extractMetadata(lines, org.fileref.pattern, org.authority.name);
  console.log(JSON.stringify(meta, null, 1));
  for (const [field, e] of Object.entries(evidence)) console.log(field, JSON.stringify(e));
} else
  for (const l of lines)
    console.log(l.para ? '' : `${l.page} ${String(l.xs?.[0]?.[0] ?? '').padStart(5)} | ${l.text}`);
store.close();
