// What classify records per item: the routing (unit, class, confidence, reason) and the review decision.
import { z } from 'zod';
import { ReasonCode } from '../../core/errors.ts';

export const classifyResult = z.object({
  unit: z.string().nullable(),
  class: z.enum(['letter', 'invoice', 'persoenlich', 'fehlleitung', 'werbung']),
  confidence: z.number().nullable(),
  reason: z.string(),
  /** The addressed or assigned clerk within the unit (a deputy when the clerk is away), if any. */
  clerk: z.string().nullable().default(null),
  /** The best units with their calibrated confidence and why (the top three for review). */
  candidates: z.array(z.object({ unit: z.string(), confidence: z.number(), reason: z.string() })).default([]),
  /** Version of the learned model that took part in the decision. */
  model: z.string().nullable().default(null),
  decision: z.enum(['delivered', 'review']),
  reviewReason: z.enum(Object.values(ReasonCode) as [ReasonCode, ...ReasonCode[]]).nullable(),
  reviewMessage: z.string().nullable(),
});
export type ClassifyResult = z.infer<typeof classifyResult>;
