// What assemble works on (the pages of one item, their OCR, the compression) and records (the PDF blob).
import { z } from 'zod';

export const assembleTask = z.object({
  blobs: z.string(),
  pages: z.array(
    z.object({
      /** The normalised page. */
      blob: z.string(),
      /** The page's OCR (OcrPage JSON), null for pages that were not read. */
      ocr: z.string().nullable(),
      colour: z.enum(['bitonal', 'grey', 'colour']),
    }),
  ),
  compression: z.object({ mode: z.enum(['jpeg', 'g4', 'auto']), jpegQuality: z.number() }),
  title: z.string().nullable(),
  keywords: z.array(z.string()),
  /** ISO time the batch was received (the document's creation date). */
  created: z.string(),
});
export type AssembleTask = z.infer<typeof assembleTask>;

export const assembleResult = z.object({ pdf: z.string().regex(/^[0-9a-f]{64}$/) });
export type AssembleResult = z.infer<typeof assembleResult>;
