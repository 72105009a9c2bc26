import { describe, expect, it } from 'vitest';
import { loadOrg } from '../profiles/load.ts';
import { extractMetadata } from './extract.ts';
import { classify, unitForPlan } from './route.ts';
import { linesFromText } from './text.ts';

const org = loadOrg();
const route = (text: string) => {
  const lines = linesFromText(text);
  return classify(lines, extractMetadata(lines, org.fileref.pattern, org.authority.name), org);
};
const address = 'Stadt Musterstadt\nRathausplatz 1\n12345 Musterstadt\n';

describe('unitForPlan', () => {
  it('takes the longest matching file-plan prefix, not the unit code', () => {
    expect(unitForPlan(org, '20.11')?.unit.id).toBe('schulamt'); // plan group 2, though the Kämmerei's code is 20
    expect(unitForPlan(org, '02.10')?.unit.id).toBe('personalamt');
    expect(unitForPlan(org, '40.11')?.unit.id).toBe('sozialamt');
    expect(unitForPlan(org, '13.01')?.unit.id).toBe('buergeramt');
    expect(unitForPlan(org, '93.02')?.unit.id).toBe('kaemmerei');
    expect(unitForPlan(org, '55.01')).toBeNull();
  });
});

describe('classify', () => {
  it('routes by the file reference first', () => {
    const r = route(
      `Max Muster\n${address}\nIhr Zeichen: 63.21.04/2026-0147\n\nBetreff: Hundesteuer\n\nSehr geehrte Damen und Herren,`,
    );
    expect(r).toMatchObject({ unit: 'bauamt', class: 'letter' });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('does not route by a reference the sender marks as their own', () => {
    const r = route(
      `Max Muster\n${address}\nUnser Zeichen: 63.21.04/2026-0147\n\nBetreff: Anmeldung Hundesteuer\n\nSehr geehrte Damen und Herren,\nich melde meinen Hund zur Hundesteuer an.`,
    );
    expect(r.unit).toBe('kaemmerei');
  });

  it('routes by topics when there is no reference, with a confidence that reflects the margin', () => {
    const clear = route(
      `Max Muster\n${address}\nBetreff: Antrag auf Wohngeld\n\nSehr geehrte Damen und Herren,\nich beantrage Wohngeld.`,
    );
    expect(clear.unit).toBe('sozialamt');
    const mixed = route(
      `Max Muster\n${address}\nBetreff: Anfrage\n\nSehr geehrte Damen und Herren,\nzu Wohngeld und Bauantrag und Hundesteuer.`,
    );
    expect(mixed.confidence!).toBeLessThan(clear.confidence!);
  });

  it('abstains without reference or topic', () => {
    expect(
      route(`Max Muster\n${address}\nBetreff: Hallo\n\nSehr geehrte Damen und Herren,\nnichts.`).unit,
    ).toBeNull();
  });

  it('recognises an invoice', () => {
    const r = route(
      `Firma X GmbH\n${address}\nBetreff: Rechnung Nr. 4711\n\nSehr geehrte Damen und Herren,\nGesamtbetrag: 119,00 €\nIBAN DE89 3704 0044 0532 0130 00`,
    );
    expect(r).toMatchObject({ class: 'invoice', unit: 'kaemmerei' });
  });

  it('marks misdirected post and never routes it', () => {
    const r = route(
      'Max Muster\nFinanzamt Beispielhausen\nSteuerstraße 1\n54321 Beispielhausen\n\nBetreff: Einkommensteuer\n\nSehr geehrte Damen und Herren,',
    );
    expect(r).toMatchObject({ class: 'fehlleitung', unit: null });
  });

  it('marks advertising', () => {
    const r = route(
      `Werbe GmbH\n${address}\nBetreff: Exklusives Angebot\n\nJetzt bestellen: 30 % Rabatt für Neukunden, Gutschein gratis!`,
    );
    expect(r).toMatchObject({ class: 'werbung', unit: null });
  });

  it('sends personal post unopened to the named clerk’s unit', () => {
    const r = route(
      'Max Muster\nPersönlich/Vertraulich\nStadt Musterstadt\nz. Hd. Sabine Weber\nRathausplatz 1\n\nBetreff: Unterlagen\n\nSehr geehrte Frau Weber,',
    );
    expect(r).toMatchObject({ class: 'persoenlich', unit: 'sozialamt' });
  });

  it('does not take the word persönlich in the body as a marking', () => {
    const r = route(
      `Max Muster\n${address}\nBetreff: Wohngeld\n\nSehr geehrte Damen und Herren,\n\nich möchte den Antrag gern persönlich vorbeibringen, wenn es Ihnen recht ist und Sie Zeit haben.`,
    );
    expect(r.class).toBe('letter');
  });
});
