// PDF/A checker of our own (ISO 19005-1/-2/-3, level B), independent of the writer: reads a PDF through
// pdf-lib's low-level objects plus its raw bytes and reports each rule it knows of that the file breaks.
// It covers what poststelle's files contain (scanned page images, an invisible text layer in an embedded
// font, XMP, an sRGB OutputIntent, an XML attachment in PDF/A-3, a signature field). It does not parse
// content streams or font programs: veraPDF or PDFBox Preflight remain the reference.
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';

export type PdfAPart = 1 | 2 | 3;

export interface PdfAViolation {
  /** Clause of ISO 19005 (numbering of the part checked against) and a short name, e.g. '6.1.3 trailer ID'. */
  rule: string;
  message: string;
}

export interface PdfAReport {
  ok: boolean;
  /** The part checked against: `opts.part`, else the part the XMP claims; null when neither is known. */
  part: number | null;
  /** pdfaid:conformance as claimed (e.g. 'B'), null when the XMP claims none. */
  conformance: string | null;
  violations: PdfAViolation[];
}

export interface PdfACheckOptions {
  /** Check against this part and require the XMP to claim it. */
  part?: PdfAPart;
}

// ---------------------------------------------------------------------------------------------------
// pdf-lib helpers

const key = (k: string) => PDFName.of(k);
const get = (d: PDFDict, k: string): PDFObject | undefined => d.lookup(key(k));
const nameOf = (o: PDFObject | undefined) => (o instanceof PDFName ? o.decodeText() : undefined);
const nameAt = (d: PDFDict, k: string) => nameOf(get(d, k));
const numAt = (d: PDFDict, k: string) => {
  const o = get(d, k);
  return o instanceof PDFNumber ? o.asNumber() : undefined;
};
const textOf = (o: PDFObject | undefined) =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
const dictOf = (o: PDFObject | undefined) => (o instanceof PDFDict ? o : undefined);
const dictAt = (d: PDFDict, k: string) => dictOf(get(d, k));
const items = (o: PDFObject | undefined): PDFObject[] =>
  o instanceof PDFArray ? Array.from({ length: o.size() }, (_, i) => o.lookup(i)!) : o ? [o] : [];

/** The decoded bytes of a stream (throws for filters pdf-lib cannot decode, e.g. DCTDecode). */
export function streamBytes(s: PDFStream): Uint8Array {
  return s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
}

/** Filter names of a stream dictionary (a single name or an array). */
const filtersOf = (d: PDFDict) =>
  items(get(d, 'Filter'))
    .map(nameOf)
    .filter((n) => n !== undefined);

// ---------------------------------------------------------------------------------------------------
// The object graph

/** A dictionary or stream reachable from the catalog, with the keys under which it was reached. */
interface Node {
  dict: PDFDict;
  stream: PDFStream | undefined;
  via: Set<string>;
}

/** Every dictionary and stream reachable from `root`, each once; array elements inherit the array's key. */
function reachable(doc: PDFDocument, root: PDFDict): Node[] {
  const nodes = new Map<PDFDict, Node>();
  const arrays = new Set<PDFArray>();
  const todo: Array<[PDFObject | undefined, string]> = [[root, 'Root']];
  while (todo.length) {
    const [raw, via] = todo.pop()!;
    const obj = raw instanceof PDFRef ? doc.context.lookup(raw) : raw;
    if (obj instanceof PDFArray) {
      if (arrays.has(obj)) continue;
      arrays.add(obj);
      for (let i = 0; i < obj.size(); i++) todo.push([obj.get(i), via]);
      continue;
    }
    const stream = obj instanceof PDFStream ? obj : undefined;
    const dict = stream ? stream.dict : dictOf(obj);
    if (!dict) continue;
    const seen = nodes.get(dict);
    if (seen) {
      seen.via.add(via);
      continue;
    }
    nodes.set(dict, { dict, stream, via: new Set([via]) });
    for (const [k, v] of dict.entries()) todo.push([v, k.decodeText()]);
  }
  return [...nodes.values()];
}

// ---------------------------------------------------------------------------------------------------
// XMP: a small tolerant reader of the rdf:Description attributes and elements

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NS = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
} as const;

interface XmpItem {
  lang: string | null;
  value: string;
}

/** A parsed XMP packet: properties keyed by namespace URI + local name, and what was malformed. */
interface Xmp {
  text: string;
  props: Map<string, XmpItem[]>;
  errors: string[];
}

type Role = 'description' | 'property' | 'container' | 'item' | 'other';
interface Frame {
  name: string;
  ns: Map<string, string>;
  role: Role;
  key: string;
  lang: string | null;
  text: string;
  children: boolean;
  items: XmpItem[];
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string, errors: string[]): string {
  if (/&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) errors.push('an unescaped & in the text');
  return s.replace(ENTITY, (_, named: string, dec: string, hex: string) =>
    named ? NAMED[named]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)),
  );
}

/** Namespace URI and local name of a qualified name (`prefix:local`) in the scope `ns`. */
function resolveName(qname: string, ns: Map<string, string>, errors: string[]): [string, string] {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const uri = ns.get(prefix);
  if (uri === undefined && prefix) errors.push(`the prefix '${prefix}' is not declared`);
  return [uri ?? '', qname.slice(colon + 1)];
}

/**
 * Reads an XMP packet: simple properties (attributes of rdf:Description or elements with text) and
 * rdf:Alt/Seq/Bag items, keyed by namespace URI + local name. Malformed XML is noted in `errors`, not thrown.
 */
export function readXmp(text: string): Xmp {
  const props = new Map<string, XmpItem[]>();
  const errors: string[] = [];
  const root: Frame = {
    name: '',
    ns: new Map([['xml', XML_NS]]),
    role: 'other',
    key: '',
    lang: null,
    text: '',
    children: false,
    items: [],
  };
  const stack = [root];
  let sawRdf = false;
  // Called after `f` is popped: an item adds itself to its property (the frame below its container).
  const close = (f: Frame) => {
    if (f.role === 'property' && (f.items.length || !f.children))
      props.set(f.key, f.items.length ? f.items : [{ lang: f.lang, value: f.text }]);
    if (f.role === 'item')
      stack[stack.length - 2]?.items.push({ lang: f.lang, value: f.children ? '' : f.text });
  };
  let pos = 0;
  while (pos < text.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) {
      errors.push(`malformed markup at offset ${pos}`);
      const next = text.indexOf('<', pos + 1);
      if (next < 0) break;
      pos = next;
      continue;
    }
    pos = TOKEN.lastIndex;
    const top = stack[stack.length - 1]!;
    const [token, cdata, slash, qname, attrText, selfClose] = m;
    if (qname === undefined) {
      if (token.startsWith('<![CDATA[')) top.text += cdata;
      else if (!token.startsWith('<')) top.text += unescapeXml(token, errors);
      continue;
    }
    if (slash) {
      const open = stack.findLastIndex((f) => f.name === qname);
      if (open <= 0) {
        errors.push(`</${qname}> has no matching start tag`);
        continue;
      }
      if (open !== stack.length - 1) errors.push(`<${top.name}> is not closed before </${qname}>`);
      while (stack.length > open) close(stack.pop()!);
      continue;
    }
    const attrs = [...(attrText ?? '').matchAll(ATTR)].map((a) => [
      a[1]!,
      unescapeXml(a[2] ?? a[3]!, errors),
    ]);
    const ns = new Map(top.ns);
    for (const [n, v] of attrs)
      if (n === 'xmlns') ns.set('', v!);
      else if (n!.startsWith('xmlns:')) ns.set(n!.slice(6), v!);
    const [uri, local] = resolveName(qname, ns, errors);
    const lang = attrs.find(([n]) => n === 'xml:lang')?.[1] ?? null;
    let role: Role = 'other';
    if (uri === RDF && local === 'RDF') sawRdf = true;
    if (uri === RDF && local === 'Description') role = 'description';
    else if (top.role === 'description') role = 'property';
    else if (top.role === 'property' && uri === RDF && ['Alt', 'Seq', 'Bag'].includes(local))
      role = 'container';
    else if (top.role === 'container' && uri === RDF && local === 'li') role = 'item';
    top.children = true;
    const frame: Frame = {
      name: qname,
      ns,
      role,
      key: uri + local,
      lang,
      text: '',
      children: false,
      items: [],
    };
    if (role === 'description')
      for (const [n, v] of attrs) {
        if (n === 'xmlns' || n!.startsWith('xmlns:') || n!.startsWith('xml:')) continue;
        const [attrUri, attrLocal] = resolveName(n!, ns, errors);
        if (attrUri !== RDF) props.set(attrUri + attrLocal, [{ lang: null, value: v! }]);
      }
    stack.push(frame);
    if (selfClose) close(stack.pop()!);
  }
  if (stack.length > 1) errors.push(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!sawRdf) errors.push('there is no rdf:RDF element');
  return { text, props, errors };
}

/** The value of an XMP property: the x-default item of an Alt, else the first item. */
export function xmpValue(xmp: Xmp, prop: string): string | undefined {
  const values = xmp.props.get(prop);
  return (values?.find((v) => v.lang === 'x-default') ?? values?.[0])?.value;
}

// ---------------------------------------------------------------------------------------------------
// Dates

// Both patterns capture: year, month, day, hour, minute, second, 'Z', offset sign, offset hours, minutes.
const PDF_DATE = /^(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(?:(\d\d)'?)?)?/;
const XMP_DATE =
  /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(?:(Z)|([+-])(\d\d):(\d\d))?)?)?)?$/;

/**
 * Milliseconds of a PDF date (D:YYYYMMDDHHmmSSOHH'mm') or an XMP date (ISO 8601), in whole seconds. A date
 * without an offset counts as UTC on both sides.
 */
function dateMs(pattern: RegExp, s: string): number | undefined {
  const m = pattern.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', , sign, oh = '00', om = '00'] = m;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return Date.UTC(+y!, +mo - 1, +d, +h, +mi, +sec) - offset * 60_000;
}

// ---------------------------------------------------------------------------------------------------
// ICC profiles

interface IccHeader {
  colourSpace: string;
  deviceClass: string;
  major: number;
}

const ICC_COMPONENTS: Record<string, number> = { 'RGB ': 3, GRAY: 1, CMYK: 4 };

function iccHeader(profile: PDFStream): IccHeader {
  const b = streamBytes(profile);
  if (b.length < 128) throw new Error(`the ICC profile has ${b.length} bytes, less than its 128-byte header`);
  const ascii = (from: number) => String.fromCharCode(...b.subarray(from, from + 4));
  return { colourSpace: ascii(16), deviceClass: ascii(12), major: b[8]! };
}

// ---------------------------------------------------------------------------------------------------
// The checking context

interface Ctx {
  part: PdfAPart;
  /** The file as a latin1 string, for keyword searches in the raw bytes. */
  raw: string;
  doc: PDFDocument;
  catalog: PDFDict;
  nodes: Node[];
  pages: PDFDict[];
  /** The catalog's XMP (null when there is none or it cannot be decoded), and why it could not be read. */
  xmp: Xmp | null;
  xmpProblem: string | null;
  /** Colour space of the PDF/A OutputIntent's profile ('RGB', 'GRAY', 'CMYK'), null without a readable one. */
  outputCs: string | null;
}

function loadXmp(catalog: PDFDict): { xmp: Xmp | null; problem: string | null } {
  const meta = get(catalog, 'Metadata');
  if (!(meta instanceof PDFStream)) return { xmp: null, problem: null };
  let bytes: Uint8Array;
  try {
    bytes = streamBytes(meta);
  } catch (err) {
    return { xmp: null, problem: `the metadata stream cannot be decoded: ${(err as Error).message}` };
  }
  try {
    return { xmp: readXmp(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), problem: null };
  } catch {
    return { xmp: null, problem: 'the metadata stream is not UTF-8' };
  }
}

function pdfaIntents(catalog: PDFDict): PDFDict[] {
  return items(get(catalog, 'OutputIntents'))
    .map(dictOf)
    .filter((d): d is PDFDict => d !== undefined && nameAt(d, 'S') === 'GTS_PDFA1');
}

function outputColourSpace(catalog: PDFDict): string | null {
  for (const intent of pdfaIntents(catalog)) {
    const profile = get(intent, 'DestOutputProfile');
    if (!(profile instanceof PDFStream)) continue;
    try {
      return iccHeader(profile).colourSpace.trim();
    } catch {
      continue;
    }
  }
  return null;
}

function safePages(doc: PDFDocument): PDFDict[] {
  try {
    return doc.getPages().map((p) => p.node);
  } catch {
    return [];
  }
}

const label = (c: Ctx, n: { dict: PDFDict; stream?: PDFStream }) => {
  const ref = c.doc.context.getObjectRef(n.stream ?? n.dict);
  return ref ? `object ${ref.objectNumber} ${ref.generationNumber} R` : 'a direct object';
};

const streams = (c: Ctx) => c.nodes.filter((n) => n.stream);
const xobjects = (c: Ctx, subtype: string) => streams(c).filter((n) => nameAt(n.dict, 'Subtype') === subtype);
const viaAny = (n: Node, keys: string[]) => keys.some((k) => n.via.has(k));
/** The values in the resource category `category` (Font, XObject, ExtGState, ...) of every resource dictionary. */
const resources = (c: Ctx, category: string): PDFObject[] =>
  c.nodes
    .filter((n) => n.via.has('Resources'))
    .flatMap((n) => {
      const sub = dictAt(n.dict, category);
      return sub ? sub.keys().map((k) => sub.lookup(k)!) : [];
    });

interface Annotation {
  dict: PDFDict;
  page: number;
}
const annotations = (c: Ctx): Annotation[] =>
  c.pages.flatMap((p, i) =>
    items(get(p, 'Annots'))
      .map(dictOf)
      .filter((d) => d !== undefined)
      .map((dict) => ({ dict, page: i + 1 })),
  );
const annotLabel = (a: Annotation) =>
  `${nameAt(a.dict, 'Subtype') ?? 'untyped'} annotation on page ${a.page}`;

/** File specifications that embed a file (/EF). */
const fileSpecs = (c: Ctx) => c.nodes.filter((n) => !n.stream && dictAt(n.dict, 'EF'));
const fileSpecName = (d: PDFDict) => textOf(get(d, 'UF')) ?? textOf(get(d, 'F')) ?? '(unnamed)';
const embeddedStream = (d: PDFDict) => {
  const ef = dictAt(d, 'EF')!;
  const s = get(ef, 'UF') ?? get(ef, 'F');
  return s instanceof PDFStream ? s : undefined;
};

// ---------------------------------------------------------------------------------------------------
// Rules: each yields a message per violation

function* fileHeader(c: Ctx) {
  const digits = c.part === 1 ? '[0-9]' : '[0-7]';
  if (!new RegExp(`^%PDF-1\\.${digits}(?:\\r\\n|\\r|\\n)`).test(c.raw.slice(0, 16)))
    yield `the file does not start with %PDF-1.n and an end of line (found ${JSON.stringify(c.raw.slice(0, 10))})`;
}

function* binaryComment(c: Ctx) {
  if (!/^%PDF-\d\.\d(?:\r\n|\r|\n)%[\x80-\xff]{4}/.test(c.raw.slice(0, 20)))
    yield 'the header is not followed by a comment of at least four bytes above 127';
}

function* trailerId(c: Ctx) {
  const id = c.doc.context.lookup(c.doc.context.trailerInfo.ID);
  if (!id) yield 'the trailer has no /ID';
  else if (!(id instanceof PDFArray) || id.size() !== 2)
    yield 'the trailer /ID is not an array of two strings';
  else if (items(id).some((s) => !(s instanceof PDFString || s instanceof PDFHexString)))
    yield 'the trailer /ID holds something other than strings';
}

function* encryption(c: Ctx) {
  if (c.doc.context.trailerInfo.Encrypt)
    yield 'the trailer has an /Encrypt dictionary (the file is encrypted)';
}

function* trailingData(c: Ctx) {
  const eof = c.raw.lastIndexOf('%%EOF');
  if (eof < 0) yield 'the file has no %%EOF marker';
  else if (!/^(?:\r\n|\r|\n)?$/.test(c.raw.slice(eof + 5)))
    yield `${c.raw.length - eof - 5} bytes follow the last %%EOF (only one end of line is allowed)`;
}

function* xrefStreams(c: Ctx) {
  if (/\/Type\s*\/XRef\b/.test(c.raw)) yield 'the file uses a cross-reference stream (PDF 1.5), not a table';
  if (/\/Type\s*\/ObjStm\b/.test(c.raw)) yield 'the file uses object streams (PDF 1.5)';
}

function* externalStreams(c: Ctx) {
  for (const n of streams(c))
    for (const k of ['F', 'FFilter', 'FDecodeParms'])
      if (n.dict.has(key(k))) yield `the stream ${label(c, n)} has /${k} (external stream data)`;
}

function* lzwFilters(c: Ctx) {
  for (const n of streams(c))
    if (filtersOf(n.dict).includes('LZWDecode')) yield `the stream ${label(c, n)} uses the LZWDecode filter`;
}

function* optionalContent(c: Ctx) {
  if (c.catalog.has(key('OCProperties'))) yield 'the catalog has /OCProperties (optional content)';
}

function* metadataStream(c: Ctx) {
  const meta = get(c.catalog, 'Metadata');
  if (!meta) yield 'the catalog has no /Metadata';
  else if (!(meta instanceof PDFStream)) yield 'the catalog /Metadata is not a stream';
  else if (nameAt(meta.dict, 'Type') !== 'Metadata' || nameAt(meta.dict, 'Subtype') !== 'XML')
    yield 'the metadata stream is not /Type /Metadata /Subtype /XML';
}

function* metadataFilter(c: Ctx) {
  const meta = get(c.catalog, 'Metadata');
  if (meta instanceof PDFStream && meta.dict.has(key('Filter'))) yield 'the metadata stream has a /Filter';
}

function* xmpPacket(c: Ctx) {
  if (!c.xmp) return;
  const header = /<\?xpacket\s+begin=[^?]*\?>/.exec(c.xmp.text)?.[0];
  if (!header) yield 'the XMP has no <?xpacket begin=...?> header';
  else {
    if (/\sbytes\s*=/.test(header)) yield 'the xpacket header uses the bytes attribute';
    if (/\sencoding\s*=/.test(header)) yield 'the xpacket header uses the encoding attribute';
  }
  if (!/<\?xpacket\s+end\s*=\s*(["'])[rw]\1\s*\?>/.test(c.xmp.text))
    yield 'the XMP has no <?xpacket end="w"?> trailer';
}

function* xmpWellFormed(c: Ctx) {
  if (c.xmpProblem) yield c.xmpProblem;
  for (const e of new Set(c.xmp?.errors)) yield `the XMP is not well-formed: ${e}`;
}

function* identification(c: Ctx, requested: PdfAPart | undefined) {
  if (!c.xmp) return;
  const part = xmpValue(c.xmp, NS.pdfaid + 'part');
  const conformance = xmpValue(c.xmp, NS.pdfaid + 'conformance');
  if (part === undefined && conformance === undefined) {
    yield 'the XMP has no PDF/A identification (pdfaid:part, pdfaid:conformance)';
    return;
  }
  if (part === undefined) yield 'the XMP has no pdfaid:part';
  else if (!['1', '2', '3'].includes(part.trim()))
    yield `pdfaid:part is '${part}'; this checker knows parts 1 to 3`;
  else if (requested !== undefined && Number(part) !== requested)
    yield `the file claims PDF/A-${part.trim()}, PDF/A-${requested} was required`;
  if (conformance === undefined) yield 'the XMP has no pdfaid:conformance';
  else if (!(c.part === 1 ? ['A', 'B'] : ['A', 'B', 'U']).includes(conformance.trim().toUpperCase()))
    yield `pdfaid:conformance '${conformance}' is not a level of PDF/A-${c.part}`;
}

/** Info dictionary entries and their XMP twins (ISO 19005-1 6.7.3, Table 1). */
const INFO_XMP: Array<{ info: string; xmp: string; shown: string; date?: boolean }> = [
  { info: 'Title', xmp: NS.dc + 'title', shown: "dc:title['x-default']" },
  { info: 'Author', xmp: NS.dc + 'creator', shown: 'dc:creator[1]' },
  { info: 'Subject', xmp: NS.dc + 'description', shown: "dc:description['x-default']" },
  { info: 'Keywords', xmp: NS.pdf + 'Keywords', shown: 'pdf:Keywords' },
  { info: 'Creator', xmp: NS.xmp + 'CreatorTool', shown: 'xmp:CreatorTool' },
  { info: 'Producer', xmp: NS.pdf + 'Producer', shown: 'pdf:Producer' },
  { info: 'CreationDate', xmp: NS.xmp + 'CreateDate', shown: 'xmp:CreateDate', date: true },
  { info: 'ModDate', xmp: NS.xmp + 'ModifyDate', shown: 'xmp:ModifyDate', date: true },
];

const sameInstant = (pdfDate: string, xmpDate: string) => {
  const ms = dateMs(XMP_DATE, xmpDate);
  return ms !== undefined && ms === dateMs(PDF_DATE, pdfDate);
};

function* infoMatchesXmp(c: Ctx) {
  const info = dictOf(c.doc.context.lookup(c.doc.context.trailerInfo.Info));
  if (!info || !c.xmp) return;
  for (const { info: entry, xmp: prop, shown, date } of INFO_XMP) {
    const raw = get(info, entry);
    if (raw === undefined) continue;
    const value = textOf(raw);
    const twin = xmpValue(c.xmp, prop);
    if (value === undefined) yield `Info /${entry} is not a text string`;
    else if (twin === undefined) yield `Info /${entry} is set but the XMP has no ${shown}`;
    else if (date ? !sameInstant(value, twin) : value !== twin)
      yield `Info /${entry} ${JSON.stringify(value)} differs from ${shown} ${JSON.stringify(twin)}`;
  }
}

function* outputIntent(c: Ctx) {
  const intents = pdfaIntents(c.catalog);
  if (!intents.length) yield 'the catalog has no OutputIntent with /S /GTS_PDFA1';
  const maxMajor = c.part === 1 ? 2 : 4;
  for (const intent of intents) {
    const profile = get(intent, 'DestOutputProfile');
    if (!(profile instanceof PDFStream)) {
      yield 'the PDF/A OutputIntent has no /DestOutputProfile ICC stream';
      continue;
    }
    const h = iccHeader(profile);
    const n = numAt(profile.dict, 'N');
    const expected = ICC_COMPONENTS[h.colourSpace];
    if (expected === undefined)
      yield `the output profile's colour space '${h.colourSpace}' is not GRAY, RGB or CMYK`;
    else if (n !== expected)
      yield `the output profile has /N ${n ?? '(none)'} but its colour space is ${h.colourSpace.trim()}`;
    if (!['prtr', 'mntr'].includes(h.deviceClass))
      yield `the output profile's device class '${h.deviceClass}' is neither 'prtr' nor 'mntr'`;
    if (h.major > maxMajor)
      yield `the output profile is ICC version ${h.major}; PDF/A-${c.part} allows up to ${maxMajor}`;
  }
}

function* outputIntentProfiles(c: Ctx) {
  const refs = new Set(
    items(get(c.catalog, 'OutputIntents'))
      .map(dictOf)
      .map((d) => d?.get(key('DestOutputProfile')))
      .filter((p) => p !== undefined)
      .map((p) => (p instanceof PDFRef ? p.toString() : 'a direct object')),
  );
  if (refs.size > 1) yield `the OutputIntents use ${refs.size} different DestOutputProfile objects`;
}

const DEVICE: Record<string, string> = {
  DeviceGray: 'GRAY',
  G: 'GRAY',
  DeviceRGB: 'RGB',
  RGB: 'RGB',
  DeviceCMYK: 'CMYK',
  CMYK: 'CMYK',
};

/** Device colour spaces ('GRAY', 'RGB', 'CMYK') a colour space uses, through Indexed/Separation/DeviceN. */
function deviceSpaces(cs: PDFObject | undefined, depth = 0): string[] {
  const n = nameOf(cs);
  if (n !== undefined) return DEVICE[n] ? [DEVICE[n]] : [];
  if (!(cs instanceof PDFArray) || depth > 4) return [];
  const family = nameOf(cs.lookup(0));
  if (family === 'Indexed' || family === 'I' || family === 'Pattern')
    return deviceSpaces(cs.lookup(1), depth + 1);
  if (family === 'Separation' || family === 'DeviceN') return deviceSpaces(cs.lookup(2), depth + 1);
  return [];
}

function* deviceColour(c: Ctx) {
  const uses: Array<[space: string, where: string]> = [];
  for (const n of xobjects(c, 'Image'))
    for (const s of deviceSpaces(get(n.dict, 'ColorSpace'))) uses.push([s, `the image ${label(c, n)}`]);
  for (const n of c.nodes.filter((x) => x.via.has('Group')))
    for (const s of deviceSpaces(get(n.dict, 'CS'))) uses.push([s, 'a transparency group']);
  // Resource colour spaces count as used; DefaultGray/RGB/CMYK are the (device-independent) replacements.
  for (const n of c.nodes.filter((x) => x.via.has('Resources'))) {
    const spaces = dictAt(n.dict, 'ColorSpace');
    for (const k of spaces?.keys() ?? [])
      if (!k.decodeText().startsWith('Default'))
        for (const s of deviceSpaces(spaces!.lookup(k)))
          uses.push([s, `the colour space resource /${k.decodeText()}`]);
  }
  const reported = new Set<string>();
  for (const [space, where] of uses) {
    const allowed = space === 'GRAY' ? c.outputCs !== null : c.outputCs === space;
    if (allowed || reported.has(space)) continue;
    reported.add(space);
    const need =
      space === 'GRAY'
        ? 'a PDF/A OutputIntent'
        : `a PDF/A OutputIntent with ${space === 'RGB' ? 'an' : 'a'} ${space} profile`;
    yield `${where} uses Device${space === 'GRAY' ? 'Gray' : space}, which needs ${need} (found: ${c.outputCs ?? 'none'})`;
  }
}

function* imageXObjects(c: Ctx) {
  const depths = c.part === 1 ? [1, 2, 4, 8] : [1, 2, 4, 8, 16];
  for (const n of xobjects(c, 'Image')) {
    const what = `the image ${label(c, n)}`;
    if (get(n.dict, 'Interpolate') === PDFBool.True) yield `${what} has /Interpolate true`;
    if (n.dict.has(key('Alternates'))) yield `${what} has /Alternates`;
    const bpc = numAt(n.dict, 'BitsPerComponent');
    if (bpc !== undefined && !depths.includes(bpc)) yield `${what} has /BitsPerComponent ${bpc}`;
  }
  for (const n of [...xobjects(c, 'Image'), ...xobjects(c, 'Form')])
    if (n.dict.has(key('OPI'))) yield `the XObject ${label(c, n)} has /OPI`;
}

function* formXObjects(c: Ctx) {
  for (const n of xobjects(c, 'Form')) {
    if (nameAt(n.dict, 'Subtype2') === 'PS' || n.dict.has(key('PS')))
      yield `the form XObject ${label(c, n)} carries PostScript (/Subtype2 /PS or /PS)`;
    if (n.dict.has(key('Ref'))) yield `the form XObject ${label(c, n)} is a reference XObject (/Ref)`;
  }
}

function* postScriptXObjects(c: Ctx) {
  for (const n of xobjects(c, 'PS')) yield `${label(c, n)} is a PostScript XObject`;
}

function* extGStates(c: Ctx) {
  for (const gs of resources(c, 'ExtGState').map(dictOf)) {
    if (!gs) continue;
    if (gs.has(key('TR'))) yield 'an ExtGState has a /TR transfer function';
    const tr2 = get(gs, 'TR2');
    if (tr2 !== undefined && nameOf(tr2) !== 'Default') yield 'an ExtGState has a /TR2 other than /Default';
    if (c.part !== 1 && gs.has(key('HTP'))) yield 'an ExtGState has /HTP';
  }
}

function* transparency(c: Ctx) {
  for (const gs of resources(c, 'ExtGState').map(dictOf)) {
    if (!gs) continue;
    const smask = get(gs, 'SMask');
    if (smask !== undefined && nameOf(smask) !== 'None') yield 'an ExtGState has a soft mask (/SMask)';
    for (const k of ['CA', 'ca']) {
      const v = numAt(gs, k);
      if (v !== undefined && v !== 1) yield `an ExtGState has /${k} ${v} (only 1.0 is allowed)`;
    }
    const bm = nameOf(get(gs, 'BM'));
    if (bm !== undefined && bm !== 'Normal' && bm !== 'Compatible')
      yield `an ExtGState has the blend mode /${bm}`;
  }
  for (const n of [...xobjects(c, 'Image'), ...xobjects(c, 'Form')])
    if (n.dict.has(key('SMask'))) yield `the XObject ${label(c, n)} has an /SMask`;
  for (const n of c.nodes.filter((x) => x.via.has('Group')))
    if (nameAt(n.dict, 'S') === 'Transparency') yield 'a page or form XObject has a transparency group';
}

/** Font dictionaries in resources (each once), with the descendant CIDFonts of Type0 fonts. */
function fonts(c: Ctx): Array<{ font: PDFDict; descendants: PDFDict[] }> {
  const unique = new Set(resources(c, 'Font').map(dictOf));
  return [...unique]
    .filter((f) => f !== undefined)
    .map((font) => ({
      font,
      descendants: items(get(font, 'DescendantFonts'))
        .map(dictOf)
        .filter((d) => d !== undefined),
    }));
}

const STANDARD_14 = new Set(
  'Courier Courier-Bold Courier-BoldOblique Courier-Oblique Helvetica Helvetica-Bold Helvetica-BoldOblique Helvetica-Oblique Symbol Times-Roman Times-Bold Times-BoldItalic Times-Italic ZapfDingbats'.split(
    ' ',
  ),
);

function* fontEmbedding(c: Ctx) {
  for (const { font, descendants } of fonts(c)) {
    const subtype = nameAt(font, 'Subtype');
    if (subtype === 'Type3') continue;
    for (const f of subtype === 'Type0' ? descendants : [font]) {
      const descriptor = dictAt(f, 'FontDescriptor');
      const files = subtype === 'Type0' ? ['FontFile2', 'FontFile3'] : ['FontFile', 'FontFile2', 'FontFile3'];
      if (descriptor && files.some((k) => get(descriptor, k) instanceof PDFStream)) continue;
      const base = nameAt(f, 'BaseFont') ?? '(unnamed)';
      const standard = STANDARD_14.has(base.replace(/^[A-Z]{6}\+/, ''));
      yield (
        `the ${nameAt(f, 'Subtype') ?? 'untyped'} font /${base} is not embedded` +
        (standard ? ' (standard 14 fonts must be embedded too)' : '')
      );
    }
  }
}

function* cidToGidMap(c: Ctx) {
  for (const { descendants } of fonts(c))
    for (const f of descendants) {
      if (nameAt(f, 'Subtype') !== 'CIDFontType2') continue;
      const map = get(f, 'CIDToGIDMap');
      if (!(map instanceof PDFStream || nameOf(map) === 'Identity'))
        yield `the CIDFontType2 font /${nameAt(f, 'BaseFont') ?? '(unnamed)'} has no /CIDToGIDMap stream or /Identity`;
    }
}

/** The predefined CMaps of ISO 32000-1 Table 118, each in an H and a V variant unless marked H-only (!). */
const PREDEFINED_CMAPS = new Set(
  (
    'Identity GB-EUC GBpc-EUC GBK-EUC GBKp-EUC GBK2K UniGB-UCS2 UniGB-UTF16 B5pc HKscs-B5 ETen-B5 ETenms-B5 ' +
    'CNS-EUC UniCNS-UCS2 UniCNS-UTF16 83pv-RKSJ! 90ms-RKSJ 90msp-RKSJ 90pv-RKSJ! Add-RKSJ EUC Ext-RKSJ UniJIS-UCS2 ' +
    'UniJIS-UCS2-HW UniJIS-UTF16 KSC-EUC KSCms-UHC KSCms-UHC-HW KSCpc-EUC! UniKS-UCS2 UniKS-UTF16'
  )
    .split(' ')
    .flatMap((n) => (n.endsWith('!') ? [`${n.slice(0, -1)}-H`] : [`${n}-H`, `${n}-V`]))
    .concat(['H', 'V']),
);

function* cmapEmbedding(c: Ctx) {
  for (const { font } of fonts(c)) {
    if (nameAt(font, 'Subtype') !== 'Type0') continue;
    const encoding = get(font, 'Encoding');
    const cmap = nameOf(encoding);
    // PDF/A-1 exempts only Identity-H/V from embedding; PDF/A-2 and -3 all predefined CMaps.
    const exempt = c.part === 1 ? /^Identity-[HV]$/.test(cmap ?? '') : PREDEFINED_CMAPS.has(cmap ?? '');
    if (encoding instanceof PDFStream || exempt) continue;
    yield `the Type0 font /${nameAt(font, 'BaseFont') ?? '(unnamed)'} uses the CMap ${cmap ?? '(none)'} without embedding it`;
  }
}

function* annotationTypes(c: Ctx) {
  const banned = c.part === 1 ? ['FileAttachment', 'Sound', 'Movie'] : ['3D', 'Sound', 'Screen', 'Movie'];
  for (const a of annotations(c))
    if (banned.includes(nameAt(a.dict, 'Subtype') ?? '')) yield `a ${annotLabel(a)} is not allowed`;
}

function* annotationFlags(c: Ctx) {
  const hidden = c.part === 1 ? 1 | 2 | 32 : 1 | 2 | 32 | 256;
  for (const a of annotations(c)) {
    const f = numAt(a.dict, 'F');
    if (f === undefined) {
      if (c.part === 1 || nameAt(a.dict, 'Subtype') !== 'Popup') yield `the ${annotLabel(a)} has no /F flags`;
    } else if (!(f & 4)) yield `the ${annotLabel(a)} does not have the Print flag (F ${f})`;
    else if (f & hidden) yield `the ${annotLabel(a)} is hidden, invisible or not viewable (F ${f})`;
  }
}

function* annotationAppearance(c: Ctx) {
  for (const a of annotations(c)) {
    const ap = dictAt(a.dict, 'AP');
    const subtype = nameAt(a.dict, 'Subtype');
    if (ap && ap.keys().some((k) => k.decodeText() !== 'N'))
      yield `the ${annotLabel(a)} has appearances other than /N`;
    if (c.part === 1 || subtype === 'Popup' || subtype === 'Link') continue;
    const rect = items(get(a.dict, 'Rect')).map((o) => (o instanceof PDFNumber ? o.asNumber() : 0));
    const empty = rect.length === 4 && rect[0] === rect[2] && rect[1] === rect[3];
    if (!empty && !(ap && get(ap, 'N'))) yield `the ${annotLabel(a)} has no normal appearance (/AP /N)`;
  }
}

function* javaScriptNames(c: Ctx) {
  const names = dictAt(c.catalog, 'Names');
  if (names?.has(key('JavaScript'))) yield 'the name dictionary has a /JavaScript name tree';
}

const ACTIONS = ['GoTo', 'GoToR', 'Thread', 'URI', 'Named', 'SubmitForm'];
const NAMED_ACTIONS = ['NextPage', 'PrevPage', 'FirstPage', 'LastPage'];

function* actionTypes(c: Ctx) {
  const allowed = c.part === 1 ? ACTIONS : [...ACTIONS, 'GoToE'];
  const actions = c.nodes.filter(
    (n) =>
      !n.stream &&
      nameAt(n.dict, 'S') !== undefined &&
      (viaAny(n, ['A', 'OpenAction', 'Next']) || nameAt(n.dict, 'Type') === 'Action'),
  );
  for (const { dict } of actions) {
    const s = nameAt(dict, 'S')!;
    if (!allowed.includes(s)) yield `a /${s} action is not allowed`;
    else if (s === 'Named' && !NAMED_ACTIONS.includes(nameAt(dict, 'N') ?? ''))
      yield `the named action /${nameAt(dict, 'N') ?? '(none)'} is not allowed`;
  }
}

function* additionalActions(c: Ctx) {
  for (const n of c.nodes)
    if (n.dict.has(key('AA'))) {
      const what =
        nameAt(n.dict, 'Type') ??
        (n.via.has('Annots')
          ? 'annotation'
          : n.via.has('Fields') || n.via.has('Kids')
            ? 'form field'
            : 'dictionary');
      yield `a ${what} has an /AA (additional actions) entry`;
    }
}

function* formFieldActions(c: Ctx) {
  for (const a of annotations(c))
    if (nameAt(a.dict, 'Subtype') === 'Widget' && a.dict.has(key('A')))
      yield `the ${annotLabel(a)} has an action (/A)`;
}

function* needAppearances(c: Ctx) {
  const form = dictAt(c.catalog, 'AcroForm');
  if (form && get(form, 'NeedAppearances') === PDFBool.True) yield 'the AcroForm has /NeedAppearances true';
}

function* xfa(c: Ctx) {
  const form = dictAt(c.catalog, 'AcroForm');
  if (form?.has(key('XFA'))) yield 'the AcroForm has /XFA';
  if (c.catalog.has(key('NeedsRendering'))) yield 'the catalog has /NeedsRendering';
}

function* noEmbeddedFiles(c: Ctx) {
  if (c.part === 1 && dictAt(c.catalog, 'Names')?.has(key('EmbeddedFiles')))
    yield 'the name dictionary has /EmbeddedFiles';
  for (const n of fileSpecs(c))
    yield c.part === 1
      ? `the file specification "${fileSpecName(n.dict)}" embeds a file (/EF)`
      : `the file specification "${fileSpecName(n.dict)}" embeds a file; PDF/A-2 allows only PDF/A attachments, ` +
        'which this checker does not verify, so any attachment counts as a violation';
}

function* fileSpecNames(c: Ctx) {
  for (const n of fileSpecs(c))
    if (!n.dict.has(key('F')) || !n.dict.has(key('UF')))
      yield `the file specification "${fileSpecName(n.dict)}" lacks /F or /UF`;
}

const RELATIONSHIPS = ['Source', 'Data', 'Alternative', 'Supplement', 'Unspecified'];

function* afRelationship(c: Ctx) {
  for (const n of fileSpecs(c)) {
    const rel = nameAt(n.dict, 'AFRelationship');
    if (rel === undefined) yield `the file specification "${fileSpecName(n.dict)}" has no /AFRelationship`;
    else if (!RELATIONSHIPS.includes(rel))
      yield `the file specification "${fileSpecName(n.dict)}" has /AFRelationship /${rel}, not one of ${RELATIONSHIPS.join(', ')}`;
  }
}

function* associatedFiles(c: Ctx) {
  for (const n of fileSpecs(c))
    if (!n.via.has('AF')) yield `the file specification "${fileSpecName(n.dict)}" is in no /AF array`;
}

function* embeddedMimeTypes(c: Ctx) {
  for (const n of fileSpecs(c)) {
    const s = embeddedStream(n.dict);
    const mime = s && nameAt(s.dict, 'Subtype');
    if (!mime || !/^[-\w+.]+\/[-\w+.]+$/.test(mime))
      yield `the embedded file "${fileSpecName(n.dict)}" has no MIME type (/Subtype) (found: ${mime ?? 'none'})`;
  }
}

function* embeddedModDates(c: Ctx) {
  for (const n of fileSpecs(c)) {
    const s = embeddedStream(n.dict);
    const params = s && dictAt(s.dict, 'Params');
    if (!params || textOf(get(params, 'ModDate')) === undefined)
      yield `the embedded file "${fileSpecName(n.dict)}" has no /Params /ModDate`;
  }
}

// ---------------------------------------------------------------------------------------------------
// The rule table

interface Rule {
  name: string;
  /** Clause per part; null: the rule does not apply to that part. */
  clause: Readonly<Record<PdfAPart, string | null>>;
  check: (c: Ctx, requested: PdfAPart | undefined) => Iterable<string>;
}

const at = (p1: string | null, p2: string | null, p3: string | null = p2) => ({ 1: p1, 2: p2, 3: p3 });

const RULES: readonly Rule[] = [
  { name: 'file header', clause: at('6.1.2', '6.1.2'), check: fileHeader },
  { name: 'binary comment', clause: at('6.1.2', '6.1.2'), check: binaryComment },
  { name: 'trailer ID', clause: at('6.1.3', '6.1.3'), check: trailerId },
  { name: 'encryption', clause: at('6.1.3', '6.1.3'), check: encryption },
  { name: 'data after %%EOF', clause: at('6.1.3', '6.1.3'), check: trailingData },
  { name: 'cross-reference stream', clause: at('6.1.4', null), check: xrefStreams },
  { name: 'external stream', clause: at('6.1.7', '6.1.7.1'), check: externalStreams },
  { name: 'LZW filter', clause: at('6.1.10', '6.1.7.2'), check: lzwFilters },
  { name: 'optional content', clause: at('6.1.13', null), check: optionalContent },
  { name: 'metadata', clause: at('6.7.2', '6.6.2.1'), check: metadataStream },
  { name: 'metadata filter', clause: at('6.7.2', null), check: metadataFilter },
  { name: 'XMP packet', clause: at('6.7.5', '6.6.2.1'), check: xmpPacket },
  { name: 'XMP well-formed', clause: at('6.7.9', '6.6.2.1'), check: xmpWellFormed },
  { name: 'PDF/A identification', clause: at('6.7.11', '6.6.4'), check: identification },
  { name: 'Info/XMP agreement', clause: at('6.7.3', '6.6.2.3.1'), check: infoMatchesXmp },
  { name: 'output intent', clause: at('6.2.2', '6.2.3'), check: outputIntent },
  { name: 'output intent profiles', clause: at('6.2.2', '6.2.3'), check: outputIntentProfiles },
  { name: 'device colour space', clause: at('6.2.3.3', '6.2.4.3'), check: deviceColour },
  { name: 'XObject', clause: at('6.2.4', '6.2.8'), check: imageXObjects },
  { name: 'form XObject', clause: at('6.2.5', '6.2.9'), check: formXObjects },
  { name: 'PostScript XObject', clause: at('6.2.7', '6.2.9'), check: postScriptXObjects },
  { name: 'extended graphics state', clause: at('6.2.8', '6.2.5'), check: extGStates },
  { name: 'transparency', clause: at('6.4', null), check: transparency },
  { name: 'font embedding', clause: at('6.3.4', '6.2.11.4.1'), check: fontEmbedding },
  { name: 'CIDToGIDMap', clause: at('6.3.3.2', '6.2.11.3.2'), check: cidToGidMap },
  { name: 'CMap embedding', clause: at('6.3.3.3', '6.2.11.3.3'), check: cmapEmbedding },
  { name: 'annotation type', clause: at('6.5.2', '6.3.1'), check: annotationTypes },
  { name: 'annotation flags', clause: at('6.5.3', '6.3.2'), check: annotationFlags },
  { name: 'annotation appearance', clause: at('6.5.3', '6.3.3'), check: annotationAppearance },
  { name: 'JavaScript name tree', clause: at('6.6.1', '6.5.1'), check: javaScriptNames },
  { name: 'action type', clause: at('6.6.1', '6.5.1'), check: actionTypes },
  { name: 'additional actions', clause: at('6.6.2', '6.5.2'), check: additionalActions },
  { name: 'form field action', clause: at('6.6.1', '6.4.1'), check: formFieldActions },
  { name: 'NeedAppearances', clause: at('6.9', '6.4.1'), check: needAppearances },
  { name: 'XFA', clause: at(null, '6.4.2'), check: xfa },
  { name: 'embedded file', clause: at('6.1.11', '6.8', null), check: noEmbeddedFiles },
  { name: 'file specification F/UF', clause: at(null, null, '6.8'), check: fileSpecNames },
  { name: 'AFRelationship', clause: at(null, null, '6.8'), check: afRelationship },
  { name: 'associated file', clause: at(null, null, '6.8'), check: associatedFiles },
  { name: 'embedded file MIME type', clause: at(null, null, '6.8'), check: embeddedMimeTypes },
  { name: 'embedded file ModDate', clause: at(null, null, '6.8'), check: embeddedModDates },
];

/** Parts 1-3 as claimed by pdfaid:part, or undefined. */
function claimedPart(xmp: Xmp | null): PdfAPart | undefined {
  const p = xmp ? Number(xmpValue(xmp, NS.pdfaid + 'part')?.trim()) : NaN;
  return p === 1 || p === 2 || p === 3 ? p : undefined;
}

/**
 * Checks a PDF against PDF/A (ISO 19005-1, -2 or -3, level B). Without `opts.part` it checks against the
 * part the XMP claims (pdfaid:part; part 2 rules when nothing is claimed, reported as part null); with
 * `opts.part` against that part, which the XMP must then claim. Violations are collected, never thrown;
 * a file pdf-lib cannot parse gives a single violation of rule 'parse'.
 *
 * @example
 * const report = await checkPdfA(bytes, { part: 3 });
 * if (!report.ok) for (const v of report.violations) console.log(`${v.rule}: ${v.message}`);
 */
export async function checkPdfA(bytes: Uint8Array, opts: PdfACheckOptions = {}): Promise<PdfAReport> {
  const unreadable = (message: string): PdfAReport => ({
    ok: false,
    part: opts.part ?? null,
    conformance: null,
    violations: [{ rule: 'parse', message }],
  });
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch (err) {
    return unreadable(`pdf-lib cannot parse the file: ${(err as Error).message}`);
  }
  // pdf-lib accepts some broken files (a header and %%EOF, nothing else) without a catalog.
  const catalog = dictOf(doc.context.lookup(doc.context.trailerInfo.Root));
  if (!catalog) return unreadable('the file has no document catalog');
  const { xmp, problem } = loadXmp(catalog);
  const claimed = claimedPart(xmp);
  const part = opts.part ?? claimed ?? 2;
  const c: Ctx = {
    part,
    raw: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
    doc,
    catalog,
    nodes: reachable(doc, catalog),
    pages: safePages(doc),
    xmp,
    xmpProblem: problem,
    outputCs: outputColourSpace(catalog),
  };
  const violations: PdfAViolation[] = [];
  for (const rule of RULES) {
    const clause = rule.clause[part];
    if (clause === null) continue;
    const id = `${clause} ${rule.name}`;
    try {
      for (const message of rule.check(c, opts.part)) violations.push({ rule: id, message });
    } catch (err) {
      violations.push({ rule: id, message: `could not be checked: ${(err as Error).message}` });
    }
  }
  const conformance = xmp ? (xmpValue(xmp, NS.pdfaid + 'conformance')?.trim() ?? null) : null;
  return { ok: violations.length === 0, part: opts.part ?? claimed ?? null, conformance, violations };
}
