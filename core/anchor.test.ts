import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../test/support.ts';
import { anchorAudit, verifyAuditTrail } from './anchor.ts';
import { createDevSeal, loadSealKey, parseCertificates, type SealKey } from './seal/keys.ts';
import { SqliteRepository } from './store/sqlite.ts';

let key: SealKey;
let trust: ReturnType<typeof parseCertificates>;
let other: ReturnType<typeof parseCertificates>;

beforeAll(async () => {
  const dev = await createDevSeal();
  key = await loadSealKey({ keyPem: dev.keyPem, certPem: dev.certPem });
  trust = parseCertificates(dev.caPem);
  other = parseCertificates((await createDevSeal()).caPem);
});

/** A store with `n` audit entries, anchored after every `every` of them. */
async function trail(n: number, every: number) {
  const file = path.join(tmpDir('anchor'), 'db.sqlite');
  const repo = new SqliteRepository(file, 'cfg-1');
  for (let i = 1; i <= n; i++) {
    await repo.audit('qa1', 'item.metadata', `item-${i}`, { fields: ['date'] });
    if (i % every === 0) await anchorAudit(repo, key);
  }
  return { repo, db: new Database(file) };
}

describe('audit anchors', () => {
  it('an untouched trail with its anchors verifies', async () => {
    const { repo } = await trail(9, 3);
    const r = await verifyAuditTrail(repo, trust);
    expect(r).toMatchObject({ ok: true, anchors: 3 });
    // The head is anchored already (only the anchor's own event came after it): nothing new to seal.
    expect(await anchorAudit(repo, key)).toBeNull();
  });

  it('names the changed entry when one audit row is altered by one byte', async () => {
    const { repo, db } = await trail(6, 3);
    db.prepare(`UPDATE audit SET details = replace(details, 'date', 'dat3') WHERE seq = 2`).run();
    expect(await verifyAuditTrail(repo, trust)).toMatchObject({ ok: false, seq: 2 });
  });

  it('detects a cut-off end that was anchored, naming the first missing entry', async () => {
    const { repo, db } = await trail(9, 3);
    // Cut the trail back to entry 5: entries 6.. are gone, and with them the chain's last anchors' entries.
    db.prepare('DELETE FROM audit WHERE seq > 5').run();
    const r = await verifyAuditTrail(repo, trust);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.seq).toBe(6);
      expect(r.problem).toMatch(/missing.*truncated/);
    }
  });

  it('detects a wholesale recomputation of the chain (the anchors no longer match)', async () => {
    const { repo, db } = await trail(6, 3);
    db.prepare(`UPDATE audit SET details = replace(details, 'date', 'iban') WHERE seq = 1`).run();
    // Recompute every hash after the change, as someone without the seal's key could.
    const { createHash } = await import('node:crypto');
    let prev = '0'.repeat(64);
    for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').all() as Array<Record<string, string>>) {
      const hash = createHash('sha256')
        .update([prev, r.at, r.actor, r.action, r.subject, r.details, r.config_version].join('\u0000'))
        .digest('hex');
      db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
    expect(await repo.verifyAudit()).toBeNull(); // the plain chain is fooled
    const r = await verifyAuditTrail(repo, trust);
    expect(r).toMatchObject({ ok: false, seq: 3 });
    if (!r.ok) expect(r.problem).toMatch(/recomputed/);
  });

  it('detects a deleted anchor and an anchor sealed by someone else', async () => {
    const a = await trail(6, 3);
    a.db.prepare('DELETE FROM audit_anchors WHERE seq = 3').run();
    const r = await verifyAuditTrail(a.repo, trust);
    expect(r).toMatchObject({ ok: false, seq: 3 });
    if (!r.ok) expect(r.problem).toMatch(/anchor of entry 3.*missing/);
    const b = await trail(3, 3);
    expect(await verifyAuditTrail(b.repo, other)).toMatchObject({ ok: false, seq: 3 });
  });
});
