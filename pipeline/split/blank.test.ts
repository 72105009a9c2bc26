import { describe, expect, it } from 'vitest';
import { blankPage, textLikePage } from '../../test/fixtures/pages.ts';
import { isBlank, MAX_SPECK_INK, measureInk, MIN_MARK } from './blank.ts';

describe('isBlank', () => {
  it('flags an empty page with scanner specks', async () => {
    expect(await isBlank(await blankPage())).toBe(true);
  });

  it('flags a back page with light bleed-through', async () => {
    expect(await isBlank(await blankPage({ bleed: true }))).toBe(true);
  });

  it('never flags a page with handwritten initials or a stamp', async () => {
    expect(await isBlank(await blankPage({ mark: 'initials' }))).toBe(false);
    expect(await isBlank(await blankPage({ mark: 'stamp' }))).toBe(false);
  });

  it('never flags a text page', async () => {
    expect(await isBlank(await textLikePage({ rows: 3 }))).toBe(false);
  });

  it('never flags a page in faint ink (a pale ribbon: no pixel darker than 128)', async () => {
    const faint = await textLikePage({ rows: 3, ink: 145 });
    const [dark] = await measureInk(faint);
    expect(dark!.largest < MIN_MARK && dark!.total < MAX_SPECK_INK).toBe(true); // specks at 128 only
    expect(await isBlank(faint)).toBe(false);
  });
});
