// Reading back what an archived PDF carries: an embedded file by name (the Transfervermerk) and the XMP
// packet, for `poststelle verify` and `poststelle transfervermerk`.
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';

const load = (pdf: Uint8Array) => PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });

function streamBytes(s: PDFRawStream): Uint8Array {
  try {
    return decodePDFRawStream(s).decode();
  } catch {
    return inflateSync(s.contents);
  }
}

/** The embedded file called `name` (from the EmbeddedFiles name tree), or null. */
export async function readAttachment(pdf: Uint8Array, name: string): Promise<Uint8Array | null> {
  const doc = await load(pdf);
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const stack = tree ? [tree] : [];
  while (stack.length) {
    const node = stack.pop()!;
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) stack.push(kids.lookup(i, PDFDict));
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const key = pairs.lookup(i);
      const text = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : '';
      if (text !== name) continue;
      const ef = pairs.lookup(i + 1, PDFDict).lookupMaybe(PDFName.of('EF'), PDFDict);
      const file = ef?.lookup(PDFName.of('F'));
      return file instanceof PDFRawStream ? streamBytes(file) : null;
    }
  }
  return null;
}

/** The document's XMP packet (catalog /Metadata), or null. */
export async function readXmp(pdf: Uint8Array): Promise<string | null> {
  const doc = await load(pdf);
  const m = doc.catalog.lookup(PDFName.of('Metadata'));
  return m instanceof PDFRawStream ? new TextDecoder().decode(streamBytes(m)) : null;
}
