// What the offices of a German municipality handle, in the words of the letters they receive: one task area
// per office of the KGSt's scheme of offices (Aufgabengliederungsplan: 10 Hauptamt, 20 Kämmerei, 32
// Ordnungsamt, ...). A unit of an org takes the areas of its KGSt code and those whose key words its name
// or topics contain, so a letter about a 'Carport' reaches the building office although no training letter
// and no topic of the org directory says so. Written from the tasks of the offices, not from any letter set.
import type { OrgUnit } from '../profiles/schema.ts';
import { escapeRegExp } from '../profiles/regex.ts';
import { fold } from './text.ts';

export interface TaskArea {
  /** The KGSt office number of the area. */
  code: string;
  /** Beginnings of words in a unit's name or topics that give it the area (folded). */
  keys: string[];
  /** What letters to the area talk about. */
  words: string;
  /** Names the office goes by in other towns or went by before (an address naming one means the unit). */
  offices: string[];
}

export const AREAS: readonly TaskArea[] = [
  {
    code: '10',
    keys: ['hauptamt', 'organisation', 'ratsangelegen', 'burgermeister'],
    words:
      'Rat Stadtrat Gemeinderat Ratssitzung Ratsmitglied Ausschuss Fraktion Tagesordnung Sitzungsvorlage ' +
      'Niederschrift Protokoll Beschluss Bürgermeister Oberbürgermeister Einwohnerantrag Bürgerbegehren ' +
      'Bürgerentscheid Einwohnerversammlung Petition Eingabe Beschwerde Dienstaufsichtsbeschwerde Anregung ' +
      'Informationsfreiheitsgesetz Akteneinsicht Auskunftsersuchen Informationszugang Datenschutz ' +
      'Datenschutzauskunft Auskunftsrecht Wahl Kommunalwahl Wahlhelfer Briefwahl Wahlschein Wahlvorstand ' +
      'Ehrenamt Ehrung Ehrenbürger Jubiläum Glückwunsch Städtepartnerschaft Partnerstadt Öffentlichkeitsarbeit ' +
      'Pressemitteilung Presseanfrage Amtsblatt Bekanntmachung Satzung Hauptsatzung Geschäftsordnung ' +
      'Dienstgebäude Rathaus Hausmeister Beschaffung Telefonanlage Organisationsuntersuchung Kommunalaufsicht',
    offices: [
      'Hauptamt',
      'Hauptverwaltung',
      'Büro des Bürgermeisters',
      'Bürgermeisterbüro',
      'Ratsbüro',
      'Organisationsamt',
    ],
  },
  {
    code: '11',
    keys: ['personalamt', 'personalakte', 'personalwesen', 'bewerbung'],
    words:
      'Bewerbung Bewerbungsunterlagen Lebenslauf Anschreiben Arbeitszeugnis Zeugnisse Stellenausschreibung ' +
      'Stellenangebot Stelle Kennziffer Ausbildung Ausbildungsplatz Auszubildende Praktikum Praktikumsplatz ' +
      'Vorstellungsgespräch Einstellung Arbeitsvertrag Probezeit Kündigung Aufhebungsvertrag ' +
      'Arbeitsunfähigkeitsbescheinigung Krankmeldung Arbeitsunfähigkeit Erkrankung Urlaub Urlaubsantrag ' +
      'Sonderurlaub Elternzeit Mutterschutz Teilzeit Arbeitszeit Gehalt Entgelt Entgeltgruppe Eingruppierung ' +
      'Gehaltsabrechnung Lohnabrechnung Bezüge Besoldung Beihilfe Zusatzversorgung Versorgungsausgleich ' +
      'Personalakte Personalrat Fortbildung Weiterbildung Dienstreise Reisekosten Dienstjubiläum ' +
      'Altersteilzeit Ruhestand Nebentätigkeit Lohnsteuerbescheinigung Sozialversicherungsausweis',
    offices: ['Personalamt', 'Personalabteilung', 'Personalverwaltung', 'Personalservice', 'Personalwesen'],
  },
  {
    code: '20',
    keys: ['kammerei', 'steuer', 'kasse', 'finanz'],
    words:
      'Rechnung Rechnungsbetrag Mahnung Zahlungserinnerung Lastschrift Lastschriftmandat SEPA Mandat ' +
      'Einzugsermächtigung Überweisung Zahlung Zahlungseingang Rückzahlung Erstattung Guthaben Ratenzahlung ' +
      'Stundung Erlass Niederschlagung Vollstreckung Pfändung Säumniszuschlag Mahngebühr Kassenzeichen ' +
      'Buchungszeichen Forderung Bankverbindung Kontoänderung Kontoverbindung Haushalt Haushaltsplan ' +
      'Haushaltssatzung Steuer Steuerbescheid Steuerpflicht Grundsteuer Grundsteuerbescheid Grundbesitzabgaben ' +
      'Grundsteuerwert Messbescheid Gewerbesteuer Gewerbesteuerbescheid Vorauszahlung Hebesatz Hundesteuer ' +
      'Hundesteuermarke Steuermarke Hundeanmeldung Hundeabmeldung Zweitwohnungsteuer Vergnügungssteuer ' +
      'Spielgerät Abgabenbescheid Fälligkeit Zahlungsaufforderung Zinsen Kredit Kommunalkredit Versicherung ' +
      // The city's claims in forced sales and insolvencies are the treasury's (öffentliche Lasten).
      'Zwangsversteigerung Zwangsversteigerungsverfahren Insolvenz Insolvenzverfahren Insolvenzverwalter ' +
      'Forderungsanmeldung Rückstand Rückstände rückständig Lasten',
    offices: [
      'Kämmerei',
      'Stadtkämmerei',
      'Stadtkasse',
      'Steueramt',
      'Steuerabteilung',
      'Finanzverwaltung',
      'Amt für Finanzen',
      'Finanzabteilung',
      'Gemeindekasse',
    ],
  },
  {
    code: '32',
    keys: ['ordnung', 'gewerbean', 'gewerbeab', 'bussgeld'],
    words:
      'Gewerbe Gewerbeanmeldung Gewerbeummeldung Gewerbeabmeldung Gewerbeschein Gewerbeuntersagung ' +
      'Reisegewerbe Gaststätte Gaststättenerlaubnis Schankerlaubnis Ausschank Sperrzeit Bußgeld ' +
      'Bußgeldbescheid Bußgeldverfahren Verwarnung Verwarnungsgeld Ordnungswidrigkeit Anhörung Zeuge ' +
      'Zeugenfragebogen Anhörungsbogen Parkverstoß Falschparken Halteverbot Parkverbot Geschwindigkeit ' +
      'Geschwindigkeitsmessung Fahrzeug Kennzeichen Fahrzeughalter Halter Abschleppen Verkehrsbehörde ' +
      'Verkehrszeichen Straßensperrung Baustelle Verkehrsrechtliche Anordnung Bewohnerparkausweis ' +
      'Parkausweis Ausnahmegenehmigung Lärm Ruhestörung Lärmbelästigung Nachtruhe Nachbarschaft Fundsache ' +
      'Fundbüro Fund Fundsachen Fundanzeige Fundgegenstand Fundgegenstände Finder Finderlohn verloren ' +
      'Verlust Verlustanzeige gefunden Geldbörse Portemonnaie Schlüssel Fahrrad ' +
      'Sondernutzung Sondernutzungserlaubnis Straßenfest Veranstaltung Veranstaltungsanzeige ' +
      'Markt Wochenmarkt Flohmarkt Plakatierung Plakat Feuerwerk Gefahrenabwehr Gefährlicher Hund ' +
      'Leinenpflicht Waffe Obdachlosigkeit Schwarzarbeit Taxi Glücksspiel Ordnungsbehörde ' +
      'Betrieb Betriebsstätte Betriebsverlegung Gewerbetreibende Gewerbetreibender',
    offices: [
      'Ordnungsamt',
      'Ordnungsbehörde',
      'Gewerbeamt',
      'Straßenverkehrsbehörde',
      'Bußgeldstelle',
      'Fundbüro',
      'Amt für öffentliche Ordnung',
    ],
  },
  {
    code: '33',
    keys: ['burgeramt', 'melde', 'einwohner', 'personalausweis', 'reisepass'],
    words:
      'Meldebescheinigung Anmeldung Ummeldung Abmeldung Wohnsitz Hauptwohnsitz Nebenwohnung Wohnung Umzug ' +
      'Zuzug Wegzug Einzug Melderegister Melderegisterauskunft Meldeauskunft Auskunftssperre ' +
      'Übermittlungssperre Personalausweis Ausweis Reisepass Kinderreisepass Pass Passbild Ausweisdokument ' +
      'Online-Ausweisfunktion PIN-Brief Verlustanzeige Verlust Diebstahl Führungszeugnis Gewerbezentralregister ' +
      'Wohnungsgeberbestätigung Vermieter Einzugsbestätigung Lebensbescheinigung Beglaubigung Unterschriftsbeglaubigung ' +
      'Fischereischein Terminvereinbarung Bürgerbüro Steueridentifikationsnummer Staatsangehörigkeit',
    offices: [
      'Bürgeramt',
      'Bürgerbüro',
      'Bürgerservice',
      'Einwohnermeldeamt',
      'Meldeamt',
      'Meldebehörde',
      'Passamt',
      'Bürgerdienste',
    ],
  },
  {
    code: '40',
    keys: ['schul'],
    words:
      'Schule Schulanmeldung Anmeldung Einschulung Schulpflicht Grundschule Gesamtschule Gymnasium Realschule ' +
      'Schulbezirk Schulwechsel Gastschulantrag Schülerbeförderung Schulbus Schülerfahrkarte Schülerticket ' +
      'Fahrkostenerstattung Schulweg Schulbescheinigung Schülerausweis Schulträger Ganztag Offene Ganztagsschule ' +
      'Betreuung Mittagessen Mensa Schulverpflegung Lernmittel Schulbücher Klassenfahrt Schulgebäude Turnhalle ' +
      'Schulleitung Elternbeirat Schüler Schülerin Klasse Schuljahr',
    offices: ['Schulverwaltungsamt', 'Schulamt', 'Schulverwaltung', 'Amt für Schulen'],
  },
  {
    code: '41',
    keys: ['kultur', 'bibliothek', 'musikschule', 'museum', 'bucherei'],
    words:
      'Kultur Kulturförderung Kulturprojekt Zuschuss Förderantrag Konzert Ausstellung Museum Theater ' +
      'Kulturverein Verein Chor Kunst Künstler Lesung Festival Stadtfest Kulturprogramm Musikschule ' +
      'Musikunterricht Instrument Unterricht Instrumentalunterricht Anmeldung Unterrichtsgebühr Ensemble ' +
      'Bibliothek Stadtbibliothek Bücherei Leseausweis Bibliotheksausweis Ausleihe Medien Bücher Verlängerung ' +
      'Fernleihe Volkshochschule Kurs Stadtarchiv Archiv Heimatmuseum Denkmalpflege',
    offices: [
      'Kulturamt',
      'Kulturbüro',
      'Stadtbibliothek',
      'Stadtbücherei',
      'Musikschule',
      'Volkshochschule',
      'Stadtarchiv',
    ],
  },
  {
    code: '50',
    keys: ['sozial', 'grundsicherung', 'wohngeld'],
    words:
      'Grundsicherung Sozialhilfe Hilfe Lebensunterhalt Regelsatz Mehrbedarf Wohngeld Mietzuschuss ' +
      'Lastenzuschuss Wohngeldantrag Weiterleistungsantrag Weiterbewilligung Bewilligungsbescheid Bildung ' +
      'Teilhabe Bildungspaket Pflege Hilfe zur Pflege Pflegegrad Pflegeheim Heimkosten Pflegedienst ' +
      'Eingliederungshilfe Schwerbehinderung Schwerbehindertenausweis Behinderung Grad der Behinderung ' +
      'Merkzeichen Asyl Asylbewerber Geflüchtete Flüchtlinge Unterkunft Unterbringung Bestattungskosten ' +
      'Sozialpass Bedürftigkeit Einkommen Vermögen Einkommensnachweis Rentenbescheid Rente Erwerbsminderung ' +
      'Miete Mietvertrag Mietbescheinigung Nebenkosten Heizkosten Kontoauszüge Sozialleistungen ' +
      'Seniorenberatung Senioren Betreuung Betreuer Kostenübernahme',
    offices: [
      'Sozialamt',
      'Amt für Soziales',
      'Sozialverwaltung',
      'Sozialhilfeverwaltung',
      'Sozialhilfestelle',
      'Wohngeldstelle',
      'Grundsicherungsstelle',
    ],
  },
  {
    code: '51',
    keys: ['jugend', 'kita', 'kindertages'],
    words:
      'Kita Kindertagesstätte Kindergarten Krippe Hort Kita-Platz Betreuungsplatz Kindertagespflege ' +
      'Tagesmutter Tagesvater Kitagebühren Elternbeitrag Elternbeiträge Beitragsbefreiung Eingewöhnung ' +
      'Betreuungszeit Unterhaltsvorschuss Unterhalt Kindesunterhalt Beistandschaft Vaterschaft ' +
      'Vaterschaftsanerkennung Sorgerecht Sorgeerklärung Umgangsrecht Vormundschaft Vormund Pflegekind ' +
      'Pflegefamilie Pflegeeltern Adoption Jugendhilfe Hilfe zur Erziehung Erziehungsberatung Familienhilfe ' +
      'Kindeswohl Kinderschutz Jugendzentrum Jugendarbeit Jugendfreizeit Ferienfreizeit Ferienbetreuung ' +
      'Elterngeld Kinder Kind Tochter Sohn Jugendliche Jugendgerichtshilfe Familie Eltern Alleinerziehend',
    offices: [
      'Jugendamt',
      'Amt für Jugend und Familie',
      'Jugend- und Familienamt',
      'Kita-Verwaltung',
      'Elterngeldstelle',
    ],
  },
  {
    code: '63',
    keys: ['bauordnung', 'bauaufsicht', 'bauantrag', 'baugenehm'],
    words:
      'Bauantrag Baugenehmigung Baugenehmigungsverfahren Bauvoranfrage Bauvorbescheid Bauvorlagen ' +
      'Bauzeichnung Lageplan Baubeschreibung Statik Standsicherheit Standsicherheitsnachweis Abbruch Abriss ' +
      'Rückbau Nutzungsänderung Baulast Baulastenverzeichnis Bebauungsplan Flächennutzungsplan Grundstück ' +
      'Flurstück Flur Gemarkung Anbau Umbau Neubau Einfamilienhaus Wohnhaus Carport Garage Dachgeschoss ' +
      'Dachausbau Gaube Wintergarten Terrasse Balkon Zaun Einfriedung Mauer Abstandsfläche Grenzabstand ' +
      'Grenzbebauung Nachbarzustimmung Nachbar Baubeginn Baubeginnsanzeige Fertigstellung Bauabnahme ' +
      'Schlussabnahme Bauherr Bauherrin Architekt Architektin Entwurfsverfasser Denkmalschutz Werbeanlage ' +
      'Solaranlage Photovoltaik Schwarzbau Baustopp Bauaufsicht Brandschutz Brandschutznachweis ' +
      'Stellplatz Stellplatznachweis Gebäude Bauvorhaben Baugrundstück Wärmepumpe',
    offices: [
      'Bauordnungsamt',
      'Bauamt',
      'Bauaufsicht',
      'Bauaufsichtsamt',
      'Baurechtsamt',
      'Untere Bauaufsichtsbehörde',
      'Bauaufsichtsbehörde',
    ],
  },
  {
    code: '67',
    keys: ['grunflache', 'umwelt', 'friedhof', 'baumfall'],
    words:
      'Baum Bäume Baumfällung Fällung Fällgenehmigung Fällantrag Baumschutzsatzung Baumschnitt Ast Äste ' +
      'Wurzeln Grünfläche Park Grünanlage Spielplatz Spielgerät Hecke Rückschnitt Grünschnitt Rasen ' +
      'Straßenbegleitgrün Friedhof Grab Grabstätte Grabstelle Grabnutzungsrecht Nutzungsrecht Urne ' +
      'Urnengrab Beisetzung Bestattung Grabpflege Grabmal Grabstein Friedhofsgebühren Gewässer Bach Teich ' +
      'Graben Hochwasser Ufer Gewässerunterhaltung Naturschutz Umweltschutz Artenschutz Biotop Altlasten ' +
      'Bodenschutz Immissionen Geruch Luftreinhaltung Blühwiese Streuobstwiese Kompost Umwelt Klima Klimaschutz',
    offices: [
      'Grünflächenamt',
      'Umweltamt',
      'Friedhofsverwaltung',
      'Friedhofsamt',
      'Gartenamt',
      'Untere Naturschutzbehörde',
    ],
  },
  {
    code: '70',
    keys: ['abfall', 'sperrmull', 'stadtreinigung', 'entsorgung'],
    words:
      'Abfall Abfallentsorgung Müll Müllabfuhr Mülltonne Abfallbehälter Restmüll Restmülltonne Biotonne ' +
      'Bioabfall Papiertonne Altpapier Gelber Sack Wertstoff Wertstofftonne Sperrmüll Sperrmüllabholung ' +
      'Sperrmülltermin Elektroschrott Altgeräte Sondermüll Schadstoffmobil Recyclinghof Wertstoffhof ' +
      'Abfallkalender Tonne Behältertausch Müllgebühren Abfallgebühren Ablagerung wilde Müllablagerung ' +
      'Abfallberatung Mehrwegsystem',
    offices: ['Abfallwirtschaft', 'Stadtreinigung', 'Abfallberatung', 'Entsorgungsbetrieb'],
  },
  {
    code: '80',
    keys: ['wirtschaftsforder'],
    words:
      'Wirtschaftsförderung Gewerbegebiet Gewerbefläche Gewerbegrundstück Ansiedlung Unternehmen ' +
      'Unternehmensansiedlung Standort Investition Fördermittel Förderprogramm Existenzgründung Gründer ' +
      'Innenstadt Leerstand Einzelhandel Stadtmarketing Tourismus Breitband Glasfaser Fachkräfte Messe',
    offices: ['Wirtschaftsförderung', 'Amt für Wirtschaftsförderung'],
  },
];

/** A unit named by another name of its office ('Schulverwaltungsamt' for the 'Schul- und Kulturamt'). */
export function officeNamed<U extends Pick<OrgUnit, 'code' | 'name' | 'topics'>>(
  units: readonly U[],
  address: string,
): U | null {
  const f = fold(address);
  const named = units.filter((u) =>
    areasOf(u).some((a) => a.offices.some((o) => new RegExp(`(^|[^a-z])${escapeRegExp(fold(o))}`).test(f))),
  );
  return named.length === 1 ? named[0]! : null;
}

/**
 * The task areas of a unit: those of its KGSt code and those with a key that begins a word of its name or
 * topics ('Bauordnungsamt' is not the 'Ordnungsamt').
 * @example areasOf({ code: '63', name: 'Bauordnungsamt', topics: [] }) // [the area of office 63]
 */
export function areasOf(unit: Pick<OrgUnit, 'code' | 'name' | 'topics'>): TaskArea[] {
  const words = [unit.name, ...unit.topics].flatMap((t) => fold(t).split(/[^a-z]+/));
  return AREAS.filter((a) => a.code === unit.code || a.keys.some((k) => words.some((w) => w.startsWith(k))));
}
