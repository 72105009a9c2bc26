// Sandboxed OCR of one normalised page: specks and rules removed from a copy, then tesseract (on a
// letter's first page the address field and the information block once more, each on its own); the
// words with their boxes are stored as a JSON blob.
import sharp from 'sharp';
import { BlobStore } from '../../core/blobs.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import { ocrCopyPng } from '../image/components.ts';
import { OcrEngine } from './engine.ts';
import { headZones, withZone } from './window.ts';
import type { OcrResult, OcrTask } from './schema.ts';

sharp.cache(false);
/** One recogniser per sandbox and language set, kept; German is started when the sandbox starts. */
const engines = new Map<string, OcrEngine>([['deu', new OcrEngine(1, ['deu'])]]);
engines.get('deu')!.warm('ocr');

export default async function ocr(job: SandboxedJob<OcrTask>): Promise<OcrResult> {
  const t = job.data;
  const key = t.languages.join('+');
  let engine = engines.get(key);
  if (!engine) engines.set(key, (engine = new OcrEngine(1, t.languages)));
  const blobs = new BlobStore(t.blobs);
  const copy = await ocrCopyPng(await blobs.get(t.blob));
  let page = await engine.recognize(copy, t.timeoutMs);
  if (t.window && page.width && page.height) {
    const dpi = (await sharp(copy).metadata()).density ?? 300;
    const margin = Math.round((1.5 * dpi) / 25.4);
    for (const zone of headZones(page.width, page.height, dpi)) {
      const cut = await sharp(copy)
        .extract({ left: zone.x0, top: zone.y0, width: zone.x1 - zone.x0, height: zone.y1 - zone.y0 })
        .withDensity(dpi)
        .png({ compressionLevel: 1 })
        .toBuffer();
      page = withZone(page, await engine.recognize(cut, t.timeoutMs), zone, margin);
    }
  }
  return { ocr: await blobs.putJson(page), confidence: page.meanConfidence };
}
