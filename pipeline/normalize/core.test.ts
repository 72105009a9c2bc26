import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { blankPage, skewed, textLikePage } from '../../test/fixtures/pages.ts';
import { encodePng } from '../image/raster.ts';
import { measureSkew, normalizePage } from './core.ts';

describe('measureSkew', () => {
  it('finds skew within 0.1 degree over -5..+5 degrees (positive = clockwise)', async () => {
    const page = await textLikePage();
    const errors: number[] = [];
    for (const deg of [-4.7, -2.3, -0.8, 0.4, 1.5, 3.2, 5]) {
      const est = await measureSkew(await skewed(page, deg));
      errors.push(Math.abs(est - deg));
    }
    expect(Math.max(...errors)).toBeLessThanOrEqual(0.15);
    expect(errors.reduce((a, b) => a + b) / errors.length).toBeLessThanOrEqual(0.1);
  });

  it('says 0 for a page without text', async () => {
    expect(await measureSkew(await blankPage())).toBe(0);
  });
});

describe('normalizePage', () => {
  it('turns the page upright by the detector and straightens it, recording every change', async () => {
    const page = await skewed(await textLikePage(), 2);
    const upsideDown = await sharp(page).rotate(180).png().toBuffer();
    const out = await normalizePage(upsideDown, {
      detectOrientation: async () => ({ degrees: 180, confidence: 20 }),
    });
    expect(out.rotation).toBe(180);
    expect(Math.abs(out.skew - 2)).toBeLessThan(0.15);
    expect(out.enhancements.map((e) => e.op)).toEqual(['rotate', 'deskew']);
    const after = await measureSkew(out.raster);
    expect(Math.abs(after)).toBeLessThan(0.15);
    expect([out.raster.width, out.raster.height, out.raster.dpi]).toEqual([1240, 1754, 150]);
  });

  it('reports a page scanned turned 90 degrees clockwise as rotation 90', async () => {
    const out = await normalizePage(await textLikePage(), {
      detectOrientation: async () => ({ degrees: 270, confidence: 20 }),
    });
    expect(out.rotation).toBe(90);
  });

  it('crops dark scanner edges and records it, without touching text', async () => {
    const page = await textLikePage();
    const { width = 0, height = 0 } = await sharp(page).metadata();
    // A black band of 40 px on the left and 25 px at the bottom, as a scanner lid leaves them.
    const withEdges = await sharp(page)
      .extend({ left: 40, bottom: 25, background: '#101010' })
      .withDensity(150)
      .png()
      .toBuffer();
    const out = await normalizePage(withEdges, { detectOrientation: async () => null });
    expect(out.enhancements[0]).toEqual({ op: 'crop', params: { left: 40, top: 0, right: 0, bottom: 25 } });
    expect([out.raster.width, out.raster.height]).toEqual([width, height]);
  });

  it('leaves a page without dark edges uncropped', async () => {
    const out = await normalizePage(await textLikePage(), { detectOrientation: async () => null });
    expect(out.enhancements.filter((e) => e.op === 'crop')).toEqual([]);
  });

  it('despeckles the page only where the profile asks for it, and records it', async () => {
    const page = await blankPage();
    const plain = await normalizePage(page, { detectOrientation: async () => null });
    expect(plain.enhancements).toEqual([]);
    const clean = await normalizePage(page, { detectOrientation: async () => null }, { despeckle: true });
    expect(clean.enhancements).toEqual([{ op: 'despeckle', params: { maxSpeckPixels: 1 } }]);
    const dark = async (png: Buffer) =>
      (await sharp(png).extractChannel(0).raw().toBuffer()).filter((v) => v < 100).length;
    expect(await dark(page)).toBeGreaterThan(300);
    expect(await dark(await encodePng(clean.raster))).toBeLessThan((await dark(page)) * 0.02);
  });

  it('stretches contrast and whitens tinted paper where the profile asks for it', async () => {
    // Faint scan: ink at 120, tinted paper at 215.
    const faint = await sharp(await textLikePage())
      .linear(0.42, 110)
      .withDensity(150)
      .png()
      .toBuffer();
    const levels = async (png: Buffer) => {
      const px = await sharp(png).extractChannel(0).raw().toBuffer();
      let min = 255;
      let max = 0;
      for (const v of px) [min, max] = [Math.min(min, v), Math.max(max, v)];
      return { min, max };
    };
    const before = await levels(faint);
    const stretched = await normalizePage(faint, { detectOrientation: async () => null }, { contrast: true });
    expect(stretched.enhancements.map((e) => e.op)).toEqual(['contrast']);
    const after = await levels(await encodePng(stretched.raster));
    expect(after.max - after.min).toBeGreaterThan(before.max - before.min + 100);
    const cleaned = await normalizePage(faint, { detectOrientation: async () => null }, { background: true });
    expect(cleaned.enhancements).toEqual([{ op: 'background', params: { whiteFrom: 200 } }]);
    const whitened = await levels(await encodePng(cleaned.raster));
    expect(whitened.max).toBe(255);
    expect(whitened.min).toBe(before.min); // ink untouched
  });

  it('asks again at 300 dpi where OSD is unsure at 150 dpi, and follows the finer answer', async () => {
    const page = await textLikePage({ width: 2480, height: 3508, dpi: 300 });
    const widths: number[] = [];
    const out = await normalizePage(page, {
      detectOrientation: async (png) => {
        const { width = 0 } = await sharp(png).metadata();
        widths.push(width);
        return width < 2000 ? { degrees: 180, confidence: 2 } : { degrees: 0, confidence: 20 };
      },
    });
    expect(widths).toEqual([1240, 2480]);
    expect(out.rotation).toBe(0);
    const sure = await normalizePage(page, {
      detectOrientation: async () => ({ degrees: 180, confidence: 15 }),
    });
    expect(sure.rotation).toBe(180);
  });

  it('does not trust a low-confidence orientation', async () => {
    const out = await normalizePage(await textLikePage(), {
      detectOrientation: async () => ({ degrees: 180, confidence: 0.3 }),
    });
    expect(out.rotation).toBe(0);
    expect(out.enhancements).toEqual([]);
  });
});
