import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { itPeer, PEER } from '../../test/helpers.ts';
import { checkAgainstProfile, colourMode, pdfPageImages } from './scan-info.ts';

const profile = { name: 'standard', dpi: 300, colour: 'grey' as const };
const page = (scanDpi: number | null, colour: 'bitonal' | 'grey' | 'colour' = 'grey', kind = 'content') => ({
  pageNo: 1,
  scanDpi,
  colour,
  kind,
});

describe('pdfPageImages', () => {
  itPeer('reads the scan resolution and bit depth of page images without decoding them', async () => {
    const [p] = (await pdfPageImages(fs.readFileSync(path.join(PEER, 'ocrmypdf/ccitt.pdf'))))!;
    expect(p).toMatchObject({ width: 2550, height: 3300, dpiX: 300, dpiY: 300, bitonal: true });
    const [c] = (await pdfPageImages(fs.readFileSync(path.join(PEER, 'ocrmypdf/c02-22.pdf'))))!;
    expect(c).toMatchObject({ width: 800, height: 981, bitonal: false });
    expect(c!.dpiX).toBe(150);
  });

  itPeer('accounts for /Rotate', async () => {
    const [p] = (await pdfPageImages(fs.readFileSync(path.join(PEER, 'ocrmypdf/rotated_skew.pdf'))))!;
    expect([p!.dpiX, p!.dpiY]).toEqual([300, 300]);
  });

  itPeer('gives up quietly on what it cannot parse', async () => {
    expect(await pdfPageImages(fs.readFileSync(path.join(PEER, 'ocrmypdf/invalid.pdf')))).toBeNull();
  });
});

describe('colourMode', () => {
  it('tells colour from grey pixels stored as RGB', async () => {
    const grey = sharp({
      create: { width: 100, height: 100, channels: 3, background: { r: 128, g: 128, b: 128 } },
    });
    const red = sharp({
      create: { width: 100, height: 100, channels: 3, background: { r: 200, g: 30, b: 30 } },
    });
    expect(await colourMode(grey, false)).toBe('grey');
    expect(await colourMode(red, false)).toBe('colour');
    expect(await colourMode(red, true)).toBe('bitonal');
  });
});

describe('checkAgainstProfile', () => {
  it('sends a page scanned below the profile resolution to review', () => {
    expect(checkAgainstProfile([page(200)], profile)).toMatchObject({
      reason: 'dpi_mismatch',
      message: expect.stringContaining('200 dpi'),
    });
    expect(checkAgainstProfile([page(285)], profile)).toBeNull(); // within 10 %
    expect(checkAgainstProfile([page(600)], profile)).toBeNull(); // more is downsampled
    expect(checkAgainstProfile([page(null)], profile)).toBeNull(); // unknown: nothing to check
    expect(checkAgainstProfile([page(150, 'grey', 'blank')], profile)).toBeNull(); // blank pages do not count
  });

  it('flags bitonal pages where the profile wants grey or colour', () => {
    expect(checkAgainstProfile([page(300, 'bitonal')], profile)).toMatchObject({ reason: 'colour_mismatch' });
    expect(checkAgainstProfile([page(300, 'colour')], profile)).toBeNull();
    expect(checkAgainstProfile([page(300, 'grey')], { ...profile, colour: 'bitonal' })).toBeNull();
  });
});
