import { describe, expect, it } from 'vitest';
import {
  parseTransfervermerk,
  transfervermerkText,
  transfervermerkXml,
  validateTransfervermerk,
  xmpSummary,
} from './transfervermerk.ts';
import { SAMPLE } from '../../test/fixtures/transfervermerk.ts';

describe('Transfervermerk', () => {
  it('is valid against its schema and reads back as written', async () => {
    const xml = transfervermerkXml(SAMPLE);
    expect(await validateTransfervermerk(xml)).toEqual([]);
    expect(parseTransfervermerk(xml)).toEqual(SAMPLE);
    expect(xml).toContain('scan &lt;1&gt;&amp;.pdf');
  });

  it('is rejected by the schema when a required part is missing or a value is out of its set', async () => {
    const xml = transfervermerkXml(SAMPLE);
    expect((await validateTransfervermerk(xml.replace(/<Erklaerung>.*<\/Erklaerung>/, ''))).join()).toMatch(
      /Protokoll|Erklaerung/,
    );
    expect(
      await validateTransfervermerk(xml.replace('<Scanmodus>ersetzend', '<Scanmodus>irgendwie')),
    ).not.toEqual([]);
    expect(await validateTransfervermerk(xml.replace('hash="bbbb', 'hash="Xbbb'))).not.toEqual([]);
  });

  it('summarises itself for the XMP and for people', () => {
    expect(xmpSummary(SAMPLE)).toMatchObject({
      document: 'abc123-1/2',
      qaResult: 'bestanden (manuell, qa2)',
      auditHead: `42:${'b'.repeat(64)}`,
      anomalies: 'Leerseite (Quellseite 2) nicht übernommen; Seite gedreht (qa1, 2026-12-02T09:10:00Z)',
    });
    const text = transfervermerkText(SAMPLE);
    expect(text).toContain('Erfasst von: M. Muster, Scanstation Poststelle EG, Scanner Fujitsu fi-7160');
    expect(text).toContain('deskew(angle=-1.25) rotate(degrees=90)');
    expect(text).toContain('vollzählig (3 von 3 erwarteten Seiten)');
  });
});
