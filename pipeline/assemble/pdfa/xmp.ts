// The XMP metadata packet of a PDF/A: Dublin Core, XMP basic, Adobe PDF and PDF/A identification, in
// agreement with the document information dictionary, plus the Transfervermerk's summary in a schema of
// our own, described by a PDF/A extension schema (PDF/A allows no undeclared XMP properties).

/** The Transfervermerk summary carried in XMP (the full record is the XML attachment). */
export interface XmpSummary {
  /** The mail item and its run (`<item>/<run>`). */
  document: string;
  scannedBy: string;
  station: string;
  scanner: string;
  profile: string;
  configVersion: string;
  capturedAt: string;
  scanMode: string;
  /** Integrity protection need (verify requires a timestamp at 'sehr hoch'). */
  integrity: string;
  qaResult: string;
  anomalies: string;
  auditHead: string;
  statement: string;
}

export interface XmpFields {
  part: 1 | 2 | 3;
  title: string | null;
  subject: string | null;
  keywords: string;
  producer: string;
  creatorTool: string;
  created: Date;
  summary: XmpSummary | null;
}

export const TV_NS = 'https://poststelle.de/ns/transfervermerk/1.0/';

/** Summary property -> its description in the extension schema. */
export const SUMMARY: Record<keyof XmpSummary, [type: 'Text' | 'Date', description: string]> = {
  document: ['Text', 'Mail item and run'],
  scannedBy: ['Text', 'Person or pseudonym who scanned'],
  station: ['Text', 'Scan station'],
  scanner: ['Text', 'Scanner'],
  profile: ['Text', 'Scan profile'],
  configVersion: ['Text', 'Released configuration version'],
  capturedAt: ['Date', 'Date and time of capture'],
  scanMode: ['Text', 'Scan mode (ersetzend or ergaenzend)'],
  integrity: ['Text', 'Integrity protection need (normal, hoch, sehr hoch)'],
  qaResult: ['Text', 'Result of quality assurance'],
  anomalies: ['Text', 'Anomalies during capture'],
  auditHead: ['Text', 'Audit chain head at assembly (sequence:hash)'],
  statement: ['Text', 'Statement of visual and content agreement with the original'],
};

/** Characters XML 1.0 cannot carry at all (control characters): dropped. */
export const xmlChars = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export const escapeXml = (s: string) =>
  xmlChars(s).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** ISO 8601 without milliseconds (the precision of the Info dictionary's dates). */
export const xmpDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(s)}</rdf:li></rdf:Alt>`;

function extensionSchema(): string {
  const props = Object.entries(SUMMARY)
    .map(
      ([name, [type, description]]) =>
        `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name>` +
        `<pdfaProperty:valueType>${type}</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>` +
        `<pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`,
    )
    .join('');
  return `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>poststelle Transfervermerk</pdfaSchema:schema><pdfaSchema:namespaceURI>${TV_NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>tv</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>${props}</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>`;
}

/** The XMP packet (UTF-8, with padding for in-place updates). */
export function xmpPacket(f: XmpFields): string {
  const date = xmpDate(f.created);
  const dc = [
    f.title !== null ? `<dc:title>${alt(f.title)}</dc:title>` : '',
    f.subject !== null ? `<dc:description>${alt(f.subject)}</dc:description>` : '',
    '<dc:format>application/pdf</dc:format>',
  ].join('');
  const summary = f.summary
    ? `<rdf:Description rdf:about="" xmlns:tv="${TV_NS}">${Object.keys(SUMMARY)
        .map((k) => `<tv:${k}>${escapeXml(f.summary![k as keyof XmpSummary])}</tv:${k}>`)
        .join('')}</rdf:Description>\n${extensionSchema()}`
    : '';
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc}</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>${escapeXml(f.creatorTool)}</xmp:CreatorTool><xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate><xmp:MetadataDate>${date}</xmp:MetadataDate></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${escapeXml(f.producer)}</pdf:Producer><pdf:Keywords>${escapeXml(f.keywords)}</pdf:Keywords></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>${f.part}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
${summary}
</rdf:RDF>
</x:xmpmeta>
${' '.repeat(2000)}
<?xpacket end="w"?>`;
}
