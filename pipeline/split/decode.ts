// Decodes an input file into page rasters, one page at a time (bounded memory): PDF via pdf.js + skia
// canvas (see docs/adr/0001-rasteriser.md), TIFF/PNG/JPEG via sharp (libvips).
import { createRequire } from 'node:module';
import sharp, { type Sharp, type Metadata as SharpMetadata } from 'sharp';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import { tiffResolutions, type InputType } from '../../ingest/sniff.ts';
import { colourMode, pdfPageImages, type ColourMode } from './scan-info.ts';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');

export interface RasterPage {
  /** 8-bit greyscale PNG of the page as scanned. */
  png: Buffer;
  width: number;
  height: number;
  /** Resolution of the raster (PNG density). */
  dpiX: number;
  dpiY: number;
  /** Resolution at which the page was scanned, where the file tells (null: vector page, no density). */
  scanDpi: number | null;
  colour: ColourMode;
}

export interface DecodeOptions {
  /** Resolution at which PDF pages are rendered. */
  dpi: number;
  maxPagePixels: number;
  maxPages: number;
  /** Largest image (pixels) inside a PDF that is decoded at all: decompression-bomb guard (default 150 MP). */
  maxImagePixels?: number;
  /** Pages to skip at the start without decoding them (a split resuming after a crash). */
  skip?: number;
}

/** Number of pages and a page iterator; throws PermanentError for encrypted, broken or oversized inputs. */
export async function openInput(
  type: InputType,
  data: Buffer,
  opts: DecodeOptions,
): Promise<{ count: number; pages: AsyncGenerator<RasterPage> }> {
  const opened = type === 'pdf' ? await openPdf(data, opts) : await openImage(data, opts);
  if (opened.count === 0) throw new PermanentError(ReasonCode.unreadable, 'Die Datei enthält keine Seiten.');
  if (opened.count > opts.maxPages)
    throw new PermanentError(
      ReasonCode.tooLarge,
      `Die Datei hat ${opened.count} Seiten, erlaubt sind höchstens ${opts.maxPages}.`,
    );
  return opened;
}

async function toGreyPng(
  img: Sharp,
  dpiX: number,
  dpiY: number,
  scanDpi: number | null,
  bitonal: boolean,
): Promise<RasterPage> {
  const colour = await colourMode(img.clone(), bitonal);
  const { data, info } = await img
    .flatten({ background: '#ffffff' })
    .toColourspace('b-w')
    .withDensity(dpiX)
    .png({ compressionLevel: 3 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height, dpiX, dpiY, scanDpi, colour };
}

async function openImage(data: Buffer, opts: DecodeOptions) {
  let meta: SharpMetadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new PermanentError(ReasonCode.unreadable, 'Das Bild kann nicht gelesen werden.', { cause: e });
  }
  const count = meta.pages ?? 1;
  const tiffRes = meta.format === 'tiff' ? tiffResolutions(data) : [];
  async function* pages(): AsyncGenerator<RasterPage> {
    for (let i = opts.skip ?? 0; i < count; i++) {
      const input = sharp(data, { page: i, limitInputPixels: false, failOn: 'truncated' });
      const m = await input.metadata().catch((e: unknown) => {
        throw new PermanentError(ReasonCode.unreadable, `Seite ${i + 1} kann nicht gelesen werden.`, {
          cause: e,
        });
      });
      const w = m.width ?? 0;
      // Non-square pixels (fax: 204 x 98 dpi) are stretched to square ones at the horizontal resolution.
      const res = tiffRes[i];
      const stretch = res && Math.abs(res.x / res.y - 1) > 0.05 ? res.x / res.y : 1;
      const h = Math.round((m.pageHeight ?? m.height ?? 0) * stretch);
      // 72 and 96 dpi are what cameras and screenshots write when they do not know: treat as unknown and
      // assume a portrait A4/Letter page (short side ~8.3 in) for the raster's resolution.
      const known = res
        ? Math.round(Math.min(res.x, res.y))
        : m.density && m.density > 10 && m.density !== 72 && m.density !== 96
          ? Math.round(m.density)
          : null;
      const dpi = res
        ? Math.round(res.x)
        : (known ?? Math.min(600, Math.max(100, Math.round(Math.min(w, h) / 8.27))));
      const scale = Math.min(1, Math.sqrt(opts.maxPagePixels / Math.max(1, w * h)));
      let img = input.rotate(); // honour EXIF orientation of camera/phone JPEGs
      if (scale < 1 || stretch !== 1)
        img = img.resize(Math.max(1, Math.floor(w * scale)), Math.max(1, Math.floor(h * scale)), {
          fit: 'fill',
        });
      try {
        const bitonal = (m as { bitsPerSample?: number }).bitsPerSample === 1;
        yield await toGreyPng(img, dpi * scale, dpi * scale, known, bitonal);
      } catch (e) {
        throw new PermanentError(ReasonCode.truncated, `Seite ${i + 1} ist beschädigt oder unvollständig.`, {
          cause: e,
        });
      }
    }
  }
  return { count, pages: pages() };
}

async function openPdf(data: Buffer, opts: DecodeOptions) {
  const images = await pdfPageImages(data);
  images?.forEach((img, i) => {
    const limit = opts.maxImagePixels ?? 150_000_000;
    if (img && img.width * img.height > limit) {
      throw new PermanentError(
        ReasonCode.tooLarge,
        `Seite ${i + 1} enthält ein Bild mit ${img.width} × ${img.height} Pixeln; erlaubt sind höchstens ${limit} Pixel (Schutz vor Dekompressionsbomben).`,
      );
    }
  });
  let doc: pdfjs.PDFDocumentProxy;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(data),
      standardFontDataUrl: `${PDFJS_ROOT}standard_fonts/`,
      cMapUrl: `${PDFJS_ROOT}cmaps/`,
      // JPEG 2000 (OpenJPEG) and JBIG2 decoders ship as WebAssembly inside pdfjs-dist.
      wasmUrl: `${PDFJS_ROOT}wasm/`,
      iccUrl: `${PDFJS_ROOT}iccs/`,
      isEvalSupported: false,
      verbosity: 0,
      stopAtErrors: false,
    }).promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException')
      throw new PermanentError(
        ReasonCode.encrypted,
        'Die PDF-Datei ist verschlüsselt (Passwort erforderlich).',
        { cause: e },
      );
    // No end-of-file marker: cut off in transfer or still being written.
    const truncated = !data.subarray(Math.max(0, data.length - 2048)).includes('%%EOF');
    throw new PermanentError(
      truncated ? ReasonCode.truncated : ReasonCode.unreadable,
      truncated
        ? 'Die PDF-Datei ist unvollständig (abgeschnitten).'
        : `Die PDF-Datei ist beschädigt: ${(e as Error).message}`,
      { cause: e },
    );
  }
  async function* pages(): AsyncGenerator<RasterPage> {
    try {
      for (let i = (opts.skip ?? 0) + 1; i <= doc.numPages; i++) {
        const page = await doc.getPage(i);
        const base = page.getViewport({ scale: 1 });
        let scale = opts.dpi / 72;
        const pixels = base.width * base.height * scale * scale;
        if (pixels > opts.maxPagePixels) scale *= Math.sqrt(opts.maxPagePixels / pixels);
        const vp = page.getViewport({ scale });
        let canvas: Canvas;
        try {
          canvas = createCanvas(Math.max(1, Math.floor(vp.width)), Math.max(1, Math.floor(vp.height)));
        } catch (e) {
          throw new PermanentError(ReasonCode.tooLarge, `Seite ${i} ist zu groß zum Rastern.`, { cause: e });
        }
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        // pdf.js types expect a DOM canvas; the skia canvas implements the same API.
        await page
          .render({ canvasContext: ctx as never, viewport: vp, canvas: canvas as never })
          .promise.catch((e: unknown) => {
            throw new PermanentError(
              ReasonCode.unreadable,
              `Seite ${i} kann nicht dargestellt werden: ${(e as Error).message}`,
              { cause: e },
            );
          });
        const raw = Buffer.from(canvas.data());
        page.cleanup();
        const img = sharp(raw, { raw: { width: canvas.width, height: canvas.height, channels: 4 } });
        const native = images?.[i - 1];
        yield await toGreyPng(
          img,
          scale * 72,
          scale * 72,
          native ? Math.min(native.dpiX, native.dpiY) : null,
          native?.bitonal ?? false,
        );
      }
    } finally {
      await doc.destroy();
    }
  }
  return { count: doc.numPages, pages: pages() };
}
