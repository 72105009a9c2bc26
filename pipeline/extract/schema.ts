// What extract records per item: the letter's metadata, each field with its confidence and reason.
import { z } from 'zod';

const box = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
/** How sure, why, and where on which page the value was read (for the review UI to highlight). */
const evidence = z.object({
  confidence: z.number(),
  reason: z.string(),
  page: z.number().int().positive().optional(),
  box: box.optional(),
});

export const extractResult = z.object({
  fileref: z.string().nullable(),
  /** Plan part of the file reference (selects the unit). */
  fileplan: z.string().nullable(),
  date: z.string().nullable(),
  sender: z.string().nullable(),
  subject: z.string().nullable(),
  iban: z.string().nullable(),
  amount: z.number().nullable(),
  /** Per field: how sure, and why (for the review UI). */
  evidence: z.record(z.string(), evidence).default({}),
});
export type ExtractResult = z.infer<typeof extractResult>;
