// A bounded PDF reader: opens a file by positional reads, checks structure and limits before anything is
// decoded, lists pages with their images, and hands out the image of a plain scan page.
import { PermanentError, ReasonCode } from '../../../core/errors.ts';
import { singleXObject } from './content.ts';
import { filterNames } from './filters.ts';
import {
  PdfOp,
  PdfRef,
  PdfStream,
  corrupt,
  isDict,
  mib,
  nameOf,
  numOf,
  type PdfDict,
  type PdfObject,
} from './objects.ts';
import { Parser, parseAt } from './parser.ts';
import { covers, placement, round2, scanData, type Box, type ImageDesc, type Quarter } from './scan-image.ts';
import type { RandomAccess } from '../../../core/random-access.ts';
import { decodeSimple, rawStream, type StreamParams } from './streams.ts';
import { Entry, XrefTable, readXref, scanFile, type ScanResult } from './xref.ts';

export type { Box, Quarter } from './scan-image.ts';

export interface PdfLimits {
  maxPages: number;
  /** Largest width × height of any single image (decompression-bomb guard). */
  maxImagePixels: number;
  /** Deepest page tree (default 64). */
  maxTreeDepth?: number;
  /** Deepest nesting of Form XObjects (default 8). */
  maxFormDepth?: number;
  /** Largest object number, and so xref size (default 1 000 000). */
  maxObjects?: number;
  /** Largest inflated content, object or xref stream, and largest object (default 64 MiB). */
  maxInflateBytes?: number;
}

export interface ImageInfo {
  width: number;
  height: number;
  bitsPerComponent: number;
  /** 'DeviceGray', 'DeviceRGB', 'DeviceCMYK', 'ICCBased:<N>', 'Indexed', other families; 'None' for masks. */
  colorSpace: string;
  filters: string[];
  imageMask: boolean;
  /** Resolution along the image's width and height, assuming it fills the crop box (as scan pages do). */
  dpiX?: number;
  dpiY?: number;
}

export interface PdfPageInfo {
  /** 0-based. */
  index: number;
  mediaBox: Box;
  /** Clipped to the media box. */
  cropBox: Box;
  rotate: Quarter;
  /** Size of the crop box before rotation, in points. */
  widthPt: number;
  heightPt: number;
  /** Every image XObject reachable from the page's resources, Form XObjects included. */
  images: ImageInfo[];
  largestImage: ImageInfo | null;
}

/**
 * The image of a plain scan page, in a form sharp reads. Upright as on the page:
 * `sharp(data).flop(flip).rotate(rotate)`, with `{ raw: { width, height, channels } }` for raw.
 */
export interface ScanImage {
  /**
   * jpeg: the stream bytes unchanged (ignore any EXIF orientation: PDF viewers do); tiff: the CCITT data
   * in a minimal TIFF; raw: 8-bit samples, rows top to bottom.
   */
  encoding: 'jpeg' | 'tiff' | 'raw';
  data: Buffer;
  width: number;
  height: number;
  /** 1 or 3. */
  channels: number;
  /** 8 for jpeg and raw (1-bit images come as 0/255), 1 for tiff. */
  bitsPerComponent: number;
  /** Clockwise degrees the image must be turned to appear as on the page (page /Rotate and placement). */
  rotate: Quarter;
  /** Mirror left-right before turning (rare). */
  flip: boolean;
  /** Image pixels per inch of the page as displayed. */
  dpiX: number;
  dpiY: number;
}

const LETTER: Box = [0, 0, 612, 792];
const INHERITED = ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;
const DEVICE = new Set(['DeviceGray', 'DeviceRGB', 'DeviceCMYK']);
const MAX_CACHED_OBJECTS = 20_000;
const MAX_REF_CHAIN = 32;

type Inherited = Partial<Record<(typeof INHERITED)[number], PdfObject>>;
interface PageData {
  info: PdfPageInfo;
  node: PdfDict;
  resources: PdfDict | undefined;
}
interface ObjStm {
  data: Buffer;
  first: number;
  nums: number[];
  offsets: number[];
}
interface Chain {
  num: number | undefined;
  up: Chain | undefined;
}

const isTooLarge = (e: unknown) => e instanceof PermanentError && e.reason === ReasonCode.tooLarge;

/** A PDF file read through positional reads; throws PermanentError for what it cannot or must not read. */
export class PdfFile {
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStms = new Map<number, Promise<ObjStm>>();
  private repaired = false;
  private pageList: Promise<PageData[]> | undefined;

  private constructor(
    private readonly src: RandomAccess,
    private readonly limits: Required<PdfLimits>,
    private table: XrefTable,
    private trailer: PdfDict,
    /** The file ends with %%EOF: what is missing is damage, not a cut-off transfer. */
    private readonly complete: boolean,
  ) {}

  /**
   * Encrypted (trailer /Encrypt): not decrypted. `pages()` still works unless objects sit in (encrypted)
   * object streams; `scanImage` returns null; pdf.js may still open files without a user password.
   */
  get encrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  /**
   * Reads the header, the xref (tables, streams, /Prev chain) and the catalog; repairs a missing or broken
   * xref by scanning the file for objects.
   * @example
   * const pdf = await PdfFile.open(await fileSource(handle), { maxPages: 2000, maxImagePixels: 150_000_000 });
   * for (const page of await pdf.pages()) (await pdf.scanImage(page)) ?? renderWithPdfJs(page.index);
   */
  static async open(src: RandomAccess, limits: PdfLimits): Promise<PdfFile> {
    const lim: Required<PdfLimits> = {
      maxPages: limits.maxPages,
      maxImagePixels: limits.maxImagePixels,
      maxTreeDepth: limits.maxTreeDepth ?? 64,
      maxFormDepth: limits.maxFormDepth ?? 8,
      maxObjects: limits.maxObjects ?? 1_000_000,
      maxInflateBytes: limits.maxInflateBytes ?? 64 * 1024 * 1024,
    };
    if ((await src.read(0, 1024)).indexOf('%PDF-') < 0)
      throw new PermanentError(
        ReasonCode.unreadable,
        'Die Datei ist keine PDF-Datei (der Kopf „%PDF-“ fehlt).',
      );
    const tail = (await src.read(Math.max(0, src.size - 2048), 2048)).toString('latin1');
    const file = new PdfFile(src, lim, new XrefTable(lim.maxObjects), new Map(), tail.includes('%%EOF'));
    const start = /^startxref[\0\t\n\f\r ]+(\d+)/.exec(
      tail.slice(Math.max(0, tail.lastIndexOf('startxref'))),
    );
    try {
      if (!start) throw corrupt('„startxref“ fehlt');
      ({ table: file.table, trailer: file.trailer } = await readXref(src, Number(start[1]), lim));
    } catch (e) {
      if (isTooLarge(e)) throw e;
      await file.repair();
    }
    await file.catalog();
    return file;
  }

  /** The pages in document order, with their inherited boxes and rotation and their images. */
  async pages(): Promise<PdfPageInfo[]> {
    this.pageList ??= this.walk();
    return (await this.pageList).map((p) => p.info);
  }

  /**
   * The page's image when it is a plain scan page (one image covering the crop box, nothing else visible but
   * invisible OCR text) in an encoding handed out directly; null when pdf.js must render the page.
   */
  async scanImage(page: PdfPageInfo): Promise<ScanImage | null> {
    if (this.encrypted) return null;
    this.pageList ??= this.walk();
    const pd = (await this.pageList)[page.index];
    if (!pd) return null;
    try {
      const content = await this.content(pd.node, page.index + 1);
      const painted = content && singleXObject(content);
      if (!painted) return null;
      const xobjects = await this.resolve(pd.resources?.get('XObject'));
      const x = isDict(xobjects) ? await this.resolve(xobjects.get(painted.name)) : null;
      if (!(x instanceof PdfStream) || nameOf(await this.resolve(x.dict.get('Subtype'))) !== 'Image')
        return null;
      const params = await this.params(x);
      const img = await this.imageDesc(x, pd.resources, params);
      const where = placement(painted.ctm, pd.info.cropBox, pd.info.rotate, img.width, img.height);
      if (!where || !painted.clips.every((clip) => covers(clip, pd.info.cropBox))) return null;
      if (x.dict.has('OC') || !(await this.opaque(painted.states, pd.resources))) return null;
      const raw = await rawStream(this.src, x, params.length);
      const out = raw && scanData(img, raw);
      return out && { ...out, width: img.width, height: img.height, ...where };
    } catch (e) {
      if (e instanceof PermanentError && e.reason !== ReasonCode.tooLarge) return null;
      throw e;
    }
  }

  /** Whether the named graphics states leave painting as it is: no soft mask, no transparency. */
  private async opaque(names: string[], res: PdfDict | undefined): Promise<boolean> {
    const states = names.length > 0 ? await this.resolve(res?.get('ExtGState')) : null;
    for (const name of names) {
      const gs = isDict(states) ? await this.resolve(states.get(name)) : null;
      if (!isDict(gs)) return false;
      const smask = await this.resolve(gs.get('SMask'));
      const alpha = [
        numOf(await this.resolve(gs.get('ca'))) ?? 1,
        numOf(await this.resolve(gs.get('CA'))) ?? 1,
      ];
      const blend = nameOf(await this.resolve(gs.get('BM'))) ?? 'Normal';
      if ((smask !== null && nameOf(smask) !== 'None') || alpha.some((a) => a < 1)) return false;
      if (blend !== 'Normal' && blend !== 'Compatible') return false;
    }
    return true;
  }

  /** Damage, or a cut-off file when the end-of-file marker is missing too. */
  private broken(detail: string, cause?: unknown): PermanentError {
    if (this.complete) return new PermanentError(ReasonCode.unreadable, corrupt(detail).message, { cause });
    const message = `Die PDF-Datei ist unvollständig (abgeschnitten): ${detail}.`;
    return new PermanentError(ReasonCode.truncated, message, { cause });
  }

  private async catalog(): Promise<PdfDict> {
    const root = await this.resolve(this.trailer.get('Root'));
    if (isDict(root) && root.has('Pages')) return root;
    if (this.repaired) throw this.broken('das Inhaltsverzeichnis (Katalog) fehlt');
    await this.repair();
    return this.catalog();
  }

  /** Rebuilds the xref from the objects found in the file, and finds the trailer or at least the catalog. */
  private async repair(): Promise<void> {
    if (this.repaired) return;
    this.repaired = true;
    const found = await scanFile(this.src, this.limits.maxObjects);
    this.table = found.table;
    this.cache.clear();
    this.objStms.clear();
    for (const num of found.objStms) {
      const stm = await this.objStm(num).catch(() => undefined);
      stm?.nums.forEach((n, i) => {
        const free = n < this.limits.maxObjects && this.table.get(n).kind !== Entry.offset;
        if (free) this.table.set(n, Entry.compressed, num, i, true);
      });
    }
    this.trailer = await this.findTrailer(found);
  }

  private async findTrailer(found: ScanResult): Promise<PdfDict> {
    const candidates: PdfDict[] = [];
    for (const at of found.trailers.toReversed()) {
      const dict = await parseAt(this.src, at + 7, 1 << 20, (p) => p.next()).catch(() => null);
      if (isDict(dict)) candidates.push(dict);
    }
    for (const num of found.xrefStms.toReversed()) {
      const s = await this.object(num).catch(() => null);
      if (s instanceof PdfStream) candidates.push(s.dict);
    }
    for (const dict of candidates) {
      const root = await this.resolve(dict.get('Root')).catch(() => null);
      if (isDict(root) && root.has('Pages')) return dict;
    }
    const encrypt = candidates.find((d) => d.has('Encrypt'))?.get('Encrypt');
    for (const num of found.catalogs.toReversed()) {
      const o = await this.object(num).catch(() => null);
      if (!isDict(o) || nameOf(o.get('Type')) !== 'Catalog' || !o.has('Pages')) continue;
      const trailer = new Map<string, PdfObject>([['Root', new PdfRef(num, 0)]]);
      if (encrypt) trailer.set('Encrypt', encrypt);
      return trailer;
    }
    throw this.broken('weder die Querverweistabelle noch das Inhaltsverzeichnis (Katalog) sind lesbar');
  }

  /** Object `num` (null when free or missing). */
  private async object(num: number): Promise<PdfObject> {
    const hit = this.cache.get(num);
    if (hit !== undefined) return hit;
    const e = this.table.get(num);
    let obj: PdfObject = null;
    if (e.kind === Entry.offset) {
      let cause: unknown;
      const found = await parseAt(this.src, e.a, this.limits.maxInflateBytes, (p) => p.indirect()).catch(
        (err: unknown) => {
          if (isTooLarge(err)) throw err;
          cause = err;
          return undefined;
        },
      );
      if (found?.num !== num) {
        if (this.repaired) throw this.broken(`Objekt ${num} kann nicht gelesen werden`, cause);
        await this.repair();
        return this.object(num);
      }
      obj = found.obj;
    } else if (e.kind === Entry.compressed) obj = await this.compressed(num, e.a, e.b);
    if (this.cache.size >= MAX_CACHED_OBJECTS) this.cache.clear();
    this.cache.set(num, obj);
    return obj;
  }

  private async compressed(num: number, stmNum: number, index: number): Promise<PdfObject> {
    if (this.table.get(stmNum).kind !== Entry.offset)
      throw this.broken(`Objekt ${num} liegt in einem Objekt-Datenstrom, den es nicht gibt`);
    const stm = await this.objStm(stmNum);
    const i = stm.nums[index] === num ? index : stm.nums.indexOf(num);
    if (i < 0) return null;
    const v = new Parser(stm.data, stm.first + stm.offsets[i]!).next();
    if (v === undefined || v instanceof PdfOp) throw this.broken(`Objekt ${num} kann nicht gelesen werden`);
    return v;
  }

  private objStm(num: number): Promise<ObjStm> {
    let stm = this.objStms.get(num);
    if (!stm) {
      stm = this.loadObjStm(num);
      this.objStms.set(num, stm);
      if (this.objStms.size > 4) this.objStms.delete(this.objStms.keys().next().value!);
    }
    return stm;
  }

  private async loadObjStm(num: number): Promise<ObjStm> {
    const s = await this.object(num);
    if (!(s instanceof PdfStream)) throw this.broken(`Objekt ${num} ist kein Objekt-Datenstrom`);
    if (this.encrypted) throw new PermanentError(ReasonCode.encrypted, 'Die PDF-Datei ist verschlüsselt.');
    // Only direct /Filter and /DecodeParms: resolving through other object streams could wait on itself.
    const params = { filter: s.dict.get('Filter'), parms: s.dict.get('DecodeParms') };
    const data = await decodeSimple(
      this.src,
      s,
      params,
      this.limits.maxInflateBytes,
      `Der Objekt-Datenstrom ${num}`,
    );
    if (!data) throw corrupt(`der Objekt-Datenstrom ${num} ist mit einem nicht unterstützten Filter kodiert`);
    const n = numOf(s.dict.get('N')) ?? 0;
    const p = new Parser(data);
    const stm: ObjStm = { data, first: numOf(s.dict.get('First')) ?? 0, nums: [], offsets: [] };
    for (let i = 0; i < n; i++) {
      const [obj, off] = [p.next(), p.next()];
      if (typeof obj !== 'number' || typeof off !== 'number') break;
      stm.nums.push(obj);
      stm.offsets.push(off);
    }
    return stm;
  }

  /** Follows references (a bounded chain). */
  private async resolve(o: PdfObject | undefined): Promise<PdfObject> {
    for (let i = 0; o instanceof PdfRef; i++) {
      if (i >= MAX_REF_CHAIN) throw corrupt(`Objekt ${o.num} ist Teil einer Verweiskette ohne Ende`);
      o = await this.object(o.num);
    }
    return o ?? null;
  }

  /** Resolves `o` and, when it is an array, its elements. */
  private async resolveAll(o: PdfObject | undefined): Promise<PdfObject> {
    const v = await this.resolve(o);
    return Array.isArray(v) ? Promise.all(v.map((e) => this.resolve(e))) : v;
  }

  private async params(s: PdfStream): Promise<StreamParams> {
    return {
      filter: await this.resolveAll(s.dict.get('Filter')),
      parms: await this.resolveAll(s.dict.get('DecodeParms')),
      length: s.length >= 0 ? undefined : numOf(await this.resolve(s.dict.get('Length'))),
    };
  }

  /** Depth-first through /Kids, with cycle, depth and page-count checks; /Count is never trusted. */
  private async walk(): Promise<PageData[]> {
    const { maxPages, maxTreeDepth } = this.limits;
    const tooMany = () =>
      new PermanentError(ReasonCode.tooLarge, `Die PDF-Datei hat mehr als ${maxPages} Seiten.`);
    const catalog = await this.catalog();
    const out: PageData[] = [];
    const visited = new Set<number>();
    const budget = { xobjects: this.limits.maxObjects };
    const stack: Array<{ ref: PdfObject; depth: number; inherited: Inherited; parent: Chain | undefined }> = [
      { ref: catalog.get('Pages') ?? null, depth: 0, inherited: {}, parent: undefined },
    ];
    while (stack.length > 0) {
      const { ref, depth, inherited, parent } = stack.pop()!;
      const num = ref instanceof PdfRef ? ref.num : undefined;
      if (num !== undefined) {
        for (let c = parent; c; c = c.up)
          if (c.num === num) throw corrupt(`der Seitenbaum verweist auf sich selbst (Objekt ${num})`);
        if (visited.has(num)) throw corrupt(`der Seitenbaum enthält Objekt ${num} mehrfach`);
        visited.add(num);
        if (visited.size > 2 * maxPages + maxTreeDepth) throw tooMany();
      }
      const node = await this.resolve(ref);
      if (!isDict(node))
        throw this.broken(
          num === undefined
            ? 'der Seitenbaum fehlt'
            : `der Seitenbaum verweist auf das fehlende Objekt ${num}`,
        );
      const inh: Inherited = { ...inherited };
      for (const k of INHERITED) if (node.has(k)) inh[k] = node.get(k);
      const kids = await this.resolve(node.get('Kids'));
      const type = nameOf(node.get('Type'));
      if (type === 'Pages' || (type !== 'Page' && Array.isArray(kids))) {
        if (!Array.isArray(kids)) throw corrupt('ein Knoten des Seitenbaums hat keine /Kids-Liste');
        if (depth >= maxTreeDepth) throw corrupt(`der Seitenbaum ist tiefer als ${maxTreeDepth} Ebenen`);
        if (kids.length > maxPages) throw tooMany();
        const chain = { num, up: parent };
        for (let i = kids.length - 1; i >= 0; i--)
          stack.push({ ref: kids[i]!, depth: depth + 1, inherited: inh, parent: chain });
      } else {
        if (out.length >= maxPages) throw tooMany();
        out.push(await this.page(node, inh, out.length, budget));
      }
    }
    if (out.length === 0)
      throw new PermanentError(ReasonCode.unreadable, 'Die PDF-Datei enthält keine Seiten.');
    return out;
  }

  private async page(
    node: PdfDict,
    inh: Inherited,
    index: number,
    budget: { xobjects: number },
  ): Promise<PageData> {
    const mediaBox = (await this.box(inh.MediaBox)) ?? LETTER;
    const crop = await this.box(inh.CropBox);
    const clipped: Box | undefined = crop && [
      Math.max(crop[0], mediaBox[0]),
      Math.max(crop[1], mediaBox[1]),
      Math.min(crop[2], mediaBox[2]),
      Math.min(crop[3], mediaBox[3]),
    ];
    const cropBox = clipped && clipped[2] > clipped[0] && clipped[3] > clipped[1] ? clipped : mediaBox;
    const r = numOf(await this.resolve(inh.Rotate)) ?? 0;
    const rotate = (Number.isInteger(r / 90) ? ((r % 360) + 360) % 360 : 0) as Quarter;
    const res = await this.resolve(inh.Resources);
    const resources = isDict(res) ? res : undefined;
    const images = await this.images(resources, index + 1, budget);
    const [widthPt, heightPt] = [cropBox[2] - cropBox[0], cropBox[3] - cropBox[1]];
    // Estimated resolution: scan pages place the image over the whole page, turned with /Rotate.
    const [boxW, boxH] = rotate % 180 ? [heightPt, widthPt] : [widthPt, heightPt];
    let largestImage: ImageInfo | null = null;
    for (const img of images) {
      const [pw, ph] = img.width > img.height !== boxW > boxH ? [boxH, boxW] : [boxW, boxH];
      if (img.width > 0 && img.height > 0)
        Object.assign(img, { dpiX: round2((img.width * 72) / pw), dpiY: round2((img.height * 72) / ph) });
      if (!largestImage || img.width * img.height > largestImage.width * largestImage.height)
        largestImage = img;
    }
    const info = { index, mediaBox, cropBox, rotate, widthPt, heightPt, images, largestImage };
    return { info, node, resources };
  }

  /** A rectangle [x0 y0 x1 y1], normalised; undefined when it is not one. */
  private async box(o: PdfObject | undefined): Promise<Box | undefined> {
    const v = await this.resolveAll(o);
    if (!Array.isArray(v) || v.length !== 4) return undefined;
    const n = v.map(numOf);
    if (n.some((x) => x === undefined)) return undefined;
    const [a, b, c, d] = n as Box;
    const box: Box = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
    return box[2] > box[0] && box[3] > box[1] ? box : undefined;
  }

  /** Every image reachable from `resources`, through Form XObjects; checks each against maxImagePixels. */
  private async images(
    resources: PdfDict | undefined,
    pageNo: number,
    budget: { xobjects: number },
  ): Promise<ImageInfo[]> {
    const { maxFormDepth, maxImagePixels } = this.limits;
    const out: ImageInfo[] = [];
    const seen = new Set<number>(); // a form listing itself (or an ancestor) is visited once
    const visit = async (res: PdfObject | undefined, depth: number): Promise<void> => {
      const dict = await this.resolve(res);
      const xobjects = isDict(dict) ? await this.resolve(dict.get('XObject')) : null;
      if (!isDict(dict) || !isDict(xobjects)) return;
      for (const ref of xobjects.values()) {
        if (--budget.xobjects < 0) throw corrupt('die Datei enthält zu viele Bild- und Formular-Objekte');
        if (ref instanceof PdfRef) {
          if (seen.has(ref.num)) continue;
          seen.add(ref.num);
        }
        const x = await this.resolve(ref).catch((e: unknown) => {
          if (e instanceof PermanentError && e.reason === ReasonCode.unreadable) return null; // pdf.js skips it too
          throw e;
        });
        if (!(x instanceof PdfStream)) continue;
        const subtype = nameOf(await this.resolve(x.dict.get('Subtype')));
        if (subtype === 'Image') {
          const img = await this.imageInfo(x, dict);
          if (img.width * img.height > maxImagePixels)
            throw new PermanentError(
              ReasonCode.tooLarge,
              `Seite ${pageNo} enthält ein Bild mit ${img.width} × ${img.height} Pixeln; erlaubt sind höchstens ${maxImagePixels} Pixel (Schutz vor Dekompressionsbomben).`,
            );
          out.push(img);
        } else if (subtype === 'Form') {
          if (depth >= maxFormDepth)
            throw corrupt(
              `Seite ${pageNo} enthält Formular-Objekte, die tiefer als ${maxFormDepth} Ebenen verschachtelt sind`,
            );
          await visit(x.dict.get('Resources'), depth + 1);
        }
      }
    };
    await visit(resources, 0);
    return out;
  }

  private async imageInfo(x: PdfStream, res: PdfDict): Promise<ImageInfo> {
    const size = async (k: string) => Math.max(0, numOf(await this.resolve(x.dict.get(k))) ?? 0);
    const imageMask = (await this.resolve(x.dict.get('ImageMask'))) === true;
    return {
      width: await size('Width'),
      height: await size('Height'),
      bitsPerComponent: numOf(await this.resolve(x.dict.get('BitsPerComponent'))) ?? (imageMask ? 1 : 0),
      colorSpace: imageMask ? 'None' : await this.colorSpace(x.dict.get('ColorSpace'), res),
      filters: filterNames(await this.resolveAll(x.dict.get('Filter'))),
      imageMask,
    };
  }

  private async imageDesc(x: PdfStream, res: PdfDict | undefined, params: StreamParams): Promise<ImageDesc> {
    const info = await this.imageInfo(x, res ?? new Map());
    const decode = await this.resolveAll(x.dict.get('Decode'));
    const list = Array.isArray(params.parms) ? params.parms : [params.parms];
    const parms = await Promise.all(
      list.map(async (p) =>
        isDict(p)
          ? new Map(await Promise.all([...p].map(async ([k, v]) => [k, await this.resolve(v)] as const)))
          : undefined,
      ),
    );
    return {
      ...info,
      filters: filterNames(params.filter),
      parms,
      decode: Array.isArray(decode) ? decode.map((v) => numOf(v) ?? NaN) : undefined,
      masked: info.imageMask || x.dict.has('SMask') || x.dict.has('Mask'),
    };
  }

  /** A colour space as a short string; named ones are looked up in the resources' /ColorSpace. */
  private async colorSpace(o: PdfObject | undefined, res: PdfDict, named = false): Promise<string> {
    const cs = await this.resolve(o);
    const name = nameOf(cs);
    if (name !== undefined) {
      const table = DEVICE.has(name) || named ? null : await this.resolve(res.get('ColorSpace'));
      return isDict(table) && table.has(name) ? this.colorSpace(table.get(name), res, true) : name;
    }
    if (!Array.isArray(cs)) return 'None';
    const family = nameOf(await this.resolve(cs[0])) ?? '?';
    if (family !== 'ICCBased') return family;
    const profile = await this.resolve(cs[1]);
    const n = profile instanceof PdfStream ? numOf(await this.resolve(profile.dict.get('N'))) : undefined;
    return `ICCBased:${n ?? '?'}`;
  }

  /** The page's content streams, inflated and joined; null when a part uses a filter other than Flate. */
  private async content(node: PdfDict, pageNo: number): Promise<Buffer | null> {
    const c = await this.resolve(node.get('Contents'));
    const what = `Der Inhalt von Seite ${pageNo}`;
    const cap = this.limits.maxInflateBytes;
    const parts: Buffer[] = [];
    let total = 0;
    for (const item of Array.isArray(c) ? c : [c]) {
      const s = await this.resolve(item);
      if (!(s instanceof PdfStream)) continue;
      const data = await decodeSimple(this.src, s, await this.params(s), cap, what);
      if (!data) return null;
      parts.push(data, Buffer.from('\n'));
      if ((total += data.length + 1) > cap)
        throw new PermanentError(
          ReasonCode.tooLarge,
          `${what} ist entpackt größer als ${mib(cap)} (Schutz vor Dekompressionsbomben).`,
        );
    }
    return parts.length > 0 ? Buffer.concat(parts) : null;
  }
}
