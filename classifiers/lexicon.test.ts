// Task areas of the offices: which unit takes which area, other names of an office, and what the areas
// add to routing (letters on tasks no training letter and no topic of the org directory names).
import { describe, expect, it } from 'vitest';
import { loadOrg } from '../profiles/load.ts';
import { extractMetadata } from './extract.ts';
import { loadBaseModel } from './learn.ts';
import { areasOf, officeNamed } from './lexicon.ts';
import { classify, makeRouter } from './route.ts';
import { linesFromText } from './text.ts';

const org = loadOrg();
const unit = (id: string) => org.units.find((u) => u.id === id)!;
const codes = (id: string) => areasOf(unit(id)).map((a) => a.code);

describe('task areas', () => {
  it('gives a unit the areas of its code and of words its name or topics begin with', () => {
    expect(codes('bauamt')).toEqual(['63']); // 'Bauordnungsamt' is not the Ordnungsamt
    expect(codes('buergeramt')).toEqual(['33']); // 'Personalausweis' is not the Personalamt
    expect(codes('schulamt')).toEqual(['40', '41']);
    expect(codes('umweltamt')).toEqual(['67', '70', '80']); // topics Abfall, Sperrmüll, Wirtschaftsförderung
    expect(areasOf({ code: '99', name: 'Stabsstelle', topics: [] })).toEqual([]);
  });

  it('knows a unit by another name of its office, when only one unit has it', () => {
    expect(officeNamed(org.units, 'Stadt Musterstadt\nSchulverwaltungsamt\nRathausplatz 1')?.id).toBe(
      'schulamt',
    );
    expect(officeNamed(org.units, 'Stadtkasse')?.id).toBe('kaemmerei');
    expect(officeNamed(org.units, 'Einwohnermeldeamt')?.id).toBe('buergeramt');
    expect(officeNamed(org.units, 'Friedhofsverwaltung')?.id).toBe('umweltamt');
    expect(officeNamed(org.units, 'Stadt Musterstadt\nRathausplatz 1')).toBeNull();
    expect(officeNamed(org.units, 'Stadtkasse, Jugendamt')).toBeNull();
  });

  it('routes a letter on a task only the areas name to its office', () => {
    const router = makeRouter(org, loadBaseModel());
    const route = (subject: string, body: string) => {
      const lines = linesFromText(
        `Max Muster\nLindenweg 3\n12345 Musterstadt\n\nStadt Musterstadt\nRathausplatz 1\n12345 Musterstadt\n\n` +
          `Betreff: ${subject}\n\nSehr geehrte Damen und Herren,\n${body}\nMit freundlichen Grüßen\nMax Muster`,
      );
      return classify(lines, extractMetadata(lines, org.fileref.pattern, 'Stadt Musterstadt'), org, router)
        .unit;
    };
    expect(
      route('Carport an der Grundstücksgrenze', 'wir möchten einen Carport mit Abstandsfläche bauen.'),
    ).toBe('bauamt');
    expect(route('Biotonne nicht geleert', 'seit zwei Wochen wird unsere Biotonne nicht abgeholt.')).toBe(
      'umweltamt',
    );
    expect(
      route('Tagesmutter für unsere Tochter', 'wir suchen eine Tagesmutter in der Kindertagespflege.'),
    ).toBe('jugendamt');
  });
});
