// Sandboxed assemble: the item's PDF from its normalised pages (G4 or JPEG per page) and their OCR as an
// invisible text layer, stored as a blob.
import sharp from 'sharp';
import { BlobStore } from '../../core/blobs.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import type { OcrPage } from '../ocr/schema.ts';
import { textOnly } from './auto.ts';
import { assemblePdf } from './core.ts';
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
  const pdf = await assemblePdf(pages, {
    jpegQuality: t.compression.jpegQuality,
    title: t.title,
    subject: t.title,
    keywords: t.keywords,
    created: new Date(t.created),
  });
  return { pdf: await blobs.put(pdf) };
}
