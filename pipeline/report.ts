// The batch report (Vollzähligkeit, TR-03138 A.DV.2 / A.NB.3): every input page and where it went, the
// declared against the counted pages, and what became of each mail item.
import type { Batch, Item, Repository } from '../core/store/types.ts';
import type { Profile } from '../profiles/schema.ts';
import { printable } from '../core/paths.ts';
import { checkCount, isDuplex, type Declaration } from '../ingest/declared.ts';

export interface PageFate {
  page: number;
  /** Duplex: the sheet (1-based) and side of the page. */
  sheet: number | null;
  side: 'front' | 'back' | null;
  /** `removed`: taken out of its item in review (deleted, or replaced by a rescan; the note says which). */
  fate: 'item' | 'blank' | 'separator' | 'quarantined' | 'removed';
  item: string | null;
  itemPage: number | null;
  /** For people (German): what happened to a page that is not simply a page of its item. */
  note: string | null;
}

export interface BatchReport {
  source: string;
  batch: string;
  hash: string;
  profile: string;
  status: string;
  reason: string | null;
  message: string | null;
  duplex: boolean;
  declared: Declaration | null;
  declaredPages: number | null;
  countedPages: number | null;
  /** Null when declared and counted pages agree; else why not (also for a duplex batch with odd pages). */
  countProblem: string | null;
  /** Every page that entered is accounted for (a quarantined file as a whole). */
  complete: boolean;
  pages: PageFate[];
  items: Array<Pick<Item, 'id' | 'status' | 'reason' | 'message'> & { pages: [number, number] }>;
}

export async function batchReport(
  repo: Repository,
  batch: Batch,
  profile: Profile | undefined,
): Promise<BatchReport> {
  const items = await repo.items(batch.id);
  const pages = await repo.pages(batch.id);
  const duplex = isDuplex(batch.declared, profile?.duplex ?? false);
  const dropBlank = profile?.blankPages === 'drop';
  // Position of each page within its item (the order may have changed in review).
  const position = new Map<number, number>();
  for (const i of items) (await repo.itemPages(i)).forEach((p, k) => position.set(p.pageNo, k + 1));
  const scanned = batch.pageCount ?? pages.length;
  const fates: PageFate[] = pages.map((p) => {
    const item = items.find((i) => i.id === p.itemId);
    // Pages after the scanned ones are rescans made in review: no sheet of the batch.
    const sided = duplex && p.pageNo <= scanned;
    const base = {
      page: p.pageNo,
      sheet: sided ? Math.ceil(p.pageNo / 2) : null,
      side: sided ? (p.pageNo % 2 ? ('front' as const) : ('back' as const)) : null,
      item: item?.id ?? null,
      itemPage: item ? (position.get(p.pageNo) ?? null) : null,
    };
    if (p.kind === 'separator')
      return { ...base, fate: 'separator', item: null, itemPage: null, note: 'Trennblatt' };
    if (p.removed) return { ...base, fate: 'removed', note: p.note ?? 'in der Nachbearbeitung entfernt' };
    if (item?.status === 'quarantined')
      return {
        ...base,
        fate: 'quarantined',
        note: `Poststück in Quarantäne: ${item.message ?? item.reason}`,
      };
    if (p.kind === 'blank')
      return {
        ...base,
        fate: 'blank',
        note: `${duplex && base.side === 'back' ? 'leere Rückseite' : 'Leerseite'}, ${dropBlank ? 'nicht ins Dokument übernommen' : 'im Dokument belassen und markiert'}`,
      };
    return { ...base, fate: 'item', note: p.note };
  });
  const split = batch.pageCount !== null;
  const count = split ? checkCount(batch.declared, duplex, batch.pageCount!) : null;
  const accounted = fates.every((f) => f.fate === 'separator' || f.fate === 'removed' || f.item !== null);
  return {
    source: batch.originalName,
    batch: batch.id,
    hash: batch.hash,
    profile: batch.profile,
    status: batch.status,
    reason: batch.reason,
    message: batch.message,
    duplex,
    declared: batch.declared,
    declaredPages: count?.declared ?? null,
    countedPages: batch.pageCount,
    countProblem: count?.problem ?? null,
    complete:
      batch.status === 'quarantined' ||
      batch.status === 'duplicate' ||
      (split && fates.filter((f) => f.page <= scanned).length === batch.pageCount && accounted),
    pages: fates,
    items: items.map((i) => ({
      id: i.id,
      pages: [i.firstPage, i.lastPage],
      status: i.status,
      reason: i.reason,
      message: i.message,
    })),
  };
}

/** A few lines for operators (German), printed by the CLI. */
export function reportSummary(r: BatchReport): string {
  const head = `Stapel ${r.batch} (${printable(r.source)}): `;
  if (r.status === 'quarantined') return `${head}in Quarantäne, ${r.reason}: ${r.message ?? ''}`;
  if (r.status === 'duplicate') return `${head}bereits verarbeitet (Duplikat)`;
  const count = (f: PageFate['fate']) => r.pages.filter((p) => p.fate === f).length;
  const n = (k: number | null, one: string, many: string) => `${k ?? '?'} ${k === 1 ? one : many}`;
  const lines = [
    `${head}${n(r.countedPages, 'Seite', 'Seiten')} gescannt${r.declaredPages !== null ? `, ${r.declaredPages} erwartet` : ''}; ${n(r.items.length, 'Poststück', 'Poststücke')}, ${n(count('separator'), 'Trennblattseite', 'Trennblattseiten')}, ${n(count('blank'), 'Leerseite', 'Leerseiten')}${count('removed') ? `, ${n(count('removed'), 'Seite', 'Seiten')} in der Nachbearbeitung entfernt` : ''}${r.complete ? '' : ', NICHT VOLLSTÄNDIG ZUGEORDNET'}`,
  ];
  if (r.countProblem) lines.push(`  Vollzähligkeit: ${r.countProblem}`);
  for (const i of r.items)
    lines.push(
      `  ${i.id} Seiten ${i.pages[0]}-${i.pages[1]}: ${i.status}${i.reason ? ` (${i.reason}: ${i.message ?? ''})` : ''}`,
    );
  return lines.join('\n');
}
