// What normalize works on and what it records per page.
import { z } from 'zod';

export const normalizeTask = z.object({
  blob: z.string(),
  blobs: z.string(),
  /** Quarter turns that show the stored image as the page is displayed (from the split). */
  orient: z.number().int(),
  /** Resolution of the page as displayed. */
  dpi: z.number().positive(),
  cleanup: z.object({ despeckle: z.boolean(), contrast: z.boolean(), background: z.boolean() }),
});
export type NormalizeTask = z.infer<typeof normalizeTask>;

export const enhancement = z.object({
  op: z.enum(['rotate', 'crop', 'deskew', 'despeckle', 'contrast', 'background']),
  params: z.record(z.string(), z.number()),
});

export const normalizeResult = z.object({
  /** The upright, straightened page (lossless greyscale PNG): what OCR reads and the PDF shows. */
  blob: z.string().regex(/^[0-9a-f]{64}$/),
  /** Clockwise angle by which the page was turned as scanned. */
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  /** Skew in degrees as scanned, positive = clockwise. */
  skew: z.number(),
  /** Every change made to the page, with its parameters (TR-03138 A.NB.1). */
  enhancements: z.array(enhancement),
});
export type NormalizeResult = z.infer<typeof normalizeResult>;
