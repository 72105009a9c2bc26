import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { HAS_PEER, itPeer, PEER, PEER_TAG } from '../../test/helpers.ts';
import { textLikePage } from '../../test/fixtures/pages.ts';
import { jpxPdf } from '../../test/fixtures/jpx.ts';
import { displayedPng, openInput, type DecodeOptions } from './decode.ts';

const opts: DecodeOptions = { dpi: 150, maxPagePixels: 36e6, maxPages: 100, maxImagePixels: 150e6 };
const peer = (f: string) => fs.readFileSync(path.join(PEER, f));

/** Every page from `from` on, each also as the grey PNG it shows. */
async function all(data: Buffer, o = opts, from = 1) {
  const input = await openInput(data, o);
  try {
    const out = [];
    for await (const p of input.pages(from)) out.push({ ...p, png: await displayedPng(p) });
    return { count: input.count, out };
  } finally {
    await input.close();
  }
}

describe('openInput', () => {
  it('renders a page whose JPEG data is damaged instead of failing it (sharp cannot decode it)', async () => {
    const jpeg = await sharp(await textLikePage())
      .jpeg({ quality: 80 })
      .toBuffer();
    // The header stays whole (size, components); the scan data stops half way.
    const damaged = Buffer.concat([jpeg.subarray(0, jpeg.length >> 1), Buffer.from([0xff, 0xd9])]);
    await expect(sharp(damaged).raw().toBuffer()).rejects.toThrow();
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(damaged);
    doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const { count, out } = await all(Buffer.from(await doc.save()));
    expect(count).toBe(1);
    expect(out).toHaveLength(1);
  });

  itPeer('rasterises every page of a PDF at the profile resolution, greyscale', async () => {
    const { count, out } = await all(peer('ocrmypdf/cardinal.pdf'));
    expect(count).toBe(4);
    expect(out).toHaveLength(4);
    const meta = await sharp(out[0]!.png).metadata();
    expect(meta.channels).toBe(1);
    expect(meta.density).toBe(150);
    expect(out[0]!.dpiX).toBe(150);
  });

  itPeer('reads CCITT and JBIG2 encoded pages', async () => {
    for (const f of ['ocrmypdf/ccitt.pdf', 'ocrmypdf/jbig2.pdf'])
      expect((await all(peer(f))).out).toHaveLength(1);
  });

  it('reads a JPEG 2000 page', async () => {
    const { out } = await all(await jpxPdf(), { ...opts, dpi: 100 });
    const { data, info } = await sharp(out[0]!.png)
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, out[0]!.scanDpi]).toEqual([400, 300, 100]);
    expect(data[150 * 400 + 200]).toBeLessThan(60); // the dark rectangle
    expect(data[5 * 400 + 5]).toBeGreaterThan(200); // the paper
  });

  it('reads a multi-page TIFF with JPEG compression', async () => {
    const page = await textLikePage({ dpi: 300 });
    const tiff = await sharp([page, page], { join: { animated: true } })
      .toColourspace('b-w')
      .tiff({ compression: 'jpeg', quality: 80, xres: 300 / 25.4, yres: 300 / 25.4 })
      .toBuffer();
    const { out } = await all(tiff);
    expect(out.map((p) => p.scanDpi)).toEqual([300, 300]);
  });

  it('reads every page of a multi-page TIFF with its resolution', async () => {
    const page = await textLikePage({ dpi: 200 });
    const tiff = await sharp([page, page, page], { join: { animated: true } })
      .toColourspace('b-w')
      .tiff({ compression: 'lzw', xres: 200 / 25.4, yres: 200 / 25.4 })
      .toBuffer();
    const { count, out } = await all(tiff, { ...opts, dpi: 200 });
    expect(count).toBe(3);
    expect(out.map((p) => [p.width, p.height])).toEqual(Array(3).fill([1240, 1754]));
  });

  itPeer('skips pages already split without decoding them (a split resuming after a crash)', async () => {
    const pdf = peer('ocrmypdf/cardinal.pdf');
    const whole = await all(pdf);
    const rest = await all(pdf, opts, 3);
    expect(rest.count).toBe(whole.count);
    expect(rest.out.map((p) => p.png)).toEqual(whole.out.slice(2).map((p) => p.png));
    const page = await textLikePage();
    const tiff = await sharp([page, page, page], { join: { animated: true } })
      .toColourspace('b-w')
      .tiff()
      .toBuffer();
    expect((await all(tiff, opts, 2)).out).toHaveLength(2);
  });

  it('stretches non-square fax pixels (200 x 100 dpi) to square ones and reports the lower resolution', async () => {
    const page = await textLikePage({ width: 1700, height: 1100 });
    const fax = await sharp(page)
      .threshold(128)
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 200 / 25.4, yres: 100 / 25.4 })
      .toBuffer();
    const { out } = await all(fax, { ...opts, dpi: 200 });
    expect([out[0]!.width, out[0]!.height]).toEqual([1700, 2200]);
    expect(out[0]).toMatchObject({ dpiX: 200, scanDpi: 100, colour: 'bitonal' });
  });

  itPeer(
    'reads every page of a PDF of mixed sources and keeps a very high resolution page within the profile',
    async () => {
      const { count, out } = await all(peer('ocrmypdf/multipage.pdf'));
      expect(out).toHaveLength(count);
      expect(count).toBeGreaterThanOrEqual(6);
      const [hi] = (await all(peer('ocrmypdf/2400dpi.pdf'), { ...opts, dpi: 300 })).out;
      // 120 x 86 pt at 300 dpi, whatever the 2400 dpi image inside.
      expect([hi!.width, hi!.height]).toEqual([500, 358]);
      expect(hi!.scanDpi).toBe(2400);
    },
  );

  it('downsamples a scan above the profile resolution, and keeps one within it', async () => {
    const page = await textLikePage({ dpi: 200 });
    const tiff = await sharp(page)
      .tiff({ compression: 'lzw', xres: 200 / 25.4, yres: 200 / 25.4 })
      .toBuffer();
    const [kept] = (await all(tiff, { ...opts, dpi: 200 })).out;
    const [down] = (await all(tiff, { ...opts, dpi: 150 })).out;
    expect([kept!.width, kept!.dpiX, kept!.scanDpi]).toEqual([1240, 200, 200]);
    expect([down!.width, down!.dpiX, down!.scanDpi]).toEqual([930, 150, 200]);
  });

  itPeer('downsamples a page above the pixel cap', async () => {
    const { out } = await all(peer('ocrmypdf/linn.pdf'), {
      ...opts,
      dpi: 300,
      maxPagePixels: 1_000_000,
    });
    expect(out[0]!.width * out[0]!.height).toBeLessThanOrEqual(1_000_000);
  });

  it.skipIf(!HAS_PEER).each([
    ['paperless/password-is-test.pdf', 'encrypted'],
    ['ocrmypdf/invalid.pdf', 'unreadable'],
  ])(`rejects %s as %s ${PEER_TAG}`, async (file, reason) => {
    await expect(all(peer(file))).rejects.toMatchObject({ name: 'PermanentError', reason });
  });

  itPeer('repairs a damaged but recoverable PDF', async () => {
    expect((await all(peer('paperless/invalid_pdf.pdf'))).count).toBe(2);
  });

  itPeer('rejects a PDF cut off in the middle as truncated', async () => {
    const pdf = peer('ocrmypdf/linn.pdf');
    await expect(all(pdf.subarray(0, Math.floor(pdf.length / 3)))).rejects.toMatchObject({
      reason: 'truncated',
    });
  });

  itPeer('rejects a decompression bomb before decoding it', async () => {
    await expect(all(peer('ocrmypdf/hugemono.pdf'))).rejects.toMatchObject({
      reason: 'too_large',
      message: expect.stringContaining('35000 × 35000'),
    });
  });

  itPeer('records the scan resolution and colour mode of each page', async () => {
    const { out } = await all(peer('ocrmypdf/ccitt.pdf'));
    expect(out[0]).toMatchObject({ scanDpi: 300, colour: 'bitonal', dpiX: 150 });
  });

  it('rejects a truncated image with a reason', async () => {
    const png = await textLikePage();
    await expect(all(png.subarray(0, png.length / 2))).rejects.toMatchObject({
      name: 'PermanentError',
    });
  });

  itPeer('refuses more pages than the profile allows', async () => {
    await expect(all(peer('ocrmypdf/cardinal.pdf'), { ...opts, maxPages: 3 })).rejects.toMatchObject({
      reason: 'too_large',
    });
  });
});
