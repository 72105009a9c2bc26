// Prints the OCR lines of an item as the extractors see them (debugging extraction on real scans).
// usage: node bin/run-ts.mjs tools/dump-text.ts <data-dir> <item-id> [--meta]
// `--meta` prints what the extractors read of them (with the shipped org directory) instead.
import path from 'node:path';
import { BlobStore } from '../core/blobs.ts';
import { dataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { extractMetadata } from '../classifiers/extract.ts';
import { toTextLines } from '../pipeline/ocr/lines.ts';
import { loadOrg } from '../profiles/load.ts';
import { ocrResult, type OcrPage } from '../pipeline/ocr/schema.ts';

const [dir = './data', itemId = '', flag] = process.argv.slice(2);
const dirs = dataDirs(dir);
const repo = new SqliteRepository(dirs.db, 'dump');
const blobs = new BlobStore(dirs.blobs);
const item = await repo.getItem(itemId);
if (!item) throw new Error(`no item ${itemId} in ${path.resolve(dir)}`);
const pages = await Promise.all(
  (await repo.itemPages(item)).map(async (p) => {
    const r = await repo.pageResult(p.batchId, p.pageNo, 'ocr', item.run);
    return r === undefined ? null : blobs.getJson<OcrPage>(ocrResult.parse(r).ocr);
  }),
);
const lines = toTextLines(pages);
if (flag === '--meta') {
  const org = loadOrg();
  const { evidence, ...meta } = extractMetadata(lines, org.fileref.pattern, org.authority.name);
  console.log(JSON.stringify(meta, null, 1));
  for (const [field, e] of Object.entries(evidence)) console.log(field, JSON.stringify(e));
} else
  for (const l of lines)
    console.log(l.para ? '' : `${l.page} ${String(l.xs?.[0]?.[0] ?? '').padStart(5)} | ${l.text}`);
repo.close();
