// What OCR records per page: the words with their boxes and confidences (in a blob), and the task.
import { z } from 'zod';

export interface OcrWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
export interface OcrLine {
  words: OcrWord[];
}
export interface OcrPage {
  /** Lines in reading order; an empty line marks a paragraph break. */
  lines: OcrLine[];
  meanConfidence: number;
  /** Page size in pixels (absent in results recorded before it was kept). */
  width?: number;
  height?: number;
}

export const ocrTask = z.object({
  /** The normalised page (PNG). */
  blob: z.string(),
  blobs: z.string(),
  languages: z.array(z.string()).min(1),
  timeoutMs: z.number().int().positive(),
  /** The first page of a letter: the columns of its head are read once more, each on its own (./window.ts). */
  window: z.boolean().optional(),
});
export type OcrTask = z.infer<typeof ocrTask>;

export const ocrResult = z.object({
  /** Blob of the page's OcrPage (JSON). */
  ocr: z.string().regex(/^[0-9a-f]{64}$/),
  /** Mean word confidence, 0..1. */
  confidence: z.number().min(0).max(1),
});
export type OcrResult = z.infer<typeof ocrResult>;
