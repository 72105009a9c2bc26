// The test family's invoices, letters from other authorities and courts, advertising mailings, personal
// letters and the wording of letters meant for another authority. Own wording throughout.

export interface InvoiceTopic {
  /** The unit the invoice is about ('kaemmerei': general supplies, booked centrally). */
  unit: string;
  firm: string;
  subjects: string[];
  intro: string[];
  /** Position: text, unit of quantity, price range, quantity range. */
  items: Array<[string, string, number, number, number, number]>;
}

export const INVOICES: InvoiceTopic[] = [
  {
    unit: 'umweltamt',
    firm: 'Baumpflege Hollerbach GbR',
    subjects: ['Rechnung Nr. {inv}', 'Rechnung {inv} – Baumpflege im Stadtpark', 'Baumpflegearbeiten {spot}'],
    intro: [
      'für die im Auftrag der Stadt ausgeführten Baumpflegearbeiten am {spot} berechnen wir:',
      'wir bedanken uns für den Auftrag und stellen die Kronenpflege der Alleebäume wie folgt in Rechnung:',
    ],
    items: [
      ['Kronenpflege {tree}, Höhe bis 20 m', 'Stk.', 180, 420, 2, 12],
      ['Totholzentfernung mit Seilklettertechnik', 'Std.', 58, 72, 4, 16],
      ['Hubarbeitsbühne 26 m inkl. Bediener', 'Std.', 95, 140, 3, 8],
      ['Abfuhr und Verwertung Grünschnitt', 'm³', 22, 35, 5, 30],
    ],
  },
  {
    unit: 'umweltamt',
    firm: 'Grünwerk Landschaftsbau GmbH',
    subjects: [
      'Rechnung Nr. {inv}',
      'Abschlagsrechnung Nr. 2 zur Neugestaltung Friedhofseingang',
      'Grünpflege Friedhof, {period}',
    ],
    intro: [
      'für die Pflege der Grünflächen auf dem Waldfriedhof im Leistungszeitraum {period} erlauben wir uns zu berechnen:',
      'gemäß Auftrag vom {before} rechnen wir die erbrachten Leistungen ab:',
    ],
    items: [
      ['Rasenflächen mähen, Schnittgut aufnehmen', 'm²', 0.18, 0.32, 2000, 9000],
      ['Heckenschnitt beidseitig', 'lfm', 2.4, 4.1, 80, 400],
      ['Pflanzung Bodendecker', 'Stk.', 3.2, 6.5, 100, 600],
      ['Wegeflächen von Laub reinigen', 'Std.', 42, 55, 6, 20],
    ],
  },
  {
    unit: 'kaemmerei',
    firm: 'Büroland Kessler GmbH',
    subjects: [
      'Rechnung Nr. {inv}',
      'Rechnung {inv} zu Ihrer Bestellung vom {before}',
      'Lieferung Büromaterial',
    ],
    intro: ['wir lieferten Ihnen am {before}:', 'für Ihre Bestellung bedanken wir uns und berechnen:'],
    items: [
      ['Kopierpapier A4, 80 g/m², Karton à 2.500 Blatt', 'Ktn.', 21, 29, 10, 60],
      ['Ordner A4, breit, Recyclingkarton', 'Stk.', 2.1, 3.4, 50, 300],
      ['Tonerkartusche schwarz, Typ K-{no}', 'Stk.', 64, 118, 2, 12],
      ['Hängeregistratur, Leitz-Format', 'Pck.', 12, 19, 5, 20],
    ],
  },
  {
    unit: 'kaemmerei',
    firm: 'Glanzwerk Gebäudereinigung GmbH',
    subjects: [
      'Rechnung Nr. {inv}',
      'Unterhaltsreinigung Rathaus – Monat Oktober',
      'Rechnung Glasreinigung Verwaltungsgebäude',
    ],
    intro: [
      'für die vertraglich vereinbarte Unterhaltsreinigung im Zeitraum {period} berechnen wir:',
      'gemäß Reinigungsvertrag stellen wir folgende Leistungen in Rechnung:',
    ],
    items: [
      ['Unterhaltsreinigung Rathaus, Pauschale', 'Mon.', 3800, 6400, 1, 1],
      ['Glasreinigung innen und außen', 'm²', 1.9, 3.1, 300, 1400],
      ['Sonderreinigung nach Veranstaltung Ratssaal', 'Std.', 31, 39, 4, 12],
    ],
  },
  {
    unit: 'kaemmerei',
    firm: 'IT-Systemhaus Ohlendorf AG',
    subjects: ['Rechnung Nr. {inv}', 'Wartungsvertrag Server – 4. Quartal', 'Rechnung Servicestunden'],
    intro: [
      'für die Betreuung Ihrer IT-Systeme berechnen wir gemäß Vertrag:',
      'wir berechnen die folgenden Leistungen:',
    ],
    items: [
      ['Wartungspauschale Serverraum Rathaus', 'Quartal', 1900, 3200, 1, 1],
      ['Vor-Ort-Einsatz Techniker', 'Std.', 92, 118, 2, 14],
      ['Lizenzverlängerung Virenschutz, 120 Arbeitsplätze', 'Stk.', 14, 26, 120, 120],
    ],
  },
  {
    unit: 'ordnungsamt',
    firm: 'Abschleppdienst Quast GmbH & Co. KG',
    subjects: ['Rechnung Nr. {inv}', 'Abschleppen im Auftrag des Ordnungsamts', 'Umsetzung Fahrzeug MU-{no}'],
    intro: [
      'im Auftrag Ihres Außendienstes wurde am {before} ein Fahrzeug aus der Feuerwehrzufahrt umgesetzt. Wir berechnen:',
      'für die angeordnete Sicherstellung eines Fahrzeugs berechnen wir:',
    ],
    items: [
      ['Abschleppen Pkw bis 3,5 t, Tagtarif', 'Einsatz', 165, 240, 1, 1],
      ['Standgebühr Verwahrplatz', 'Tag', 12, 19, 1, 9],
      ['Zuschlag Nachtarbeit', 'Pausch.', 45, 80, 1, 1],
    ],
  },
  {
    unit: 'schulamt',
    firm: 'Schulbuchhandlung Duvenbeck',
    subjects: ['Rechnung Nr. {inv}', 'Medienlieferung Stadtbücherei', 'Rechnung Schulbücher {school}'],
    intro: [
      'für die Stadtbücherei lieferten wir am {before}:',
      'wir berechnen die Lieferung der Klassensätze:',
    ],
    items: [
      ['Klassensatz Lesebuch Klasse 3', 'Stk.', 14, 22, 25, 30],
      ['Jugendsachbücher, foliert', 'Stk.', 9.5, 18, 20, 60],
      ['Hörbücher für die Kinderabteilung', 'Stk.', 8, 15, 10, 30],
    ],
  },
  {
    unit: 'schulamt',
    firm: 'Busreisen Kallweit GmbH',
    subjects: [
      'Rechnung Nr. {inv}',
      'Schülerbeförderung Monat September',
      'Schulbuslinie Eichenried – Abrechnung',
    ],
    intro: [
      'für den Schülerverkehr im Zeitraum {period} berechnen wir:',
      'nach dem Beförderungsvertrag rechnen wir ab:',
    ],
    items: [
      ['Schulbus Linie E2, Fahrten je Schultag', 'Tag', 210, 330, 18, 22],
      ['Sonderfahrt Schwimmunterricht', 'Fahrt', 95, 150, 2, 8],
    ],
  },
  {
    unit: 'bauamt',
    firm: 'Ingenieurbüro Dr. Haberland',
    subjects: [
      'Honorarrechnung Nr. {inv}',
      'Prüfung Standsicherheitsnachweis Bauvorhaben {addr}',
      'Rechnung Prüfstatik',
    ],
    intro: [
      'für die uns übertragene bautechnische Prüfung des Bauvorhabens {addr} berechnen wir nach der Gebührenordnung:',
      'für die Prüfung der Statik berechnen wir:',
    ],
    items: [
      ['Prüfung der statischen Berechnung', 'Pausch.', 1400, 3900, 1, 1],
      ['Prüfung der Ausführungspläne', 'Std.', 98, 125, 4, 18],
      ['Bauüberwachung Bewehrungsabnahme', 'Termin', 180, 260, 1, 3],
    ],
  },
  {
    unit: 'jugendamt',
    firm: 'Spielgeräte Nordwind GmbH',
    subjects: [
      'Rechnung Nr. {inv}',
      'Lieferung und Montage Spielgerät {kita}',
      'Schlussrechnung Außengelände {kita}',
    ],
    intro: [
      'für die Kindertagesstätte lieferten und montierten wir:',
      'wir berechnen Lieferung und Aufbau für die {kita}:',
    ],
    items: [
      ['Kletterkombination Robinie „Fuchsbau“', 'Stk.', 4800, 9200, 1, 1],
      ['Fallschutz Holzhackschnitzel, eingebaut', 'm³', 38, 55, 10, 40],
      ['Montage und Abnahme nach DIN EN 1176', 'Pausch.', 650, 1200, 1, 1],
    ],
  },
  {
    unit: 'sozialamt',
    firm: 'Pflegedienst Lichtblick gGmbH',
    subjects: ['Rechnung Nr. {inv}', 'Abrechnung Hilfe zur Pflege, {period}', 'Pflegeleistungen für {name}'],
    intro: [
      'für die Versorgung von {name}, geb. {birth}, berechnen wir die Leistungen der Hilfe zur Pflege:',
      'nach Ihrer Kostenzusage rechnen wir die häusliche Pflege ab:',
    ],
    items: [
      ['Große Körperpflege', 'Einsatz', 26, 34, 20, 31],
      ['Hauswirtschaftliche Versorgung', 'Std.', 29, 36, 8, 20],
      ['Anfahrtspauschale', 'Einsatz', 4, 7, 20, 31],
    ],
  },
  {
    unit: 'hauptamt',
    firm: 'Tagungshotel Seeblick GmbH',
    subjects: ['Rechnung Nr. {inv}', 'Klausurtagung des Stadtrats am {before}', 'Rechnung Tagungspauschale'],
    intro: [
      'für die Klausurtagung des Stadtrats in unserem Haus berechnen wir:',
      'wir danken für Ihren Besuch und berechnen:',
    ],
    items: [
      ['Tagungspauschale ganztägig', 'Pers.', 58, 79, 20, 44],
      ['Tagungsraum „Uferblick“ mit Technik', 'Tag', 350, 600, 1, 2],
      ['Abendessen Buffet', 'Pers.', 29, 42, 20, 44],
    ],
  },
  {
    unit: 'kaemmerei',
    firm: 'Druckerei Sauerbrey KG',
    subjects: ['Rechnung Nr. {inv}', 'Druck Haushaltsplan {year}', 'Rechnung Druckaufträge Oktober'],
    intro: [
      'für den Druck des Haushaltsplans berechnen wir:',
      'wir berechnen die Druckaufträge gemäß Auftrag vom {before}:',
    ],
    items: [
      ['Haushaltsplan, 380 Seiten, Klebebindung', 'Expl.', 18, 29, 40, 120],
      ['Briefbogen Stadt Musterstadt, 2-farbig', 'Tsd.', 48, 75, 5, 20],
      ['Satz und Datenaufbereitung', 'Std.', 62, 78, 3, 10],
    ],
  },
];

export interface AuthCase {
  auth: string;
  /** Department line (index into the authority's dept list). */
  dept: number;
  unit: string;
  subjects: string[];
  openers: string[];
  details: string[];
  /** Opening that goes with each subject (index into openers; -1 or absent: any). */
  align?: number[];
}

export const AUTH_CASES: AuthCase[] = [
  {
    auth: 'amtsgericht',
    dept: 0,
    unit: 'jugendamt',
    subjects: [
      'Vormundschaftssache für das minderjährige Kind {kid} {last}',
      'Familiensache {last} ./. {last2}|hier: Bitte um Stellungnahme des Jugendamts',
      'Sorgerechtsverfahren betreffend {kid} {last}, geb. {kidbirth}',
    ],
    openers: [
      'in der oben bezeichneten Familiensache wird das Jugendamt gebeten, bis zum {after} zu den Lebensverhältnissen des Kindes schriftlich zu berichten.',
      'das Gericht beabsichtigt, für das Kind einen Vormund zu bestellen. Sie erhalten Gelegenheit zur Stellungnahme.',
      'zum Anhörungstermin am {event} wird das Jugendamt als Beteiligter geladen.',
    ],
    details: [
      'Eine Abschrift des Antrags ist beigefügt.',
      'Das persönliche Erscheinen einer Fachkraft wird erbeten.',
    ],
    align: [1, 0, 2],
  },
  {
    auth: 'amtsgericht',
    dept: 3,
    unit: 'ordnungsamt',
    subjects: [
      'Bußgeldsache gegen {name}|hier: Einspruch gegen Ihren Bußgeldbescheid',
      'Ordnungswidrigkeitenverfahren {name}',
      'Übersendung der Akten nach Einspruch',
    ],
    openers: [
      'nach Einspruch des Betroffenen ist das Verfahren bei Gericht anhängig. Ich bitte um Übersendung der vollständigen Verwaltungsakte.',
      'der Termin zur Hauptverhandlung ist auf den {event} bestimmt. Die Verwaltungsbehörde wird hiervon unterrichtet.',
      'das Verfahren wurde gemäß § 47 Abs. 2 OWiG eingestellt. Die Akte wird zurückgesandt.',
    ],
    details: [
      'Die Messunterlagen werden bis zum {after} erbeten.',
      'Eine Kopie des Einspruchsschreibens liegt bei.',
    ],
    align: [-1, -1, 0],
  },
  {
    auth: 'amtsgericht',
    dept: 2,
    unit: 'kaemmerei',
    subjects: [
      'Zwangsversteigerungsverfahren {plot}',
      'Zwangsversteigerung {addr}|hier: Anmeldung öffentlicher Lasten',
    ],
    openers: [
      'in dem Zwangsversteigerungsverfahren ist Termin zur Versteigerung auf den {event} bestimmt. Öffentliche Lasten, insbesondere Grundsteuer, sind spätestens im Termin anzumelden.',
      'die Stadt wird als Beteiligte gebeten, rückständige Grundbesitzabgaben für das oben genannte Grundstück bis zum {after} zu beziffern.',
    ],
    details: [
      'Rückständige Grundsteuer nach Mitteilung der Stadt: {eur}.',
      'Bitte geben Sie bei Rückfragen das gerichtliche Aktenzeichen an.',
    ],
  },
  {
    auth: 'amtsgericht',
    dept: 1,
    unit: 'sozialamt',
    subjects: ['Betreuungssache {name}', 'Betreuungsverfahren für {name}, geb. {birth}'],
    openers: [
      'in der Betreuungssache wird die Betreuungsbehörde gebeten, einen Sozialbericht zu erstellen und einen geeigneten Betreuer vorzuschlagen.',
      'für den Betroffenen wird die Einrichtung einer Betreuung für die Aufgabenkreise Vermögenssorge und Pflege geprüft. Sie erhalten Gelegenheit zur Äußerung.',
    ],
    details: ['Um Bericht wird bis zum {after} gebeten.', 'Ein ärztliches Zeugnis ist beigefügt.'],
  },
  {
    auth: 'finanzamt',
    dept: 1,
    unit: 'kaemmerei',
    subjects: [
      'Mitteilung über den Gewerbesteuermessbetrag',
      'Gewerbesteuermessbescheid {thisyear} für {firm}',
      'Zerlegung des Gewerbesteuermessbetrags',
    ],
    openers: [
      'für den oben genannten Betrieb wurde der Gewerbesteuermessbetrag für den Erhebungszeitraum neu festgesetzt. Die Mitteilung übersende ich zur Festsetzung der Gewerbesteuer.',
      'anbei erhalten Sie den geänderten Messbescheid. Die Änderung beruht auf der Betriebsprüfung für die Jahre 2022 bis 2024.',
    ],
    details: ['Steuermessbetrag: {eur}.', 'Der Bescheid ist nicht vorläufig.'],
  },
  {
    auth: 'finanzamt',
    dept: 2,
    unit: 'kaemmerei',
    subjects: ['Grundsteuermessbescheid für {plot}', 'Mitteilung über den Grundsteuerwert'],
    openers: [
      'für das Grundstück wurde der Grundsteuermessbetrag auf den 1. Januar {year} neu festgesetzt. Ich bitte, die Grundsteuer entsprechend anzupassen.',
      'nach Fortschreibung des Grundsteuerwerts übersende ich die Mitteilung für die Festsetzung der Grundsteuer durch die Gemeinde.',
    ],
    details: [
      'Eigentümer: {name}, {addr}.',
      'Der Bescheid ist unter dem Vorbehalt der Nachprüfung ergangen.',
    ],
  },
  {
    auth: 'landratsamt',
    dept: 0,
    unit: 'umweltamt',
    subjects: [
      'Fällung von Alleebäumen an der Kreisstraße|naturschutzrechtliche Stellungnahme',
      'Gewässerunterhaltung Mühlbach',
      'Anzeige einer Gewässerverunreinigung',
    ],
    openers: [
      'zu der beantragten Fällung von sieben Linden gibt die Untere Naturschutzbehörde folgende Stellungnahme ab: Gegen die Maßnahme bestehen keine Bedenken, wenn Ersatz gepflanzt wird.',
      'die Wasserbehörde bittet die Stadt als Unterhaltungspflichtige, den Abflussquerschnitt des Mühlbachs unterhalb der Brücke bis zum {after} wiederherzustellen.',
      'uns wurde eine Verunreinigung des Mühlbachs gemeldet. Wir bitten um Mitteilung, ob Ihnen die Ursache bekannt ist.',
    ],
    details: ['Ein Lageplan liegt bei.', 'Die Ortsbesichtigung fand am {before} statt.'],
    align: [0, 1, 2],
  },
  {
    auth: 'landratsamt',
    dept: 1,
    unit: 'bauamt',
    subjects: [
      'Beteiligung im Baugenehmigungsverfahren {addr}',
      'Bauvorhaben Gewerbehalle, {plot}|Stellungnahme des Kreisbauamts',
    ],
    openers: [
      'im Rahmen der Behördenbeteiligung übersenden wir unsere Stellungnahme zum Bauantrag. Aus Sicht des Brandschutzes sind Auflagen erforderlich.',
      'die Stadt wird gebeten, das gemeindliche Einvernehmen zum Bauvorhaben bis zum {after} zu erklären.',
    ],
    details: [
      'Die Bauvorlagen sind beigefügt.',
      'Bitte geben Sie das Aktenzeichen des Kreises bei Antworten an.',
    ],
  },
  {
    auth: 'landratsamt',
    dept: 2,
    unit: 'hauptamt',
    subjects: [
      'Beschluss des Stadtrats vom {before}|kommunalaufsichtliche Prüfung',
      'Anfrage der Kommunalaufsicht zur Geschäftsordnung',
    ],
    openers: [
      'die Kommunalaufsicht hat den Beschluss über die Änderung der Hauptsatzung geprüft. Gegen die Regelung zur Sitzungsöffentlichkeit bestehen Bedenken.',
      'wir bitten um Übersendung der Sitzungsniederschrift und der Ladung zur Ratssitzung, in der der Beschluss gefasst wurde.',
    ],
    details: ['Um Stellungnahme wird bis zum {after} gebeten.', 'Die Prüfung ist noch nicht abgeschlossen.'],
    align: [0, 1],
  },
  {
    auth: 'drv',
    dept: 0,
    unit: 'sozialamt',
    subjects: [
      'Ersuchen nach § 45 SGB XII für {name}',
      'Feststellung der Erwerbsminderung|{name}, geb. {birth}',
    ],
    openers: [
      'auf Ihr Ersuchen teilen wir mit, dass bei der genannten Person eine dauerhafte volle Erwerbsminderung vorliegt.',
      'wir haben die medizinischen Voraussetzungen geprüft. Das Ergebnis übersenden wir für Ihre Entscheidung über die Grundsicherung.',
    ],
    details: ['Das Gutachten ist beigefügt.', 'Der Rentenantrag wurde am {before} gestellt.'],
  },
  {
    auth: 'drv',
    dept: 1,
    unit: 'personalamt',
    subjects: ['Ankündigung einer Betriebsprüfung', 'Prüfung nach § 28p SGB IV|Prüfzeitraum 2022 bis 2025'],
    openers: [
      'wir kündigen die Prüfung der Arbeitgeberpflichten nach dem Sozialgesetzbuch an. Die Prüfung soll am {event} beginnen.',
      'für die Prüfung bitten wir, die Entgeltunterlagen und Beitragsabrechnungen der Beschäftigten bereitzuhalten.',
    ],
    details: ['Betriebsnummer: {no}.', 'Ein Fragebogen liegt bei.'],
  },
  {
    auth: 'polizei',
    dept: 2,
    unit: 'ordnungsamt',
    subjects: ['Übergabe einer Fundsache', 'Fundsachen aus dem Bereich Musterstadt', 'Fundanzeige: Fahrrad'],
    openers: [
      'die beiliegende Fundsache wurde am {before} bei der Polizeiinspektion abgegeben. Wir übergeben sie dem Fundbüro der Stadt.',
      'anliegend erhalten Sie die Liste der im letzten Monat bei uns abgegebenen Fundgegenstände zur weiteren Verwahrung.',
    ],
    details: ['Der Finder verzichtet auf Finderlohn.', 'Der Eigentümer konnte nicht ermittelt werden.'],
  },
  {
    auth: 'polizei',
    dept: 0,
    unit: 'ordnungsamt',
    subjects: [
      'Veranstaltung „Stadtfest“ am {event}|Sicherheitskonzept',
      'Lärmbeschwerden Gaststätte {street}',
      'Anhörung zu einer Gaststättenerlaubnis',
    ],
    openers: [
      'zum Sicherheitskonzept des Stadtfests nehmen wir wie folgt Stellung: Die Rettungswege am {spot} müssen freigehalten werden.',
      'wegen wiederholter nächtlicher Ruhestörung mussten Beamte der Inspektion mehrfach zur Gaststätte ausrücken. Wir regen gewerberechtliche Maßnahmen an.',
    ],
    details: ['Die Einsatzberichte liegen bei.', 'Eine Besprechung vor Ort wird angeregt.'],
    align: [0, 1, 1],
  },
  {
    auth: 'bfj',
    dept: 0,
    unit: 'buergeramt',
    subjects: [
      'Antrag auf Erteilung eines Führungszeugnisses|Rückgabe wegen fehlender Angaben',
      'Führungszeugnis für {name}',
    ],
    openers: [
      'der über Ihre Meldebehörde gestellte Antrag kann nicht bearbeitet werden, weil der Geburtsort fehlt. Die Unterlagen erhalten Sie zurück.',
      'zu dem übermittelten Antrag fehlt die Bestätigung über die Zahlung der Gebühr.',
    ],
    details: [
      'Bitte übermitteln Sie den Antrag nach Ergänzung erneut.',
      'Antragsdatum laut Übermittlung: {before}.',
    ],
  },
  {
    auth: 'jobcenter',
    dept: 1,
    unit: 'sozialamt',
    subjects: [
      'Erstattungsanspruch nach § 104 SGB X',
      'Anmeldung eines Erstattungsanspruchs|Bedarfsgemeinschaft {last}',
    ],
    openers: [
      'für die Zeit {period} haben wir Leistungen an die Bedarfsgemeinschaft erbracht. Da vorrangig Wohngeld zu zahlen ist, melden wir einen Erstattungsanspruch an.',
      'wir bitten um Mitteilung, ob und in welcher Höhe Leistungen nach dem SGB XII bewilligt wurden.',
    ],
    details: ['Erstattungsbetrag: {eur}.', 'Die Bewilligungsbescheide liegen bei.'],
  },
  {
    auth: 'familienkasse',
    dept: 0,
    unit: 'jugendamt',
    subjects: [
      'Auskunft zum Kindergeldbezug für {kid} {last}',
      'Anfrage Unterhaltsvorschuss|Kindergeldberechtigung',
    ],
    openers: [
      'auf Ihre Anfrage teilen wir mit, dass für das Kind seit dem {before} Kindergeld an die Mutter gezahlt wird.',
      'für die Prüfung des Unterhaltsvorschusses bestätigen wir die Kindergeldberechtigung.',
    ],
    details: [
      'Der Kindergeldanspruch ist bis {after} festgesetzt.',
      'Weitere Auskünfte können wir nicht erteilen.',
    ],
  },
  {
    auth: 'schulamt',
    dept: 0,
    unit: 'schulamt',
    subjects: ['Schülerbeförderung zur {school}', 'Schulanmeldungen für das Schuljahr {year}/{year1}'],
    openers: [
      'zur Planung des Schuljahres bitten wir den Schulträger um Mitteilung der Anmeldezahlen an den Grundschulen bis zum {after}.',
      'wegen der Baustelle an der Landstraße ist der Schulweg zur Grundschule nicht sicher. Wir bitten den Schulträger, die Beförderung zu prüfen.',
    ],
    details: ['Ein Formblatt liegt bei.', 'Die Schulleitung ist informiert.'],
    align: [1, 0],
  },
  {
    auth: 'verwaltungsgericht',
    dept: 0,
    unit: 'bauamt',
    subjects: [
      'Verwaltungsrechtssache {name} ./. Stadt Musterstadt|wegen Baugenehmigung',
      'Klage gegen die Baugenehmigung für {addr}',
    ],
    openers: [
      'in der Verwaltungsrechtssache wird Ihnen die Klageschrift zugestellt. Sie erhalten Gelegenheit zur Klageerwiderung binnen sechs Wochen.',
      'das Gericht bittet um Vorlage der vollständigen Verwaltungsvorgänge einschließlich der Bauakte.',
    ],
    details: [
      'Der Termin zur mündlichen Verhandlung wird gesondert bestimmt.',
      'Eingang der Klage: {before}.',
    ],
  },
  {
    auth: 'innenministerium',
    dept: 0,
    unit: 'hauptamt',
    subjects: ['Umfrage zur Digitalisierung der Ratsarbeit', 'Erlass zur Durchführung der Kommunalwahl'],
    openers: [
      'das Ministerium führt eine Umfrage zum Stand der digitalen Ratsarbeit in den Kommunen durch. Wir bitten um Beantwortung des beiliegenden Fragebogens bis zum {after}.',
      'mit diesem Schreiben übersenden wir Hinweise zur Organisation der nächsten Kommunalwahl.',
    ],
    details: ['Die Teilnahme ist freiwillig.', 'Ansprechpartnerin im Ministerium ist Frau {name}.'],
    align: [0, 1],
  },
];

/** Mailings of firms: invitations, presentations, seminars, fairs, openings. No shop words on purpose. */
export interface Mailing {
  firm: string;
  heads: string[];
  sub: string[];
  body: string[];
  program?: string[];
}
export const MAILINGS: Mailing[] = [
  {
    firm: 'Kommunalbedarf Hülsmann GmbH',
    heads: ['Einladung zur Hausmesse {year}', 'Herzlich willkommen zu unserer Hausmesse'],
    sub: [
      'Winterdienst, Stadtmobiliar und Gerätetechnik zum Anfassen',
      'Zwei Tage Technik für Bauhof und Grünpflege',
    ],
    body: [
      'am {event} öffnen wir unsere Hallen in Kronsberg für Bauhöfe, Stadtwerke und Grünflächenämter. Erleben Sie Streuautomaten, Kehrmaschinen und neue Parkbänke im Einsatz.',
      'Unsere Fachberater zeigen Ihnen, wie sich Gerätewechsel in wenigen Minuten erledigen lassen. Für das leibliche Wohl ist gesorgt.',
    ],
    program: [
      '10:00 Uhr  Begrüßung',
      '10:30 Uhr  Vorführung Winterdienst',
      '13:00 Uhr  Mittagsimbiss',
      '14:00 Uhr  Fachvortrag Baumkataster',
    ],
  },
  {
    firm: 'Fahrzeugbau Lorenzen GmbH',
    heads: ['Wir stellen vor: der neue Lorenzen E-Kipper', 'Neu bei Lorenzen: elektrische Kommunalfahrzeuge'],
    sub: ['Leise, sauber und bereit für den Stadtbetrieb', 'Die nächste Generation für Ihren Fuhrpark'],
    body: [
      'mit dem E-Kipper K7 bringen wir ein vollelektrisches Fahrzeug auf die Straße, das für enge Altstadtgassen und lange Schichten gebaut ist.',
      'Gern kommen wir mit einem Vorführfahrzeug zu Ihnen auf den Bauhof. Vereinbaren Sie einfach einen Termin mit unserem Außendienst.',
    ],
  },
  {
    firm: 'Akademie für Verwaltungspraxis gGmbH',
    heads: ['Fachseminar „Vergaberecht kompakt“', 'Seminarreihe Verwaltung aktuell – Herbst {thisyear}'],
    sub: ['Für Beschäftigte in Beschaffung und Vergabestellen', 'Praxiswissen für Kommunen in drei Modulen'],
    body: [
      'die Schwellenwerte steigen, die Formulare ändern sich: In unserem eintägigen Seminar am {event} bringen erfahrene Referentinnen Sie auf den neuesten Stand.',
      'Die Teilnehmerzahl ist auf 18 Personen begrenzt. Anmeldungen nehmen wir bis zum {after} entgegen.',
    ],
    program: [
      'Modul 1  Grundlagen und Schwellenwerte',
      'Modul 2  Eignung und Zuschlag',
      'Modul 3  Nachprüfung und Dokumentation',
    ],
  },
  {
    firm: 'Spielgeräte Nordwind GmbH',
    heads: [
      'Besuchen Sie uns auf der Fachmesse KommunalTec',
      'Treffen Sie uns in Rabenfurt: Halle 3, Stand C14',
    ],
    sub: [
      'Spielräume aus Robinienholz – neue Ideen für Kitas und Schulhöfe',
      'Wir freuen uns auf Ihren Besuch',
    ],
    body: [
      'vom {event} an zeigen wir auf der KommunalTec in Rabenfurt unsere neuen Kletterlandschaften und barrierefreien Spielgeräte.',
      'Bringen Sie gern Pläne Ihrer Spielplätze mit. Unsere Planer skizzieren mit Ihnen direkt am Stand erste Entwürfe.',
    ],
  },
  {
    firm: 'Sicherheitstechnik Adeyemi UG (haftungsbeschränkt)',
    heads: ['Neueröffnung unserer Niederlassung in Musterstadt', 'Wir sind jetzt auch in Ihrer Nähe'],
    sub: [
      'Schließanlagen und Alarmtechnik – jetzt mit Werkstatt vor Ort',
      'Feiern Sie mit uns die Eröffnung',
    ],
    body: [
      'ab dem {event} finden Sie uns unter der Anschrift {addr} mitten in Musterstadt. Zur Eröffnung laden wir Sie herzlich auf einen Kaffee und einen Blick in unsere Werkstatt ein.',
      'Unser Team berät Behörden, Schulen und Vereine bei allen Fragen rund um Zutritt und Sicherheit.',
    ],
  },
  {
    firm: 'Tagungshotel Seeblick GmbH',
    heads: ['Tagen am See – unser Haus stellt sich vor', 'Raum für gute Entscheidungen'],
    sub: ['Klausurtagungen, Workshops und Ratsausflüge direkt am Wasser', 'Neun Tagungsräume mit Seeblick'],
    body: [
      'ob Klausur des Verwaltungsvorstands oder Teamtag der Kita-Leitungen: In unserem Haus finden Gruppen von 8 bis 120 Personen den passenden Rahmen.',
      'Gern senden wir Ihnen unsere Tagungsmappe oder zeigen Ihnen das Haus bei einem persönlichen Rundgang.',
    ],
  },
  {
    firm: 'Malerbetrieb Jablonski',
    heads: ['25 Jahre Malerbetrieb Jablonski', 'Einladung zum Tag der offenen Werkstatt'],
    sub: [
      'Feiern Sie mit uns ein Vierteljahrhundert Handwerk',
      'Farbe, Technik und Geschichten aus 25 Jahren',
    ],
    body: [
      'seit einem Vierteljahrhundert streichen, tapezieren und gestalten wir für Privatkunden, Schulen und öffentliche Gebäude in der Region.',
      'Am {event} öffnen wir unsere Werkstatt und zeigen historische Maltechniken und neue, emissionsarme Beschichtungen.',
    ],
  },
  {
    firm: 'IT-Systemhaus Ohlendorf AG',
    heads: ['Informationsveranstaltung: Die digitale Akte im Rathaus', 'Einladung: E-Akte in der Praxis'],
    sub: ['Erfahrungen aus zwölf Kommunen unserer Region', 'Ein Nachmittag für Verwaltungsleitungen und IT'],
    body: [
      'am {event} berichten Kommunen aus der Region, wie sie ihre Papierakten abgelöst haben, und welche Stolpersteine es dabei gab.',
      'Im Anschluss stellen wir unsere Lösung für Posteingang und Aktenführung vor. Wir freuen uns auf den Austausch.',
    ],
  },
];

/** Personal letters: the marking on the letter, and what the letter is about. */
export const MARKINGS = [
  'persönlich',
  'PERSÖNLICH / VERTRAULICH',
  'Vertraulich!',
  '- persönlich -',
  'Persönlich – nur vom Empfänger zu öffnen',
  'Vertrauliche Personalsache',
  'Nur für den Adressaten',
  'PERSÖNLICH',
  'Vertraulich – persönlich übergeben',
];

/** `hr`: a staff matter (for the Personalamt or its clerk); otherwise private post to any clerk. */
export const PERSONAL: Array<{ hr: boolean; firm?: string; subjects: string[]; body: string[] }> = [
  {
    hr: true,
    subjects: ['Meine Bewerbung', 'Vertrauliche Nachfrage zu meiner Bewerbung'],
    body: [
      'ich möchte mich noch einmal persönlich an Sie wenden, weil mir die Stelle sehr am Herzen liegt. Mein jetziger Arbeitgeber weiß von meiner Bewerbung nichts; ich bitte Sie deshalb um Diskretion.',
      'Über ein kurzes Gespräch würde ich mich sehr freuen.',
    ],
  },
  {
    hr: true,
    subjects: ['Ärztliche Bescheinigung', 'Unterlagen zu meiner Erkrankung'],
    body: [
      'wie am Telefon besprochen, erhalten Sie anbei den Bericht meines Facharztes. Ich möchte nicht, dass die Unterlagen über die allgemeine Post laufen.',
      'Bitte nehmen Sie den Bericht zu meiner Personalakte und bestätigen Sie mir den Eingang.',
    ],
  },
  {
    hr: false,
    subjects: ['Danke!', 'Ein persönliches Wort'],
    body: [
      'nach all den gemeinsamen Jahren im Rathaus wollte ich mich zum Abschied noch einmal ganz persönlich bedanken. Es war eine gute Zeit, und ich denke gern an unsere Projekte zurück.',
      'Wenn Du einmal in Kronsberg bist, melde Dich doch. Ein Kaffee geht immer.',
    ],
  },
  {
    hr: true,
    firm: 'Mertens & Öztürk Rechtsanwälte',
    subjects: ['Ihre Personalangelegenheit', 'Arbeitsrechtliche Angelegenheit {name}'],
    body: [
      'wir zeigen an, dass wir {name} in der arbeitsrechtlichen Angelegenheit vertreten. Eine auf uns lautende Vollmacht ist beigefügt.',
      'Wir bitten, künftig ausschließlich mit uns zu korrespondieren und die Angelegenheit vertraulich zu behandeln.',
    ],
  },
  {
    hr: false,
    subjects: ['Einladung zu meinem 60. Geburtstag', 'Einladung zur Feier'],
    body: [
      'am {event} möchte ich meinen 60. Geburtstag im Gasthaus am Mühlenteich feiern, und ich würde mich sehr freuen, wenn Du dabei bist.',
      'Gib mir bitte bis zum {after} Bescheid, damit ich planen kann. Partner sind natürlich auch eingeladen.',
    ],
  },
];

/** Continuation of a private letter to a colleague. */
export const PRIVATE_MORE = [
  'Bei uns ist alles beim Alten. Die Kinder sind inzwischen aus dem Haus, und wir haben endlich Zeit für den Garten. Die Tomaten waren dieses Jahr übrigens prächtig.',
  'Weißt Du noch, wie wir damals beim Umzug des Archivs die halbe Nacht Kisten geschleppt haben? Daran muss ich oft denken, wenn ich am Rathaus vorbeifahre.',
  'Grüß bitte auch die anderen aus der Abteilung von mir. Ich hoffe, der neue Kaffeeautomat funktioniert inzwischen besser als der alte.',
  'Wenn Du magst, können wir im Frühjahr wieder eine Radtour an der Talsperre machen. Letztes Mal war es doch ein schöner Tag.',
];

/** Terms printed on the following pages of an invoice. */
export const INVOICE_MORE = [
  'Zahlungsbedingungen: Der Rechnungsbetrag ist ohne Abzug innerhalb der angegebenen Frist zu zahlen. Bei Zahlungsverzug berechnen wir Verzugszinsen in gesetzlicher Höhe.',
  'Eigentumsvorbehalt: Gelieferte Waren bleiben bis zur vollständigen Bezahlung unser Eigentum.',
  'Gewährleistung: Für unsere Leistungen gelten die gesetzlichen Bestimmungen. Mängel zeigen Sie bitte unverzüglich schriftlich an.',
  'Bitte geben Sie bei jeder Zahlung die Rechnungsnummer an, damit wir Ihre Zahlung richtig zuordnen können. Für Rückfragen zur Rechnung erreichen Sie unsere Buchhaltung werktags von 8 bis 16 Uhr.',
  'Es gelten unsere Allgemeinen Geschäftsbedingungen, die wir Ihnen auf Wunsch gern zusenden. Gerichtsstand ist der Sitz unseres Unternehmens.',
];
