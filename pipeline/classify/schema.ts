// What classify records per item: the routing (unit, class, confidence, reason) and the review decision.
import { z } from 'zod';
import { ReasonCode } from '../../core/errors.ts';

export const classifyResult = z.object({
  unit: z.string().nullable(),
  class: z.enum(['letter', 'invoice', 'persoenlich', 'fehlleitung', 'werbung']),
  confidence: z.number().nullable(),
  reason: z.string(),
  decision: z.enum(['delivered', 'review']),
  reviewReason: z.enum(Object.values(ReasonCode) as [ReasonCode, ...ReasonCode[]]).nullable(),
  reviewMessage: z.string().nullable(),
});
export type ClassifyResult = z.infer<typeof classifyResult>;
