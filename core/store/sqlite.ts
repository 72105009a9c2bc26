// SQLite implementation of the repository (better-sqlite3, WAL, migrations by user_version).
import Database from 'better-sqlite3';
import { sha256 } from '../hash.ts';
import type { AuditEntry, Batch, Item, ItemStage, NewBatch, PageRecord, Repository } from './types.ts';

const MIGRATIONS: string[] = [
  `CREATE TABLE batches (
     id TEXT PRIMARY KEY, hash TEXT NOT NULL, source TEXT NOT NULL, original_name TEXT NOT NULL,
     spool_path TEXT NOT NULL, profile TEXT NOT NULL, received_at TEXT NOT NULL, out_dir TEXT NOT NULL,
     status TEXT NOT NULL, reason TEXT, message TEXT, duplicate_of TEXT, page_count INTEGER,
     config_version TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE INDEX batches_hash ON batches(hash);
   CREATE INDEX batches_spool ON batches(spool_path);
   CREATE TABLE pages (
     batch_id TEXT NOT NULL REFERENCES batches(id), page_no INTEGER NOT NULL, blob TEXT NOT NULL,
     width INTEGER NOT NULL, height INTEGER NOT NULL, dpi_x REAL NOT NULL, dpi_y REAL NOT NULL,
     kind TEXT NOT NULL, item_id TEXT, PRIMARY KEY (batch_id, page_no));
   CREATE TABLE items (
     id TEXT PRIMARY KEY, batch_id TEXT NOT NULL REFERENCES batches(id), seq INTEGER NOT NULL,
     first_page INTEGER NOT NULL, last_page INTEGER NOT NULL, stage TEXT, status TEXT NOT NULL,
     reason TEXT, message TEXT, run INTEGER NOT NULL DEFAULT 1, output TEXT, updated_at TEXT NOT NULL);
   CREATE INDEX items_batch ON items(batch_id);
   CREATE INDEX items_status ON items(status);
   CREATE TABLE stage_results (
     item_id TEXT NOT NULL REFERENCES items(id), stage TEXT NOT NULL, run INTEGER NOT NULL,
     result TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (item_id, stage, run));
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
     subject TEXT NOT NULL, details TEXT NOT NULL, config_version TEXT NOT NULL,
     prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
   CREATE INDEX audit_subject ON audit(subject);`,
  `ALTER TABLE pages ADD COLUMN scan_dpi REAL;
   ALTER TABLE pages ADD COLUMN colour TEXT NOT NULL DEFAULT 'grey';`,
  `ALTER TABLE batches ADD COLUMN declared TEXT;`,
];

type Row = Record<string, unknown>;
const now = () => new Date().toISOString();

function toBatch(r: Row): Batch {
  return {
    id: r.id as string,
    hash: r.hash as string,
    source: r.source as Batch['source'],
    originalName: r.original_name as string,
    spoolPath: r.spool_path as string,
    profile: r.profile as string,
    receivedAt: r.received_at as string,
    outDir: r.out_dir as string,
    status: r.status as Batch['status'],
    reason: (r.reason as Batch['reason']) ?? null,
    message: (r.message as string) ?? null,
    duplicateOf: (r.duplicate_of as string) ?? null,
    pageCount: (r.page_count as number) ?? null,
    declared: r.declared ? (JSON.parse(r.declared as string) as Batch['declared']) : null,
    configVersion: r.config_version as string,
    createdAt: r.created_at as string,
  };
}

function toItem(r: Row): Item {
  return {
    id: r.id as string,
    batchId: r.batch_id as string,
    seq: r.seq as number,
    firstPage: r.first_page as number,
    lastPage: r.last_page as number,
    stage: (r.stage as ItemStage) ?? null,
    status: r.status as Item['status'],
    reason: (r.reason as Item['reason']) ?? null,
    message: (r.message as string) ?? null,
    run: r.run as number,
    output: (r.output as string) ?? null,
    updatedAt: r.updated_at as string,
  };
}

function toPage(r: Row): PageRecord {
  return {
    batchId: r.batch_id as string,
    pageNo: r.page_no as number,
    blob: r.blob as string,
    width: r.width as number,
    height: r.height as number,
    dpiX: r.dpi_x as number,
    dpiY: r.dpi_y as number,
    scanDpi: (r.scan_dpi as number) ?? null,
    colour: r.colour as PageRecord['colour'],
    kind: r.kind as PageRecord['kind'],
    itemId: (r.item_id as string) ?? null,
  };
}

export class SqliteRepository implements Repository {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly configVersion: string,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db
        .transaction(() => {
          this.db.exec(MIGRATIONS[v]!);
          this.db.pragma(`user_version = ${v + 1}`);
        })
        .immediate();
    }
  }

  /** Appends to the hash-chained audit trail; call inside the transaction of the change it records. */
  private appendAudit(actor: string, action: string, subject: string, details: unknown): void {
    const prev = this.db.prepare('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
      { hash: string } | undefined;
    const prevHash = prev?.hash ?? '0'.repeat(64);
    const at = now();
    const body = JSON.stringify(details ?? null);
    const hash = sha256([prevHash, at, actor, action, subject, body, this.configVersion].join('\u0000'));
    this.db
      .prepare(
        'INSERT INTO audit (at, actor, action, subject, details, config_version, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)',
      )
      .run(at, actor, action, subject, body, this.configVersion, prevHash, hash);
  }

  async createBatch(b: NewBatch, actor: string): Promise<Batch> {
    return this.db
      .transaction(() => {
        const { n } = this.db.prepare('SELECT count(*) n FROM batches WHERE hash = ?').get(b.hash) as {
          n: number;
        };
        const id = n === 0 ? b.hash.slice(0, 12) : `${b.hash.slice(0, 12)}-r${n}`;
        this.db
          .prepare(
            `INSERT INTO batches (id, hash, source, original_name, spool_path, profile, received_at, out_dir, status, config_version, created_at, declared)
           VALUES (?,?,?,?,?,?,?,?,'ingested',?,?,?)`,
          )
          .run(
            id,
            b.hash,
            b.source,
            b.originalName,
            b.spoolPath,
            b.profile,
            b.receivedAt,
            b.outDir,
            b.configVersion,
            now(),
            b.declared && JSON.stringify(b.declared),
          );
        this.appendAudit(actor, 'batch.ingested', id, {
          hash: b.hash,
          source: b.source,
          profile: b.profile,
          declared: b.declared,
        });
        return toBatch(this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as Row);
      })
      .immediate();
  }

  async getBatch(id: string) {
    const r = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as Row | undefined;
    return r && toBatch(r);
  }

  async recentBatches(limit: number) {
    const rows = this.db.prepare('SELECT * FROM batches ORDER BY rowid DESC LIMIT ?').all(limit) as Row[];
    return rows.map(toBatch);
  }

  async findBatchBySpoolPath(spoolPath: string) {
    const r = this.db
      .prepare('SELECT * FROM batches WHERE spool_path = ? ORDER BY created_at DESC LIMIT 1')
      .get(spoolPath) as Row | undefined;
    return r && toBatch(r);
  }

  async findProcessedBatchByHash(hash: string, excludeId: string) {
    // The earliest other batch with these bytes that was not quarantined: delivered, in review or still running.
    const r = this.db
      .prepare(
        `SELECT b.* FROM batches b WHERE b.hash = ? AND b.id <> ?
           AND b.rowid < (SELECT rowid FROM batches WHERE id = ?)
           AND (b.status = 'ingested' OR (b.status = 'split' AND EXISTS (
                 SELECT 1 FROM items i WHERE i.batch_id = b.id AND i.status IN ('delivered','review','processing'))))
         ORDER BY b.rowid LIMIT 1`,
      )
      .get(hash, excludeId, excludeId) as Row | undefined;
    return r && toBatch(r);
  }

  async findUnfinishedBatchByHash(hash: string) {
    const r = this.db
      .prepare(
        `SELECT b.* FROM batches b WHERE b.hash = ? AND (b.status = 'ingested' OR (b.status = 'split' AND EXISTS (
           SELECT 1 FROM items i WHERE i.batch_id = b.id AND i.status = 'processing')))
         ORDER BY b.rowid LIMIT 1`,
      )
      .get(hash) as Row | undefined;
    return r && toBatch(r);
  }

  async markBatch(
    id: string,
    u: Pick<Batch, 'status'> & Partial<Pick<Batch, 'reason' | 'message' | 'duplicateOf'>>,
    actor: string,
  ) {
    this.db
      .transaction(() => {
        this.db
          .prepare('UPDATE batches SET status = ?, reason = ?, message = ?, duplicate_of = ? WHERE id = ?')
          .run(u.status, u.reason ?? null, u.message ?? null, u.duplicateOf ?? null, id);
        this.appendAudit(actor, `batch.${u.status}`, id, {
          reason: u.reason ?? null,
          duplicateOf: u.duplicateOf ?? null,
        });
      })
      .immediate();
  }

  async recordSplit(
    batchId: string,
    pages: PageRecord[],
    items: Array<Pick<Item, 'seq' | 'firstPage' | 'lastPage'>>,
    actor: string,
    details: Record<string, unknown> = {},
  ) {
    return this.db
      .transaction(() => {
        const at = now();
        const insertItem = this.db.prepare(
          `INSERT INTO items (id, batch_id, seq, first_page, last_page, stage, status, updated_at) VALUES (?,?,?,?,?,'normalize','processing',?)`,
        );
        const ids = items.map((it) => {
          const id = `${batchId}-${String(it.seq).padStart(2, '0')}`;
          insertItem.run(id, batchId, it.seq, it.firstPage, it.lastPage, at);
          return { id, ...it };
        });
        for (const p of pages) {
          const owner =
            p.kind === 'separator'
              ? null
              : ids.find((i) => p.pageNo >= i.firstPage && p.pageNo <= i.lastPage)?.id;
          this.upsertPage({ ...p, batchId, itemId: owner ?? null });
        }
        this.db
          .prepare(`UPDATE batches SET status = 'split', page_count = ? WHERE id = ?`)
          .run(pages.length, batchId);
        this.appendAudit(actor, 'batch.split', batchId, {
          pages: pages.length,
          items: ids.map((i) => i.id),
          ...details,
        });
        return (
          this.db.prepare('SELECT * FROM items WHERE batch_id = ? ORDER BY seq').all(batchId) as Row[]
        ).map(toItem);
      })
      .immediate();
  }

  private upsertPage(p: PageRecord): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO pages (batch_id, page_no, blob, width, height, dpi_x, dpi_y, scan_dpi, colour, kind, item_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      )
      .run(
        p.batchId,
        p.pageNo,
        p.blob,
        p.width,
        p.height,
        p.dpiX,
        p.dpiY,
        p.scanDpi,
        p.colour,
        p.kind,
        p.itemId,
      );
  }

  async recordPage(page: PageRecord) {
    this.upsertPage({ ...page, itemId: null });
  }

  async pages(batchId: string) {
    return (
      this.db.prepare('SELECT * FROM pages WHERE batch_id = ? ORDER BY page_no').all(batchId) as Row[]
    ).map(toPage);
  }

  async items(batchId: string) {
    return (this.db.prepare('SELECT * FROM items WHERE batch_id = ? ORDER BY seq').all(batchId) as Row[]).map(
      toItem,
    );
  }

  async getItem(id: string) {
    const r = this.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as Row | undefined;
    return r && toItem(r);
  }

  async stageResult<T>(itemId: string, stage: ItemStage, run: number): Promise<T | undefined> {
    const r = this.db
      .prepare('SELECT result FROM stage_results WHERE item_id = ? AND stage = ? AND run = ?')
      .get(itemId, stage, run) as { result: string } | undefined;
    return r ? (JSON.parse(r.result) as T) : undefined;
  }

  async completeStage(
    itemId: string,
    stage: ItemStage,
    run: number,
    result: unknown,
    next: Parameters<Repository['completeStage']>[4],
    actor: string,
  ) {
    return this.db
      .transaction(() => {
        const at = now();
        this.db
          .prepare(
            'INSERT OR REPLACE INTO stage_results (item_id, stage, run, result, at) VALUES (?,?,?,?,?)',
          )
          .run(itemId, stage, run, JSON.stringify(result), at);
        if ('stage' in next) {
          this.db
            .prepare('UPDATE items SET stage = ?, updated_at = ? WHERE id = ? AND run = ?')
            .run(next.stage, at, itemId, run);
        } else {
          this.db
            .prepare(
              'UPDATE items SET stage = NULL, status = ?, reason = ?, message = ?, output = ?, updated_at = ? WHERE id = ? AND run = ?',
            )
            .run(
              next.status,
              next.reason ?? null,
              next.message ?? null,
              next.output ?? null,
              at,
              itemId,
              run,
            );
        }
        this.appendAudit(actor, `stage.${stage}.done`, itemId, { run, next });
        return toItem(this.db.prepare('SELECT * FROM items WHERE id = ?').get(itemId) as Row);
      })
      .immediate();
  }

  async rerunItem(itemId: string, actor: string) {
    return this.db
      .transaction(() => {
        const r = this.db.prepare(`SELECT * FROM items WHERE id = ?`).get(itemId) as Row | undefined;
        if (!r) throw new Error(`no item ${itemId}`);
        if (r.status !== 'review')
          throw new Error(`item ${itemId} is ${r.status as string}; only items in review can be run again`);
        this.db
          .prepare(
            `UPDATE items SET run = run + 1, stage = 'normalize', status = 'processing', reason = NULL, message = NULL, output = NULL, updated_at = ? WHERE id = ?`,
          )
          .run(now(), itemId);
        this.appendAudit(actor, 'item.rerun', itemId, { run: (r.run as number) + 1 });
        return toItem(this.db.prepare('SELECT * FROM items WHERE id = ?').get(itemId) as Row);
      })
      .immediate();
  }

  async failItem(
    itemId: string,
    status: 'review' | 'quarantined',
    reason: string,
    message: string,
    actor: string,
  ) {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `UPDATE items SET stage = NULL, status = ?, reason = ?, message = ?, updated_at = ? WHERE id = ? AND status = 'processing'`,
          )
          .run(status, reason, message, now(), itemId);
        this.appendAudit(actor, `item.${status}`, itemId, { reason, message });
      })
      .immediate();
  }

  async pending() {
    const batches = (
      this.db.prepare(`SELECT * FROM batches WHERE status = 'ingested' ORDER BY created_at`).all() as Row[]
    ).map(toBatch);
    const items = (
      this.db.prepare(`SELECT * FROM items WHERE status = 'processing' ORDER BY id`).all() as Row[]
    ).map(toItem);
    return { batches, items };
  }

  async audit(actor: string, action: string, subject: string, details: unknown) {
    this.db.transaction(() => this.appendAudit(actor, action, subject, details)).immediate();
  }

  async auditTrail(subject?: string): Promise<AuditEntry[]> {
    const rows = (
      subject
        ? this.db.prepare('SELECT * FROM audit WHERE subject = ? ORDER BY seq').all(subject)
        : this.db.prepare('SELECT * FROM audit ORDER BY seq').all()
    ) as Row[];
    return rows.map((r) => ({
      seq: r.seq as number,
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as string,
      subject: r.subject as string,
      details: JSON.parse(r.details as string),
      configVersion: r.config_version as string,
      prevHash: r.prev_hash as string,
      hash: r.hash as string,
    }));
  }

  async verifyAudit(): Promise<number | null> {
    let prev = '0'.repeat(64);
    for (const r of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<Row>) {
      const fields = [prev, r.at, r.actor, r.action, r.subject, r.details, r.config_version];
      if (r.prev_hash !== prev || r.hash !== sha256(fields.join('\u0000'))) return r.seq as number;
      prev = r.hash as string;
    }
    return null;
  }

  close() {
    this.db.close();
  }
}
