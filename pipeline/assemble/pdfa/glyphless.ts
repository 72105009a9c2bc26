// The font of the invisible text layer: a TrueType program whose every glyph is empty and 500 units wide,
// embedded as Type0 / CIDFontType2 with every CID mapped to glyph 1 (the way tesseract's PDF renderer does
// it). PDF/A wants every font embedded, even one that is never painted (render mode 3); the standard
// Helvetica we had before is not embeddable. The program is written here, table by table (a few hundred
// bytes), so no font file has to be found on the machine.
import { deflateSync } from 'node:zlib';
import { PDFHexString, PDFName, PDFString, type PDFDocument, type PDFRef } from 'pdf-lib';

/** Advance width of every glyph, in 1/1000 em (font units = PDF glyph space: unitsPerEm 1000). */
export const GLYPH_WIDTH = 500;
const FONT_NAME = 'GlyphLessFont';

class Writer {
  private readonly bytes: number[] = [];
  u16(...v: number[]) {
    for (const n of v) this.bytes.push((n >> 8) & 0xff, n & 0xff);
    return this;
  }
  u32(...v: number[]) {
    for (const n of v) this.u16((n >>> 16) & 0xffff, n & 0xffff);
    return this;
  }
  raw(b: Uint8Array) {
    this.bytes.push(...b);
    return this;
  }
  get length() {
    return this.bytes.length;
  }
  done() {
    return Uint8Array.from(this.bytes);
  }
}

function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4)
    sum =
      (sum + (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))) >>>
      0;
  return sum;
}

const utf16be = (s: string) => new Writer().u16(...[...s].map((c) => c.charCodeAt(0))).done();

/** The TrueType tables of a two-glyph font (.notdef and glyph 1), both empty. */
function tables(): Record<string, Uint8Array> {
  const glyphs = 2;
  const head = new Writer()
    .u32(0x00010000, 0x00010000, 0, 0x5f0f3cf5) // version, revision, checkSumAdjustment (set later), magic
    .u16(0x000b, 1000) // flags, unitsPerEm
    .u32(0, 0, 0, 0) // created, modified
    .u16(0, 0, GLYPH_WIDTH, 1000) // xMin yMin xMax yMax
    .u16(0, 8, 2, 0, 0) // macStyle, lowestRecPPEM, fontDirectionHint, indexToLocFormat short, glyphDataFormat
    .done();
  const hhea = new Writer()
    .u32(0x00010000)
    .u16(1000, 0, 0, GLYPH_WIDTH, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, glyphs)
    .done();
  const maxp = new Writer().u32(0x00010000).u16(glyphs, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0).done();
  const hmtx = new Writer().u16(GLYPH_WIDTH, 0, GLYPH_WIDTH, 0).done();
  const loca = new Writer().u16(0, 0, 0, 0).done(); // three offsets (all glyphs empty) and padding
  // cmap (3,1) format 4: the space maps to glyph 1 (a CIDFontType2 uses the CIDToGIDMap, not this).
  const cmap = new Writer()
    .u16(0, 1, 3, 1)
    .u32(12)
    .u16(4, 32, 0, 4, 4, 1, 0) // format, length, language, segCountX2, searchRange, entrySelector, rangeShift
    .u16(0x20, 0xffff, 0, 0x20, 0xffff, (1 - 0x20) & 0xffff, 1, 0, 0)
    .done();
  const names = [1, 4, 6].map((id) => ({ id, text: utf16be(FONT_NAME) }));
  const name = new Writer().u16(0, names.length, 6 + 12 * names.length);
  names.forEach((n, i) => name.u16(3, 1, 0x409, n.id, n.text.length, i * n.text.length));
  for (const n of names) name.raw(n.text);
  const post = new Writer()
    .u32(0x00030000, 0)
    .u16(-100 & 0xffff, 50)
    .u32(1, 0, 0, 0, 0)
    .done();
  return { cmap, glyf: new Uint8Array(0), head, hhea, hmtx, loca, maxp, name: name.done(), post };
}

let cached: Uint8Array | undefined;

/** The TrueType program (sfnt 1.0). */
export function glyphlessTtf(): Uint8Array {
  if (cached) return cached;
  const t = tables();
  const tags = Object.keys(t).sort();
  const n = tags.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  const out = new Writer().u32(0x00010000).u16(n, pow * 16, Math.log2(pow), n * 16 - pow * 16);
  let offset = 12 + 16 * n;
  const padded = tags.map((tag) => {
    const data = t[tag]!;
    const p = new Uint8Array(Math.ceil(data.length / 4) * 4);
    p.set(data);
    return { tag, data, p };
  });
  for (const { tag, data, p } of padded) {
    out.raw(new TextEncoder().encode(tag)).u32(checksum(p), offset, data.length);
    offset += p.length;
  }
  for (const { p } of padded) out.raw(p);
  const font = out.done();
  const headAt = 12 + 16 * n + padded.slice(0, tags.indexOf('head')).reduce((s, x) => s + x.p.length, 0);
  new DataView(font.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
  cached = font;
  return font;
}

/**
 * Registers the glyphless font in `pdf` (Type0, Identity-H, ToUnicode identity) and returns its reference.
 * Text shown with it is UTF-16BE (`glyphlessText`); every character is GLYPH_WIDTH wide.
 */
export function embedGlyphlessFont(pdf: PDFDocument): PDFRef {
  const ctx = pdf.context;
  const ttf = glyphlessTtf();
  const fontFile = ctx.register(ctx.flateStream(ttf, { Length1: ttf.length }));
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: FONT_NAME,
      Flags: 5,
      FontBBox: [0, 0, GLYPH_WIDTH, 1000],
      ItalicAngle: 0,
      Ascent: 1000,
      Descent: 0,
      CapHeight: 1000,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  // Every CID (a UTF-16 code unit) shows glyph 1.
  const map = new Uint8Array(65536 * 2);
  for (let i = 1; i < map.length; i += 2) map[i] = 1;
  const cidToGid = ctx.register(ctx.stream(deflateSync(map), { Filter: 'FlateDecode' }));
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: FONT_NAME,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: GLYPH_WIDTH,
      CIDToGIDMap: cidToGid,
    }),
  );
  const toUnicode = ctx.register(
    ctx.flateStream(
      [
        '/CIDInit /ProcSet findresource begin',
        '12 dict begin',
        'begincmap',
        '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
        '/CMapName /Adobe-Identity-UCS def',
        '/CMapType 2 def',
        '1 begincodespacerange',
        '<0000> <FFFF>',
        'endcodespacerange',
        '1 beginbfrange',
        '<0000> <FFFF> <0000>',
        'endbfrange',
        'endcmap',
        'CMapName currentdict /CMap defineresource pop',
        'end',
        'end',
      ].join('\n'),
    ),
  );
  return ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: FONT_NAME,
      Encoding: PDFName.of('Identity-H'),
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
}

/** Text for the glyphless font: UTF-16BE code units as a hex string. */
export function glyphlessText(text: string): PDFHexString {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return PDFHexString.of(hex);
}
