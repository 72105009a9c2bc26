// Cutting a batch into mail items at separator sheets. Pure.
import type { PageKind } from '../../core/store/types.ts';

export interface ItemRange {
  seq: number;
  firstPage: number;
  lastPage: number;
}

/**
 * Items are the runs of pages between separator sheets (1-based, inclusive). Two separators in a row never
 * make an empty item. Duplex: pages pair up into sheets, and both sides of a separator sheet are separator
 * (whichever side carries the code). Simplex: a blank page right after a separator is the sheet's back
 * (scanned duplex anyway) and goes with it.
 * @example cutItems(['content', 'separator', 'blank', 'content']) // kinds[2] -> 'separator'; items 1-1, 4-4
 */
export function cutItems(kinds: PageKind[], duplex = false): { kinds: PageKind[]; items: ItemRange[] } {
  const out = [...kinds];
  if (duplex)
    for (let i = 0; i + 1 < out.length; i += 2) {
      if (kinds[i] === 'separator' || kinds[i + 1] === 'separator') out[i] = out[i + 1] = 'separator';
    }
  else
    for (let i = 1; i < out.length; i++)
      if (out[i] === 'blank' && kinds[i - 1] === 'separator') out[i] = 'separator';
  const items: ItemRange[] = [];
  let start: number | null = null;
  out.forEach((kind, i) => {
    if (kind === 'separator') {
      if (start !== null) items.push({ seq: items.length + 1, firstPage: start + 1, lastPage: i });
      start = null;
    } else if (start === null) start = i;
  });
  if (start !== null) items.push({ seq: items.length + 1, firstPage: start + 1, lastPage: out.length });
  return { kinds: out, items };
}
