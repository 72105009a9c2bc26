// People, firms, associations, authorities and places of the test family. Invented for this family
// alone; none of them is drawn from the training generator.
import { chance, int, pick, type Rng } from './util.ts';

export const WOMEN = [
  'Jördis',
  'Mareike',
  'Ilka',
  'Dörte',
  'Aylin',
  'Zofia',
  'Ines',
  'Désirée',
  'Kübra',
  'Wiebke',
  'Elif',
  'Svenja',
  'Ljubica',
  'Hannelore',
  'Renate',
  'Annegret',
  'Marie-Luise',
  'Gesa',
  'Thea',
  'Rosemarie',
  'Nadia',
  'Friederike',
];
export const MEN = [
  'Björn',
  'Sönke',
  'Ümit',
  'Goran',
  'Lutz',
  'Heiko',
  'Rüdiger',
  'Jürgen',
  'Oskar',
  'Friedhelm',
  'Nils',
  'Teodor',
  'Gökhan',
  'Benedikt',
  'Kai-Uwe',
  'Hans-Jörg',
  'Emeka',
  'Valentin',
  'Detlef',
  'Matthias',
  'Piotr',
];
export const SURNAMES = [
  'Brandt-Okafor',
  'Pfeiffer',
  'Kowalczyk',
  'Dreßler',
  'Grünewald',
  'Lehmkuhl',
  'Öztürk',
  'Schäfer-Lindqvist',
  'Haberland',
  'Quast',
  'Niemeyer',
  'Zielinski',
  'Roßbach',
  'Üffing',
  'Vogelsang',
  'Mertens',
  'Yildiz',
  'Baumgärtner',
  'Ohlendorf',
  'Petrovic',
  'Stöckl',
  'Wendt',
  'Adeyemi',
  'Nguyen',
  'Hülsmann',
  'Tamm',
  'Jablonski',
  'Klee',
  'Lorenzen',
  'Sauerbrey',
  'von Ahlefeldt',
  'Meißner',
  'Duvenbeck',
  'Kallweit',
  'Scholz-Ebert',
  'Rahimi',
];
const TITLES = ['Dr. ', 'Dr. ', 'Prof. Dr. ', 'Dipl.-Ing. '];

export interface Person {
  first: string;
  last: string;
  female: boolean;
  /** With academic title, as the person signs. */
  full: string;
  title: string;
}

export function person(r: Rng, avoid: readonly string[] = [], titled = true): Person {
  for (;;) {
    const female = chance(r, 0.5);
    const first = pick(r, female ? WOMEN : MEN);
    const last = pick(r, SURNAMES);
    if (avoid.some((a) => a.includes(last))) continue;
    const title = titled && chance(r, 0.12) ? pick(r, TITLES) : '';
    return { first, last, female, title, full: `${title}${first} ${last}` };
  }
}
export const formal = (p: Person) => `${p.female ? 'Frau' : 'Herrn'} ${p.full}`;
export const salute = (p: Person) =>
  `${p.female ? 'Sehr geehrte Frau' : 'Sehr geehrter Herr'} ${p.title}${p.last},`;

export interface Place {
  plz: string;
  town: string;
  phone: string;
}
export const HOME: Place = { plz: '12345', town: 'Musterstadt', phone: '0 47 11' };
export const PLACES: Place[] = [
  HOME,
  { plz: '12347', town: 'Musterstadt', phone: '0 47 11' },
  { plz: '12349', town: 'Musterstadt-Eichenried', phone: '0 47 11' },
  { plz: '23456', town: 'Kronsberg', phone: '0 48 25' },
  { plz: '23581', town: 'Lindenau', phone: '0 48 31' },
  { plz: '24117', town: 'Hollerbach', phone: '0 49 02' },
  { plz: '25340', town: 'Weidenthal', phone: '0 49 57' },
  { plz: '26789', town: 'Rabenfurt', phone: '0 51 14' },
  { plz: '27412', town: 'Ostermoor', phone: '0 52 66' },
  { plz: '28310', town: 'Sankt Aldemar', phone: '0 53 09' },
  { plz: '29001', town: 'Wiesenbrunn', phone: '0 54 41' },
];
export const STREETS = [
  'Lindenweg',
  'Am Mühlbach',
  'Kastanienallee',
  'Hinter der Kirche',
  'Färberstraße',
  'Zum Sportplatz',
  'Ringstraße',
  'Ulmenhof',
  'Auf der Höhe',
  'Gerberstraße',
  'Brückenstraße',
  'Am Wasserturm',
  'Töpfergasse',
  'Kiefernring',
  'Schlehenweg',
  'Alte Poststraße',
  'Dorfanger',
  'Heideweg',
  'Mühlenkamp',
  'Schwanenstraße',
];
export const street = (r: Rng) =>
  `${pick(r, STREETS)} ${int(r, 1, 88)}${chance(r, 0.15) ? pick(r, ['a', 'b']) : ''}`;
export const phone = (r: Rng, p: Place) =>
  `${p.phone} ${int(r, 10, 99)} ${int(r, 100, 999)}-${int(r, 0, 99)}`;

export interface Firm {
  name: string;
  trade: string;
  /** A short name for the e-mail domain. */
  domain: string;
}
export const FIRMS: Firm[] = [
  {
    name: 'Kowalski Haustechnik GmbH',
    trade: 'Heizung · Sanitär · Lüftung',
    domain: 'kowalski-haustechnik.de',
  },
  {
    name: 'Lindqvist & Partner Architekten PartGmbB',
    trade: 'Architektur und Stadtplanung',
    domain: 'lindqvist-architekten.de',
  },
  {
    name: 'Baumpflege Hollerbach GbR',
    trade: 'Seilklettertechnik · Baumkontrolle',
    domain: 'baumpflege-hollerbach.de',
  },
  {
    name: 'Druckerei Sauerbrey KG',
    trade: 'Offset · Digitaldruck · Weiterverarbeitung',
    domain: 'sauerbrey-druck.de',
  },
  {
    name: 'Elektro Dreßler e.K.',
    trade: 'Elektroinstallation und Gebäudetechnik',
    domain: 'elektro-dressler.de',
  },
  {
    name: 'Grünwerk Landschaftsbau GmbH',
    trade: 'Garten- und Landschaftsbau',
    domain: 'gruenwerk-landschaftsbau.de',
  },
  {
    name: 'Abschleppdienst Quast GmbH & Co. KG',
    trade: 'Abschleppen · Bergen · Pannenhilfe',
    domain: 'quast-abschleppdienst.de',
  },
  {
    name: 'Schreinerei Vogelsang',
    trade: 'Möbel- und Innenausbau seit 1952',
    domain: 'schreinerei-vogelsang.de',
  },
  {
    name: 'IT-Systemhaus Ohlendorf AG',
    trade: 'Netzwerke · Arbeitsplätze · Service',
    domain: 'ohlendorf-it.de',
  },
  {
    name: 'Büroland Kessler GmbH',
    trade: 'Bürobedarf und Objekteinrichtung',
    domain: 'bueroland-kessler.de',
  },
  { name: 'Ingenieurbüro Dr. Haberland', trade: 'Tragwerksplanung · Prüfstatik', domain: 'ib-haberland.de' },
  {
    name: 'Glanzwerk Gebäudereinigung GmbH',
    trade: 'Unterhalts- und Glasreinigung',
    domain: 'glanzwerk-reinigung.de',
  },
  {
    name: 'Mertens & Öztürk Rechtsanwälte',
    trade: 'Verwaltungsrecht · Baurecht · Arbeitsrecht',
    domain: 'mertens-oeztuerk.de',
  },
  { name: 'Hausverwaltung Roßbach GmbH', trade: 'Miet- und WEG-Verwaltung', domain: 'hv-rossbach.de' },
  {
    name: 'Spielgeräte Nordwind GmbH',
    trade: 'Spielplatzgeräte aus Robinienholz',
    domain: 'nordwind-spiel.de',
  },
  {
    name: 'Containerdienst Tamm GmbH',
    trade: 'Container · Entsorgung · Recycling',
    domain: 'tamm-container.de',
  },
  {
    name: 'Musikhaus Klangfarbe OHG',
    trade: 'Instrumente · Noten · Werkstatt',
    domain: 'klangfarbe-musik.de',
  },
  { name: 'Malerbetrieb Jablonski', trade: 'Maler- und Lackierarbeiten', domain: 'maler-jablonski.de' },
  {
    name: 'Pflegedienst Lichtblick gGmbH',
    trade: 'Ambulante Pflege und Betreuung',
    domain: 'lichtblick-pflege.de',
  },
  {
    name: 'Sicherheitstechnik Adeyemi UG (haftungsbeschränkt)',
    trade: 'Schließanlagen · Alarmtechnik',
    domain: 'adeyemi-sicherheit.de',
  },
  {
    name: 'Fahrzeugbau Lorenzen GmbH',
    trade: 'Kommunalfahrzeuge und Aufbauten',
    domain: 'lorenzen-fahrzeugbau.de',
  },
  { name: 'Tagungshotel Seeblick GmbH', trade: 'Tagen · Übernachten · Feiern', domain: 'seeblick-tagung.de' },
  {
    name: 'Akademie für Verwaltungspraxis gGmbH',
    trade: 'Fortbildung für den öffentlichen Dienst',
    domain: 'verwaltungspraxis-akademie.de',
  },
  {
    name: 'Kommunalbedarf Hülsmann GmbH',
    trade: 'Winterdienst · Stadtmobiliar · Geräte',
    domain: 'huelsmann-kommunal.de',
  },
  {
    name: 'Vermessungsbüro Meißner & Klee',
    trade: 'Öffentlich bestellte Vermessungsingenieure',
    domain: 'vermessung-meissner-klee.de',
  },
  {
    name: 'Schulbuchhandlung Duvenbeck',
    trade: 'Bücher für Schule und Bibliothek',
    domain: 'duvenbeck-buch.de',
  },
  {
    name: 'Busreisen Kallweit GmbH',
    trade: 'Schülerverkehr · Linienverkehr · Reisen',
    domain: 'kallweit-bus.de',
  },
];

/** Firms that write about their own or their clients' matters (not suppliers). */
export const CLIENT_FIRMS: Firm[] = [
  FIRMS.find((f) => f.name.startsWith('Mertens'))!,
  FIRMS.find((f) => f.name.startsWith('Hausverwaltung'))!,
  FIRMS.find((f) => f.name.startsWith('Lindqvist'))!,
  { name: 'Café Kranich GbR', trade: 'Kaffeehaus · Konditorei', domain: 'cafe-kranich.de' },
  { name: 'Bäckerei Lehmkuhl', trade: 'Handwerksbäckerei seit 1911', domain: 'baeckerei-lehmkuhl.de' },
  { name: 'Autohaus Wendt GmbH', trade: 'Verkauf · Werkstatt · Karosserie', domain: 'autohaus-wendt.de' },
  {
    name: 'Steuerbüro Klee & Partner mbB',
    trade: 'Steuerberatung · Lohn · Buchhaltung',
    domain: 'stb-klee.de',
  },
  {
    name: 'Gaststätte Zum Anker GbR',
    trade: 'Gutbürgerliche Küche · Saal für 80 Personen',
    domain: 'zum-anker-musterstadt.de',
  },
  {
    name: 'Immobilien Baumgärtner e.K.',
    trade: 'Vermietung und Verwaltung',
    domain: 'baumgaertner-immobilien.de',
  },
];

export const ASSOCIATIONS = [
  'Förderverein Freibad Musterstadt e.V.',
  'Heimat- und Geschichtsverein Musterstadt e.V.',
  'Schützengilde 1887 Musterstadt e.V.',
  'Kinderchor Spatzennest e.V.',
  'Bürgerinitiative Lebenswerte Altstadt',
  'Kleingartenverein Am Mühlbach e.V.',
  'Turnverein Eintracht Musterstadt 1901 e.V.',
  'Tafel Musterstadt e.V.',
  'Elternbeirat der Grundschule Am Mühlbach',
  'Nachbarschaftshilfe Eichenried e.V.',
];

export const SCHOOLS = [
  'Grundschule Am Mühlbach',
  'Astrid-Lindgren-Grundschule',
  'Gesamtschule Musterstadt-Nord',
  'Realschule am Rathausplatz',
  'Förderschule Lindenhof',
];
export const KITAS = [
  'Kita Regenbogen',
  'Kindergarten Pusteblume',
  'Kita Sonnenschein',
  'Familienzentrum Eichenried',
];
export const DOGS = ['Balu', 'Frieda', 'Kalle', 'Luna', 'Paule', 'Motte', 'Bruno', 'Emmi'];
export const BREEDS = [
  'Mischlingsrüde',
  'Labradorhündin',
  'Dackel',
  'Border Collie',
  'Beagle',
  'Pudelmischling',
];
export const SPOTS = [
  'Marktplatz',
  'Kirchplatz',
  'Stadtpark',
  'Mühlenteich',
  'Bahnhofsvorplatz',
  'Sportplatz Eichenried',
];
export const TREES = ['Kiefer', 'Rotbuche', 'Birke', 'Walnussbaum', 'Fichte', 'Linde', 'Blutbuche'];

/** A public body writing to the city: name (as in its letterhead), department, seat, its own file numbers. */
export interface Authority {
  name: string;
  dept: string[];
  street: string;
  place: Place;
  /** Their own reference, as they print it. */
  ownRef: (r: Rng) => string;
  ownRefLabel: string;
  email: string;
}
const yy = '26';
export const AUTHORITIES: Record<string, Authority> = {
  amtsgericht: {
    name: 'Amtsgericht Talstadt',
    dept: [
      'Abteilung für Familiensachen',
      'Betreuungsgericht',
      'Vollstreckungsgericht',
      'Abteilung für Bußgeldsachen',
    ],
    street: 'Justizplatz 2',
    place: { plz: '24680', town: 'Talstadt', phone: '0 46 03' },
    ownRef: (r) => `${int(r, 1, 19)} ${pick(r, ['F', 'XVII', 'K', 'OWi', 'C'])} ${int(r, 10, 999)}/${yy}`,
    ownRefLabel: 'Aktenzeichen',
    email: 'poststelle@ag-talstadt.justiz.example',
  },
  finanzamt: {
    name: 'Finanzamt Bergheim',
    dept: ['Veranlagungsstelle', 'Gewerbesteuerstelle', 'Bewertungsstelle Grundbesitz'],
    street: 'Steinweg 40',
    place: { plz: '25013', town: 'Bergheim', phone: '0 45 71' },
    ownRef: (r) => `${int(r, 100, 299)}/${int(r, 100, 999)}/${int(r, 10000, 99999)}`,
    ownRefLabel: 'Steuernummer',
    email: 'poststelle.bergheim@finanzamt.example',
  },
  landratsamt: {
    name: 'Landratsamt Hollerbach',
    dept: ['Untere Naturschutzbehörde', 'Kreisbauamt', 'Kommunalaufsicht', 'Wasserbehörde'],
    street: 'Kreishausstraße 1',
    place: { plz: '24117', town: 'Hollerbach', phone: '0 49 02' },
    ownRef: (r) => `${pick(r, ['UNB', 'KBA', 'KA', 'WB'])}-${int(r, 100, 999)}.${int(r, 10, 99)}/${yy}`,
    ownRefLabel: 'Unser Zeichen',
    email: 'info@lra-hollerbach.example',
  },
  drv: {
    name: 'Deutsche Rentenversicherung Bund',
    dept: ['Abteilung Rehabilitation und Rente', 'Prüfdienst Arbeitgeber'],
    street: 'Ruhrstraße 2',
    place: { plz: '10709', town: 'Berlin', phone: '030' },
    ownRef: (r) =>
      `${int(r, 10, 65)} ${int(r, 100000, 311299)} ${pick(r, ['A', 'B', 'K', 'M', 'S'])} ${int(r, 100, 999)}`,
    ownRefLabel: 'Versicherungsnummer',
    email: 'drv@drv-bund.example',
  },
  polizei: {
    name: 'Polizeipräsidium Rabenfurt',
    dept: ['Polizeiinspektion Musterstadt', 'Verkehrspolizei', 'Fundstelle / Sachbereich Eigentum'],
    street: 'Wachstraße 9',
    place: { plz: '26789', town: 'Rabenfurt', phone: '0 51 14' },
    ownRef: (r) => `Tgb.-Nr. ${int(r, 1000, 9999)}/${yy}`,
    ownRefLabel: 'Unser Zeichen',
    email: 'pp.rabenfurt@polizei.example',
  },
  bfj: {
    name: 'Bundesamt für Justiz',
    dept: ['Referat IV 2 – Bundeszentralregister'],
    street: 'Adenauerallee 99–103',
    place: { plz: '53113', town: 'Bonn', phone: '0228' },
    ownRef: (r) => `IV 2 – ${int(r, 1000, 9999)}/${yy}`,
    ownRefLabel: 'Geschäftszeichen',
    email: 'bzr@bfj.example',
  },
  jobcenter: {
    name: 'Jobcenter Kronsberg',
    dept: ['Leistungsabteilung', 'Team Erstattungen'],
    street: 'Arbeitsplatz 5',
    place: { plz: '23456', town: 'Kronsberg', phone: '0 48 25' },
    ownRef: (r) => `BG-Nr. ${int(r, 10000, 99999)}BG${int(r, 1000000, 9999999)}`,
    ownRefLabel: 'Unser Zeichen',
    email: 'jobcenter-kronsberg@jobcenter.example',
  },
  familienkasse: {
    name: 'Familienkasse Lindenau',
    dept: ['Kindergeldstelle'],
    street: 'Postfach 11 20',
    place: { plz: '23581', town: 'Lindenau', phone: '0 48 31' },
    ownRef: (r) => `Kindergeld-Nr. ${int(r, 100, 999)}FK${int(r, 100000, 999999)}`,
    ownRefLabel: 'Unser Zeichen',
    email: 'familienkasse-lindenau@arbeitsagentur.example',
  },
  schulamt: {
    name: 'Staatliches Schulamt Kronsberg',
    dept: ['Schulaufsicht Grundschulen'],
    street: 'Lehrerweg 7',
    place: { plz: '23456', town: 'Kronsberg', phone: '0 48 25' },
    ownRef: (r) => `SchA ${int(r, 10, 99)}-${int(r, 100, 999)}`,
    ownRefLabel: 'Unser Zeichen',
    email: 'poststelle@schulamt-kronsberg.example',
  },
  verwaltungsgericht: {
    name: 'Verwaltungsgericht Lindenau',
    dept: ['2. Kammer'],
    street: 'Am Gerichtshof 1',
    place: { plz: '23581', town: 'Lindenau', phone: '0 48 31' },
    ownRef: (r) => `${int(r, 1, 9)} K ${int(r, 100, 2999)}/${yy}`,
    ownRefLabel: 'Aktenzeichen',
    email: 'poststelle@vg-lindenau.justiz.example',
  },
  innenministerium: {
    name: 'Ministerium des Innern und für Kommunales',
    dept: ['Abteilung 3 – Kommunalangelegenheiten'],
    street: 'Regierungsallee 12',
    place: { plz: '20100', town: 'Sankt Aldemar', phone: '0 53 09' },
    ownRef: (r) => `31-${int(r, 10, 99)}.${int(r, 100, 999)}/${yy}`,
    ownRefLabel: 'Geschäftszeichen',
    email: 'poststelle@mik.example',
  },
};

/**
 * Other authorities (and a court in our own town) whose post sometimes lands in our mailroom, with what
 * people write to them.
 */
export const ELSEWHERE: Array<{ lines: string[]; subjects: string[]; body: string[] }> = [
  {
    lines: ['Landkreis Hollerbach', 'Kreisverwaltung – Bürgerbüro', 'Kreishausstraße 1', '24117 Hollerbach'],
    subjects: ['Verlängerung meines Jagdscheins', 'Antrag auf einen Fischereischein'],
    body: [
      'hiermit beantrage ich die Verlängerung meines Jagdscheins, der am {after} abläuft.',
      'Den Nachweis der Jagdhaftpflichtversicherung lege ich bei.',
    ],
  },
  {
    lines: ['Gemeinde Weidenthal', 'Der Bürgermeister', 'Dorfstraße 3', '25340 Weidenthal'],
    subjects: ['Zuzug nach Weidenthal – Anmeldung', 'Anmeldung meines Hundes in Weidenthal'],
    body: [
      'zum {before} bin ich von Musterstadt nach Weidenthal gezogen und möchte mich bei Ihnen anmelden.',
      'Bitte teilen Sie mir mit, ob ich dazu persönlich ins Gemeindebüro kommen muss.',
    ],
  },
  {
    lines: ['Gemeinde Neudorf', 'Einwohnermeldestelle', 'Hauptstraße 20', '25921 Neudorf'],
    subjects: ['Antrag auf eine Meldebescheinigung', 'Meldebescheinigung für meinen Arbeitgeber'],
    body: [
      'für meine neue Arbeitsstelle benötige ich eine Meldebescheinigung der Gemeinde Neudorf.',
      'Die Gebühr überweise ich nach Erhalt Ihrer Rechnung.',
    ],
  },
  {
    lines: ['Amtsgericht Musterstadt', 'Nachlassgericht', 'Gerichtsstraße 5', '12345 Musterstadt'],
    subjects: ['Nachlasssache {name}', 'Antrag auf einen Erbschein nach meiner Mutter'],
    body: [
      'in der Nachlasssache meiner am {before} verstorbenen Mutter beantrage ich die Erteilung eines Erbscheins.',
      'Die Sterbeurkunde und das Familienstammbuch liegen in Kopie bei.',
    ],
  },
  {
    lines: ['Stadt Kronsberg', 'Bürgerservice', 'Markt 1', '23456 Kronsberg'],
    subjects: ['Verlust meines Reisepasses', 'Abholung meines Personalausweises in Kronsberg'],
    body: [
      'seit meinem Umzug nach Kronsberg bin ich bei Ihnen gemeldet. Nun habe ich meinen Reisepass verloren und bitte um einen Termin.',
      'Meine Meldebescheinigung füge ich bei.',
    ],
  },
  {
    lines: ['Verbandsgemeinde Ostermoor', 'Fachbereich Bürgerdienste', 'Moorweg 12', '27412 Ostermoor'],
    subjects: ['Container vor unserem Haus in Ostermoor', 'Straßenfest im Ortsteil Moorhusen'],
    body: [
      'für die Renovierung unseres Hauses in Ostermoor möchten wir vom {after} an für zwei Wochen einen Container auf die Straße stellen.',
      'Bitte teilen Sie mir mit, welche Unterlagen Sie benötigen.',
    ],
  },
  {
    lines: ['Finanzamt Lindenau', 'Postfach 3 40', '23581 Lindenau'],
    subjects: [
      'Einkommensteuererklärung {lastyear}|Nachreichung von Belegen',
      'Antrag auf Fristverlängerung',
    ],
    body: [
      'zu meiner Einkommensteuererklärung reiche ich die angeforderten Belege über die Handwerkerleistungen nach.',
      'Meine Steuer-Identifikationsnummer lautet 47 {no} 1.',
    ],
  },
  {
    lines: ['Amtsgericht Rabenfurt', 'Grundbuchamt', 'Schlossplatz 4', '26789 Rabenfurt'],
    subjects: ['Antrag auf einen Grundbuchauszug', 'Löschung einer Grundschuld, {plot}'],
    body: [
      'als Eigentümer des Grundstücks {plot} bitte ich um einen beglaubigten Auszug aus dem Grundbuch.',
      'Die Löschungsbewilligung der Bank liegt bei.',
    ],
  },
  {
    lines: ['Landratsamt Wiesenbrunn', 'Straßenverkehrsamt', 'Am Kreishaus 2', '29001 Wiesenbrunn'],
    subjects: ['Abmeldung meines Fahrzeugs', 'Umtausch meines Führerscheins'],
    body: [
      'mein Fahrzeug mit dem Kennzeichen WB-{no} möchte ich außer Betrieb setzen. Fahrzeugschein und Kennzeichen liegen bei.',
      'Den Bescheid senden Sie bitte an die oben genannte Anschrift.',
    ],
  },
];
