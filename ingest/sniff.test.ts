import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { bufferSource } from '../core/random-access.ts';
import { isComplete, sniffType } from './sniff.ts';

const white = (format: 'png' | 'jpeg' | 'tiff') =>
  sharp({
    create: {
      width: 300,
      height: 300,
      channels: 3,
      background: '#fff',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    [format](format === 'tiff' ? { compression: 'none' } : {})
    .toBuffer();

describe('sniffType', () => {
  it('recognises scanner formats by their bytes, not their name', async () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    // Some scanners write bytes before the header; the PDF spec tolerates them within the first KiB.
    expect(sniffType(Buffer.from('\n\xa0\xa4\x03%PDF-1.5\n', 'latin1'))).toBe('pdf');
    expect(sniffType(await white('png'))).toBe('png');
    expect(sniffType(await white('jpeg'))).toBe('jpeg');
    expect(sniffType(await white('tiff'))).toBe('tiff');
    expect(sniffType(Buffer.from('Hallo, ich bin eine Textdatei.'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });
});

describe('isComplete', () => {
  it.each(['png', 'jpeg', 'tiff'] as const)(
    'accepts a whole %s and rejects its first half',
    async (format) => {
      const data = await white(format);
      expect(await isComplete(format, bufferSource(data))).toBe(true);
      expect(await isComplete(format, bufferSource(data.subarray(0, Math.floor(data.length / 2))))).toBe(
        false,
      );
    },
  );

  it('wants the PDF trailer', async () => {
    expect(
      await isComplete(
        'pdf',
        bufferSource(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')),
      ),
    ).toBe(true);
    expect(await isComplete('pdf', bufferSource(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n')))).toBe(
      false,
    );
  });

  it('rejects a TIFF whose IFD chain points past the end of the file', async () => {
    const data = await white('tiff');
    const broken = Buffer.from(data);
    broken.writeUInt32LE(data.length + 100, 4); // first IFD offset beyond the end
    expect(await isComplete('tiff', bufferSource(broken))).toBe(false);
  });
});
