import { describe, expect, it } from 'vitest';
import type { AuditEntry, Batch, Item, ItemStatus } from '../core/store/types.ts';
import { profileSchema } from '../profiles/schema.ts';
import {
  ORIGINALS_ACTION,
  originalsDue,
  recordOriginalsHandled,
  type OriginalsContext,
} from './originals.ts';

const batch = (id: string, profile: string, status: Batch['status'] = 'split'): Batch =>
  ({
    id,
    profile,
    status,
    source: 'hotfolder',
    receivedAt: '2026-11-02',
    originalName: `${id}.pdf`,
  }) as Batch;
const item = (batchId: string, seq: number, status: ItemStatus): Item =>
  ({ id: `${batchId}-${seq}`, batchId, seq, status, updatedAt: `2026-11-0${seq}T10:00:00Z` }) as Item;

/** A store of a few batches, in memory, with an audit trail. */
function fakeCtx(
  items: Record<string, Item[]>,
  batches: Batch[],
): OriginalsContext & { audit: AuditEntry[] } {
  const audit: AuditEntry[] = [];
  const profiles = new Map(
    ['standard', 'shred', 'back'].map((name, i) => [
      name,
      profileSchema.parse({ name, ...(i ? { originals: i === 1 ? 'destroy' : 'return' } : {}) }),
    ]),
  );
  return {
    audit,
    config: { profiles },
    repo: {
      recentBatches: async () => batches,
      items: async (id) => items[id] ?? [],
      auditSearch: async (q) =>
        audit.filter((e) => e.subject.startsWith(q.subject ?? '') && e.action.startsWith(q.action ?? '')),
    },
  };
}

describe('originalsDue', () => {
  it('lists batches whose items are all delivered (or merged), with their disposition', async () => {
    const ctx = fakeCtx(
      {
        a: [item('a', 1, 'delivered'), item('a', 2, 'merged'), item('a', 3, 'delivered')],
        b: [item('b', 1, 'delivered'), item('b', 2, 'review')],
        c: [item('c', 1, 'delivered')],
        d: [item('d', 1, 'delivered')],
        q: [],
      },
      [
        batch('a', 'shred'),
        batch('b', 'standard'),
        batch('c', 'back'),
        batch('d', 'gone'),
        batch('q', 'standard', 'quarantined'),
      ],
    );
    const due = await originalsDue(ctx);
    expect(due.map((d) => [d.batch.id, d.disposition, d.label, d.delivered])).toEqual([
      ['a', 'destroy', 'vernichten', 2],
      ['c', 'return', 'zurückgeben', 1],
      ['d', 'retain', 'aufbewahren', 1], // profile no longer configured: keep the paper
    ]);
    expect(due[0]).toMatchObject({
      source: 'hotfolder',
      receivedAt: '2026-11-02',
      profile: 'shred',
      settledAt: '2026-11-03T10:00:00Z',
    });
  });

  it('drops a batch once its originals are recorded as handled, not one whose id it prefixes', async () => {
    const ctx = fakeCtx({ a: [item('a', 1, 'delivered')], 'a-r1': [item('a-r1', 1, 'delivered')] }, [
      batch('a', 'shred'),
      batch('a-r1', 'shred'),
    ]);
    await recordOriginalsHandled(
      {
        audit: async (actor, action, subject, details) =>
          void ctx.audit.push({ actor, action, subject, details } as AuditEntry),
      },
      'a-r1',
      'destroy',
      'mueller',
    );
    expect(ctx.audit).toMatchObject([
      { action: ORIGINALS_ACTION, subject: 'a-r1', details: { disposition: 'destroy' } },
    ]);
    expect((await originalsDue(ctx)).map((d) => d.batch.id)).toEqual(['a']);
  });
});
