// PAdES seals on small pdf-lib PDFs: the PDF/A-safe placeholder, signing, and what verification catches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, StandardFonts } from 'pdf-lib';
import type * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, startTestTsa, type TestTsa } from '../../test/tsa.ts';
import { createDevSeal, loadSealKey, parseCertificates, type SealKey } from './keys.ts';
import { addSealPlaceholder, pdfTextLiteral, signPdf, verifyPdfSeal } from './pades.ts';

let key: SealKey;
let trust: pkijs.Certificate[];

async function placeholderPdf(timestamped = false, needAppearances = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText('Eingangspost 4711', { x: 20, y: 100, font: await doc.embedFont(StandardFonts.Helvetica) });
  if (needAppearances)
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [], NeedAppearances: true }));
  addSealPlaceholder(doc, {
    name: 'poststelle',
    reason: 'Transfervermerk und Scanprodukt (BSI TR-03138)',
    location: 'Poststelle Süd',
    signingTime: new Date('2026-01-02T03:04:05Z'),
    timestamped,
  });
  return doc.save({ useObjectStreams: false });
}

beforeAll(async () => {
  const dev = await createDevSeal();
  key = await loadSealKey({ keyPem: dev.keyPem, certPem: dev.certPem });
  trust = parseCertificates(dev.caPem);
});

describe('addSealPlaceholder', () => {
  it('adds an invisible, printable, PDF/A-safe ETSI.CAdES.detached signature field', async () => {
    const doc = await PDFDocument.load(await placeholderPdf(false, true));
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(acroForm.get(PDFName.of('SigFlags'))).toEqual(PDFNumber.of(3));
    expect(acroForm.has(PDFName.of('NeedAppearances'))).toBe(false);
    const widget = doc.context.lookup(acroForm.lookup(PDFName.of('Fields'), PDFArray).get(0), PDFDict);
    expect(widget.get(PDFName.of('F'))).toEqual(PDFNumber.of(4));
    expect(widget.lookup(PDFName.of('Rect'), PDFArray).asArray().map(String)).toEqual(['0', '0', '0', '0']);
    const ap = widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N'));
    expect(ap).toBeInstanceOf(PDFRef);
    const annots = doc.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    expect(annots.asArray()).toContain(acroForm.lookup(PDFName.of('Fields'), PDFArray).get(0));
    const sig = widget.lookup(PDFName.of('V'), PDFDict);
    expect(sig.get(PDFName.of('SubFilter'))).toBe(PDFName.of('ETSI.CAdES.detached'));
    expect(sig.lookup(PDFName.of('Location'))?.toString()).toBe(`(${pdfTextLiteral('Poststelle Süd')})`);
  });

  it('writes text strings as escaped ASCII or UTF-16BE', () => {
    expect(pdfTextLiteral('a (b) \\ c')).toBe('a \\(b\\) \\\\ c');
    expect(pdfTextLiteral('ü')).toBe('\\376\\377\\000\\374');
  });
});

describe('signPdf and verifyPdfSeal', () => {
  let sealed: Uint8Array;
  let range: number[];
  beforeAll(async () => {
    sealed = await signPdf(await placeholderPdf(), key);
    const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(Buffer.from(sealed).toString('latin1'))!;
    range = m.slice(1).map(Number);
  });

  it('seals the whole file except the /Contents hex string and verifies', async () => {
    expect(range[0]).toBe(0);
    expect(range[2]! + range[3]!).toBe(sealed.length);
    expect(String.fromCharCode(sealed[range[1]!]!, sealed[range[2]! - 1]!)).toBe('<>');
    expect(await verifyPdfSeal(sealed, trust)).toEqual({
      ok: true,
      signer: 'poststelle Entwicklungssiegel (nicht für den Echtbetrieb)',
      development: true,
      timestamp: null,
    });
  });

  it('one changed byte in the signed range fails the signature check', async () => {
    const text = Buffer.from(sealed).toString('latin1');
    // The binary comment after the header, the /Reason text, the first stream's (compressed) bytes.
    for (const at of [
      11,
      text.indexOf('/Reason') + 9,
      text.indexOf('/Producer') + 14,
      text.indexOf('stream\n') + 10,
    ]) {
      const tampered = Uint8Array.from(sealed);
      tampered[at]! ^= 0x01;
      expect(await verifyPdfSeal(tampered, trust)).toMatchObject({ ok: false, check: 'signature' });
    }
  });

  it('no changed byte anywhere in the file verifies', async () => {
    const step = Math.floor(sealed.length / 97);
    for (let at = 0; at < sealed.length; at += step) {
      const tampered = Uint8Array.from(sealed);
      tampered[at]! ^= 0x01;
      const r = await verifyPdfSeal(tampered, trust);
      expect(r.ok, `byte ${at} changed`).toBe(false);
    }
  });

  it('appended bytes fail the byte-range check', async () => {
    const update = Buffer.concat([Buffer.from(sealed), Buffer.from('\n% appended\n')]);
    expect(await verifyPdfSeal(update, trust)).toMatchObject({ ok: false, check: 'byte-range' });
  });

  it('another trust anchor fails the certificate check', async () => {
    const other = parseCertificates((await createDevSeal()).caPem);
    expect(await verifyPdfSeal(sealed, other)).toMatchObject({ ok: false, check: 'certificate' });
  });

  it('an unsealed PDF, or a placeholder never filled, has no seal', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(await verifyPdfSeal(await doc.save(), trust)).toMatchObject({ ok: false, check: 'no-seal' });
    expect(await verifyPdfSeal(await placeholderPdf(), trust)).toMatchObject({ ok: false });
    expect(await verifyPdfSeal(new TextEncoder().encode('kein PDF'), trust)).toMatchObject({
      check: 'no-seal',
    });
  });

  it('requireTimestamp without a timestamp fails the timestamp check', async () => {
    expect(await verifyPdfSeal(sealed, trust, { requireTimestamp: true })).toMatchObject({
      ok: false,
      check: 'timestamp',
    });
  });
});

const openssl = hasOpenssl();
if (!openssl)
  console.log(
    'core/seal/pades.test.ts: timestamped PDF test skipped: openssl (for the test TSA) is not on PATH',
  );

describe.skipIf(!openssl)('a timestamped PDF seal', () => {
  let dir: string;
  let tsa: TestTsa;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-pades-tsa-'));
    tsa = await startTestTsa(dir);
  });
  afterAll(async () => {
    await tsa?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies with the stamp time close to now', async () => {
    const sealed = await signPdf(await placeholderPdf(true), key, { tsaUrl: tsa.url });
    const r = await verifyPdfSeal(sealed, trust, {
      requireTimestamp: true,
      tsaTrust: parseCertificates(tsa.caPem),
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(Math.abs(r.timestamp!.getTime() - Date.now())).toBeLessThan(10_000);
  });
});
