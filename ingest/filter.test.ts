import { describe, expect, it } from 'vitest';
import { acceptPath, isJunk } from './filter.ts';

describe('hot-folder filter', () => {
  it.each([
    '._scan.pdf',
    '.DS_Store',
    'Thumbs.db',
    '~$brief.docx',
    'scan.pdf.part',
    'upload.tmp',
    '@eaDir',
    '.stfolder',
  ])('ignores %s', (n) => {
    expect(isJunk(n)).toBe(true);
  });

  it.each(['scan 001.pdf', 'Brief Müller.tif', 'IMG_0001.JPG', 'notiz.txt'])('takes %s', (n) => {
    expect(isJunk(n)).toBe(false);
  });

  it('takes a name with path tricks instead of hiding it', () => {
    expect(isJunk('..\\..\\böse.pdf')).toBe(false);
    expect(acceptPath('..\\..\\böse.pdf')).toBe(true);
  });

  it('ignores files inside junk folders', () => {
    expect(acceptPath('@eaDir/scan.pdf/SYNOFILE_THUMB_M.jpg')).toBe(false);
    expect(acceptPath('Stapel 1/scan.pdf')).toBe(true);
  });
});
