// Rendering with pdf.js into the skia canvas (ADR 0001), for PDF pages that are not plain scans: vector
// text, JBIG2 or JPEG 2000 images, masks. pdf.js reads the file by ranges, as it needs them; it is loaded
// only when a file has such a page (it costs ~150 MB of memory).
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import type { RandomAccess } from '../../core/random-access.ts';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');

/** Serves pdf.js's range requests from the file. */
class FileRanges extends pdfjs.PDFDataRangeTransport {
  constructor(private readonly src: RandomAccess) {
    super(src.size, null);
  }

  override requestDataRange(begin: number, end: number): void {
    void this.src
      .read(begin, end - begin)
      .then((chunk: Buffer) => this.onDataRange(begin, new Uint8Array(chunk)));
  }
}

export interface Rendered {
  /** RGBA pixels. */
  data: Buffer;
  width: number;
  height: number;
  dpi: number;
}

export interface Renderer {
  render(index: number, dpi: number, maxPixels: number): Promise<Rendered>;
  close(): Promise<void>;
}

/** Opens a PDF for rendering; PermanentError when pdf.js cannot (encrypted with a password, broken). */
export async function openRenderer(src: RandomAccess, maxImagePixels: number): Promise<Renderer> {
  let doc: pdfjs.PDFDocumentProxy;
  try {
    doc = await pdfjs.getDocument({
      range: new FileRanges(src),
      length: src.size,
      rangeChunkSize: 1 << 16,
      disableAutoFetch: true,
      disableStream: true,
      standardFontDataUrl: `${PDFJS_ROOT}standard_fonts/`,
      cMapUrl: `${PDFJS_ROOT}cmaps/`,
      // JPEG 2000 (OpenJPEG) and JBIG2 decoders ship as WebAssembly inside pdfjs-dist.
      wasmUrl: `${PDFJS_ROOT}wasm/`,
      iccUrl: `${PDFJS_ROOT}iccs/`,
      isEvalSupported: false,
      // Images the structure reader did not measure (inline images, appearance streams, patterns) are
      // skipped above this size instead of decoded.
      maxImageSize: maxImagePixels,
      verbosity: 0,
      stopAtErrors: false,
    }).promise;
  } catch (e) {
    if ((e as { name?: string }).name === 'PasswordException')
      throw new PermanentError(
        ReasonCode.encrypted,
        'Die PDF-Datei ist verschlüsselt (Passwort erforderlich).',
        {
          cause: e,
        },
      );
    throw new PermanentError(ReasonCode.unreadable, `Die PDF-Datei ist beschädigt: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return {
    async render(index, dpi, maxPixels) {
      // Anything pdf.js throws about one page is the page's problem, never worth a retry.
      try {
        const page = await doc.getPage(index + 1);
        const base = page.getViewport({ scale: 1 });
        let scale = dpi / 72;
        const pixels = base.width * base.height * scale * scale;
        if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
        const vp = page.getViewport({ scale });
        const canvas = createCanvas(Math.max(1, Math.floor(vp.width)), Math.max(1, Math.floor(vp.height)));
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        // pdf.js types expect a DOM canvas; the skia canvas implements the same API.
        await page.render({ canvasContext: ctx as never, viewport: vp, canvas: canvas as never }).promise;
        const data = Buffer.from(canvas.data());
        page.cleanup();
        return { data, width: canvas.width, height: canvas.height, dpi: scale * 72 };
      } catch (e) {
        throw new PermanentError(
          ReasonCode.unreadable,
          `Seite ${index + 1} kann nicht dargestellt werden: ${(e as Error).message}`,
          { cause: e },
        );
      }
    },
    close: () => doc.destroy(),
  };
}
