// Separator sheets in the peer corpus (paperless-ngx samples), with the outcomes their own tests assert.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describePeer, HAS_PEER, PEER } from '../../test/helpers.ts';
import { profileSchema } from '../../profiles/schema.ts';
import { cutItems } from './cut.ts';
import { openInput } from './decode.ts';
import { pageKind } from './separator.ts';
import type { PageKind } from '../../core/store/types.ts';

const expectations = (
  HAS_PEER
    ? JSON.parse(fs.readFileSync(path.join(PEER, 'expectations.json'), 'utf8'))
    : { separator_sheets: {} }
).separator_sheets as Record<
  string,
  { separator_pages: number[]; pages?: number; documents_after_split?: number; value?: string }
>;
const standard = profileSchema.parse({ name: 'standard' });

async function split(file: string, separator = standard.separator) {
  const input = await openInput(fs.readFileSync(path.join(PEER, file)));
  const kinds: PageKind[] = [];
  for await (const p of input.pages(1)) kinds.push(await pageKind(p.preview, separator));
  await input.close();
  return cutItems(kinds);
}

describePeer('separator sheets', () => {
  for (const [file, expected] of Object.entries(expectations)) {
    if (file === 'paperless/barcode-qr-custom.pdf') continue;
    it(`${file}: separators on pages ${JSON.stringify(expected.separator_pages)} (0-based)`, async () => {
      const { kinds, items } = await split(file);
      const separators = kinds.flatMap((k, i) => (k === 'separator' ? [i] : []));
      // A blank back right after a sheet belongs to the sheet; the barcode pages themselves must match.
      expect(
        separators
          .filter((i) => !expected.separator_pages.includes(i))
          .every((i) => kinds[i - 1] === 'separator'),
      ).toBe(true);
      expect(expected.separator_pages.every((i) => separators.includes(i))).toBe(true);
      if (expected.pages) expect(kinds).toHaveLength(expected.pages);
      if (expected.documents_after_split) expect(items).toHaveLength(expected.documents_after_split);
    }, 30_000);
  }

  it('reads a custom separator value only with a profile that asks for it', async () => {
    const file = 'paperless/barcode-qr-custom.pdf';
    expect((await split(file)).kinds).not.toContain('separator');
    const custom = profileSchema.parse({
      name: 'custom',
      separator: { values: ['CUSTOM BARCODE'] },
    }).separator;
    expect((await split(file, custom)).kinds).toEqual(['separator']);
  }, 30_000);
});
