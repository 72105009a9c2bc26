import { describe, expect, it } from 'vitest';
import { blankPage, textLikePage } from '../../test/fixtures/pages.ts';
import { isBlank } from './blank.ts';

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
});
