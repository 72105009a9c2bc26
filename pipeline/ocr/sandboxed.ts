// Sandboxed OCR of one normalised page: specks removed from a copy, then tesseract; the words with their
// boxes are stored as a JSON blob.
import sharp from 'sharp';
import { BlobStore } from '../../core/blobs.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import { despecklePng } from '../image/components.ts';
import { OcrEngine } from './engine.ts';
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
  const page = await engine.recognize(await despecklePng(await blobs.get(t.blob)), t.timeoutMs);
  return { ocr: await blobs.putJson(page), confidence: page.meanConfidence };
}
