// Tests of the PDF/A checker: a minimal good PDF/A per part built here with pdf-lib, one mutation per rule
// group that must produce exactly that violation, and PDFBox Preflight as a second opinion where installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_PEER, PEER, PEER_TAG, PREFLIGHT_TAG } from '../../../test/peer.ts';
import {
  AFRelationship,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFStream,
  PDFString,
  StandardFonts,
  type PDFPage,
} from 'pdf-lib';
import { checkPdfA, type PdfAPart, type PdfAReport } from './check.ts';
import { preflightAvailable, runPreflight } from './preflight.ts';

const CREATED = new Date('2024-03-01T10:30:00Z');
const META = {
  title: 'Bescheid über Gebühren',
  author: 'Poststelle Musterstadt',
  subject: 'Eingangspost',
  keywords: 'post scan',
  tool: 'poststelle',
  producer: 'poststelle',
  // The same instant as CREATED, written with an offset: compared as instants.
  date: '2024-03-01T11:30:00+01:00',
};

/** An ICC profile from the machine, or a 132-byte header that says enough for the checker. */
function iccProfile(file: string, space: 'RGB ' | 'GRAY'): Uint8Array {
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const b = new Uint8Array(132);
  new DataView(b.buffer).setUint32(0, b.length);
  b[8] = 2; // version 2.1
  b[9] = 0x10;
  b.set(new TextEncoder().encode(`mntr${space}XYZ `), 12);
  b.set(new TextEncoder().encode('acsp'), 36);
  return b;
}
const SRGB = iccProfile('/usr/share/color/icc/sRGB.icc', 'RGB ');
const GRAY = iccProfile('/usr/share/color/icc/Gray.icc', 'GRAY');

/** The XMP packet of the fixture: Dublin Core as elements, PDF/A identification as attributes. */
function xmpPacket(part: PdfAPart, header = 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"'): string {
  return `<?xpacket ${header}?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="${part}" pdfaid:conformance="B"/>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${META.title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${META.author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${META.subject}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>${META.tool}</xmp:CreatorTool>
   <xmp:CreateDate>${META.date}</xmp:CreateDate>
   <xmp:ModifyDate>${META.date}</xmp:ModifyDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>${META.producer}</pdf:Producer>
   <pdf:Keywords>${META.keywords}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

interface Fixture {
  part: PdfAPart;
  /** A greyscale JPEG page image (default true). */
  image?: boolean;
  /** A glyphless-style Type0/CIDFontType2 font in the page resources (default true). */
  font?: boolean;
  /** Attach an XML file (default: in part 3), with this AFRelationship (null: none). */
  attach?: boolean;
  afRelationship?: AFRelationship | null;
  /** Changes the document before it is saved. */
  mutate?: (doc: PDFDocument, page: PDFPage) => void | Promise<void>;
  useObjectStreams?: boolean;
}

const jpeg = (channels: 1 | 3) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#8a8a8a' } })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .jpeg()
    .toBuffer();

/** A Type0 font whose CIDFontType2 descendant carries a (fake) embedded program, as our text layer does. */
function addCidFont(doc: PDFDocument, page: PDFPage) {
  const ctx = doc.context;
  const program = ctx.register(ctx.flateStream(new Uint8Array(64), { Length1: 64 }));
  const descriptor = ctx.obj({
    Type: 'FontDescriptor',
    FontName: 'GlyphLessFont',
    Flags: 5,
    FontBBox: [0, 0, 500, 1000],
    ItalicAngle: 0,
    Ascent: 1000,
    Descent: 0,
    CapHeight: 1000,
    StemV: 80,
    FontFile2: program,
  });
  const cid = ctx.obj({
    Type: 'Font',
    Subtype: 'CIDFontType2',
    BaseFont: 'GlyphLessFont',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    FontDescriptor: ctx.register(descriptor),
    CIDToGIDMap: 'Identity',
    DW: 500,
  });
  const font = ctx.obj({
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: 'GlyphLessFont',
    Encoding: 'Identity-H',
    DescendantFonts: [ctx.register(cid)],
  });
  page.node.newFontDictionary('F', ctx.register(font));
}

/** Sets the PDF/A document level: Info, XMP, sRGB OutputIntent, trailer /ID. */
function addPdfA(doc: PDFDocument, part: PdfAPart) {
  const ctx = doc.context;
  doc.setTitle(META.title);
  doc.setAuthor(META.author);
  doc.setSubject(META.subject);
  doc.setKeywords(META.keywords.split(' '));
  doc.setCreator(META.tool);
  doc.setProducer(META.producer);
  doc.setCreationDate(CREATED);
  doc.setModificationDate(CREATED);
  const xmp = new TextEncoder().encode(xmpPacket(part));
  doc.catalog.set(
    PDFName.of('Metadata'),
    ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })),
  );
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: ctx.register(ctx.flateStream(SRGB, { N: 3 })),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([intent]));
  const id = PDFHexString.of('0123456789abcdef0123456789abcdef');
  ctx.trailerInfo.ID = ctx.obj([id, id]);
}

async function build(f: Fixture): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  if (f.image ?? true)
    page.drawImage(await doc.embedJpg(await jpeg(1)), { x: 0, y: 0, width: 200, height: 200 });
  if (f.font ?? true) addCidFont(doc, page);
  addPdfA(doc, f.part);
  if (f.attach ?? f.part === 3) {
    const rel = f.afRelationship === undefined ? AFRelationship.Data : f.afRelationship;
    await doc.attach(new TextEncoder().encode('<vermerk/>'), 'transfervermerk.xml', {
      mimeType: 'text/xml',
      creationDate: CREATED,
      modificationDate: CREATED,
      ...(rel ? { afRelationship: rel } : {}),
    });
  }
  await doc.flush(); // embeds images and attachments, so that `mutate` can change them
  await f.mutate?.(doc, page);
  return doc.save({ useObjectStreams: f.useObjectStreams ?? false, updateFieldAppearances: false });
}

/** Applies `change` to every indirect dictionary or stream dictionary with /Subtype `subtype`. */
function editAll(doc: PDFDocument, subtype: string, change: (d: PDFDict) => void) {
  for (const [, o] of doc.context.enumerateIndirectObjects()) {
    const d = o instanceof PDFStream ? o.dict : o instanceof PDFDict ? o : undefined;
    if (d?.get(PDFName.of('Subtype')) === PDFName.of(subtype)) change(d);
  }
}

const rules = (r: PdfAReport) => [...new Set(r.violations.map((v) => v.rule))];
const checkBuilt = async (f: Fixture) => checkPdfA(await build(f));

describe('checkPdfA on good files', () => {
  it.each([1, 2, 3] as const)('accepts the minimal PDF/A-%sb', async (part) => {
    const report = await checkBuilt({ part });
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, part, conformance: 'B' });
  });

  it('accepts an invisible signature field (PAdES placeholder) in part 3', async () => {
    const report = await checkBuilt({
      part: 3,
      mutate: (doc, page) => {
        const ctx = doc.context;
        const sig = ctx.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.CAdES.detached' });
        const widget = ctx.register(
          ctx.obj({
            Type: 'Annot',
            Subtype: 'Widget',
            FT: 'Sig',
            Rect: [0, 0, 0, 0],
            F: 132, // Print | Locked
            T: PDFString.of('Signature1'),
            V: ctx.register(sig),
            P: page.ref,
          }),
        );
        page.node.addAnnot(widget);
        doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [widget], SigFlags: 3 }));
      },
    });
    expect(report.violations).toEqual([]);
  });

  it('reads element-form pdfaid and skips the nested PDF/A extension schema', async () => {
    const ext = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:namespaceURI>https://example.org/ns/</pdfaSchema:namespaceURI><pdfaSchema:prefix>ex</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name>
  </rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
<rdf:Description rdf:about="" xmlns:ex="https://example.org/ns/"><ex:part>9</ex:part></rdf:Description>`;
    const packet = xmpPacket(3)
      .replace(/<rdf:Description[^>]*pdfaid:part="3" pdfaid:conformance="B"\/>/, '')
      .replace(
        '</rdf:RDF>',
        `<rdf:Description rdf:about="" xmlns:id="http://www.aiim.org/pdfa/ns/id/"><id:part>3</id:part>` +
          `<id:conformance>B</id:conformance></rdf:Description>${ext}</rdf:RDF>`,
      );
    const report = await checkBuilt({
      part: 3,
      mutate: (doc) => {
        const s = doc.context.stream(new TextEncoder().encode(packet), { Type: 'Metadata', Subtype: 'XML' });
        doc.catalog.set(PDFName.of('Metadata'), doc.context.register(s));
      },
    });
    expect(report).toMatchObject({ ok: true, part: 3, conformance: 'B' });
  });

  it('requires the claimed part to be opts.part when given', async () => {
    const report = await checkPdfA(await build({ part: 2 }), { part: 3 });
    expect(rules(report)).toEqual(['6.6.4 PDF/A identification']);
    expect(report.part).toBe(3);
  });
});

describe('checkPdfA finds exactly the violation of each mutation', () => {
  const cases: Array<[string, Fixture, string]> = [
    [
      'missing trailer ID',
      { part: 2, mutate: (doc) => void (doc.context.trailerInfo.ID = undefined) },
      '6.1.3 trailer ID',
    ],
    [
      'an encryption dictionary',
      {
        part: 2,
        mutate: (doc) => {
          const o = PDFString.of('x'.repeat(32));
          doc.context.trailerInfo.Encrypt = doc.context.obj({
            Filter: 'Standard',
            V: 1,
            R: 2,
            O: o,
            U: o,
            P: -4,
          });
        },
      },
      '6.1.3 encryption',
    ],
    [
      'Helvetica not embedded',
      {
        part: 2,
        mutate: async (doc, page) =>
          void page.node.newFontDictionary('H', (await doc.embedFont(StandardFonts.Helvetica)).ref),
      },
      '6.2.11.4.1 font embedding',
    ],
    [
      'a CIDFontType2 without CIDToGIDMap (part 1)',
      {
        part: 1,
        mutate: (doc) => editAll(doc, 'CIDFontType2', (d) => d.delete(PDFName.of('CIDToGIDMap'))),
      },
      '6.3.3.2 CIDToGIDMap',
    ],
    [
      'a Type0 font with a predefined CMap in part 1',
      {
        part: 1,
        mutate: (doc) =>
          editAll(doc, 'Type0', (d) => d.set(PDFName.of('Encoding'), PDFName.of('UniJIS-UCS2-H'))),
      },
      '6.3.3.3 CMap embedding',
    ],
    [
      'Info Title differing from dc:title',
      { part: 2, mutate: (doc) => doc.setTitle('Anderer Titel') },
      '6.6.2.3.1 Info/XMP agreement',
    ],
    [
      'Info ModDate a minute off xmp:ModifyDate',
      { part: 1, mutate: (doc) => doc.setModificationDate(new Date(CREATED.getTime() + 60_000)) },
      '6.7.3 Info/XMP agreement',
    ],
    [
      'a JavaScript name tree',
      {
        part: 2,
        mutate: (doc) => {
          const js = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
          const tree = doc.context.obj({ Names: [PDFString.of('a'), doc.context.register(js)] });
          doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: tree }));
        },
      },
      '6.5.1 JavaScript name tree',
    ],
    [
      'a Launch OpenAction',
      {
        part: 2,
        mutate: (doc) =>
          doc.catalog.set(
            PDFName.of('OpenAction'),
            doc.context.obj({ S: 'Launch', F: PDFString.of('x.exe') }),
          ),
      },
      '6.5.1 action type',
    ],
    [
      'page additional actions',
      {
        part: 2,
        mutate: (doc, page) =>
          page.node.set(
            PDFName.of('AA'),
            doc.context.obj({ O: { S: 'URI', URI: PDFString.of('https://x') } }),
          ),
      },
      '6.5.2 additional actions',
    ],
    [
      'an LZW filter',
      {
        part: 2,
        mutate: (doc, page) => {
          const form = doc.context.stream(new Uint8Array([0x80, 0x0b]), {
            Type: 'XObject',
            Subtype: 'Form',
            BBox: [0, 0, 1, 1],
            Filter: 'LZWDecode',
          });
          page.node.newXObject('X', doc.context.register(form));
        },
      },
      '6.1.7.2 LZW filter',
    ],
    [
      'an external stream',
      {
        part: 1,
        mutate: (doc, page) => {
          const form = doc.context.stream(new Uint8Array(0), {
            Subtype: 'Form',
            BBox: [0, 0, 1, 1],
            F: PDFString.of('data.bin'),
          });
          page.node.newXObject('X', doc.context.register(form));
        },
      },
      '6.1.7 external stream',
    ],
    ['an attachment in part 2', { part: 2, attach: true }, '6.8 embedded file'],
    ['an attachment in part 1', { part: 1, attach: true }, '6.1.11 embedded file'],
    [
      'an attachment without AFRelationship in part 3',
      { part: 3, afRelationship: null },
      '6.8 AFRelationship',
    ],
    [
      'an attachment in no /AF array in part 3',
      { part: 3, mutate: (doc) => void doc.catalog.delete(PDFName.of('AF')) },
      '6.8 associated file',
    ],
    [
      'a missing OutputIntent',
      { part: 2, image: false, mutate: (doc) => void doc.catalog.delete(PDFName.of('OutputIntents')) },
      '6.2.3 output intent',
    ],
    [
      'an RGB image with a grey output intent',
      {
        part: 2,
        mutate: async (doc, page) => {
          page.drawImage(await doc.embedJpg(await jpeg(3)), { x: 0, y: 0, width: 10, height: 10 });
          const ctx = doc.context;
          const intent = ctx.obj({
            Type: 'OutputIntent',
            S: 'GTS_PDFA1',
            OutputConditionIdentifier: PDFString.of('Gray'),
            DestOutputProfile: ctx.register(ctx.stream(GRAY, { N: 1 })),
          });
          doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([intent]));
        },
      },
      '6.2.4.3 device colour space',
    ],
    [
      'an output profile whose /N does not match',
      {
        part: 2,
        mutate: (doc) => {
          const intent = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
          intent
            .lookup(PDFName.of('DestOutputProfile'), PDFStream)
            .dict.set(PDFName.of('N'), PDFNumber.of(4));
        },
      },
      '6.2.3 output intent',
    ],
    [
      'an interpolated image',
      {
        part: 2,
        mutate: (doc) => editAll(doc, 'Image', (d) => d.set(PDFName.of('Interpolate'), PDFBool.True)),
      },
      '6.2.8 XObject',
    ],
    [
      'a transparency group in part 1',
      {
        part: 1,
        mutate: (doc, page) =>
          page.node.set(PDFName.of('Group'), doc.context.obj({ S: 'Transparency', CS: 'DeviceRGB' })),
      },
      '6.4 transparency',
    ],
    [
      'an annotation without the print flag',
      {
        part: 2,
        mutate: (doc, page) =>
          page.node.addAnnot(
            doc.context.register(
              doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 20, 20], F: 0 }),
            ),
          ),
      },
      '6.3.2 annotation flags',
    ],
    [
      'an annotation without appearance in part 2',
      {
        part: 2,
        mutate: (doc, page) =>
          page.node.addAnnot(
            doc.context.register(
              doc.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [0, 0, 20, 20], F: 4 }),
            ),
          ),
      },
      '6.3.3 annotation appearance',
    ],
    [
      'NeedAppearances true',
      {
        part: 3,
        mutate: (doc) =>
          doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [], NeedAppearances: true })),
      },
      '6.4.1 NeedAppearances',
    ],
    [
      'a compressed metadata stream in part 1',
      {
        part: 1,
        mutate: (doc) => {
          const ctx = doc.context;
          const xmp = ctx.flateStream(new TextEncoder().encode(xmpPacket(1)), {
            Type: 'Metadata',
            Subtype: 'XML',
          });
          doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
        },
      },
      '6.7.2 metadata filter',
    ],
    [
      'an xpacket header with the encoding attribute',
      {
        part: 2,
        mutate: (doc) => {
          const ctx = doc.context;
          const xmp = new TextEncoder().encode(
            xmpPacket(2, 'begin="" id="W5M0MpCehiHzreSzNTczkc9d" encoding="UTF-8"'),
          );
          doc.catalog.set(
            PDFName.of('Metadata'),
            ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })),
          );
        },
      },
      '6.6.2.1 XMP packet',
    ],
    ['object streams in part 1', { part: 1, useObjectStreams: true }, '6.1.4 cross-reference stream'],
  ];

  it.each(cases)('%s', async (_, fixture, rule) => {
    const report = await checkBuilt(fixture);
    expect(rules(report)).toEqual([rule]);
    expect(report.ok).toBe(false);
  });

  it('finds data after the last %%EOF', async () => {
    const bytes = await build({ part: 2 });
    const report = await checkPdfA(new Uint8Array([...bytes, ...new TextEncoder().encode('\n\ngarbage')]));
    expect(rules(report)).toEqual(['6.1.3 data after %%EOF']);
  });

  it('reports malformed XMP without throwing', async () => {
    const report = await checkBuilt({
      part: 2,
      mutate: (doc) => {
        const ctx = doc.context;
        const broken = xmpPacket(2).replace('</dc:format>', '').replace('post scan', 'post & scan');
        const s = ctx.stream(new TextEncoder().encode(broken), { Type: 'Metadata', Subtype: 'XML' });
        doc.catalog.set(PDFName.of('Metadata'), ctx.register(s));
      },
    });
    expect(rules(report)).toContain('6.6.2.1 XMP well-formed');
    expect(report.violations.map((v) => v.message).join('\n')).toMatch(/unescaped &/);
  });
});

describe('checkPdfA on files that are not PDF/A', () => {
  it.each(['this is not a PDF', '%PDF-1.4\n%%EOF\n'])('gives rule parse for %j', async (text) => {
    const report = await checkPdfA(new TextEncoder().encode(text));
    expect(report).toMatchObject({ ok: false, part: null, conformance: null });
    expect(rules(report)).toEqual(['parse']);
  });

  it('reports a plain pdf-lib file without metadata, output intent or ID', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const report = await checkPdfA(await doc.save({ useObjectStreams: false }));
    expect(report.part).toBeNull();
    expect(rules(report)).toEqual(['6.1.3 trailer ID', '6.6.2.1 metadata', '6.2.3 output intent']);
  });
});

// PDFBox Preflight: a second opinion on PDF/A-1b where java and Debian's jars are installed.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdfa-check-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function preflightBytes(name: string, bytes: Uint8Array) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return runPreflight(file);
}

describe.skipIf(!preflightAvailable())(`PDFBox Preflight ${PREFLIGHT_TAG}`, () => {
  it('rejects a file that is not PDF/A', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const result = await preflightBytes('plain.pdf', await doc.save());
    expect(result.valid).toBe(false);
  }, 30_000);

  it('agrees with checkPdfA on the minimal PDF/A-1b', async () => {
    // Without the fixture's font: its program is fake, which PDFBox (rightly) parses and rejects.
    const bytes = await build({ part: 1, font: false });
    expect((await checkPdfA(bytes)).violations).toEqual([]);
    const result = await preflightBytes('good-1b.pdf', bytes);
    expect(result.output).toMatch(/is a valid PDF\/A-1b/);
    expect(result.valid).toBe(true);
  }, 30_000);

  it.skipIf(!HAS_PEER)(
    `rejects the peer files that claim PDF/A-2 or -3, which checkPdfA reads as claimed ${PEER_TAG}`,
    async () => {
      // expectations.json names no PDF/A-1b file; these two claim part 2 and 3 in their XMP.
      const files = { 'ocrmypdf/jbig2.pdf': 2, 'paperless/simple.pdf': 3 };
      for (const [file, part] of Object.entries(files)) {
        const full = path.join(PEER, file);
        expect((await checkPdfA(fs.readFileSync(full))).part).toBe(part);
        expect((await runPreflight(full)).valid).toBe(false);
      }
    },
    30_000,
  );
});
