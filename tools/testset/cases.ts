// What people, firms and associations write to the city, per unit: subjects, openings and details in
// this family's own words (with the synonyms a citizen uses). Placeholders in braces are filled per
// letter (fill.ts): dates that are not the letter's date, names, places, amounts.

/** P: a private person writes (ich), C: a firm (wir), A: an association (wir). */
export type From = 'P' | 'C' | 'A';

export interface Case {
  unit: string;
  from: From[];
  /** Subject lines; a '|' splits a two-line subject. */
  subjects: string[];
  openers: string[];
  details: string[];
  /** Opening that goes with each subject (index into openers; -1 or absent: any). */
  align?: number[];
}

const c = (
  unit: string,
  from: From[],
  subjects: string[],
  openers: string[],
  details: string[],
  align?: number[],
): Case => ({ unit, from, subjects, openers, details, align });

/** One matter per case: its subjects, openings and details fit together. */
export const CASES: Case[] = [
  // ---- Haupt- und Organisationsamt
  c(
    'hauptamt',
    ['P'],
    [
      'Antrag auf Informationszugang nach dem IFG',
      'Akteneinsicht nach dem Informationsfreiheitsgesetz',
      'Bitte um Herausgabe amtlicher Informationen|hier: Vergabe der Gebäudereinigung',
    ],
    [
      'gestützt auf das Informationsfreiheitsgesetz bitte ich um Zugang zu den Unterlagen über die Vergabe der Reinigungsleistungen für die städtischen Gebäude.',
      'ich möchte Einsicht in die Akten nehmen, die zur Ausschreibung der Gebäudereinigung angelegt wurden. Kopien oder Dateien wären mir am liebsten.',
    ],
    [
      'Sollten Gebühren von mehr als 50 Euro anfallen, bitte ich vorab um eine Nachricht.',
      'Personenbezogene Daten Dritter dürfen gern geschwärzt werden.',
      'Über einen solchen Antrag ist innerhalb eines Monats zu entscheiden; ich bitte daher um Antwort bis zum {after}.',
    ],
  ),
  c(
    'hauptamt',
    ['P', 'A'],
    [
      'Einwohnerfrage zur Ratssitzung am {event}',
      'Bitte um Aufnahme in die Tagesordnung des Stadtrats',
      'Anregung an den Rat der Stadt|Beleuchtung des Fußwegs am {spot}',
    ],
    [
      'in der nächsten Sitzung des Stadtrats möchten wir in der Fragestunde folgende Frage stellen: Wann wird der Fußweg am {spot} endlich beleuchtet?',
      'wir bitten darum, unser Anliegen dem Rat in seiner nächsten Sitzung vorzulegen: Der Weg am {spot} ist abends völlig dunkel, und vor allem ältere Menschen meiden ihn.',
    ],
    [
      'Unterschriftenlisten mit inzwischen 143 Unterstützerinnen und Unterstützern liegen bei.',
      'Bitte teilen Sie uns mit, in welcher Sitzung das Thema beraten wird und ob wir dort kurz sprechen dürfen.',
      'Eine Kopie dieses Schreibens haben auch die Fraktionen erhalten.',
    ],
    [0, 1, -1],
  ),
  c(
    'hauptamt',
    ['P'],
    [
      'Beschwerde über die Wartezeit im Rathaus',
      'Beschwerde: telefonische Erreichbarkeit der Verwaltung',
      'Unzufrieden mit den Sprechzeiten im Rathaus',
    ],
    [
      'am {before} habe ich über zwei Stunden im Wartebereich des Rathauses gesessen, ohne dass mein Anliegen bearbeitet wurde. Darüber beschwere ich mich.',
      'seit Wochen versuche ich vergeblich, jemanden in Ihrer Verwaltung telefonisch zu erreichen. Die Leitung ist besetzt, oder es meldet sich niemand.',
    ],
    [
      'Ich erwarte, dass Sie die Organisation der Sprechzeiten überprüfen und mir mitteilen, was sich ändern wird.',
      'Bitte leiten Sie meine Beschwerde an die Verwaltungsleitung weiter.',
      'Meine Kritik richtet sich nicht gegen einzelne Beschäftigte, sondern gegen die Abläufe.',
    ],
    [0, 1, 0],
  ),
  // ---- Personalamt
  c(
    'personalamt',
    ['P'],
    [
      'Bewerbung um die Stelle als Sachbearbeiter/in, Kennziffer {kz}',
      'Bewerbung als Verwaltungsfachangestellte (m/w/d)',
      'Ihre Stellenausschreibung „Ingenieurin/Ingenieur Tiefbau“',
    ],
    [
      'mit großem Interesse habe ich Ihre Stellenausschreibung gelesen und bewerbe mich hiermit um die ausgeschriebene Stelle.',
      'nach meiner Ausbildung und vier Jahren Berufserfahrung suche ich eine neue Aufgabe im öffentlichen Dienst. Anbei erhalten Sie meine vollständigen Bewerbungsunterlagen.',
    ],
    [
      'Lebenslauf, Zeugnisse und Nachweise liegen bei. Ich könnte die Stelle zum {after} antreten.',
      'Über eine Einladung zu einem Vorstellungsgespräch freue ich mich.',
      'Meine Gehaltsvorstellung orientiert sich am TVöD.',
    ],
  ),
  c(
    'personalamt',
    ['P'],
    [
      'Arbeitsunfähigkeitsbescheinigung',
      'Krankmeldung – Folgebescheinigung',
      'Nachreichung einer Krankmeldung',
    ],
    [
      'anbei übersende ich die Folgebescheinigung meiner Ärztin über die Arbeitsunfähigkeit {period}.',
      'wie telefonisch angekündigt, reiche ich die Arbeitsunfähigkeitsbescheinigung für die letzte Woche nach.',
    ],
    [
      'Meine Personalnummer lautet {no}.',
      'Die Bescheinigung für die Krankenkasse habe ich direkt dort eingereicht.',
    ],
  ),
  c(
    'personalamt',
    ['P'],
    [
      'Einsicht in meine Personalakte',
      'Rückfrage zur Gehaltsabrechnung September',
      'Fehlende Zulage in meiner Entgeltabrechnung',
    ],
    [
      'als Beschäftigte bzw. Beschäftigter im Bauhof bitte ich um einen Termin zur Einsicht in meine Personalakte.',
      'in meiner letzten Entgeltabrechnung fehlt die Zulage für die Rufbereitschaft. Ich bitte Sie, die Abrechnung zu prüfen.',
    ],
    ['Meine Personalnummer lautet {no}.', 'Sollten Unterlagen fehlen, rufen Sie mich bitte an.'],
    [0, 1, 1],
  ),
  // ---- Kämmerei und Steueramt
  c(
    'kaemmerei',
    ['P'],
    [
      'Anmeldung meines Hundes',
      'Hundesteuer – Anmeldung eines Hundes',
      'Hund angeschafft: Bitte um Steuermarke',
    ],
    [
      'seit dem {before} lebt bei uns ein {breed} namens „{pet}“. Ich möchte meinen Hund hiermit anmelden und bitte um Zusendung der Hundemarke.',
      'ich habe aus dem Tierheim einen {breed} übernommen und möchte das Tier bei Ihnen zur Steuer anmelden.',
    ],
    [
      'Der Hund ist gechippt (Nummer 276 0981 {no}) und haftpflichtversichert.',
      'Eine Kopie des Abgabevertrags liegt bei.',
    ],
  ),
  c(
    'kaemmerei',
    ['P'],
    ['Abmeldung der Hundesteuer', 'Unser Hund {pet} ist verstorben', 'Antrag auf Ermäßigung der Hundesteuer'],
    [
      'leider ist unser Hund {pet} verstorben. Bitte melden Sie ihn ab und erstatten Sie die zu viel gezahlte Steuer.',
      'meine Hündin {pet} hat die Prüfung als Rettungshund bestanden. Ich beantrage deshalb, die Hundesteuer für sie zu ermäßigen.',
    ],
    ['Die Hundemarke liegt bei.', 'Eine Bescheinigung der Tierärztin füge ich bei.'],
    [0, 0, 1],
  ),
  c(
    'kaemmerei',
    ['P', 'C'],
    [
      'Widerspruch gegen den Grundsteuerbescheid {thisyear}',
      'Grundsteuer für das Grundstück {plot}',
      'Fehler im Grundbesitzabgabenbescheid',
    ],
    [
      'gegen den Bescheid über die Grundsteuer für das Grundstück {plot} lege ich Widerspruch ein. Die Fläche ist zu groß angesetzt.',
      'der Grundbesitzabgabenbescheid für das Haus {addr} ist nach meiner Auffassung fehlerhaft, weil der Anbau doppelt erfasst wurde.',
    ],
    [
      'Bis zur Entscheidung bitte ich, die Vollziehung auszusetzen.',
      'Die ausführliche Begründung reiche ich bis zum {after} nach.',
    ],
    [0, -1, 1],
  ),
  c(
    'kaemmerei',
    ['C'],
    [
      'Antrag auf Stundung der Gewerbesteuer',
      'Herabsetzung der Gewerbesteuer-Vorauszahlungen',
      'Gewerbesteuer {thisyear}|Antrag auf Ratenzahlung',
    ],
    [
      'wegen eines deutlichen Umsatzrückgangs im laufenden Jahr beantragen wir, die Vorauszahlungen zur Gewerbesteuer herabzusetzen.',
      'die mit dem Bescheid festgesetzte Gewerbesteuer können wir derzeit nicht in einer Summe zahlen. Wir bitten um Stundung und Zahlung in monatlichen Raten.',
    ],
    [
      'Eine betriebswirtschaftliche Auswertung des Steuerbüros liegt bei.',
      'Für ein Gespräch steht unsere Geschäftsführung gern bereit.',
    ],
    [1, 0, 1],
  ),
  c(
    'kaemmerei',
    ['P', 'C', 'A'],
    [
      'SEPA-Lastschriftmandat für städtische Abgaben',
      'Widerruf der Einzugsermächtigung',
      'Neue Bankverbindung für den Lastschrifteinzug',
    ],
    [
      'wir ermächtigen die Stadt, die fälligen Abgaben künftig von unserem Konto einzuziehen. Das unterschriebene Mandat liegt bei.',
      'die bisher erteilte Einzugsermächtigung widerrufen wir mit Wirkung zum {after}. Künftig überweisen wir die Beträge selbst.',
      'für die Abbuchung der Abgaben nutzen Sie bitte ab sofort unser neues Konto.',
    ],
    [
      'Bitte bestätigen Sie kurz, dass die Änderung übernommen wurde.',
      'Das alte Konto wird zum Monatsende aufgelöst.',
    ],
    [0, 1, 2],
  ),
  c(
    'kaemmerei',
    ['P'],
    ['Ihre Mahnung vom {before} – Betrag ist bereits bezahlt', 'Zahlungserinnerung zu Unrecht erhalten'],
    [
      'Ihre Zahlungserinnerung hat mich überrascht, denn ich habe den Betrag von {eur} längst überwiesen.',
      'mit Ihrer Mahnung fordern Sie die Grundsteuer für das dritte Quartal an. Die Zahlung ist aber pünktlich erfolgt.',
    ],
    ['Einen Kontoauszug als Nachweis füge ich bei.', 'Ich bitte, die Mahngebühr zu stornieren.'],
  ),
  // ---- Ordnungsamt
  c(
    'ordnungsamt',
    ['P', 'C'],
    [
      'Gewerbeanmeldung Hausmeisterservice',
      'Anmeldung eines Gewerbes im Nebenerwerb',
      'Neues Gewerbe: Garten- und Hausmeisterdienst',
    ],
    [
      'ich möchte ab dem kommenden Monat nebenberuflich einen Hausmeister- und Gartenservice betreiben und melde hiermit ein Gewerbe an.',
      'hiermit zeige ich den Beginn eines Gewerbes an: kleine Reparaturen, Winterdienst und Grünpflege für Privathaushalte.',
    ],
    [
      'Das ausgefüllte Formular und eine Kopie meines Personalausweises liegen bei.',
      'Eine Eintragung in die Handwerksrolle ist nach Auskunft der Kammer nicht nötig.',
    ],
  ),
  c(
    'ordnungsamt',
    ['C'],
    [
      'Abmeldung unseres Gewerbes zum {after}',
      'Betriebsaufgabe – Gewerbeabmeldung',
      'Verlegung der Betriebsstätte|Ummeldung unseres Gewerbes',
    ],
    [
      'unser Betrieb wird aus Altersgründen aufgegeben. Wir melden das Gewerbe deshalb zum Monatsende ab.',
      'zum {after} verlegen wir unsere Betriebsstätte vom bisherigen Standort {addr} in das Gewerbegebiet Eichenried. Das Gewerbe bleibt im Übrigen unverändert.',
    ],
    [
      'Das Formular zur Gewerbeabmeldung ist unterschrieben beigefügt.',
      'Die Kammer haben wir ebenfalls informiert.',
    ],
    [0, 0, 1],
  ),
  c(
    'ordnungsamt',
    ['P'],
    [
      'Anhörung im Bußgeldverfahren – meine Stellungnahme',
      'Einspruch gegen den Bußgeldbescheid vom {before}',
      'Anhörungsbogen, Kennzeichen MU-{no}',
    ],
    [
      'zu dem mir vorgeworfenen Parkverstoß nehme ich Stellung: Ich habe nur kurz gehalten, um meiner gehbehinderten Mutter aus dem Auto zu helfen.',
      'gegen den Bußgeldbescheid lege ich Einspruch ein. Ich bin zur angegebenen Zeit nicht gefahren; das Fahrzeug nutzt auch mein Sohn.',
      'den Anhörungsbogen sende ich ausgefüllt zurück. Den Verstoß räume ich ein, bitte aber um eine mildere Ahndung.',
    ],
    [
      'Ein Foto der Beschilderung, die von Ästen verdeckt war, liegt bei.',
      'Ich bitte um Einsicht in die Messunterlagen.',
    ],
    [0, 1, 2],
  ),
  c(
    'ordnungsamt',
    ['C'],
    [
      'Sondernutzung: Tische und Stühle vor unserem Café',
      'Antrag auf Sondernutzungserlaubnis für einen Bauzaun',
    ],
    [
      'für die Sommersaison möchten wir vor unserem Lokal auf dem Gehweg vier Tische und sechzehn Stühle aufstellen und beantragen dafür eine Erlaubnis.',
      'für die Fassadensanierung am Haus {addr} müssen wir den Gehweg für sechs Wochen mit einem Bauzaun teilweise sperren.',
    ],
    [
      'Ein Lageplan mit den geplanten Flächen ist beigefügt.',
      'Eine Restbreite des Gehwegs von 1,50 Metern bleibt frei.',
    ],
    [0, 1],
  ),
  c(
    'ordnungsamt',
    ['P', 'A'],
    [
      'Halteverbot für einen Umzug am {event}',
      'Anzeige einer Veranstaltung: Straßenfest {street}',
      'Flohmarkt auf dem {spot} – Genehmigung',
    ],
    [
      'für unseren Umzug benötigen wir vor dem Haus {addr} eine Halteverbotszone von etwa 15 Metern Länge.',
      'am {event} möchten wir ein Nachbarschaftsfest feiern und dafür die Straße zwischen 14 und 22 Uhr sperren.',
      'wir planen einen Flohmarkt mit etwa 60 Ständen und bitten um die nötige Genehmigung.',
    ],
    [
      'Die Nachbarn sind informiert und haben keine Einwände.',
      'Bitte teilen Sie uns mit, welche Gebühren anfallen.',
    ],
    [0, 1, 2],
  ),
  c(
    'ordnungsamt',
    ['P'],
    [
      'Ruhestörung durch eine Gaststätte, {street}',
      'Lärmbelästigung durch nächtliche Bauarbeiten',
      'Beschwerde über Lärm am Wochenende',
    ],
    [
      'seit Wochen werden wir jede Nacht bis nach zwei Uhr durch laute Musik und Gäste vor der Gaststätte gestört. Wir bitten dringend um Abhilfe.',
      'auf der Baustelle gegenüber wird regelmäßig nach 22 Uhr mit schweren Maschinen gearbeitet. An Schlaf ist nicht zu denken.',
    ],
    [
      'Ein Lärmprotokoll der letzten vierzehn Tage liegt bei.',
      'Andere Nachbarn haben sich ebenfalls beschwert.',
    ],
    [0, 1, 0],
  ),
  c(
    'ordnungsamt',
    ['P'],
    ['Fundsache: Geldbörse verloren', 'Verlorene Geldbörse – im Fundbüro abgegeben?', 'Fahrrad gefunden'],
    [
      'am {before} habe ich in der Innenstadt meine schwarze Geldbörse verloren. Ist sie vielleicht bei Ihnen abgegeben worden?',
      'vor der Sporthalle habe ich ein herrenloses blaues Trekkingrad gefunden und möchte es als Fundsache abgeben.',
    ],
    ['Ich bin unter der oben genannten Nummer erreichbar.', 'Einen Finderlohn möchte ich nicht.'],
    [0, 0, 1],
  ),
  // ---- Bürgeramt
  c(
    'buergeramt',
    ['P'],
    [
      'Umzug innerhalb der Stadt – Wohnsitz ummelden',
      'Anmeldung eines Nebenwohnsitzes',
      'Ummeldung nach Umzug',
    ],
    [
      'zum {before} sind wir innerhalb von Musterstadt umgezogen (neue Anschrift: {addr}) und möchten unseren Wohnsitz ummelden.',
      'wegen meines Studiums wohne ich unter der Woche unter der Anschrift {addr} und möchte dort einen Nebenwohnsitz anmelden.',
    ],
    ['Die Bestätigung des Wohnungsgebers liegt bei.', 'Mein Geburtsdatum: {birth}.'],
    [0, 1, 0],
  ),
  c(
    'buergeramt',
    ['P', 'C'],
    [
      'Wohnungsgeberbestätigung für unsere Mieterin',
      'Einzugsbestätigung des Vermieters',
      'Bitte um eine erweiterte Meldebescheinigung',
    ],
    [
      'als Vermieter bestätigen wir den Einzug von {name} in die Wohnung {addr} zum {before}.',
      'für die Rentenversicherung benötige ich eine Meldebescheinigung mit allen früheren Anschriften.',
    ],
    ['Bitte senden Sie die Bescheinigung per Post.', 'Die Gebühr zahle ich gern per Überweisung.'],
    [0, 0, 1],
  ),
  c(
    'buergeramt',
    ['P'],
    [
      'Verlust meines Personalausweises',
      'Reisepass für mein Kind beantragen',
      'Vollmacht zur Abholung meines Ausweises',
    ],
    [
      'leider habe ich meinen Personalausweis verloren. Ich zeige den Verlust hiermit an und bitte um einen Termin für einen neuen Ausweis.',
      'für eine Reise im Frühjahr braucht unser Sohn {kid}, geboren am {kidbirth}, einen Reisepass. Wie können wir ihn beantragen?',
      'ich bevollmächtige {name}, meinen neuen Personalausweis für mich abzuholen, da ich im Krankenhaus bin.',
    ],
    [
      'Eine Kopie meines Ausweises ist beigefügt.',
      'Bitte nennen Sie mir einen Termin, am liebsten an einem Vormittag.',
    ],
    [0, 1, 2],
  ),
  c(
    'buergeramt',
    ['P'],
    ['Antrag auf ein Führungszeugnis (Belegart O)', 'Erweitertes Führungszeugnis für mein Ehrenamt'],
    [
      'für meine ehrenamtliche Tätigkeit im Jugendtraining benötige ich ein erweitertes Führungszeugnis. Die Bestätigung des Vereins liegt bei.',
      'mein neuer Arbeitgeber verlangt ein Führungszeugnis. Ich beantrage es hiermit zur Vorlage bei einer Behörde.',
    ],
    ['Die Gebühr zahle ich gern bei Abholung.', 'Mein Geburtsdatum: {birth}.'],
    [1, 0],
  ),
  // ---- Schul- und Kulturamt
  c(
    'schulamt',
    ['P'],
    [
      'Anmeldung unseres Sohnes an der {school}',
      'Einschulung {year} – Wunschschule',
      'Schulwechsel zum Halbjahr',
    ],
    [
      'unser Sohn {kid}, geboren am {kidbirth}, wird im nächsten Sommer schulpflichtig. Wir möchten ihn an der {school} anmelden.',
      'wegen unseres Umzugs soll unser Kind {kid} zum Halbjahr an die {school} wechseln.',
    ],
    [
      'Die Geburtsurkunde liegt in Kopie bei.',
      'Für die Betreuung am Nachmittag interessieren wir uns ebenfalls.',
    ],
    [0, 0, 1],
  ),
  c(
    'schulamt',
    ['P'],
    [
      'Fahrkosten zur Schule|Antrag auf Schülerbeförderung',
      'Schülerfahrkarte verloren',
      'Schulweg zu gefährlich – Bitte um Schulbus',
    ],
    [
      'der Schulweg unserer Tochter ist länger als drei Kilometer und führt an einer Landstraße ohne Gehweg entlang. Wir beantragen die Übernahme der Fahrkosten.',
      'die Schülerfahrkarte meines Sohnes ist verloren gegangen. Ich bitte um eine Ersatzkarte.',
    ],
    ['Unser Kind besucht die {school}.', 'Eine Bescheinigung der Schule reichen wir nach.'],
    [0, 1, 0],
  ),
  c(
    'schulamt',
    ['P'],
    [
      'Anmeldung zum Klavierunterricht an der Musikschule',
      'Kündigung des Musikschulvertrags',
      'Stadtbücherei: beschädigtes Buch',
    ],
    [
      'unsere Tochter {kid} möchte ab dem nächsten Halbjahr Klavierunterricht an der städtischen Musikschule nehmen.',
      'den Unterrichtsvertrag für das Fach Gitarre kündige ich zum Ende des Semesters.',
      'beim Lesen ist leider Kaffee über ein Buch der Stadtbücherei gelaufen. Ich möchte den Schaden selbstverständlich ersetzen.',
    ],
    ['Ich bin unter der oben genannten Nummer erreichbar.', 'Bitte teilen Sie mir mit, was ich tun muss.'],
    [0, 1, 2],
  ),
  c(
    'schulamt',
    ['A'],
    [
      'Antrag auf Kulturförderung|Herbstkonzert des Kinderchors',
      'Zuschuss für unser Theaterprojekt',
      'Förderung der Ausstellung zur Stadtgeschichte',
    ],
    [
      'für unser Konzert am {event} in der Stadthalle beantragen wir eine Förderung aus Mitteln der Kulturförderung.',
      'mit Jugendlichen aus drei Schulen erarbeiten wir ein Theaterstück und bitten die Stadt um einen Zuschuss.',
      'zum Stadtjubiläum planen wir eine Ausstellung zur Geschichte der Altstadt und bitten um Förderung aus Kulturmitteln.',
    ],
    [
      'Einen Kosten- und Finanzierungsplan fügen wir bei.',
      'Die Stadtbibliothek stellt uns dafür einen Raum zur Verfügung.',
    ],
    [0, 1, 2],
  ),
  // ---- Sozialamt
  c(
    'sozialamt',
    ['P'],
    [
      'Antrag auf Grundsicherung im Alter',
      'Weiterbewilligung der Grundsicherung',
      'Veränderungsmitteilung: Erhöhung meiner Rente',
    ],
    [
      'meine Rente reicht nicht mehr für Miete und Lebensunterhalt. Ich beantrage deshalb Grundsicherung im Alter.',
      'der Bewilligungszeitraum meiner Grundsicherung endet bald. Ich stelle hiermit den Antrag auf Weiterbewilligung.',
      'ich teile Ihnen mit, dass sich meine Rente erhöht hat. Der neue Rentenbescheid liegt bei.',
    ],
    [
      'Kontoauszüge der letzten drei Monate sind beigefügt.',
      'Bitte teilen Sie mir mit, welche Unterlagen fehlen.',
    ],
    [0, 1, 2],
  ),
  c(
    'sozialamt',
    ['P'],
    ['Grundsicherung für {name}, geb. {birth}', 'Hilfe zum Lebensunterhalt für meine Mutter'],
    [
      'für meine Mutter, die bei uns wohnt, stelle ich als Bevollmächtigte den Antrag auf Hilfe zum Lebensunterhalt.',
      'als Betreuer von {name} beantrage ich Leistungen der Grundsicherung, weil das Einkommen nicht ausreicht.',
    ],
    ['Eine Vorsorgevollmacht liegt in Kopie bei.', 'Der Betreuerausweis ist beigefügt.'],
    [1, 0],
  ),
  c(
    'sozialamt',
    ['P'],
    ['Wohngeldantrag – fehlende Unterlagen', 'Antrag auf Mietzuschuss', 'Wohngeld: Nachweis des Einkommens'],
    [
      'zu meinem Wohngeldantrag reiche ich die Lohnabrechnungen {period} nach.',
      'wir sind eine Familie mit zwei Kindern und kommen mit der hohen Miete kaum zurecht. Wir möchten einen Mietzuschuss beantragen.',
    ],
    [
      'Der Mietvertrag und die Nebenkostenabrechnung liegen bei.',
      'Wir beziehen Kinderzuschlag; der Bescheid liegt bei.',
    ],
    [0, 1, 0],
  ),
  c(
    'sozialamt',
    ['P'],
    ['Bildung und Teilhabe: Klassenfahrt meiner Tochter', 'Zuschuss zum Mittagessen (BuT)'],
    [
      'meine Tochter {kid} fährt mit ihrer Klasse ins Schullandheim. Ich beantrage die Übernahme der Kosten aus dem Bildungspaket.',
      'für das gemeinsame Mittagessen in der Schule meines Sohnes beantrage ich Leistungen für Bildung und Teilhabe.',
    ],
    ['Die Bestätigung der Schule ist beigefügt.', 'Den Bescheid über den Kinderzuschlag füge ich bei.'],
    [0, 1],
  ),
  c(
    'sozialamt',
    ['P'],
    ['Hilfe zur Pflege für meine Mutter', 'Übernahme ungedeckter Heimkosten'],
    [
      'meine Mutter lebt seit dem {before} im Pflegeheim. Ihre Rente und die Leistungen der Pflegekasse decken die Kosten nicht. Ich beantrage Hilfe zur Pflege.',
      'die Heimkosten meines Vaters übersteigen seit der letzten Erhöhung sein Einkommen. Wir bitten um Übernahme der ungedeckten Kosten.',
    ],
    [
      'Der Pflegegradbescheid der Pflegekasse liegt bei.',
      'Die Heimrechnung des letzten Monats füge ich bei.',
    ],
    [0, 1],
  ),
  c(
    'sozialamt',
    ['P'],
    ['Schwerbehindertenausweis – Verlängerung', 'Antrag auf Merkzeichen G'],
    [
      'der Schwerbehindertenausweis meines Mannes läuft am {after} ab. Wir bitten um Verlängerung.',
      'wegen meiner Gehbehinderung beantrage ich das Merkzeichen G, damit ich den Nahverkehr nutzen kann.',
    ],
    ['Ärztliche Befunde reiche ich nach.', 'Ein aktuelles Passbild liegt bei.'],
    [0, 1],
  ),
  // ---- Jugendamt
  c(
    'jugendamt',
    ['P'],
    ['Anmeldung für einen Kita-Platz', 'Betreuungsplatz ab August {year}', 'Wir suchen einen Krippenplatz'],
    [
      'für unseren Sohn {kid}, geboren am {kidbirth}, suchen wir ab dem nächsten Sommer einen Betreuungsplatz, am liebsten in der {kita}.',
      'nach dem Ende meiner Elternzeit am {after} brauche ich dringend einen Krippenplatz für meine Tochter {kid}.',
    ],
    [
      'Wir benötigen eine Betreuung von mindestens 35 Stunden in der Woche.',
      'Die Arbeitgeberbescheinigung liegt bei.',
    ],
    [0, 0, 1],
  ),
  c(
    'jugendamt',
    ['P'],
    [
      'Kündigung des Kindergartenplatzes in der {kita}',
      'Elternbeitrag Kindertagesstätte – Einkommensnachweis',
    ],
    [
      'unsere Tochter kommt im Sommer in die Schule. Den Platz in der {kita} kündigen wir deshalb zum {after}.',
      'zur Festsetzung des Elternbeitrags für die {kita} reichen wir den Einkommensteuerbescheid des letzten Jahres ein.',
    ],
    ['Vielen Dank an das Team der Einrichtung.', 'Die Geschwisterermäßigung bitten wir zu berücksichtigen.'],
    [0, 1],
  ),
  c(
    'jugendamt',
    ['P'],
    ['Antrag auf Unterhaltsvorschuss', 'Unterhaltsvorschuss: geänderte Verhältnisse'],
    [
      'der Vater meiner Tochter zahlt seit Monaten keinen Unterhalt. Ich beantrage deshalb Unterhaltsvorschuss.',
      'ich teile mit, dass der Vater meines Sohnes seit dem {before} wieder regelmäßig Unterhalt zahlt.',
    ],
    ['Die Geburtsurkunde liegt bei.', 'Ich bin alleinerziehend und arbeite in Teilzeit.'],
    [0, 1],
  ),
  c(
    'jugendamt',
    ['P'],
    ['Elterngeld für unser zweites Kind', 'Elterngeld Plus – Partnerschaftsbonus'],
    [
      'unser Kind {kid} ist am {kidbirth} geboren. Wir beantragen Elterngeld und möchten die Monate zwischen uns aufteilen.',
      'wir möchten beide in Teilzeit arbeiten und beantragen Elterngeld Plus mit Partnerschaftsbonus.',
    ],
    ['Die Bescheinigung der Krankenkasse liegt bei.', 'Die Einkommensnachweise reichen wir nach.'],
    [0, 1],
  ),
  c(
    'jugendamt',
    ['P'],
    ['Beistandschaft für meinen Sohn', 'Bitte um ein Gespräch (Hilfe zur Erziehung)'],
    [
      'für die Feststellung der Vaterschaft und den Unterhalt meines Sohnes beantrage ich eine Beistandschaft.',
      'wir kommen mit der Erziehung unseres fünfzehnjährigen Sohnes an unsere Grenzen und bitten um einen Gesprächstermin.',
    ],
    ['Bitte behandeln Sie unser Anliegen vertraulich.', 'Vormittags bin ich gut erreichbar.'],
    [0, 1],
  ),
  // ---- Bauordnungsamt
  c(
    'bauamt',
    ['P', 'C'],
    [
      'Bauantrag Einfamilienhaus, {plot}',
      'Nachreichung von Bauvorlagen',
      'Bauvorhaben {addr}|hier: Standsicherheitsnachweis',
    ],
    [
      'namens und im Auftrag der Bauherrschaft reichen wir den Bauantrag für ein Einfamilienhaus mit Garage ein.',
      'zu dem laufenden Baugenehmigungsverfahren übersenden wir die geänderten Ansichten und die Statik.',
    ],
    [
      'Lageplan, Grundrisse und Schnitte liegen in dreifacher Ausfertigung bei.',
      'Die Statik wird von einem Prüfingenieur geprüft; der Bericht folgt.',
    ],
    [0, 1, 1],
  ),
  c(
    'bauamt',
    ['P'],
    [
      'Bauvoranfrage: Aufstockung eines Wohnhauses',
      'Carport an der Grundstücksgrenze – ist eine Genehmigung nötig?',
    ],
    [
      'ich möchte mein Haus {addr} um ein Geschoss aufstocken und bitte vorab um einen Bauvorbescheid.',
      'wir planen auf unserem Grundstück einen Carport direkt an der Grenze zum Nachbarn und fragen, ob dafür ein Bauantrag nötig ist.',
    ],
    ['Eine Skizze mit den Maßen liegt bei.', 'Der Nachbar hat dem Vorhaben schriftlich zugestimmt.'],
    [0, 1],
  ),
  c(
    'bauamt',
    ['P', 'C'],
    [
      'Anzeige über den Abbruch eines Nebengebäudes',
      'Nutzungsänderung: Ladenlokal wird Wohnung',
      'Auskunft aus dem Baulastenverzeichnis',
    ],
    [
      'wir zeigen an, dass die alte Scheune auf dem Grundstück {plot} abgerissen werden soll.',
      'das frühere Ladenlokal im Erdgeschoss des Hauses {addr} soll künftig als Wohnung genutzt werden. Wir beantragen die Nutzungsänderung.',
      'für den Kauf des Grundstücks {plot} benötigen wir eine Auskunft, ob Baulasten eingetragen sind.',
    ],
    [
      'Fotos vom aktuellen Zustand sind beigefügt.',
      'Bitte senden Sie den Gebührenbescheid an die oben genannte Anschrift.',
    ],
    [0, 1, 2],
  ),
  c(
    'bauamt',
    ['P'],
    ['Schwarzbau auf dem Nachbargrundstück', 'Ungenehmigter Anbau, {addr}'],
    [
      'auf dem Nachbargrundstück wird seit Wochen ohne erkennbare Genehmigung ein großes Gartenhaus gebaut. Ich bitte die Bauaufsicht, das zu prüfen.',
      'gegenüber wird ein zweigeschossiger Anbau errichtet, für den nach meinem Wissen keine Baugenehmigung vorliegt.',
    ],
    ['Fotos vom Bau liegen bei.', 'Bitte behandeln Sie meinen Namen vertraulich.'],
  ),
  // ---- Umwelt- und Grünflächenamt
  c(
    'umweltamt',
    ['P', 'C', 'A'],
    [
      'Antrag auf Fällung einer {tree}',
      'Fällgenehmigung nach der Baumschutzsatzung',
      'Abgestorbener Baum im Garten {addr}',
    ],
    [
      'auf dem Grundstück steht eine etwa 25 Jahre alte {tree}, deren Wurzeln die Hauswand anheben. Wir beantragen die Genehmigung, den Baum zu fällen.',
      'nach dem Sturm ist die {tree} vor dem Haus stark geschädigt. Ein Gutachter hält sie nicht mehr für standsicher.',
    ],
    [
      'Fotos und eine Skizze des Grundstücks liegen bei.',
      'Eine Ersatzpflanzung ist an der Grundstücksgrenze möglich.',
    ],
  ),
  c(
    'umweltamt',
    ['P'],
    ['Abholung von Sperrgut', 'Termin für die Sperrmüllabfuhr', 'Sperrmüll nach Haushaltsauflösung'],
    [
      'nach der Haushaltsauflösung meiner Eltern fallen ein Sofa, zwei Schränke und mehrere Matratzen an. Bitte holen Sie das Sperrgut ab.',
      'ich möchte alte Möbel und einen defekten Kühlschrank abholen lassen und bitte um einen Termin für die Sperrmüllabfuhr.',
    ],
    [
      'Die Gegenstände stehen am Abholtag ab 6 Uhr an der Straße.',
      'Es handelt sich um etwa vier Kubikmeter.',
    ],
  ),
  c(
    'umweltamt',
    ['P', 'A'],
    ['Müll illegal abgelagert am {spot}', 'Biotonne beschädigt – Ersatz', 'Zusätzliche Restmülltonne'],
    [
      'am Waldweg hinter dem {spot} hat jemand Bauschutt und alte Reifen abgeladen. Wir bitten, den Müll zu beseitigen.',
      'unsere Biotonne ist bei der letzten Leerung beschädigt worden; der Deckel ist abgebrochen.',
      'für unseren Haushalt mit inzwischen sechs Personen reicht die Restmülltonne nicht mehr aus. Wir bitten um eine zweite Tonne.',
    ],
    ['Fotos liegen bei.', 'Die Tonnennummer lautet {no}.'],
    [0, 1, 2],
  ),
  c(
    'umweltamt',
    ['P'],
    [
      'Verlängerung des Nutzungsrechts an einer Grabstätte',
      'Urnenbeisetzung – Anfrage',
      'Auflösung einer Grabstelle auf dem Waldfriedhof',
    ],
    [
      'das Nutzungsrecht für das Familiengrab auf dem Alten Friedhof, Feld C, läuft am {after} ab. Ich möchte es um weitere zehn Jahre verlängern.',
      'nach dem Tod meines Vaters möchten wir seine Urne im Grab meiner Mutter beisetzen lassen. Ist das möglich?',
      'die Grabstelle meiner Großeltern auf dem Waldfriedhof soll nach Ablauf der Ruhezeit aufgelöst werden. Bitte teilen Sie mir die nötigen Schritte mit.',
    ],
    ['Die Graburkunde liegt in Kopie bei.', 'Die Grabstelle trägt die Nummer C-{no}.'],
    [0, 1, 2],
  ),
  c(
    'umweltamt',
    ['P', 'A'],
    ['Ölfilm auf dem Mühlbach', 'Einleitung von Regenwasser in den Graben'],
    [
      'seit dem {before} sehen wir auf dem Mühlbach unterhalb der Brücke einen schillernden Ölfilm. Wir bitten, die Ursache zu klären.',
      'wir möchten das Regenwasser unseres Dachs in den Graben hinter dem Grundstück einleiten und fragen, ob dafür eine Erlaubnis nötig ist.',
    ],
    ['Fotos der Stelle liegen bei.', 'Ein Lageplan liegt bei.'],
    [0, 1],
  ),
  c(
    'umweltamt',
    ['C'],
    [
      'Gewerbefläche gesucht|Bitte um Unterstützung der Wirtschaftsförderung',
      'Ansiedlung eines Handwerksbetriebs',
    ],
    [
      'für unseren wachsenden Handwerksbetrieb suchen wir eine Gewerbefläche von rund 3.000 Quadratmetern und bitten die Wirtschaftsförderung um Hilfe.',
      'wir möchten mit unserem Betrieb nach Musterstadt umziehen und fragen, welche Flächen im Gewerbegebiet frei sind.',
    ],
    ['Ein kurzes Unternehmensprofil ist beigefügt.', 'Wir beschäftigen derzeit 18 Personen.'],
  ),
];

/** Old names of units, still on many letters (by unit id). */
export const OLD_NAMES: Record<string, string[]> = {
  hauptamt: ['Hauptamt', 'Büro des Bürgermeisters', 'Ratsbüro'],
  personalamt: ['Personalabteilung', 'Personalverwaltung'],
  kaemmerei: ['Steueramt', 'Stadtkasse', 'Kämmerei', 'Finanzverwaltung'],
  ordnungsamt: ['Ordnungsbehörde', 'Gewerbeamt', 'Amt für öffentliche Ordnung'],
  buergeramt: ['Einwohnermeldeamt', 'Meldebehörde', 'Passamt'],
  schulamt: ['Schulverwaltungsamt', 'Kulturamt', 'Stadtbücherei'],
  sozialamt: ['Sozialhilfeverwaltung', 'Amt für Soziales und Wohnen'],
  jugendamt: ['Amt für Kinder, Jugend und Familie', 'Kita-Verwaltung'],
  bauamt: ['Bauamt', 'Bauaufsicht', 'Untere Bauaufsichtsbehörde'],
  umweltamt: ['Grünflächenamt', 'Friedhofsverwaltung', 'Stadtgärtnerei', 'Abfallberatung'],
};

/** Paragraphs that carry a longer letter onto a second or third page, by writer. */
export const MORE: Record<From | 'auth', string[]> = {
  P: [
    'Zum bisherigen Verlauf: Schon im Frühjahr hatte ich mich telefonisch an Ihr Haus gewandt. Damals wurde mir zugesagt, die Sache werde kurzfristig geprüft. Seitdem habe ich nichts mehr gehört, obwohl ich zweimal nachgefragt habe.',
    'Ich lege eine Aufstellung der Unterlagen bei, die ich Ihnen schon geschickt habe, damit Sie prüfen können, ob etwas fehlt. Ist ein Nachweis nicht mehr aktuell, reiche ich ihn gern noch einmal ein.',
    'Bitte bedenken Sie, dass ich tagsüber berufstätig bin. Am besten erreichen Sie mich nach 17 Uhr telefonisch oder jederzeit per E-Mail.',
    'Falls ein persönliches Gespräch nötig ist, komme ich gern ins Rathaus. Dienstag oder Donnerstag wäre mir am liebsten, weil ich dann früher Feierabend habe.',
    'Mir ist bewusst, dass Ihre Verwaltung viel zu tun hat. Trotzdem wäre ich dankbar, wenn Sie mir wenigstens den Eingang dieses Schreibens bestätigen könnten.',
    'Sollte ich mich mit meinem Anliegen an die falsche Stelle gewandt haben, leiten Sie das Schreiben bitte an die zuständige Stelle weiter und geben Sie mir kurz Bescheid.',
  ],
  C: [
    'Zur Einordnung: Unser Unternehmen ist seit mehr als zwanzig Jahren in der Region tätig und beschäftigt derzeit 34 Mitarbeiterinnen und Mitarbeiter. Wir legen Wert auf eine zügige und partnerschaftliche Abstimmung.',
    'Die beigefügten Unterlagen sind vollständig und unterschrieben. Falls Sie weitere Nachweise benötigen, wenden Sie sich bitte direkt an die unten genannte Ansprechpartnerin.',
    'Wir bitten um Verständnis, dass wir den Vorgang aus organisatorischen Gründen bis Ende des Monats abschließen möchten. Eine kurze Rückmeldung zum Stand der Bearbeitung hilft uns sehr.',
    'Für ein Abstimmungsgespräch stehen wir Ihnen gern zur Verfügung, auch kurzfristig und gern bei Ihnen vor Ort.',
  ],
  A: [
    'Unser Verein hat zurzeit 212 Mitglieder, davon mehr als die Hälfte Kinder und Jugendliche. Alle Vorstandsmitglieder arbeiten ehrenamtlich.',
    'Die Mitgliederversammlung hat das Vorhaben einstimmig unterstützt. Das Protokoll können wir Ihnen auf Wunsch zusenden.',
    'Wir würden uns freuen, wenn ein Vertreter oder eine Vertreterin der Stadt bei unserer nächsten Vorstandssitzung dabei sein könnte.',
  ],
  auth: [
    'Hinweise zum Datenschutz: Informationen über die Verarbeitung personenbezogener Daten in diesem Verfahren und über Ihre Rechte finden Sie auf unserer Internetseite oder erhalten Sie auf Anfrage in Papierform.',
    'Ich bitte Sie, bei Antworten stets das oben genannte Zeichen anzugeben, damit Ihr Schreiben ohne Verzögerung zugeordnet werden kann.',
    'Für Rückfragen steht die Sachbearbeitung zu den üblichen Sprechzeiten zur Verfügung. Ein persönlicher Termin ist nur nach vorheriger Vereinbarung möglich.',
    'Sollte sich die Angelegenheit inzwischen erledigt haben, bitte ich um eine kurze Nachricht, damit das Verfahren abgeschlossen werden kann.',
  ],
};
