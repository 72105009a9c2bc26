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
  /** PDF/A part (3: the Transfervermerk attached). */
  part: z.union([z.literal(2), z.literal(3)]),
  /** Item and run: the document's identity (trailer /ID). */
  id: z.string(),
  /** The Transfervermerk's XML (blob). */
  transfervermerk: z.string(),
  /** Append the Transfervermerk as a last page for people. */
  recordPage: z.boolean(),
  /** Where the seal's key is (never the key itself) and whether a timestamp must be had. */
  seal: z.object({
    keyFile: z.string().nullable(),
    certFile: z.string().nullable(),
    p12File: z.string().nullable(),
    tsaUrl: z.string().nullable(),
    /** Integrity 'hoch' and above: no PDF leaves without the seal. */
    required: z.boolean(),
    /** Integrity 'sehr hoch': no PDF leaves without a timestamp in the seal. */
    requireTimestamp: z.boolean(),
  }),
});
export type AssembleTask = z.infer<typeof assembleTask>;

export const assembleResult = z.object({
  pdf: z.string().regex(/^[0-9a-f]{64}$/),
  /** Whether the PDF carries the electronic seal, and a timestamp in it (results of earlier versions: no). */
  sealed: z.boolean().default(false),
  timestamped: z.boolean().default(false),
  /** The Transfervermerk's XML (blob) the PDF carries. */
  transfervermerk: z.string().nullable().default(null),
});
export type AssembleResult = z.infer<typeof assembleResult>;
