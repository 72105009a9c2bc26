import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect } from 'vitest';
import { itPeer, PEER } from '../../test/helpers.ts';
import { textLikePage } from '../../test/fixtures/pages.ts';
import { DEFAULT_DECODE, pagePngs } from '../split/decode.ts';
import { textOnly } from './auto.ts';

async function firstPage(file: string) {
  return (await pagePngs(fs.readFileSync(path.join(PEER, file)), { ...DEFAULT_DECODE, dpi: 200 }))[0]!;
}

describe('textOnly', () => {
  itPeer('takes text pages and scanned text as bitonal', async () => {
    expect(await textOnly(await textLikePage())).toBe(true);
    expect(await textOnly(await firstPage('ocrmypdf/linn.pdf'))).toBe(true);
  });

  itPeer('keeps pages with a photo or a shaded stamp in greyscale', async () => {
    const page = await textLikePage();
    const photo = await sharp({
      create: {
        width: 300,
        height: 200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 25 },
      },
    })
      .greyscale()
      .png()
      .toBuffer();
    const withPhoto = await sharp(page)
      .composite([{ input: photo, left: 400, top: 600 }])
      .withDensity(150)
      .png()
      .toBuffer();
    expect(await textOnly(withPhoto)).toBe(false);
    expect(await textOnly(await firstPage('ocrmypdf/c02-22.pdf'))).toBe(false);
  });
});
