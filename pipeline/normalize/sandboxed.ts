// Sandboxed normalize: one page upright and straight (orientation by tesseract's OSD, dark edges cut,
// deskew), and the profile's clean-up; the result page is stored as a blob.
import sharp from 'sharp';
import { BlobStore } from '../../core/blobs.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import { OcrEngine } from '../ocr/engine.ts';
import { encodePng } from '../image/raster.ts';
import { normalizePage } from './core.ts';
import type { NormalizeResult, NormalizeTask } from './schema.ts';

sharp.cache(false);
/** One orientation detector per sandbox, started when the sandbox starts and kept. */
const engine = new OcrEngine(1);
engine.warm('osd');

export default async function normalize(job: SandboxedJob<NormalizeTask>): Promise<NormalizeResult> {
  const t = job.data;
  const blobs = new BlobStore(t.blobs);
  // The page image as the split stored it (the scan's JPEG, CCITT or a PNG), decoded once, as displayed.
  const { data, info } = await sharp(await blobs.get(t.blob))
    .rotate(t.orient)
    .toColourspace('b-w')
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = await normalizePage(
    { data, width: info.width, height: info.height, dpi: t.dpi },
    { detectOrientation: (p) => engine.detectOrientation(p) },
    t.cleanup,
  );
  return {
    blob: await blobs.put(await encodePng(n.raster)),
    rotation: n.rotation,
    skew: n.skew,
    enhancements: n.enhancements,
  };
}
