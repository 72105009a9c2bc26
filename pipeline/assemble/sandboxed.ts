// Sandboxed assemble: the item's PDF from its normalised pages (G4 or JPEG per page) and their OCR as an
// invisible text layer, stored as a blob.
import sharp from 'sharp';
import { BlobStore } from '../../core/blobs.ts';
import { PermanentError, ReasonCode, errorMessage } from '../../core/errors.ts';
import { addSealPlaceholder, signPdf } from '../../core/seal/pades.ts';
import type { SealKey } from '../../core/seal/keys.ts';
import { loadSeal } from '../seal.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import type { OcrPage } from '../ocr/schema.ts';
import { textOnly } from './auto.ts';
import { assemblePdf } from './core.ts';
import { checkPdfA } from './pdfa/check.ts';
import { parseTransfervermerk, transfervermerkText, xmpSummary } from './transfervermerk.ts';
import type { AssembleResult, AssembleTask } from './schema.ts';

sharp.cache(false);

/**
 * Whether a page goes out as bitonal G4: bitonal scans always (lossless for them); in mode g4 every page;
 * in mode auto grey pages that hold only text (colour pages and pictures stay JPEG).
 */
async function bitonal(png: Buffer, colour: string, mode: AssembleTask['compression']['mode']) {
  if (colour === 'bitonal' || mode === 'g4') return true;
  return mode === 'auto' && colour !== 'colour' && (await textOnly(png));
}

export default async function assemble(job: SandboxedJob<AssembleTask>): Promise<AssembleResult> {
  const t = job.data;
  const blobs = new BlobStore(t.blobs);
  const pages = [];
  for (const p of t.pages) {
    const png = await blobs.get(p.blob);
    pages.push({
      png,
      ocr: p.ocr ? await blobs.getJson<OcrPage>(p.ocr) : null,
      bitonal: await bitonal(png, p.colour, t.compression.mode),
    });
  }
  const xml = (await blobs.get(t.transfervermerk)).toString('utf8');
  const record = parseTransfervermerk(xml);
  // pdf.js only where a profile asks for the page (it is heavy to load in every sandbox).
  if (t.recordPage)
    pages.push(await (await import('./record-page.ts')).recordPage(transfervermerkText(record)));
  const key = await sealKey(t.seal);
  const created = new Date(t.created);
  const pdf = await assemblePdf(
    pages,
    {
      jpegQuality: t.compression.jpegQuality,
      title: t.title,
      subject: t.title,
      keywords: t.keywords,
      created,
      part: t.part,
      id: t.id,
      transfervermerk: { xml, summary: xmpSummary(record) },
    },
    key
      ? (doc) =>
          addSealPlaceholder(doc, {
            name: 'poststelle',
            reason: 'Transfervermerk und Scanprodukt (BSI TR-03138)',
            location: 'Poststelle',
            signingTime: new Date(),
            timestamped: !!t.seal.tsaUrl,
          })
      : undefined,
  );
  const sealed = key ? await sign(pdf, key, t.seal) : { pdf, timestamped: false };
  // Nothing leaves that our own PDF/A check rejects (a bug here must not reach an archive).
  const report = await checkPdfA(sealed.pdf, { part: t.part });
  if (!report.ok)
    throw new PermanentError(
      ReasonCode.stageFailed,
      `PDF/A-Prüfung fehlgeschlagen: ${report.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`,
    );
  return {
    pdf: await blobs.put(sealed.pdf),
    sealed: !!key,
    timestamped: sealed.timestamped,
    transfervermerk: t.transfervermerk,
  };
}

const keys = new Map<string, Promise<SealKey>>();

/**
 * The seal's key; at integrity 'hoch' and above one that cannot be loaded fails the item (seal_failed),
 * below it the PDF goes out unsealed (the stage's `done` logs that).
 */
async function sealKey(s: AssembleTask['seal']): Promise<SealKey | null> {
  try {
    // Loaded once per sandbox and key (a PKCS#12 is decrypted once, not per item); a failure is tried again.
    const id = JSON.stringify([s.keyFile, s.certFile, s.p12File]);
    if (!keys.has(id)) keys.set(id, loadSeal(s));
    return await keys.get(id)!.catch((e: unknown) => {
      keys.delete(id);
      throw e;
    });
  } catch (e) {
    if (s.required)
      throw new PermanentError(ReasonCode.sealFailed, `Siegel nicht verfügbar: ${errorMessage(e)}`);
    return null;
  }
}

/** Seals, with a timestamp where a TSA is configured; without one only where the profile does not require it. */
async function sign(pdf: Uint8Array, key: SealKey, s: AssembleTask['seal']) {
  if (!s.tsaUrl) return { pdf: await signPdf(pdf, key), timestamped: false };
  try {
    return { pdf: await signPdf(pdf, key, { tsaUrl: s.tsaUrl }), timestamped: true };
  } catch (e) {
    if (s.requireTimestamp) throw e; // retried: a TSA outage passes
    return { pdf: await signPdf(pdf, key), timestamped: false };
  }
}
