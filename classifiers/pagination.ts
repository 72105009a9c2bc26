// Missing and doubled pages inside a mail item, from the letter's own page numbers ("Seite 2 von 3").
// A double feed pulls two sheets through the scanner at once and only one is imaged: the item then lacks a
// page that its numbering says exists (TR-03138 A.DV.2, A.SC.8). Pure.
import type { TextLine } from './text.ts';

export interface PageNumber {
  k: number;
  n: number;
}

const PAGE_OF = /\b(?:seite|blatt|page)\s*(\d{1,3})\s*(?:von|\/|of)\s*(\d{1,3})\b/i;

/** The "page k of n" of each page (1-based `page` in the lines), null where none was read. */
export function pageNumbers(lines: TextLine[], pages: number): Array<PageNumber | null> {
  const out: Array<PageNumber | null> = Array.from({ length: pages }, () => null);
  for (const line of lines) {
    const m = PAGE_OF.exec(line.text);
    if (!m || line.page < 1 || line.page > pages || out[line.page - 1]) continue;
    const k = Number(m[1]);
    const n = Number(m[2]);
    if (k >= 1 && k <= n) out[line.page - 1] = { k, n };
  }
  return out;
}

/**
 * Checks the numbering of an item's content pages (blank pages left out) against their order. A numbered
 * sequence (same n) must advance by one per page; pages whose number could not be read are assumed in
 * place. Several sequences (a letter and its enclosures) may follow each other. Returns a message for
 * people, or null when nothing is missing or doubled.
 * @example paginationProblem([{ k: 1, n: 3 }, { k: 3, n: 3 }]) // 'Seite 2 von 3 fehlt …'
 */
export function paginationProblem(numbers: Array<PageNumber | null>): string | null {
  const problems: string[] = [];
  let run: { n: number; k: number; at: number } | null = null;
  /** Ends the current sequence before page `next`; returns the unnumbered pages left for the next one. */
  const closeRun = (next: number): number => {
    if (!run) return next;
    const gap = next - run.at - 1;
    const need = run.n - run.k;
    if (gap < need) problems.push(missing(run.k + gap + 1, run.n, run.n));
    return Math.max(0, gap - need);
  };
  numbers.forEach((p, i) => {
    if (!p) return;
    if (run && p.n === run.n && p.k >= run.k) {
      const expected = run.k + (i - run.at);
      if (p.k === run.k) problems.push(`Seite ${p.k} von ${p.n} ist doppelt.`);
      else if (p.k > expected) problems.push(missing(expected, p.k - 1, p.n));
    } else {
      // A new sequence (a letter's enclosure): unnumbered pages before it may be its first pages.
      const slack = closeRun(i);
      if (p.k > 1 + slack) problems.push(missing(1 + slack, p.k - 1, p.n));
    }
    run = { n: p.n, k: p.k, at: i };
  });
  closeRun(numbers.length);
  return problems.length ? problems.join(' ') : null;
}

function missing(from: number, to: number, n: number): string {
  const which = from === to ? `Seite ${from} von ${n} fehlt` : `Seiten ${from} bis ${to} von ${n} fehlen`;
  return `${which} (Doppeleinzug oder nicht gescannt?).`;
}
