// The test family's generator, without OCR: determinism, the mix, and that every truth field is really
// printed on the page (and every distractor is not the truth).
import { describe, expect, it } from 'vitest';
import { loadOrg } from '../../profiles/load.ts';
import { letterSeed } from './corpus.ts';
import { kindOf, makeTestLetter, pageText, unitForFileref, type TestLetterSpec } from './family.ts';
import { grouped, ibanValid, testIban } from './iban.ts';
import { lineLeft } from '../letters/spec.ts';
import { widthMm } from './layout.ts';
import { parsePrintedDay, rng } from './util.ts';

const org = loadOrg();
const letters: TestLetterSpec[] = Array.from({ length: 120 }, (_, i) =>
  makeTestLetter(org, letterSeed(1, i)),
);
const text = (l: TestLetterSpec) => l.pages.map(pageText).join('\n');
const flat = (s: string) => s.replace(/\s+/g, ' ');
const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

describe('test family', () => {
  it('is deterministic per seed and differs between seeds', () => {
    for (const seed of [0, 7, 100_003, 4_200_017]) {
      expect(makeTestLetter(org, seed)).toEqual(makeTestLetter(org, seed));
    }
    expect(text(makeTestLetter(org, 11))).not.toBe(text(makeTestLetter(org, 12)));
  });

  it('holds every class, kind and address variant in 120 letters, in the intended mix', () => {
    const classes = count(letters.map((l) => l.truth.class));
    for (const c of ['letter', 'invoice', 'persoenlich', 'fehlleitung', 'werbung'] as const)
      expect(classes.get(c), c).toBeGreaterThan(0);
    const unitShare = letters.filter((l) => l.truth.unit !== null).length / letters.length;
    expect(unitShare).toBeGreaterThan(0.85);
    expect(unitShare).toBeLessThan(0.95);
    const variants = count(letters.map((l) => l.meta.variant));
    for (const v of ['none', 'correct', 'old', 'wrong', 'clerk'] as const)
      expect(variants.get(v), v).toBeGreaterThan(2);
    const layouts = count(letters.map((l) => l.meta.layout));
    expect(layouts.size).toBe(7);
    expect(letters.some((l) => l.meta.letterPages === 2)).toBe(true);
    expect(letters.some((l) => l.meta.letterPages === 3)).toBe(true);
    expect(letters.some((l) => l.meta.blankPages.length > 0)).toBe(true);
    expect(new Set(letters.map((l) => l.meta.face)).size).toBe(3);
    // Each block of 100 seeds holds the same mix.
    const mix = (from: number) => count(Array.from({ length: 100 }, (_, i) => kindOf(from + i)));
    expect(mix(0)).toEqual(mix(4_200_000));
    expect(new Set(letters.map((l) => l.truth.unit)).size).toBe(org.units.length + 1);
  });

  it('prints every IBAN of the truth, checksum-valid (possibly broken over lines)', () => {
    const withIban = letters.filter((l) => l.truth.iban);
    expect(withIban.length).toBeGreaterThan(20);
    for (const l of withIban) {
      expect(l.truth.iban).toMatch(/^DE\d{20}$/);
      expect(ibanValid(l.truth.iban!), l.id).toBe(true);
      expect(text(l).replace(/\s+/g, ''), l.id).toContain(l.truth.iban);
    }
    for (const l of letters.filter((x) => x.truth.class === 'invoice'))
      expect(l.truth.iban, l.id).not.toBeNull();
    // Where none is in the truth, none is printed.
    for (const l of letters.filter((x) => !x.truth.iban)) expect(text(l), l.id).not.toMatch(/IBAN/);
  });

  it('makes valid IBANs and rejects broken ones', () => {
    const r = rng(5);
    for (let i = 0; i < 500; i++) {
      const iban = testIban(r);
      expect(ibanValid(iban)).toBe(true);
      expect(ibanValid(grouped(iban))).toBe(true);
      const wrong = iban.slice(0, 10) + String((Number(iban[10]) + 1) % 10) + iban.slice(11);
      expect(ibanValid(wrong)).toBe(false);
    }
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
  });

  it('gives file references of ours only, of the truth unit, printed on the letter', () => {
    const full = new RegExp(`^(?:${org.fileref.pattern})$`);
    const cited = letters.filter((l) => l.truth.fileref);
    expect(cited.length).toBeGreaterThan(20);
    for (const l of cited) {
      expect(l.truth.fileref, l.id).toMatch(full);
      expect(unitForFileref(org, l.truth.fileref!), l.id).toBe(l.truth.unit);
      expect(flat(text(l)).replace(/ \/ /g, '/'), l.id).toContain(l.truth.fileref);
    }
    // The senders' own references that look like ours are there too, and are never the truth.
    const lookalikes = letters.filter((l) => l.meta.foreignRefs.some((f) => full.test(f)));
    expect(lookalikes.length).toBeGreaterThan(3);
    for (const l of lookalikes) for (const f of l.meta.foreignRefs) expect(f).not.toBe(l.truth.fileref);
    expect(letters.some((l) => !l.truth.fileref && l.meta.foreignRefs.some((f) => full.test(f)))).toBe(true);
    // Advertising, misdirected and personal post never cite one of ours.
    for (const l of letters.filter((x) => ['werbung', 'fehlleitung', 'persoenlich'].includes(x.truth.class)))
      expect(l.truth.fileref).toBeNull();
  });

  it('prints the letter date, and other dates that are not it', () => {
    let distractors = 0;
    for (const l of letters) {
      expect(text(l), l.id).toContain(l.meta.datePrinted);
      expect(parsePrintedDay(l.meta.datePrinted), l.id).toBe(l.truth.date);
      expect(l.truth.date < '2026-11-02').toBe(true);
      for (const d of l.meta.distractorDates) expect(d, l.id).not.toBe(l.truth.date);
      distractors += l.meta.distractorDates.length;
    }
    expect(distractors / letters.length).toBeGreaterThan(1);
    expect(letters.filter((l) => /EINGANG|Eingegangen|Eingang/i.test(text(l))).length).toBeGreaterThan(40);
  });

  it('prints the sender and the subject of the truth', () => {
    for (const l of letters) {
      expect(flat(text(l)), l.id).toContain(l.truth.sender);
      if (l.truth.subject) expect(flat(text(l)), l.id).toContain(l.truth.subject);
    }
    expect(letters.some((l) => l.truth.subject.includes(' hier: '))).toBe(true);
    expect(letters.filter((l) => /Betreff: |Betr\.: /.test(text(l))).length).toBeGreaterThan(20);
  });

  it('keeps advertising free of shop words', () => {
    const shop = /Angebot|Rabatt|Gutschein|kostenlos|gratis|Newsletter|Prozent|%/i;
    const ads = letters.filter((l) => l.truth.class === 'werbung');
    for (const l of ads) {
      expect(l.truth.unit).toBeNull();
      expect(text(l), l.id).not.toMatch(shop);
    }
  });

  it('addresses as the variant says', () => {
    for (const l of letters) {
      const t = text(l);
      if (l.meta.variant === 'wrong') expect(l.meta.addressedUnit).not.toBe(l.truth.unit);
      if (l.meta.variant === 'correct' || l.meta.variant === 'old')
        expect(l.meta.addressedUnit).toBe(l.truth.unit);
      if (l.truth.clerk) {
        const unit = org.units.find((u) => u.clerks.some((c) => c.id === l.truth.clerk))!;
        expect(unit.id, l.id).toBe(l.truth.unit);
        const name = unit.clerks.find((c) => c.id === l.truth.clerk)!.name;
        expect(t, l.id).toContain(name.split(' ').slice(-1)[0]);
      }
      if (l.truth.class === 'persoenlich') {
        expect(pageText(l.pages[0]!), l.id).toContain(l.meta.marking);
        const confidential = org.units.find((u) => u.confidential)!.id;
        if (!l.truth.clerk) expect(l.truth.unit).toBe(confidential);
      }
      if (l.truth.class === 'fehlleitung') expect(pageText(l.pages[0]!)).not.toContain('Rathausplatz 1');
      if (l.truth.unit && l.truth.class !== 'persoenlich')
        expect(pageText(l.pages[0]!), l.id).toContain('Rathausplatz 1');
    }
  });

  it('numbers continuation pages, leaves the backs empty, and keeps all text on the sheet', () => {
    for (const l of letters) {
      expect(l.pages.length).toBe(l.meta.letterPages + l.meta.blankPages.length);
      l.pages.forEach((p, i) => {
        if (l.meta.blankPages.includes(i)) {
          expect(p.blank).toBe(true);
          expect(p.blocks.length + p.rules.length + p.rects.length).toBe(0);
        } else expect(p.blocks.length).toBeGreaterThan(0);
        for (const b of p.blocks)
          for (const line of b.lines) {
            const w = widthMm(line, b.face ?? 'sans', !!b.bold, b.size, !!b.italic);
            const x = lineLeft(b, w);
            expect(x, `${l.id} ${line}`).toBeGreaterThanOrEqual(3);
            expect(x + w, `${l.id} ${line}`).toBeLessThanOrEqual(207);
          }
        for (const b of p.blocks) {
          expect(b.y).toBeGreaterThanOrEqual(3);
          expect(b.y + b.lines.length * ((b.size * 1.35 * 25.4) / 72)).toBeLessThanOrEqual(296);
        }
      });
      const textPages = l.pages.filter((p) => !p.blank);
      if (textPages.length > 1) {
        const later = pageText(textPages[1]!);
        expect(later, l.id).toMatch(/Seite 2|- 2 -/);
      }
    }
  });
});
