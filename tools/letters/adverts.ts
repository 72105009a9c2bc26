// Training-family advertising: mailings to the town hall in many voices, with and without the shop words
// of a sale (invitations, product news, seminars, catalogues), so the router learns what advertising
// is about rather than a list of words.
import type { OrgDirectory } from '../../profiles/schema.ts';
import { rng, type LetterSpec, type Rng } from './spec.ts';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const COMPANIES = [
  'Nordlicht Bürosysteme GmbH',
  'Kommunal-Partner Beratung AG',
  'Grünwerk Außenanlagen KG',
  'Datenhafen IT-Service GmbH',
  'Fahrzeugbau Lindner GmbH',
  'Akademie für Verwaltungspraxis',
  'Möbelwerk Sauer OHG',
  'Reinhold Druck & Medien',
];
const PRODUCTS = [
  'Aktenvernichter',
  'Bürostühle',
  'Streufahrzeuge',
  'Spielgeräte für öffentliche Plätze',
  'Software für die Ratsarbeit',
  'Parkscheinautomaten',
  'LED-Straßenleuchten',
  'Seminare zum Vergaberecht',
  'Reinigungsdienstleistungen',
];
const OPENERS = [
  'wir freuen uns, Ihnen unsere neue Produktlinie {p} vorzustellen.',
  'als langjähriger Partner vieler Kommunen laden wir Sie herzlich zu unserer Hausmesse ein.',
  'kennen Sie schon unsere {p}? Viele Städte und Gemeinden setzen bereits darauf.',
  'gerne möchten wir Ihnen unser Unternehmen und unsere Leistungen rund um {p} vorstellen.',
  'in diesem Herbst präsentieren wir auf der Kommunalmesse unsere Neuheiten bei {p}.',
  'mit unserem neuen Katalog erhalten Sie einen Überblick über unser gesamtes Sortiment.',
  'wir eröffnen eine neue Niederlassung in Ihrer Region und stellen uns Ihnen vor.',
];
const MIDDLES = [
  'Überzeugen Sie sich selbst von Qualität, Langlebigkeit und einem Service, der keine Wünsche offen lässt.',
  'Unsere Fachberater kommen gerne zu einem unverbindlichen Vorführtermin zu Ihnen ins Haus.',
  'Besuchen Sie uns an Stand 14 und lernen Sie unser Team persönlich kennen.',
  'Sichern Sie sich jetzt Ihren Platz: die Teilnehmerzahl ist begrenzt.',
  'Profitieren Sie von unserer Erfahrung aus über 300 Projekten mit öffentlichen Auftraggebern.',
  'Als Neukunde erhalten Sie bei Ihrer ersten Bestellung einen Preisvorteil von 15 %.',
  'Fordern Sie noch heute Ihr kostenloses Muster an.',
];
const CLOSERS = [
  'Wir freuen uns darauf, von Ihnen zu hören.',
  'Weitere Informationen finden Sie auf unserer Internetseite.',
  'Anmeldung bitte per E-Mail oder über das beiliegende Antwortfax.',
  'Sie möchten keine Informationen mehr von uns erhalten? Eine kurze Nachricht genügt.',
];

/** `count` advertising letters to the authority, seeded. */
export function adverts(org: OrgDirectory, count: number, seed = 4242): LetterSpec[] {
  const [street, town] = org.authority.address.split(',').map((s) => s.trim());
  return Array.from({ length: count }, (_, i) => {
    const r = rng(seed + i);
    const company = pick(r, COMPANIES);
    const product = pick(r, PRODUCTS);
    const fill = (s: string) => s.replace('{p}', product);
    const subject = pick(r, [
      `Neu: ${product}`,
      `Einladung zur Hausmesse`,
      `Unser Angebot für Ihre Verwaltung`,
      `${product} für Kommunen`,
      `Wir stellen uns vor`,
    ]);
    return {
      id: `W${String(seed + i).padStart(5, '0')}`,
      pages: [
        {
          blocks: [
            { x: 25, y: 15, size: 15, bold: true, lines: [company] },
            { x: 25, y: 45, size: 7, lines: [`${company} · Postfach ${100 + i} · 20095 Hamburg`] },
            {
              x: 25,
              y: 52,
              size: 11,
              lines: [org.authority.name, pick(r, ['', 'Beschaffung', 'Verwaltung']), street!, town!].filter(
                Boolean,
              ),
            },
            { x: 125, y: 60, size: 10, lines: [`Hamburg, ${1 + (i % 28)}.${1 + (i % 12)}.2026`] },
            { x: 25, y: 110, size: 11, bold: true, lines: [subject] },
            {
              x: 25,
              y: 122,
              size: 11,
              lines: [
                pick(r, ['Sehr geehrte Damen und Herren,', 'Guten Tag,']),
                '',
                fill(pick(r, OPENERS)),
                '',
                pick(r, MIDDLES),
                pick(r, MIDDLES),
                '',
                pick(r, CLOSERS),
                '',
                'Mit freundlichen Grüßen',
                company,
              ],
            },
          ],
        },
      ],
      truth: {
        unit: null,
        class: 'werbung',
        fileref: null,
        date: '2026-01-01',
        sender: company,
        subject,
        iban: null,
        amount: null,
      },
    };
  });
}
