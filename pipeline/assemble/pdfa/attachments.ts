// Reading back what an archived PDF carries: an embedded file by name (the Transfervermerk) and the
// Transfervermerk summary in its XMP, for `poststelle verify` and `poststelle transfervermerk`.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { readXmp, streamBytes, xmpValue } from './check.ts';
import { SUMMARY, TV_NS, type XmpSummary } from './xmp.ts';

const load = (pdf: Uint8Array) => PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });

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

/** The Transfervermerk summary in the document's XMP (catalog /Metadata), or null when it has none. */
export async function readSummary(pdf: Uint8Array): Promise<Partial<XmpSummary> | null> {
  const doc = await load(pdf);
  const m = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!(m instanceof PDFRawStream)) return null;
  const xmp = readXmp(new TextDecoder().decode(streamBytes(m)));
  const out: Partial<XmpSummary> = {};
  for (const k of Object.keys(SUMMARY) as Array<keyof XmpSummary>) {
    const v = xmpValue(xmp, TV_NS + k);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}
