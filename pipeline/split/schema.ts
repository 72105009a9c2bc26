// What the split works on and reports: the task of one step, each page as it is decoded, the step's end.
import { z } from 'zod';

const separator = z.object({ values: z.array(z.string()), formats: z.array(z.string()) });

export const splitTask = z.object({
  batchId: z.string(),
  spoolPath: z.string(),
  /** Root of the blob store the page images are written to. */
  blobs: z.string(),
  /** First page of this step, and how many pages at most. */
  from: z.number().int().positive(),
  maxPages: z.number().int().positive(),
  dpi: z.number(),
  separator,
  limits: z.object({
    maxFileBytes: z.number(),
    maxPages: z.number(),
    maxPagePixels: z.number(),
    maxImagePixels: z.number(),
  }),
});
export type SplitTask = z.infer<typeof splitTask>;

/** One decoded page, reported by the sandbox as soon as its image is stored. */
export const splitPage = z.object({
  pageNo: z.number().int().positive(),
  blob: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dpiX: z.number().positive(),
  dpiY: z.number().positive(),
  scanDpi: z.number().nullable(),
  colour: z.enum(['bitonal', 'grey', 'colour']),
  kind: z.enum(['content', 'blank', 'separator']),
  orient: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
});
export type SplitPage = z.infer<typeof splitPage>;

export const splitResult = z.object({
  /** Pages in the file. */
  pages: z.number().int().nonnegative(),
  /** First page of the next step, or null when the file is done. */
  next: z.number().int().positive().nullable(),
});
export type SplitResult = z.infer<typeof splitResult>;
