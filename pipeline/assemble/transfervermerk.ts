// The Transfervermerk (BSI TR-03138 A.NB.4): the record of how a scan product was made, bound into its
// PDF/A: who scanned where with what and which released configuration, when, every image enhancement,
// the anomalies, the QA result with completeness, and the statement that the scan matches the original.
// Written as XML (schema: transfervermerk.xsd), read back for `poststelle transfervermerk` and `verify`.
import fs from 'node:fs';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import type { XmpSummary } from './pdfa/xmp.ts';

export const TV_XML_NS = 'https://poststelle.de/ns/transfervermerk/1.0';
const XSD = fs.readFileSync(new URL('./transfervermerk.xsd', import.meta.url), 'utf8');

type Level = 'normal' | 'hoch' | 'sehr hoch';
export type AnomalyKind =
  'leerseite_entfernt' | 'neuscan' | 'manuelle_bearbeitung' | 'seitenzahl' | 'pruefung';

export interface Transfervermerk {
  document: { item: string; batch: string; run: number; pages: number; source: string; sourceSha256: string };
  capture: {
    scannedBy: string;
    station: string;
    scanner: string;
    profile: string;
    configVersion: string;
    capturedAt: string;
    receivedAt: string;
    scanMode: 'ersetzend' | 'ergaenzend';
    originals: 'aufbewahren' | 'vernichten' | 'zurueckgeben';
    dpi: number;
    colour: string;
    compression: string;
    protection: { integrity: Level; confidentiality: Level; availability: Level };
  };
  pages: Array<{
    no: number;
    sourcePage: number;
    kind: 'inhalt' | 'leerseite';
    dpi: number | null;
    colour: string;
    rotation: number;
    skew: number;
    enhancements: Array<{ op: string; params: Record<string, number> }>;
  }>;
  anomalies: Array<{ kind: AnomalyKind; text: string }>;
  qa: {
    result: 'bestanden' | 'ausstehend';
    method: 'automatisch' | 'manuell';
    by: string | null;
    at: string | null;
    complete: boolean;
    declaredPages: number | null;
    countedPages: number | null;
    sampled: boolean;
  };
  statement: string;
  audit: { seq: number; hash: string };
  createdAt: string;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

/** The Transfervermerk as XML (UTF-8, namespaced, pretty-printed). */
export function transfervermerkXml(t: Transfervermerk): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(TV_XML_NS, 'Transfervermerk', {
    version: '1.0',
  });
  const d = t.document;
  root.ele('Dokument', {
    poststueck: d.item,
    stapel: d.batch,
    lauf: String(d.run),
    seiten: String(d.pages),
    quelle: d.source,
    quelleSha256: d.sourceSha256,
  });
  const c = t.capture;
  const capture = root.ele('Erfassung');
  for (const [name, value] of [
    ['ErfasstVon', c.scannedBy],
    ['Scanstation', c.station],
    ['Scanner', c.scanner],
    ['Profil', c.profile],
    ['Konfigurationsversion', c.configVersion],
    ['Erfassungszeitpunkt', c.capturedAt],
    ['Eingangsdatum', c.receivedAt],
    ['Scanmodus', c.scanMode],
    ['Originale', c.originals],
    ['Aufloesung', String(c.dpi)],
    ['Farbmodus', c.colour],
    ['Kompression', c.compression],
  ] as const)
    capture.ele(name).txt(value);
  capture.ele('Schutzbedarf', {
    integritaet: c.protection.integrity,
    vertraulichkeit: c.protection.confidentiality,
    verfuegbarkeit: c.protection.availability,
  });
  const pages = root.ele('Seiten');
  for (const p of t.pages) {
    const page = pages.ele(
      'Seite',
      defined({
        nr: p.no,
        quellseite: p.sourcePage,
        art: p.kind,
        dpi: p.dpi,
        farbe: p.colour,
        drehung: p.rotation,
        schraeglage: p.skew,
      }),
    );
    for (const e of p.enhancements) {
      const op = page.ele('Bildbearbeitung', { art: e.op });
      for (const [name, wert] of Object.entries(e.params)) op.ele('Parameter', { name, wert: String(wert) });
    }
  }
  const anomalies = root.ele('Auffaelligkeiten');
  for (const a of t.anomalies) anomalies.ele('Auffaelligkeit', { art: a.kind }).txt(a.text);
  const q = t.qa;
  root.ele(
    'Qualitaetssicherung',
    defined({
      ergebnis: q.result,
      verfahren: q.method,
      pruefer: q.by,
      zeitpunkt: q.at,
      vollzaehlig: q.complete,
      erwarteteSeiten: q.declaredPages,
      gezaehlteSeiten: q.countedPages,
      stichprobe: q.sampled,
    }),
  );
  root.ele('Erklaerung').txt(t.statement);
  root.ele('Protokoll', { seq: String(t.audit.seq), hash: t.audit.hash });
  root.ele('Erstellt').txt(t.createdAt);
  return root.end({ prettyPrint: true });
}

// Read through the DOM: xmlbuilder2's object form leaves entities escaped.
const children = (el: Element, name: string) =>
  [...el.childNodes].filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
const child = (el: Element, name: string): Element => {
  const c = children(el, name)[0];
  if (!c) throw new Error(`Transfervermerk: ${name} missing in ${el.localName}`);
  return c;
};
const attr = (el: Element, name: string) => el.getAttribute(name);
const text = (el: Element, name: string) => child(el, name).textContent ?? '';
const num = (v: string | null) => (v === null ? null : Number(v));

/** Reads a Transfervermerk back from its XML (validate it first: this trusts the shape). */
export function parseTransfervermerk(xml: string): Transfervermerk {
  const root = create(xml).root().node as unknown as Element;
  const d = child(root, 'Dokument');
  const c = child(root, 'Erfassung');
  const s = child(c, 'Schutzbedarf');
  const q = child(root, 'Qualitaetssicherung');
  const p = child(root, 'Protokoll');
  return {
    document: {
      item: attr(d, 'poststueck')!,
      batch: attr(d, 'stapel')!,
      run: Number(attr(d, 'lauf')),
      pages: Number(attr(d, 'seiten')),
      source: attr(d, 'quelle')!,
      sourceSha256: attr(d, 'quelleSha256')!,
    },
    capture: {
      scannedBy: text(c, 'ErfasstVon'),
      station: text(c, 'Scanstation'),
      scanner: text(c, 'Scanner'),
      profile: text(c, 'Profil'),
      configVersion: text(c, 'Konfigurationsversion'),
      capturedAt: text(c, 'Erfassungszeitpunkt'),
      receivedAt: text(c, 'Eingangsdatum'),
      scanMode: text(c, 'Scanmodus') as Transfervermerk['capture']['scanMode'],
      originals: text(c, 'Originale') as Transfervermerk['capture']['originals'],
      dpi: Number(text(c, 'Aufloesung')),
      colour: text(c, 'Farbmodus'),
      compression: text(c, 'Kompression'),
      protection: {
        integrity: attr(s, 'integritaet') as Level,
        confidentiality: attr(s, 'vertraulichkeit') as Level,
        availability: attr(s, 'verfuegbarkeit') as Level,
      },
    },
    pages: children(child(root, 'Seiten'), 'Seite').map((x) => ({
      no: Number(attr(x, 'nr')),
      sourcePage: Number(attr(x, 'quellseite')),
      kind: attr(x, 'art') as 'inhalt' | 'leerseite',
      dpi: num(attr(x, 'dpi')),
      colour: attr(x, 'farbe')!,
      rotation: Number(attr(x, 'drehung')),
      skew: Number(attr(x, 'schraeglage')),
      enhancements: children(x, 'Bildbearbeitung').map((e) => ({
        op: attr(e, 'art')!,
        params: Object.fromEntries(
          children(e, 'Parameter').map((k) => [attr(k, 'name')!, Number(attr(k, 'wert'))]),
        ),
      })),
    })),
    anomalies: children(child(root, 'Auffaelligkeiten'), 'Auffaelligkeit').map((a) => ({
      kind: attr(a, 'art') as AnomalyKind,
      text: a.textContent ?? '',
    })),
    qa: {
      result: attr(q, 'ergebnis') as 'bestanden' | 'ausstehend',
      method: attr(q, 'verfahren') as 'automatisch' | 'manuell',
      by: attr(q, 'pruefer'),
      at: attr(q, 'zeitpunkt'),
      complete: attr(q, 'vollzaehlig') === 'true',
      declaredPages: num(attr(q, 'erwarteteSeiten')),
      countedPages: num(attr(q, 'gezaehlteSeiten')),
      sampled: attr(q, 'stichprobe') === 'true',
    },
    statement: text(root, 'Erklaerung'),
    audit: { seq: Number(attr(p, 'seq')), hash: attr(p, 'hash')! },
    createdAt: text(root, 'Erstellt'),
  };
}

/** Schema errors of a Transfervermerk's XML (empty when it is valid). */
export async function validateTransfervermerk(xml: string): Promise<string[]> {
  const r = await validateXML({
    xml: [{ fileName: 'transfervermerk.xml', contents: xml }],
    schema: [{ fileName: 'transfervermerk.xsd', contents: XSD }],
  });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

/** The summary carried in the PDF's XMP. */
export function xmpSummary(t: Transfervermerk): XmpSummary {
  return {
    document: `${t.document.item}/${t.document.run}`,
    scannedBy: t.capture.scannedBy,
    station: t.capture.station,
    scanner: t.capture.scanner,
    profile: t.capture.profile,
    configVersion: t.capture.configVersion,
    capturedAt: t.capture.capturedAt,
    scanMode: t.capture.scanMode,
    integrity: t.capture.protection.integrity,
    qaResult: `${t.qa.result} (${t.qa.method}${t.qa.by ? `, ${t.qa.by}` : ''})`,
    anomalies: t.anomalies.map((a) => a.text).join('; ') || 'keine',
    auditHead: `${t.audit.seq}:${t.audit.hash}`,
    statement: t.statement,
  };
}

const ANOMALY_LABEL: Record<AnomalyKind, string> = {
  leerseite_entfernt: 'Leerseite entfernt',
  neuscan: 'Neuscan',
  manuelle_bearbeitung: 'Manuelle Bearbeitung',
  seitenzahl: 'Seitenzahl',
  pruefung: 'Prüfung',
};

/** The Transfervermerk for people (German), as `poststelle transfervermerk` prints it. */
export function transfervermerkText(t: Transfervermerk): string {
  const c = t.capture;
  const q = t.qa;
  const lines = [
    `Transfervermerk für Poststück ${t.document.item} (Stapel ${t.document.batch}, ${t.document.pages} Seiten)`,
    `  Quelle: ${t.document.source} (SHA-256 ${t.document.sourceSha256})`,
    `  Erfasst von: ${c.scannedBy}, Scanstation ${c.station}, Scanner ${c.scanner}`,
    `  Profil: ${c.profile} (${c.dpi} dpi, ${c.colour}, ${c.compression}), Konfiguration ${c.configVersion}`,
    `  Erfassung: ${c.capturedAt}, Eingang ${c.receivedAt}, Scanmodus ${c.scanMode}, Originale: ${c.originals}`,
    `  Schutzbedarf: Integrität ${c.protection.integrity}, Vertraulichkeit ${c.protection.confidentiality}, Verfügbarkeit ${c.protection.availability}`,
    '  Seiten:',
    ...t.pages.map(
      (p) =>
        `    ${p.no}. (Quellseite ${p.sourcePage}, ${p.kind}${p.dpi ? `, ${p.dpi} dpi` : ''}) ${
          p.enhancements
            .map(
              (e) =>
                `${e.op}(${Object.entries(e.params)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')})`,
            )
            .join(' ') || 'ohne Bildbearbeitung'
        }`,
    ),
    `  Auffälligkeiten: ${t.anomalies.length ? '' : 'keine'}`,
    ...t.anomalies.map((a) => `    ${ANOMALY_LABEL[a.kind]}: ${a.text}`),
    `  Qualitätssicherung: ${q.result} (${q.method}${q.by ? `, ${q.by}` : ''}${q.at ? `, ${q.at}` : ''}), ${
      q.complete ? 'vollzählig' : 'NICHT vollzählig'
    }${q.declaredPages !== null ? ` (${q.countedPages} von ${q.declaredPages} erwarteten Seiten)` : ''}${q.sampled ? ', Stichprobe' : ''}`,
    `  Erklärung: ${t.statement}`,
    `  Audit-Protokoll bei Erstellung: Eintrag ${t.audit.seq}, ${t.audit.hash}`,
    `  Erstellt: ${t.createdAt}`,
  ];
  return `${lines.join('\n')}\n`;
}
