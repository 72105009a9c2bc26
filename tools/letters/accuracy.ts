// OCR word accuracy against the printed words: the share of printed words (letters and digits only,
// case kept) that the OCR found, counted as a multiset.
const clean = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, '');

export function wordAccuracy(printed: string[], ocrText: string): number {
  const found = new Map<string, number>();
  for (const w of ocrText.split(/\s+/).map(clean).filter(Boolean)) found.set(w, (found.get(w) ?? 0) + 1);
  const wanted = printed.map(clean).filter(Boolean);
  let hits = 0;
  for (const w of wanted) {
    const n = found.get(w) ?? 0;
    if (n > 0) {
      hits++;
      found.set(w, n - 1);
    }
  }
  return wanted.length ? hits / wanted.length : 1;
}

/** Lower-case words after stripping punctuation. */
const tokens = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
/** Token-F1 of two strings as multisets of their words (1 when both are empty): sender and subject. */
export function tokenF1(got: string | null | undefined, want: string | null | undefined): number {
  const g = tokens(got);
  const w = tokens(want);
  if (!g.length && !w.length) return 1;
  if (!g.length || !w.length) return 0;
  const left = new Map<string, number>();
  for (const x of w) left.set(x, (left.get(x) ?? 0) + 1);
  let hit = 0;
  for (const x of g) {
    const k = left.get(x) ?? 0;
    if (k > 0) {
      hit++;
      left.set(x, k - 1);
    }
  }
  if (!hit) return 0;
  const p = hit / g.length;
  const r = hit / w.length;
  return (2 * p * r) / (p + r);
}
