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
