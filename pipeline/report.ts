// The batch report (Vollzähligkeit, TR-03138 A.DV.2 / A.NB.3): every input page and where it went.
import type { Batch, Repository } from '../core/store/types.ts';

export interface PageFate {
  page: number;
  fate: 'item' | 'blank' | 'separator' | 'quarantined';
  item: string | null;
  itemPage: number | null;
  reason: string | null;
}

export interface BatchReport {
  source: string;
  batch: string;
  hash: string;
  status: string;
  reason: string | null;
  declaredPages: number | null;
  countedPages: number | null;
  complete: boolean;
  pages: PageFate[];
}

export async function batchReport(repo: Repository, batch: Batch): Promise<BatchReport> {
  const items = await repo.items(batch.id);
  const pages = await repo.pages(batch.id);
  const fates: PageFate[] = pages.map((p) => {
    const item = items.find((i) => i.id === p.itemId);
    const itemPage = item ? p.pageNo - item.firstPage + 1 : null;
    if (p.kind === 'separator')
      return { page: p.pageNo, fate: 'separator', item: null, itemPage: null, reason: null };
    if (p.kind === 'blank')
      return {
        page: p.pageNo,
        fate: 'blank',
        item: item?.id ?? null,
        itemPage,
        reason: 'blank page (kept in item, flagged)',
      };
    return { page: p.pageNo, fate: 'item', item: item?.id ?? null, itemPage, reason: null };
  });
  const accounted = fates.every((f) => f.fate === 'separator' || f.item !== null);
  return {
    source: batch.originalName,
    batch: batch.id,
    hash: batch.hash,
    status: batch.status,
    reason: batch.reason,
    declaredPages: null,
    countedPages: batch.pageCount,
    complete: batch.status === 'quarantined' || batch.status === 'duplicate' || accounted,
    pages: batch.status === 'quarantined' ? [] : fates,
  };
}
