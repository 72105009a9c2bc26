// The OCR pages of an item in a data directory (an eval kept with --keep, a demo run), as the extractors
// read them: for tools that look at stored scans again without the pipeline.
import { BlobStore } from '../core/blobs.ts';
import { dataDirs } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { ocrResult, type OcrPage } from '../pipeline/ocr/schema.ts';

export function storedOcr(dir: string): {
  /** The item's pages in order (null: a page without OCR, e.g. blank); null when there is no such item. */
  pages(itemId: string): Promise<Array<OcrPage | null> | null>;
  close(): void;
} {
  const dirs = dataDirs(dir);
  const repo = new SqliteRepository(dirs.db, 'tools');
  const blobs = new BlobStore(dirs.blobs);
  return {
    async pages(itemId) {
      const item = await repo.getItem(itemId);
      if (!item) return null;
      return Promise.all(
        (await repo.itemPages(item)).map(async (p) => {
          const r = await repo.pageResult(p.batchId, p.pageNo, 'ocr', item.run);
          return r === undefined ? null : blobs.getJson<OcrPage>(ocrResult.parse(r).ocr);
        }),
      );
    },
    close: () => repo.close(),
  };
}
