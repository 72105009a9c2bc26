// PAdES baseline seal of a PDF: the signature placeholder (PDF/A-safe), filling it, and verifying it.
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { ANNOTATION_FLAGS, SUBFILTER_ETSI_CADES_DETACHED, findByteRange } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import type * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.ts';
import { signDetached, verifyDetached, type SealVerification, type VerifyOptions } from './cms.ts';
import type { SealKey } from './keys.ts';

/** Result of {@link verifyPdfSeal}: the CMS result, or a PDF-level failure before it. */
export type PdfSealVerification =
  SealVerification | { ok: false; check: 'byte-range' | 'no-seal'; message: string };

/** Room for the DER CMS in the placeholder, in bytes: certificates and signature, plus a TSA token. */
const CMS_BYTES = 8 * 1024;
const TIMESTAMP_BYTES = 8 * 1024;

/**
 * `text` as the inside of a PDF literal string: printable ASCII with ( ) \ escaped, anything else as
 * UTF-16BE with byte order mark (PDF text string), every byte an octal escape. pdf-lib writes
 * `PDFString.of` values verbatim.
 */
export function pdfTextLiteral(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.replace(/[()\\]/g, (c) => `\\${c}`);
  const bytes = [0xfe, 0xff];
  for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
  return bytes.map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/**
 * Adds an invisible PAdES signature field to `doc` (SubFilter ETSI.CAdES.detached, widget rect [0 0 0 0]
 * on the first page) with room for the CMS (and a timestamp token when `timestamped`). Keeps PDF/A-2/3
 * valid: widget /F 4 (Print, not Hidden/NoView), an empty /AP /N form XObject with BBox [0 0 0 0], AcroForm
 * /SigFlags 3 and no /NeedAppearances. The caller then saves with `doc.save({ useObjectStreams: false })`
 * and passes the bytes to {@link signPdf}.
 *
 * @example addSealPlaceholder(doc, { name: 'poststelle', reason: 'Scanprodukt', location: 'Poststelle', signingTime: new Date(), timestamped: true });
 */
export function addSealPlaceholder(
  doc: PDFDocument,
  opts: { name: string; reason: string; location: string; signingTime: Date; timestamped: boolean },
): void {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    name: pdfTextLiteral(opts.name),
    reason: pdfTextLiteral(opts.reason),
    location: pdfTextLiteral(opts.location),
    contactInfo: '',
    signingTime: opts.signingTime,
    // Counted in characters between < and >: two hex digits per CMS byte.
    signatureLength: 2 * (CMS_BYTES + (opts.timestamped ? TIMESTAMP_BYTES : 0)),
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [0, 0, 0, 0],
    appName: 'poststelle',
  });
  const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  acroForm.delete(PDFName.of('NeedAppearances'));
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  const fields = acroForm.lookup(PDFName.of('Fields'), PDFArray);
  const widget = doc.context.lookup(fields.get(fields.size() - 1), PDFDict);
  widget.set(PDFName.of('F'), PDFNumber.of(ANNOTATION_FLAGS.PRINT));
  if (!widget.has(PDFName.of('AP'))) {
    const ap = doc.context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} });
    widget.set(PDFName.of('AP'), doc.context.obj({ N: doc.context.register(ap) }));
  }
}

const LT = 0x3c; // <
const GT = 0x3e; // >

/**
 * Seals a PDF saved after {@link addSealPlaceholder}: writes /ByteRange (the whole file except the
 * /Contents hex string including its angle brackets), signs the two ranges with {@link signDetached}
 * (with a signature timestamp when `tsaUrl` is given) and writes the CMS as hex into /Contents.
 *
 * @example const sealed = await signPdf(await doc.save({ useObjectStreams: false }), key, { tsaUrl });
 */
export async function signPdf(
  pdf: Uint8Array,
  key: SealKey,
  opts: { tsaUrl?: string; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const out = Buffer.from(pdf);
  const { byteRangePlaceholder: placeholder, byteRangePlaceholderPosition: at } = findByteRange(out);
  if (placeholder === undefined || at === undefined)
    throw new Error('The PDF has no seal placeholder (/ByteRange)');
  const contentsTag = out.indexOf('/Contents', at + placeholder.length);
  const start = out.indexOf(LT, contentsTag);
  const end = out.indexOf(GT, start) + 1;
  if (contentsTag < 0 || start < 0 || end <= start || out.subarray(start + 1, end - 1).some((b) => b !== 0))
    throw new Error('The PDF seal placeholder has no empty /Contents after its /ByteRange');

  const range = `/ByteRange [0 ${start} ${end} ${out.length - end}]`;
  if (range.length > placeholder.length)
    throw new Error('The /ByteRange placeholder is too short for this file');
  out.write(range.padEnd(placeholder.length, ' '), at, 'latin1');

  const signed = Buffer.concat([out.subarray(0, start), out.subarray(end)]);
  const cms = await signDetached(signed, key, opts);
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  const room = end - start - 2;
  if (hex.length > room)
    throw new Error(`The seal (${cms.length} bytes) does not fit the placeholder (${room / 2} bytes)`);
  out.write(hex.padEnd(room, '0'), start + 1, 'latin1');
  return new Uint8Array(out);
}

/** Every signature dictionary (a dict with /ByteRange and /Contents) among the PDF's objects. */
function signatureDicts(doc: PDFDocument): PDFDict[] {
  return doc.context
    .enumerateIndirectObjects()
    .map(([, obj]) => obj)
    .filter(
      (obj): obj is PDFDict =>
        obj instanceof PDFDict && obj.has(PDFName.of('ByteRange')) && obj.has(PDFName.of('Contents')),
    );
}

function byteRangeOf(dict: PDFDict): number[] | null {
  const arr = dict.lookup(PDFName.of('ByteRange'));
  if (!(arr instanceof PDFArray) || arr.size() !== 4) return null;
  const nums = arr.asArray().map((o) => (o instanceof PDFRef ? dict.context.lookup(o) : o));
  if (!nums.every((n) => n instanceof PDFNumber)) return null;
  return nums.map((n) => (n as PDFNumber).asNumber());
}

/**
 * Verifies the last seal of a PDF (the signature dictionary whose /ByteRange ends last): SubFilter
 * ETSI.CAdES.detached ('no-seal' otherwise, or when there is none), /ByteRange [0 a b c] with b + c the
 * file length and a..b exactly the /Contents hex string with its angle brackets, so any appended byte is
 * caught ('byte-range'), then {@link verifyDetached} over the two ranges.
 *
 * @example const r = await verifyPdfSeal(pdf, parseCertificates(caPem), { requireTimestamp: true });
 */
export async function verifyPdfSeal(
  pdf: Uint8Array,
  trust: pkijs.Certificate[],
  opts: VerifyOptions = {},
): Promise<PdfSealVerification> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
  } catch (err) {
    return {
      ok: false,
      check: 'no-seal',
      message: `not a readable PDF: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const sigs = signatureDicts(doc)
    .map((dict) => ({ dict, range: byteRangeOf(dict) }))
    .sort((x, y) => (x.range ? x.range[2]! + x.range[3]! : -1) - (y.range ? y.range[2]! + y.range[3]! : -1));
  const last = sigs[sigs.length - 1];
  if (!last) return { ok: false, check: 'no-seal', message: 'the PDF has no signature dictionary' };
  const subFilter = last.dict.lookup(PDFName.of('SubFilter'));
  if (!(subFilter instanceof PDFName) || subFilter.decodeText() !== SUBFILTER_ETSI_CADES_DETACHED)
    return {
      ok: false,
      check: 'no-seal',
      message: `the signature's SubFilter is ${String(subFilter)}, not /ETSI.CAdES.detached`,
    };

  const contents = last.dict.lookup(PDFName.of('Contents'));
  const hex = contents instanceof PDFHexString ? contents.asString() : null;
  const [a0, a, b, c] = last.range ?? [];
  const bad = (message: string): PdfSealVerification => ({ ok: false, check: 'byte-range', message });
  if (
    a0 !== 0 ||
    a === undefined ||
    b === undefined ||
    c === undefined ||
    !last.range!.every(Number.isSafeInteger)
  )
    return bad('/ByteRange is not [0 a b c]');
  if (a < 0 || b <= a || c < 0 || b + c !== pdf.length)
    return bad(`/ByteRange does not cover the file up to its end (${b + c} of ${pdf.length} bytes)`);
  if (
    hex === null ||
    pdf[a] !== LT ||
    pdf[b - 1] !== GT ||
    Buffer.from(pdf.subarray(a + 1, b - 1)).toString('latin1') !== hex
  )
    return bad('/ByteRange leaves out more than the /Contents hex string');
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return bad('/Contents is not a hex string of whole bytes');

  // The hex string is zero-padded: the CMS is the first DER element in it.
  const padded = Buffer.from(hex, 'hex');
  const element = asn1js.fromBER(toArrayBuffer(padded));
  if (element.offset === -1) return { ok: false, check: 'signature', message: '/Contents is not DER' };
  // The padding is outside the byte range: anything but zeros there is a change the signature cannot see.
  if (padded.subarray(element.offset).some((b) => b !== 0))
    return { ok: false, check: 'signature', message: '/Contents holds data after the CMS' };
  const cms = new Uint8Array(padded.subarray(0, element.offset));
  const signed = Buffer.concat([pdf.subarray(0, a), pdf.subarray(b, b + c)]);
  return verifyDetached(cms, signed, trust, opts);
}
