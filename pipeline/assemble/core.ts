// assemble: one PDF per mail item: page images plus an invisible text layer (searchable, copyable).
import sharp from 'sharp';
import {
  PDFDocument,
  StandardFonts,
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
  type PDFFont,
} from 'pdf-lib';
import type { OcrPage } from '../ocr/schema.ts';
import { encodeG4 } from './g4.ts';

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
}

/** Keeps what the font's encoding (WinAnsi) can show; other characters become '?' so words stay findable. */
function encodable(font: PDFFont, text: string): string {
  const charset = new Set(font.getCharacterSet());
  return [...text].map((c) => (charset.has(c.codePointAt(0)!) ? c : '?')).join('');
}

/**
 * Builds the PDF of a mail item. Each page image is greyscale JPEG, or CCITT G4 for bitonal pages, at the
 * page's own resolution (never JBIG2: TR-03138 A.SC.12); each OCR word is
 * placed over its image position in text render mode 3 (invisible), stretched to the word's width.
 */
export async function assemblePdf(pages: AssemblePage[], opts: AssembleOptions): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
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
    const fontKey = p.node.newFontDictionary(font.name, font.ref);
    const ops = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
    for (const line of page.ocr.lines) {
      for (const word of line.words) {
        const text = encodable(font, word.text);
        const bw = (word.bbox.x1 - word.bbox.x0) * k;
        const bh = (word.bbox.y1 - word.bbox.y0) * k;
        if (bw <= 0 || bh <= 0 || !text) continue;
        const size = Math.max(1, bh);
        const natural = font.widthOfTextAtSize(text, size);
        const stretch = natural > 0 ? bw / natural : 1;
        ops.push(
          setFontAndSize(fontKey, size),
          setTextMatrix(stretch, 0, 0, 1, word.bbox.x0 * k, (h - word.bbox.y1) * k + bh * 0.2),
          showText(font.encodeText(`${text} `)),
        );
      }
    }
    ops.push(endText(), popGraphicsState());
    p.pushOperators(...ops);
  }
  if (opts.title) pdf.setTitle(opts.title);
  if (opts.subject) pdf.setSubject(opts.subject);
  pdf.setKeywords(opts.keywords);
  pdf.setProducer('poststelle');
  pdf.setCreator('poststelle');
  pdf.setCreationDate(opts.created);
  pdf.setModificationDate(opts.created);
  return pdf.save({ useObjectStreams: false });
}
