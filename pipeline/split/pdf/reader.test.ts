// Tests of the bounded PDF reader: hostile structures and limits, the scan-page fast path, the peer corpus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../core/errors.ts';
import { describePeer, PEER } from '../../../test/helpers.ts';
import { encodeG4 } from '../../assemble/g4.ts';
import {
  appendUpdate,
  buildPdf,
  pagesPdf,
  scanPdf,
  stream,
  type Body,
} from '../../../test/fixtures/pdf-build.ts';
import { PdfName, PdfRef, PdfStream, PdfString } from './objects.ts';
import { NeedMore, Parser } from './parser.ts';
import { PdfFile, type PdfLimits } from './reader.ts';
import { bufferSource, fileSource, type RandomAccess } from '../../../core/random-access.ts';

const LIMITS: PdfLimits = { maxPages: 2000, maxImagePixels: 150_000_000 };
const open = (buf: Buffer, limits = LIMITS) => PdfFile.open(bufferSource(buf), limits);
const pagesOf = async (buf: Buffer, limits = LIMITS) => (await open(buf, limits)).pages();
const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGE = '<< /Type /Page /MediaBox [0 0 595 842] >>';
const FULL_PAGE = 'q 595 0 0 842 0 0 cm /Im0 Do Q';

/** The PermanentError `p` rejects with. */
async function failure(p: Promise<unknown>): Promise<PermanentError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PermanentError);
  return e as PermanentError;
}

/** Pixels with structure (gradient and blocks) so that mistakes in rows or order show. */
function pattern(width: number, height: number, channels: number): Buffer {
  const px = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        px[(y * width + x) * channels + c] =
          ((x >> 3) + (y >> 2)) % 3 === 0 ? 20 : (x * 7 + y * 3 + c * 50) & 255;
  return px;
}

async function jpegOf(width: number, height: number): Promise<Buffer> {
  return sharp(pattern(width, height, 3), { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
}

/** A one-page pdf-lib document drawing `image` over the box (x, y, w, h) of a page `pageW` × `pageH`. */
async function pdfLibPage(
  jpeg: Buffer,
  [pageW, pageH]: [number, number],
  box?: [number, number, number, number],
  opts: { rotate?: number; text?: boolean; useObjectStreams?: boolean } = {},
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(jpeg);
  const page = doc.addPage([pageW, pageH]);
  const [x, y, width, height] = box ?? [0, 0, pageW, pageH];
  page.drawImage(img, { x, y, width, height });
  if (opts.text) page.drawText('Sehr geehrte Damen und Herren', { x: 20, y: 20, size: 10 });
  if (opts.rotate) page.setRotation(degrees(opts.rotate));
  return Buffer.from(await doc.save({ useObjectStreams: opts.useObjectStreams ?? false }));
}

const grey = (width: number, height: number, dict: string, data: Body) =>
  stream(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} ${dict}`, data);

/** PNG-filtered rows (filter type cycling through 0..4 by row), as PDF /Predictor 15 data. */
function pngEncode(px: Buffer, rowBytes: number, bpp: number): Buffer {
  const rows = px.length / rowBytes;
  const out = Buffer.alloc(rows * (rowBytes + 1));
  for (let r = 0; r < rows; r++) {
    const type = r % 5;
    out[r * (rowBytes + 1)] = type;
    for (let i = 0; i < rowBytes; i++) {
      const at = (rr: number, ii: number) => (rr >= 0 && ii >= 0 ? px[rr * rowBytes + ii]! : 0);
      const [a, b, c] = [at(r, i - bpp), at(r - 1, i), at(r - 1, i - bpp)];
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][type]!;
      out[r * (rowBytes + 1) + 1 + i] = (px[r * rowBytes + i]! - pred) & 255;
    }
  }
  return out;
}

describe('Parser', () => {
  it('reads strings with escapes and balanced parentheses, hex strings, names with #xx, references', () => {
    const p = new Parser(
      Buffer.from('(a\\(b (nested) \\101\\n\\\n!) <48 65 6c6> /A#20B [1 2 0 R -.5] << /K /V /E >>'),
    );
    expect((p.next() as PdfString).bytes.toString('latin1')).toBe('a(b (nested) A\n!');
    expect((p.next() as PdfString).bytes.toString('latin1')).toBe('Hel`');
    expect((p.next() as PdfName).name).toBe('A B');
    expect(p.next()).toEqual([1, new PdfRef(2, 0), -0.5]);
    expect(p.next()).toEqual(new Map([['K', new PdfName('V')]]));
    expect(p.next()).toBeUndefined();
  });

  it('parses an object cut anywhere either whole or by asking for more', () => {
    const text = Buffer.from(
      '12 0 obj\n<< /Kids [3 0 R 4 0 R] /A#20B (str\\)ing) /H <414243> /N -1.5 /R 12 0 R /T true >>\nstream\r\nDATA',
    );
    const whole = new Parser(text).indirect();
    expect(whole.obj).toBeInstanceOf(PdfStream);
    for (let cut = 1; cut < text.length; cut++) {
      let part: unknown;
      try {
        part = new Parser(text.subarray(0, cut), 0, false).indirect();
      } catch (e) {
        part = e instanceof NeedMore ? whole : e;
      }
      expect(part, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('refuses nesting deeper than 100 instead of exhausting the stack', async () => {
    const e = await failure(Promise.resolve().then(() => new Parser(Buffer.from('['.repeat(5000))).next()));
    expect(e.message).toContain('verschachtelt');
  });
});

describe('sources', () => {
  it('reads a file by positions, across cache windows, like the buffer it holds', async () => {
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) & 255));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-source-')), 'data.bin');
    fs.writeFileSync(file, data);
    const handle = await fs.promises.open(file);
    try {
      const src = await fileSource(handle);
      expect(src.size).toBe(data.length);
      const cases: Array<[number, number]> = [
        [0, 10],
        [16_380, 20],
        [16_384 * 3 - 3, 16_000],
        [65_536 * 2 - 3, 70_000],
        [0, 10],
        [299_990, 100],
        [400_000, 5],
      ];
      for (const [at, len] of cases) {
        const want = data.subarray(Math.min(at, data.length), at + len);
        expect((await src.read(at, len)).equals(want)).toBe(true);
        expect((await bufferSource(data).read(at, len)).equals(want)).toBe(true);
      }
    } finally {
      await handle.close();
      fs.rmSync(path.dirname(file), { recursive: true });
    }
  });
});

describe('PdfFile structure', () => {
  it('rejects a page tree whose /Kids refer to the /Pages node itself', async () => {
    const pdf = buildPdf({ 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>', 3: PAGE });
    const e = await failure(pagesOf(pdf));
    expect([e.reason, e.message]).toEqual([
      'unreadable',
      'Die PDF-Datei ist beschädigt: der Seitenbaum verweist auf sich selbst (Objekt 2).',
    ]);
    const twice = buildPdf({ 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>', 3: PAGE });
    expect((await failure(pagesOf(twice))).message).toContain('Objekt 3 mehrfach');
  });

  it('never trusts /Count: an absurd one with three kids gives three pages', async () => {
    expect(await pagesOf(pagesPdf(3, 2_000_000_000))).toHaveLength(3);
  });

  it('stops past maxPages leaves and past maxTreeDepth levels', async () => {
    const e = await failure(pagesOf(pagesPdf(3), { ...LIMITS, maxPages: 2 }));
    expect([e.reason, e.message]).toEqual(['too_large', 'Die PDF-Datei hat mehr als 2 Seiten.']);
    const chain = (levels: number) => {
      const objects: Record<number, Body> = { 1: CATALOG };
      for (let i = 0; i < levels; i++) objects[i + 2] = `<< /Type /Pages /Kids [${i + 3} 0 R] /Count 1 >>`;
      objects[levels + 2] = PAGE;
      return buildPdf(objects);
    };
    expect(await pagesOf(chain(60))).toHaveLength(1);
    expect((await failure(pagesOf(chain(70)))).message).toContain('tiefer als 64 Ebenen');
  });

  it('inherits /MediaBox, /CropBox, /Rotate and /Resources and normalises them', async () => {
    const pdf = buildPdf({
      1: CATALOG,
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [612 792 0 0] /Rotate -90 /CropBox [10 10 700 400] >>',
      3: '<< /Type /Page /Resources << /XObject << /Im0 4 0 R >> >> >>',
      4: grey(10, 10, '/ColorSpace [/ICCBased 5 0 R] /BitsPerComponent 8', Buffer.alloc(100)),
      5: stream('/N 1', 'icc'),
    });
    const [p] = await pagesOf(pdf);
    expect(p).toMatchObject({
      mediaBox: [0, 0, 612, 792],
      cropBox: [10, 10, 612, 400],
      rotate: 270,
      widthPt: 602,
    });
    expect(p!.largestImage).toMatchObject({ width: 10, colorSpace: 'ICCBased:1', filters: [] });
  });

  it('finds images inside Form XObjects, a form that contains itself included, within maxFormDepth', async () => {
    const form = (res: string) =>
      stream(`/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources ${res}`, '/Im0 Do');
    const image = grey(8, 8, '/ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(64));
    const selfish = scanPdf({
      image,
      content: '/F Do',
      resources: '<< /XObject << /F 6 0 R >> >>',
      more: { 6: form('<< /XObject << /F 6 0 R /Im0 4 0 R >> >>') },
    });
    const pdf = await open(selfish);
    const [p] = await pdf.pages();
    expect(p!.images.map((i) => i.width)).toEqual([8]);
    expect(await pdf.scanImage(p!)).toBeNull(); // the page paints a form, not an image
    const more: Record<number, Body> = {};
    for (let i = 6; i < 16; i++) more[i] = form(`<< /XObject << /F ${i + 1} 0 R >> >>`);
    more[16] = form('<< /XObject << /Im0 4 0 R >> >>');
    const deep = scanPdf({ image, content: '/F Do', resources: '<< /XObject << /F 6 0 R >> >>', more });
    expect((await failure(pagesOf(deep))).message).toContain('tiefer als 8 Ebenen');
  });

  it('refuses a 100000 × 100000 image as too_large without reading its data', async () => {
    const data = Buffer.alloc(2_000_000, 0x55);
    const pdf = scanPdf({
      image: grey(100_000, 100_000, '/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', data),
      content: FULL_PAGE,
    });
    let bytesRead = 0;
    const inner = bufferSource(pdf);
    const spy: RandomAccess = {
      size: inner.size,
      read: async (o, l) => ((bytesRead += Math.min(l, inner.size - o)), inner.read(o, l)),
    };
    const e = await failure(PdfFile.open(spy, LIMITS).then((f) => f.pages()));
    expect([e.reason, e.message]).toEqual([
      'too_large',
      'Seite 1 enthält ein Bild mit 100000 × 100000 Pixeln; erlaubt sind höchstens 150000000 Pixel (Schutz vor Dekompressionsbomben).',
    ]);
    expect(bytesRead).toBeLessThan(50_000);
  });

  it('repairs an xref whose offsets are shifted, or that is missing, by scanning for objects', async () => {
    const good = pagesPdf(2);
    const header = good.indexOf('\n', 10) + 1;
    const shifted = Buffer.concat([
      good.subarray(0, header),
      Buffer.from(`%${'x'.repeat(60)}\n`),
      good.subarray(header),
    ]);
    expect(await pagesOf(shifted)).toHaveLength(2);
    const objects = { 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R] >>', 3: PAGE };
    expect(await pagesOf(buildPdf(objects, { xref: 'none' }))).toHaveLength(1);
    // pdf-lib with object streams: the pages live in an object stream that the repair must open.
    const packed = await pdfLibPage(await jpegOf(40, 40), [100, 100], undefined, { useObjectStreams: true });
    const cut = packed.indexOf('%', 10);
    const broken = Buffer.concat([packed.subarray(0, cut), Buffer.from('%garbage\n'), packed.subarray(cut)]);
    expect(await pagesOf(broken)).toHaveLength(1);
  });

  it('reports a cut-off file as truncated and a non-PDF or page-less file as unreadable', async () => {
    const whole = pagesPdf(5);
    expect((await failure(pagesOf(whole.subarray(0, whole.indexOf('6 0 obj'))))).reason).toBe('truncated');
    expect((await failure(pagesOf(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Cat')))).reason).toBe(
      'truncated',
    );
    const notPdf = await failure(pagesOf(Buffer.from('GIF89a, not a PDF')));
    expect([notPdf.reason, notPdf.message]).toEqual([
      'unreadable',
      'Die Datei ist keine PDF-Datei (der Kopf „%PDF-“ fehlt).',
    ]);
    const empty = buildPdf({ 1: CATALOG, 2: '<< /Type /Pages /Kids [] /Count 0 >>' });
    expect((await failure(pagesOf(empty))).message).toBe('Die PDF-Datei enthält keine Seiten.');
  });

  it('follows /Prev through an incremental update, newest objects first', async () => {
    const updated = appendUpdate(
      pagesPdf(1),
      {
        2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
        4: '<< /Type /Page /MediaBox [0 0 842 595] >>',
      },
      5,
    );
    expect((await pagesOf(updated)).map((p) => p.widthPt)).toEqual([595, 842]);
  });

  it('reads xref streams (predictor, /Index), object streams and hybrid files (/XRefStm)', async () => {
    const direct = { 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>' };
    const packed = { num: 9, objects: { 3: PAGE, 4: '<< /Type /Page /MediaBox [0 0 100 200] >>' } };
    for (const xref of ['stream', 'table'] as const) {
      const pdf = buildPdf(direct, { xref, compressed: packed });
      expect((await pagesOf(pdf)).map((p) => p.heightPt)).toEqual([842, 200]);
    }
  });

  it('caps the xref size at maxObjects', async () => {
    const e = await failure(pagesOf(pagesPdf(3), { ...LIMITS, maxObjects: 3 }));
    expect([e.reason, e.message]).toEqual(['too_large', 'Die PDF-Datei hat mehr als 3 Objekte.']);
  });

  it('reports encryption, still lists pages of plain objects, and reads no content', async () => {
    const encrypt = '/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>';
    const image = grey(8, 8, '/ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(64));
    const page = scanPdf({ image, content: FULL_PAGE });
    const plain = buildPdf(
      { 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R] >>', 3: PAGE },
      { trailer: encrypt },
    );
    const pdf = await open(plain);
    expect(pdf.encrypted).toBe(true);
    const [p] = await pdf.pages();
    expect(await pdf.scanImage(p!)).toBeNull();
    expect((await open(page)).encrypted).toBe(false);
    const packed = buildPdf(
      { 1: CATALOG, 2: '<< /Type /Pages /Kids [3 0 R] >>' },
      {
        trailer: encrypt,
        compressed: { num: 5, objects: { 3: PAGE } },
      },
    );
    expect((await failure(pagesOf(packed))).reason).toBe('encrypted');
  });
});

describe('PdfFile.scanImage', () => {
  it('hands out the JPEG of a scan page unchanged, with its resolution (pdf-lib, with and without object streams)', async () => {
    const jpeg = await jpegOf(248, 351);
    for (const useObjectStreams of [false, true]) {
      const bytes = await pdfLibPage(jpeg, [248 * 0.24, 351 * 0.24], undefined, { useObjectStreams });
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-scan-')), 'scan.pdf');
      fs.writeFileSync(file, bytes);
      const handle = await fs.promises.open(file);
      try {
        const pdf = await PdfFile.open(await fileSource(handle), LIMITS);
        const [p] = await pdf.pages();
        expect(p!.images).toEqual([
          {
            width: 248,
            height: 351,
            bitsPerComponent: 8,
            colorSpace: 'DeviceRGB',
            filters: ['DCTDecode'],
            imageMask: false,
            dpiX: 300,
            dpiY: 300,
          },
        ]);
        const s = await pdf.scanImage(p!);
        expect(s).toMatchObject({
          encoding: 'jpeg',
          width: 248,
          height: 351,
          channels: 3,
          rotate: 0,
          flip: false,
          dpiX: 300,
          dpiY: 300,
        });
        expect(s!.data.equals(jpeg)).toBe(true);
      } finally {
        await handle.close();
        fs.rmSync(path.dirname(file), { recursive: true });
      }
    }
  });

  it('turns with the page /Rotate and reports the displayed resolution', async () => {
    const pdf = await open(await pdfLibPage(await jpegOf(600, 300), [144, 144], undefined, { rotate: 90 }));
    const s = await pdf.scanImage((await pdf.pages())[0]!);
    expect(s).toMatchObject({ rotate: 90, flip: false, dpiX: 150, dpiY: 300 });
  });

  it('reads turns and mirrors from the placement matrix', async () => {
    const image = grey(20, 10, '/ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(200));
    const placed = async (content: string, page = '') =>
      (await open(scanPdf({ image, content, page }))).scanImage(
        (await pagesOf(scanPdf({ image, content, page })))[0]!,
      );
    expect(await placed('q -595 0 0 -842 595 842 cm /Im0 Do Q')).toMatchObject({ rotate: 180, flip: false });
    expect(await placed('q -595 0 0 842 595 0 cm /Im0 Do Q')).toMatchObject({ rotate: 0, flip: true });
    expect(await placed('q 595 0.00001 -0.00001 842 0 0 cm /Im0 Do Q')).toMatchObject({
      rotate: 0,
      dpiX: 2.42,
    });
    expect(await placed('q 0 -842 595 0 0 842 cm /Im0 Do Q')).toMatchObject({ rotate: 90, flip: false });
    expect(await placed('q 0 -842 595 0 0 842 cm /Im0 Do Q', '/Rotate 270')).toMatchObject({ rotate: 0 });
  });

  it('undoes PNG predictors of a Flate grey image exactly; RGB and 1-bit too', async () => {
    const [w, h] = [61, 37];
    const px = pattern(w, h, 1);
    const parms = `/DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns ${w} >>`;
    const image = grey(
      w,
      h,
      `/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode ${parms}`,
      deflateSync(pngEncode(px, w, 1)),
    );
    const pdf = await open(scanPdf({ image, content: FULL_PAGE }));
    const s = await pdf.scanImage((await pdf.pages())[0]!);
    expect(s).toMatchObject({ encoding: 'raw', width: w, height: h, channels: 1, bitsPerComponent: 8 });
    expect(s!.data.equals(px)).toBe(true);

    const rgb = pattern(w, h, 3);
    const doc = await PDFDocument.create();
    const png = await doc.embedPng(
      await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer(),
    );
    doc.addPage([w, h]).drawImage(png, { x: 0, y: 0, width: w, height: h });
    const viaPdfLib = await open(Buffer.from(await doc.save()));
    const c = await viaPdfLib.scanImage((await viaPdfLib.pages())[0]!);
    expect(c).toMatchObject({ encoding: 'raw', channels: 3, dpiX: 72 });
    expect(c!.data.equals(rgb)).toBe(true);

    const bits = Buffer.from([0b10100000, 0b11111111, 0b00001111, 0b01010101, 0b00000000, 0b11110000]);
    const mono = grey(
      12,
      3,
      '/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode',
      deflateSync(bits),
    );
    const one = await open(scanPdf({ image: mono, content: FULL_PAGE }));
    const m = await one.scanImage((await one.pages())[0]!);
    expect([...m!.data.subarray(0, 12)]).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('wraps CCITT G4 data in a TIFF that sharp decodes to the same pixels', async () => {
    const [w, h] = [96, 64];
    const src = sharp(pattern(w, h, 1), { raw: { width: w, height: h, channels: 1 } }).threshold(128);
    const expected = await src.clone().toColourspace('b-w').raw().toBuffer();
    // The G4 stream exactly as assemble writes it into our own PDFs.
    const { data: g4 } = await encodeG4(await src.clone().toColourspace('b-w').png().toBuffer());
    const parms = `/DecodeParms << /K -1 /Columns ${w} /Rows ${h} /BlackIs1 false >>`;
    const image = grey(
      w,
      h,
      `/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode ${parms}`,
      g4,
    );
    const pdf = await open(scanPdf({ image, content: FULL_PAGE }));
    const s = await pdf.scanImage((await pdf.pages())[0]!);
    expect(s).toMatchObject({ encoding: 'tiff', width: w, height: h, channels: 1, bitsPerComponent: 1 });
    const { data, info } = await sharp(s!.data)
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([w, h, 1]);
    expect(data.equals(expected)).toBe(true);
  });

  it('returns null when the page needs rendering: vector text, an image not covering it, paths, clips, other filters', async () => {
    const jpeg = await jpegOf(100, 100);
    const nullFor = async (bytes: Buffer) => {
      const pdf = await open(bytes);
      return pdf.scanImage((await pdf.pages())[0]!);
    };
    expect(await nullFor(await pdfLibPage(jpeg, [200, 200], undefined, { text: true }))).toBeNull();
    expect(await nullFor(await pdfLibPage(jpeg, [200, 200], [0, 0, 100, 200]))).toBeNull();
    const image = grey(10, 10, '/ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(100));
    const page = (content: string, img = image) => nullFor(scanPdf({ image: img, content }));
    expect(await page(`${FULL_PAGE} 0 0 m 100 100 l S`)).toBeNull();
    expect(await page(`q 0 0 300 300 re W n ${FULL_PAGE} Q`)).toBeNull();
    expect(await page(`${FULL_PAGE} ${FULL_PAGE}`)).toBeNull();
    expect(await page(`${FULL_PAGE} BT /F1 12 Tf (Text) Tj ET`)).toBeNull();
    expect(
      await page(
        FULL_PAGE,
        grey(10, 10, '/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode', 'x'),
      ),
    ).toBeNull();
    expect(
      await page(
        FULL_PAGE,
        grey(10, 10, '/ColorSpace /DeviceGray /BitsPerComponent 8 /Decode [1 0]', Buffer.alloc(100)),
      ),
    ).toBeNull();
    // Invisible OCR text and a clip to the whole page change nothing visible.
    expect(
      await page(`q 0 0 595 842 re W n ${FULL_PAGE} Q BT 3 Tr /F1 12 Tf 10 10 Td (Text) Tj ET`),
    ).not.toBeNull();
  });

  it('refuses a content stream that inflates beyond maxInflateBytes', async () => {
    const image = grey(10, 10, '/ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(100));
    const pdf = await open(scanPdf({ image, content: `${FULL_PAGE}${' '.repeat(3 << 20)}` }), {
      ...LIMITS,
      maxInflateBytes: 1 << 20,
    });
    expect((await failure(pdf.scanImage((await pdf.pages())[0]!))).reason).toBe('too_large');
  });
});

describePeer('the reader on real files', () => {
  const files = ['ocrmypdf', 'paperless'].flatMap((dir) =>
    fs.existsSync(path.join(PEER, dir))
      ? fs
          .readdirSync(path.join(PEER, dir))
          .filter((f) => f.endsWith('.pdf'))
          .map((f) => path.join(PEER, dir, f))
      : [],
  );
  const special = /\/(hugemono|invalid|password-is-test)\.pdf$/;

  it('agrees with pdf-lib on the page count of every file pdf-lib reads', async () => {
    for (const file of files.filter((f) => !special.test(f))) {
      const bytes = fs.readFileSync(file);
      const theirs = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false }).then(
        (d) => d.getPageCount(),
        () => undefined,
      );
      const ours = await pagesOf(bytes);
      if (theirs !== undefined) expect(ours.length, file).toBe(theirs);
    }
  });

  it('refuses hugemono.pdf as too_large, invalid.pdf as unreadable, and reports password-is-test.pdf as encrypted', async () => {
    const read = (name: string) => fs.readFileSync(path.join(PEER, name));
    expect((await failure(pagesOf(read('ocrmypdf/hugemono.pdf')))).message).toContain('35000 × 35000 Pixeln');
    expect((await failure(pagesOf(read('ocrmypdf/invalid.pdf')))).reason).toBe('unreadable');
    const locked = await open(read('paperless/password-is-test.pdf'));
    expect(locked.encrypted).toBe(true);
    expect(await locked.pages()).toHaveLength(1);
  });

  it('hands out scanner images directly and leaves JBIG2 and vector pages to pdf.js', async () => {
    const first = async (name: string) => {
      const pdf = await open(fs.readFileSync(path.join(PEER, name)));
      return pdf.scanImage((await pdf.pages())[0]!);
    };
    expect(await first('ocrmypdf/ccitt.pdf')).toMatchObject({
      encoding: 'tiff',
      width: 2550,
      height: 3300,
      dpiX: 300,
    });
    expect(await first('ocrmypdf/c02-22.pdf')).toMatchObject({ encoding: 'jpeg', width: 800, dpiX: 150 });
    expect(await first('paperless/barcode-fax-image.pdf')).toMatchObject({ encoding: 'tiff', width: 2457 });
    expect(await first('ocrmypdf/jbig2.pdf')).toBeNull();
    expect(await first('paperless/simple.pdf')).toBeNull();
  });
});
