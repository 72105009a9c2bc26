// assemble: one PDF per mail item: page images plus an invisible text layer (searchable, copyable).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import {
  AFRelationship,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import type { OcrPage } from '../ocr/schema.ts';
import { encodeG4 } from './g4.ts';
import { embedGlyphlessFont, GLYPH_WIDTH, glyphlessText } from './pdfa/glyphless.ts';
import { xmpPacket, type XmpSummary } from './pdfa/xmp.ts';

export interface AssemblePage {
  png: Buffer;
  ocr: OcrPage | null;
  /** Encode as a bitonal CCITT G4 image instead of greyscale JPEG. */
  bitonal: boolean;
}
export interface AssembleOptions {
  jpegQuality: number;
  title: string | null;
  subject: string | null;
  keywords: string[];
  created: Date;
  /** PDF/A part: 3 (the Transfervermerk attached as XML), 2 (no attachments), 1 (a rendition for PDF/A-1 checkers). */
  part: 1 | 2 | 3;
  /** Identifies the document (item and run): the trailer /ID is derived from it. */
  id: string;
  /** The Transfervermerk: XML attached in part 3, its summary in the XMP of every part. */
  transfervermerk: { xml: string; summary: XmpSummary } | null;
}

export const TRANSFERVERMERK_FILE = 'transfervermerk.xml';
const ICC = fs.readFileSync(new URL('./pdfa/sRGB.icc', import.meta.url));
const PRODUCER = 'poststelle';

/** The PDF/A document level: sRGB OutputIntent, XMP in agreement with the Info dictionary, trailer /ID. */
function makePdfA(pdf: PDFDocument, opts: AssembleOptions) {
  const ctx = pdf.context;
  const keywords = opts.keywords.join(' ');
  if (opts.title) pdf.setTitle(opts.title);
  if (opts.subject) pdf.setSubject(opts.subject);
  pdf.setKeywords(opts.keywords);
  pdf.setProducer(PRODUCER);
  pdf.setCreator(PRODUCER);
  // Whole seconds: the Info dictionary's dates carry no fractions, XMP must say the same instant.
  const created = new Date(Math.floor(opts.created.getTime() / 1000) * 1000);
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  const xmp = xmpPacket({
    part: opts.part,
    title: opts.title,
    subject: opts.subject,
    keywords,
    producer: PRODUCER,
    creatorTool: PRODUCER,
    created,
    summary: opts.transfervermerk?.summary ?? null,
  });
  // Uncompressed (PDF/A-1 forbids a filter on the metadata stream).
  const metadata = ctx.register(
    ctx.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' }),
  );
  pdf.catalog.set(PDFName.of('Metadata'), metadata);
  const profile = ctx.register(ctx.flateStream(ICC, { N: 3 }));
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  pdf.catalog.set(PDFName.of('OutputIntents'), ctx.obj([intent]));
  const id = createHash('md5').update(opts.id).digest('hex');
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/**
 * Builds the PDF/A of a mail item. Each page image is greyscale JPEG, or CCITT G4 for bitonal pages, at the
 * page's own resolution (never JBIG2: TR-03138 A.SC.12); each OCR word is placed over its image position in
 * text render mode 3 (invisible), stretched to the word's width, in an embedded glyphless font. `finish` may
 * add to the document before it is saved (the seal's placeholder: the signature must be the last thing
 * written).
 */
export async function assemblePdf(
  pages: AssemblePage[],
  opts: AssembleOptions,
  finish?: (pdf: PDFDocument) => void,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = embedGlyphlessFont(pdf);
  for (const page of pages) {
    const meta = await sharp(page.png).metadata();
    const dpi = meta.density && meta.density > 10 ? meta.density : 300;
    const w = meta.width ?? 1;
    const h = meta.height ?? 1;
    const k = 72 / dpi;
    const p = pdf.addPage([w * k, h * k]);
    if (page.bitonal) {
      const g4 = await encodeG4(page.png);
      const image = pdf.context.register(
        pdf.context.stream(g4.data, {
          Type: 'XObject',
          Subtype: 'Image',
          Width: g4.width,
          Height: g4.height,
          ColorSpace: 'DeviceGray',
          BitsPerComponent: 1,
          Filter: 'CCITTFaxDecode',
          DecodeParms: { K: -1, Columns: g4.width, Rows: g4.height, BlackIs1: false },
        }),
      );
      // The padding (right and bottom) falls outside the page box.
      const name = p.node.newXObject('Im', image);
      p.pushOperators(
        pushGraphicsState(),
        concatTransformationMatrix(g4.width * k, 0, 0, g4.height * k, 0, (h - g4.height) * k),
        drawObject(name),
        popGraphicsState(),
      );
    } else {
      const jpeg = await sharp(page.png)
        .jpeg({ quality: opts.jpegQuality, chromaSubsampling: '4:2:0' })
        .toBuffer();
      p.drawImage(await pdf.embedJpg(jpeg), { x: 0, y: 0, width: w * k, height: h * k });
    }
    if (!page.ocr) continue;
    // Register the font on the page; the operators below refer to it by its resource key.
    const fontKey = p.node.newFontDictionary('F', font);
    const ops = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
    for (const line of page.ocr.lines) {
      for (const word of line.words) {
        const text = word.text;
        const bw = (word.bbox.x1 - word.bbox.x0) * k;
        const bh = (word.bbox.y1 - word.bbox.y0) * k;
        if (bw <= 0 || bh <= 0 || !text) continue;
        const size = Math.max(1, bh);
        const natural = ((text.length + 1) * GLYPH_WIDTH * size) / 1000;
        const stretch = natural > 0 ? bw / natural : 1;
        ops.push(
          setFontAndSize(fontKey, size),
          setTextMatrix(stretch, 0, 0, 1, word.bbox.x0 * k, (h - word.bbox.y1) * k + bh * 0.2),
          showText(glyphlessText(`${text} `)),
        );
      }
    }
    ops.push(endText(), popGraphicsState());
    p.pushOperators(...ops);
  }
  makePdfA(pdf, opts);
  if (opts.transfervermerk && opts.part === 3)
    await pdf.attach(new TextEncoder().encode(opts.transfervermerk.xml), TRANSFERVERMERK_FILE, {
      mimeType: 'application/xml',
      description: 'Transfervermerk (BSI TR-03138 A.NB.4)',
      creationDate: opts.created,
      modificationDate: opts.created,
      afRelationship: AFRelationship.Supplement,
    });
  finish?.(pdf);
  return pdf.save({ useObjectStreams: false, updateFieldAppearances: false });
}
