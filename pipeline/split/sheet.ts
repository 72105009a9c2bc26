// The printable separator sheet (Trennblatt): a Code 128 and a QR code carrying the separator value, big
// enough to survive fax quality, skew and upside-down feeding. Made with zxing-wasm's writer and pdf-lib.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

async function barcodePng(value: string, format: 'Code128' | 'QRCode'): Promise<Uint8Array> {
  ready ??= (() => {
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
    return prepareZXingModule({
      overrides: {
        wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) as ArrayBuffer,
      },
      fireImmediately: true,
    });
  })();
  await ready;
  const { image, error } = await writeBarcode(value, { format, scale: 8 });
  if (!image) throw new Error(`cannot encode ${JSON.stringify(value)} as ${format}: ${error}`);
  return new Uint8Array(await image.arrayBuffer());
}

/**
 * One A4 page: the value as Code 128 at the top and upside down at the bottom, a QR code in the middle.
 * @example fs.writeFileSync('trennblatt.pdf', await separatorSheet('PATCHT'))
 */
export async function separatorSheet(value = 'PATCHT'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595.28, 841.89]);
  const font = await pdf.embedFont(StandardFonts.HelveticaBold);
  const bar = await pdf.embedPng(await barcodePng(value, 'Code128'));
  const qr = await pdf.embedPng(await barcodePng(value, 'QRCode'));
  const w = 440;
  const h = 120;
  const x = (page.getWidth() - w) / 2;
  page.drawImage(bar, { x, y: page.getHeight() - 80 - h, width: w, height: h });
  page.drawImage(bar, { x: x + w, y: 80 + h, width: w, height: h, rotate: degrees(180) });
  page.drawImage(qr, {
    x: (page.getWidth() - 200) / 2,
    y: (page.getHeight() - 200) / 2,
    width: 200,
    height: 200,
  });
  const title = 'TRENNBLATT';
  page.drawText(title, {
    x: (page.getWidth() - font.widthOfTextAtSize(title, 36)) / 2,
    y: page.getHeight() / 2 + 130,
    size: 36,
    font,
    color: rgb(0, 0, 0),
  });
  const note = `Poststelle: vor jedes Poststück legen (Wert ${value})`;
  page.drawText(note, {
    x: (page.getWidth() - font.widthOfTextAtSize(note, 12)) / 2,
    y: page.getHeight() / 2 - 140,
    size: 12,
    font,
  });
  return pdf.save();
}
