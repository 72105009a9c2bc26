// Sandboxed split step: decodes up to `maxPages` pages of a scan from `from` on, stores each page image,
// tells separator sheets and blank pages apart, and reports every page as soon as it is stored.
import fs from 'node:fs/promises';
import { BlobStore } from '../../core/blobs.ts';
import { PermanentError, ReasonCode } from '../../core/errors.ts';
import type { SandboxedJob } from '../../core/queue/index.ts';
import { openInput } from './decode.ts';
import { pageKind, type BarcodeFormat } from './separator.ts';
import type { SplitPage, SplitResult, SplitTask } from './schema.ts';

export default async function split(job: SandboxedJob<SplitTask>): Promise<SplitResult> {
  const t = job.data;
  const blobs = new BlobStore(t.blobs);
  const { size } = await fs.stat(t.spoolPath);
  if (size > t.limits.maxFileBytes)
    throw new PermanentError(ReasonCode.tooLarge, `Die Datei ist größer als ${t.limits.maxFileBytes} Byte.`);
  const input = await openInput(t.spoolPath, { ...t.limits, dpi: t.dpi });
  const separator = { values: t.separator.values, formats: t.separator.formats as BarcodeFormat[] };
  let pageNo = t.from - 1;
  try {
    for await (const page of input.pages(t.from)) {
      pageNo++;
      const found: SplitPage = {
        pageNo,
        blob: await blobs.put(page.image),
        width: page.width,
        height: page.height,
        dpiX: page.dpiX,
        dpiY: page.dpiY,
        scanDpi: page.scanDpi,
        colour: page.colour,
        kind: await pageKind(page.preview, separator),
        orient: page.orient,
      };
      await job.updateProgress(found);
      if (pageNo - t.from + 1 >= t.maxPages) break;
    }
  } finally {
    await input.close();
  }
  return { pages: input.count, next: pageNo < input.count ? pageNo + 1 : null };
}
