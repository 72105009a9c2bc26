// Decodes an input file into its pages, one at a time and through positional reads (bounded memory, the
// file is never read whole). Limits are checked from headers before anything is decoded. PDF pages that
// are plain scans hand out their own image (a JPEG is kept as it is); other PDF pages are rendered with
// pdf.js (./render.ts); TIFF, PNG and JPEG files go through sharp (libvips).
import fs from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import { bufferSource, fileSource, type RandomAccess } from '../../core/random-access.ts';
import { sniffType, tiffResolutions, type InputType } from '../../ingest/sniff.ts';
import { PdfFile, type PdfPageInfo, type Quarter, type ScanImage } from './pdf/reader.ts';
import type { Renderer } from './render.ts';
import { encodePng, type Raster } from '../image/raster.ts';

export type { Raster };

sharp.cache(false);

export type ColourMode = 'bitonal' | 'grey' | 'colour';

export interface DecodeOptions {
  /** Resolution pages are rendered at, and the most a page keeps (scans above it are downsampled). */
  dpi: number;
  /** Pixel cap of one page raster; bigger pages are downsampled. */
  maxPagePixels: number;
  maxPages: number;
  /** Largest image decoded at all (decompression-bomb guard), checked from headers. */
  maxImagePixels: number;
}

export interface DecodedPage {
  /**
   * The page image as stored: the scan's own JPEG or CCITT data where a PDF page holds exactly that at a
   * resolution that needs no change, else a lossless greyscale PNG.
   */
  image: Buffer;
  /** Clockwise quarter turn that shows `image` as the page is displayed. */
  orient: Quarter;
  /** Size and resolution of the page as displayed. */
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  /** Resolution at which the page was scanned, where the file tells (null: a vector page). */
  scanDpi: number | null;
  colour: ColourMode;
  /** The displayed page, grey, at about 200 dpi: for the separator and blank checks. */
  preview: Raster;
}

export interface Input {
  count: number;
  /** The pages from `from` (1-based) on. */
  pages(from: number): AsyncGenerator<DecodedPage>;
  close(): Promise<void>;
}

/** Resolution of the preview: separator codes are large, blank checks work at 100 dpi. */
export const PREVIEW_DPI = 200;
/** A scan above the profile's resolution by more than this is downsampled to it. */
const DPI_SLACK = 1.2;
/**
 * Largest image pdf.js may decode for a page it renders (it holds the image as RGBA): pages with bigger
 * images are refused rather than risk the sandbox's memory.
 */
const MAX_RENDERED_IMAGE_PIXELS = 60_000_000;

const tooLarge = (what: string, w: number, h: number, limit: number) =>
  new PermanentError(
    ReasonCode.tooLarge,
    `${what} hat ${w} × ${h} Pixel; erlaubt sind höchstens ${limit} Pixel (Schutz vor Dekompressionsbomben).`,
  );

/** Defaults of the standard profile, for tools and tests. */
export const DEFAULT_DECODE: DecodeOptions = {
  dpi: 300,
  maxPagePixels: 36_000_000,
  maxPages: 2000,
  maxImagePixels: 150_000_000,
};

/**
 * Opens a file (a path; tools and tests may pass the bytes); PermanentError for what cannot or must not be
 * read. The caller closes it.
 */
export async function openInput(file: string | Buffer, opts: DecodeOptions = DEFAULT_DECODE): Promise<Input> {
  const handle = typeof file === 'string' ? await fs.open(file, 'r') : undefined;
  try {
    const src = handle ? await fileSource(handle) : bufferSource(file as Buffer);
    if (src.size === 0) throw new PermanentError(ReasonCode.empty, 'Die Datei ist leer (0 Byte).');
    const type = sniffType(await src.read(0, 1024));
    if (!type)
      throw new PermanentError(
        ReasonCode.unsupportedType,
        'Dateityp nicht unterstützt (erwartet PDF, TIFF, PNG oder JPEG).',
      );
    const input = type === 'pdf' ? await openPdf(src, opts) : await openImage(file, type, src, opts);
    if (input.count === 0) throw new PermanentError(ReasonCode.unreadable, 'Die Datei enthält keine Seiten.');
    if (input.count > opts.maxPages)
      throw new PermanentError(
        ReasonCode.tooLarge,
        `Die Datei hat ${input.count} Seiten, erlaubt sind höchstens ${opts.maxPages}.`,
      );
    return { ...input, close: async () => (await input.close(), await handle?.close()) };
  } catch (e) {
    await handle?.close();
    throw e;
  }
}

/** A decoded page as a grey PNG, turned as displayed (tools and tests). */
export async function displayedPng(page: DecodedPage): Promise<Buffer> {
  if (page.orient === 0 && page.image.subarray(1, 4).toString('latin1') === 'PNG') return page.image;
  return sharp(page.image).rotate(page.orient).toColourspace('b-w').withDensity(page.dpiX).png().toBuffer();
}

/** Every page of a file as a grey PNG (tools and tests). */
export async function pagePngs(
  file: string | Buffer,
  opts: DecodeOptions = DEFAULT_DECODE,
): Promise<Buffer[]> {
  const input = await openInput(file, opts);
  try {
    const out: Buffer[] = [];
    for await (const page of input.pages(1)) out.push(await displayedPng(page));
    return out;
  } finally {
    await input.close();
  }
}

/**
 * Colour mode from RGB pixels: scanners write grey pages as RGB, so colour means visible chroma (a channel
 * spread over 40) on more than 1 % of the pixels (sampled).
 */
function chromaOf(data: Buffer, channels: number): 'grey' | 'colour' {
  let chroma = 0;
  let n = 0;
  const step = channels * 7; // every 7th pixel
  for (let i = 0; i + 2 < data.length; i += step, n++) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) chroma++;
  }
  return chroma > n * 0.01 ? 'colour' : 'grey';
}

/** The grey preview of a page image. */
async function previewOf(img: Sharp, dpi: number, width: number): Promise<Raster> {
  const scale = Math.min(1, PREVIEW_DPI / dpi);
  const { data, info } = await img
    .resize({ width: Math.max(1, Math.round(width * scale)) })
    .toColourspace('b-w')
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: dpi * scale };
}

/**
 * A page from a sharp pipeline that shows it as displayed, at `dpiX` x `dpiY`, decoded once: pixels made
 * square (fax scans), downsampled to the profile's resolution and pixel cap, stored as a lossless grey PNG.
 */
async function fromPixels(
  img: Sharp,
  size: { width: number; height: number; dpiX: number; dpiY: number; channels?: number; alpha?: boolean },
  scanDpi: number | null,
  colour: ColourMode | null,
  opts: DecodeOptions,
): Promise<DecodedPage> {
  const dpi = Math.max(size.dpiX, size.dpiY);
  let w = size.width * (dpi / size.dpiX);
  let h = size.height * (dpi / size.dpiY);
  const scale = Math.min(
    dpi > opts.dpi * DPI_SLACK ? opts.dpi / dpi : 1,
    Math.sqrt(opts.maxPagePixels / Math.max(1, w * h)),
  );
  w = Math.max(1, Math.round(w * scale));
  h = Math.max(1, Math.round(h * scale));
  // Transparent parts onto white paper; an odd extra band (neither grey+alpha nor RGBA) is dropped.
  const flat = size.channels === 2 || size.channels === 4;
  const decoded = await (
    size.alpha ? (flat ? img.flatten({ background: '#ffffff' }) : img.removeAlpha()) : img
  )
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = decoded.info.channels;
  const resolved = colour ?? (channels >= 3 ? chromaOf(decoded.data, channels) : 'grey');
  const data =
    channels === 1
      ? decoded.data
      : await sharp(decoded.data, { raw: { width: w, height: h, channels } })
          .toColourspace('b-w')
          .extractChannel(0)
          .raw()
          .toBuffer();
  const raster: Raster = { data, width: w, height: h, dpi: dpi * scale };
  const grey = () => sharp(data, { raw: { width: w, height: h, channels: 1 } });
  return {
    image: await encodePng(raster),
    orient: 0,
    width: w,
    height: h,
    dpiX: raster.dpi,
    dpiY: raster.dpi,
    scanDpi,
    colour: resolved,
    preview: await previewOf(grey(), raster.dpi, w),
  };
}

/** Colour mode of an encoded image, from a small copy (JPEG decodes it at 1/8 scale). */
async function colourOfImage(img: Sharp): Promise<'grey' | 'colour'> {
  const { data, info } = await img.resize({ width: 300 }).removeAlpha().toColourspace('srgb').raw().toBuffer({
    resolveWithObject: true,
  });
  return chromaOf(data, info.channels);
}

/** A plain scan page of a PDF: its own JPEG or CCITT data kept when no resampling is needed. */
async function fromScan(scan: ScanImage, info: PdfPageInfo, opts: DecodeOptions): Promise<DecodedPage> {
  const quarter = scan.rotate === 90 || scan.rotate === 270;
  let width = quarter ? scan.height : scan.width;
  let height = quarter ? scan.width : scan.height;
  const bitonal = scan.bitsPerComponent === 1 || info.largestImage?.bitsPerComponent === 1;
  const scanDpi = Math.round(Math.min(scan.dpiX, scan.dpiY));
  // An image may reach a little beyond the page (G4 writers pad to whole blocks): cut it to the page.
  const turned = info.rotate === 90 || info.rotate === 270;
  const pageW = Math.round(((turned ? info.heightPt : info.widthPt) / 72) * scan.dpiX);
  const pageH = Math.round(((turned ? info.widthPt : info.heightPt) / 72) * scan.dpiY);
  const padded = width > pageW + 1 || height > pageH + 1;
  const load = () => {
    const img = (
      scan.encoding === 'raw'
        ? sharp(scan.data, {
            raw: { width: scan.width, height: scan.height, channels: scan.channels as 1 | 3 },
          })
        : sharp(scan.data, { limitInputPixels: opts.maxImagePixels })
    )
      .flop(scan.flip)
      .rotate(scan.rotate);
    return padded
      ? img.extract({ left: 0, top: 0, width: Math.min(width, pageW), height: Math.min(height, pageH) })
      : img;
  };
  if (padded) [width, height] = [Math.min(width, pageW), Math.min(height, pageH)];
  const square = Math.abs(scan.dpiX / scan.dpiY - 1) <= 0.05;
  const keep =
    scan.encoding !== 'raw' &&
    !scan.flip &&
    !padded &&
    square &&
    scan.dpiX <= opts.dpi * DPI_SLACK &&
    width * height <= opts.maxPagePixels;
  const colour: ColourMode | null = bitonal ? 'bitonal' : scan.channels === 1 ? 'grey' : null;
  if (!keep)
    return fromPixels(load(), { width, height, dpiX: scan.dpiX, dpiY: scan.dpiY }, scanDpi, colour, opts);
  return {
    image: scan.data,
    orient: scan.rotate,
    width,
    height,
    dpiX: scan.dpiX,
    dpiY: scan.dpiY,
    scanDpi,
    colour: colour ?? (await colourOfImage(load())),
    preview: await previewOf(load(), scan.dpiX, width),
  };
}

/** A PDF without its end-of-file marker was cut off (in transfer, or still being written). */
async function cutOff(src: RandomAccess, e: unknown): Promise<never> {
  const tail = await src.read(Math.max(0, src.size - 2048), 2048);
  if (e instanceof PermanentError && e.reason === ReasonCode.unreadable && !tail.includes('%%EOF'))
    throw new PermanentError(ReasonCode.truncated, 'Die PDF-Datei ist unvollständig (abgeschnitten).', {
      cause: e,
    });
  throw e;
}

async function openPdf(
  src: RandomAccess,
  opts: DecodeOptions,
): Promise<Omit<Input, 'close'> & { close(): Promise<void> }> {
  const pdf = await PdfFile.open(src, { maxPages: opts.maxPages, maxImagePixels: opts.maxImagePixels }).catch(
    (e: unknown) => cutOff(src, e),
  );
  const infos = await pdf.pages().catch((e: unknown) => cutOff(src, e));
  let renderer: Renderer | undefined;
  async function render(info: PdfPageInfo): Promise<DecodedPage> {
    const big = info.images.find((i) => i.width * i.height > MAX_RENDERED_IMAGE_PIXELS);
    if (big)
      throw tooLarge(
        `Seite ${info.index + 1} enthält ein Bild, das`,
        big.width,
        big.height,
        MAX_RENDERED_IMAGE_PIXELS,
      );
    renderer ??= await (await import('./render.ts')).openRenderer(src, MAX_RENDERED_IMAGE_PIXELS);
    const r = await renderer.render(info.index, opts.dpi, opts.maxPagePixels);
    const img = info.largestImage;
    const native = img?.dpiX && img.dpiY ? Math.round(Math.min(img.dpiX, img.dpiY)) : null;
    const bitonal = img && (img.bitsPerComponent === 1 || img.imageMask);
    return fromPixels(
      sharp(r.data, { raw: { width: r.width, height: r.height, channels: 4 } }).removeAlpha(),
      { width: r.width, height: r.height, dpiX: r.dpi, dpiY: r.dpi },
      native,
      bitonal ? 'bitonal' : null,
      opts,
    );
  }
  return {
    count: infos.length,
    async *pages(from) {
      for (const info of infos.slice(from - 1)) {
        const page = await (async () => {
          const scan = pdf.encrypted ? null : await pdf.scanImage(info);
          // Image data that sharp cannot decode (a damaged JPEG or G4 stream): pdf.js renders what it can.
          if (scan)
            return fromScan(scan, info, opts).catch((e: unknown) => {
              if (e instanceof PermanentError) throw e;
              return render(info);
            });
          return render(info);
        })().catch((e: unknown) => cutOff(src, e));
        yield page;
      }
    },
    close: async () => renderer?.close(),
  };
}

async function openImage(file: string | Buffer, type: InputType, src: RandomAccess, opts: DecodeOptions) {
  const header = (page?: number) =>
    sharp(file, { page, limitInputPixels: false })
      .metadata()
      .catch((e: unknown) => {
        throw new PermanentError(ReasonCode.unreadable, 'Das Bild kann nicht gelesen werden.', { cause: e });
      });
  const meta = await header();
  const count = meta.pages ?? 1;
  const resolutions = type === 'tiff' ? await tiffResolutions(src) : [];
  return {
    count,
    async *pages(from: number): AsyncGenerator<DecodedPage> {
      for (let i = from - 1; i < count; i++) {
        const m = count > 1 ? await header(i) : meta;
        const w = m.width ?? 0;
        const h = m.pageHeight ?? m.height ?? 0;
        if (w * h > opts.maxImagePixels) throw tooLarge(`Seite ${i + 1}`, w, h, opts.maxImagePixels);
        // 72 and 96 dpi are what cameras and screenshots write when they do not know: treat as unknown and
        // assume a portrait A4/Letter page (short side ~8.3 in).
        const res = resolutions[i];
        const density =
          m.density && m.density > 10 && m.density !== 72 && m.density !== 96 ? m.density : null;
        const guess = Math.min(600, Math.max(100, Math.round(Math.min(w, h) / 8.27)));
        const [dpiX, dpiY] = res ? [res.x, res.y] : [density ?? guess, density ?? guess];
        const known = res ? Math.round(Math.min(res.x, res.y)) : density;
        const exif = (m.orientation ?? 1) >= 5; // EXIF orientations 5-8 turn the page a quarter
        const img = sharp(file, {
          page: i,
          limitInputPixels: opts.maxImagePixels,
          failOn: 'truncated',
        }).rotate();
        const bitonal = (m as { bitsPerSample?: number }).bitsPerSample === 1;
        try {
          yield await fromPixels(
            img,
            exif
              ? { width: h, height: w, dpiX: dpiY, dpiY: dpiX, alpha: m.hasAlpha, channels: m.channels }
              : { width: w, height: h, dpiX, dpiY, alpha: m.hasAlpha, channels: m.channels },
            known,
            bitonal ? 'bitonal' : null,
            opts,
          );
        } catch (e) {
          throw new PermanentError(
            ReasonCode.truncated,
            `Seite ${i + 1} ist beschädigt oder unvollständig.`,
            {
              cause: e,
            },
          );
        }
      }
    },
    close: async () => {},
  };
}
