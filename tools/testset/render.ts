// Vector rendering of the test family's pages: three standard font families (Helvetica, Times, Courier),
// grey inks, rules, frames and shaded boxes. The scanner effects come from tools/letters/render.ts;
// heavier specks are added here to some scans.
import sharp from 'sharp';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { lineLeft } from '../letters/spec.ts';
import { MM, fontOf, type Face, type TestBlock, type TestPage } from './layout.ts';
import type { Rng } from './util.ts';

export async function testVectorPdf(pages: TestPage[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const fonts = new Map<string, PDFFont>();
  const font = async (face: Face, bold: boolean, italic: boolean) => {
    const name = fontOf(face, bold, italic);
    let f = fonts.get(name);
    if (!f) {
      f = await pdf.embedFont(name);
      fonts.set(name, f);
    }
    return f;
  };
  for (const p of pages) {
    const page = pdf.addPage([210 * MM, 297 * MM]);
    const H = page.getHeight();
    for (const r of p.rects) {
      const grey = r.ink ?? 0.1;
      page.drawRectangle({
        x: r.x * MM,
        y: H - (r.y + r.h) * MM,
        width: r.w * MM,
        height: r.h * MM,
        borderColor: rgb(grey, grey, grey),
        borderWidth: r.width ?? 0.8,
        ...(r.fill !== undefined ? { color: rgb(r.fill, r.fill, r.fill) } : {}),
      });
    }
    for (const l of p.rules) {
      const grey = l.ink ?? 0.1;
      page.drawLine({
        start: { x: l.x1 * MM, y: H - l.y1 * MM },
        end: { x: l.x2 * MM, y: H - l.y2 * MM },
        thickness: l.width ?? 0.6,
        color: rgb(grey, grey, grey),
      });
    }
    for (const b of p.blocks) drawBlock(page, b, await font(b.face ?? 'sans', !!b.bold, !!b.italic));
  }
  return Buffer.from(await pdf.save());
}

function drawBlock(page: PDFPage, b: TestBlock, font: PDFFont) {
  const H = page.getHeight();
  const grey = b.ink ?? 0.05;
  const ink = rgb(grey, grey, grey);
  const left = (line: string) => lineLeft(b, font.widthOfTextAtSize(line, b.size) / MM) * MM;
  b.lines.forEach((line, i) => {
    if (!line) return;
    page.drawText(line, {
      x: left(line),
      y: H - b.y * MM - (i + 1) * b.size * 1.35,
      size: b.size,
      font,
      color: ink,
    });
  });
  if (b.frame) {
    const shown = b.lines.filter(Boolean);
    const x0 = Math.min(...shown.map(left)) - 2 * MM;
    const x1 = Math.max(...shown.map((l) => left(l) + font.widthOfTextAtSize(l, b.size))) + 2 * MM;
    const height = b.lines.length * b.size * 1.35 + 3 * MM;
    page.drawRectangle({
      x: x0,
      y: H - b.y * MM - height + 1 * MM,
      width: x1 - x0,
      height,
      borderColor: ink,
      borderWidth: 1.2,
    });
  }
}

/** Heavier speck noise on a scanned page (dust, toner): small dark clusters, as a grey PNG at 300 dpi. */
export async function addSpecks(png: Buffer, r: Rng, count: number): Promise<Buffer> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  for (let i = 0; i < count; i++) {
    const cx = Math.floor(r() * w);
    const cy = Math.floor(r() * h);
    const size = r() < 0.8 ? 1 : r() < 0.9 ? 2 : 3;
    const grey = 30 + Math.floor(r() * 90);
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < w && y < h) data[y * w + x] = grey;
      }
  }
  return sharp(data, { raw: { width: w, height: h, channels: 1 } })
    .toColourspace('b-w')
    .withDensity(300)
    .png()
    .toBuffer();
}
