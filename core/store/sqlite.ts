// SQLite implementation of the repository (better-sqlite3, WAL, migrations by user_version).
import Database from 'better-sqlite3';
import { sha256 } from '../hash.ts';
import type { ReasonCode } from '../errors.ts';
import type {
  AuditEntry,
  Batch,
  Item,
  ItemStage,
  NewBatch,
  NewPage,
  PageKind,
  PageRecord,
  PageStage,
  Repository,
} from './types.ts';

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
  // Pages are worked one by one (normalize, ocr) as soon as the split has decoded them.
  `ALTER TABLE pages ADD COLUMN orient INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE pages ADD COLUMN stage TEXT;
   ALTER TABLE pages ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE pages ADD COLUMN reason TEXT;
   ALTER TABLE pages ADD COLUMN message TEXT;
   CREATE INDEX pages_open ON pages(stage) WHERE stage IS NOT NULL;
   CREATE INDEX pages_item ON pages(item_id);
   CREATE TABLE page_results (
     batch_id TEXT NOT NULL, page_no INTEGER NOT NULL, stage TEXT NOT NULL, rev INTEGER NOT NULL,
     result TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (batch_id, page_no, stage, rev));
   CREATE TABLE attempts (
     subject TEXT NOT NULL, stage TEXT NOT NULL, run INTEGER NOT NULL, n INTEGER NOT NULL, error TEXT,
     PRIMARY KEY (subject, stage, run));
   INSERT OR IGNORE INTO page_results
     SELECT i.batch_id, json_extract(p.value, '$.pageNo'), r.stage, r.run, p.value, r.at
     FROM stage_results r JOIN items i ON i.id = r.item_id, json_each(r.result, '$.pages') p
     WHERE r.stage IN ('normalize', 'ocr');
   UPDATE pages SET rev = (SELECT run FROM items WHERE items.id = pages.item_id) WHERE item_id IS NOT NULL;
   UPDATE pages SET stage = 'normalize' WHERE kind <> 'separator' AND (
     item_id IN (SELECT id FROM items WHERE status = 'processing' AND stage IN ('normalize', 'ocr'))
     OR batch_id IN (SELECT id FROM batches WHERE status = 'ingested'));
   UPDATE items SET stage = 'pages' WHERE status = 'processing' AND stage IN ('normalize', 'ocr');`,
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
    stage: (r.stage as Item['stage']) ?? null,
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
    orient: (r.orient as PageRecord['orient']) ?? 0,
    stage: (r.stage as PageStage) ?? null,
    rev: r.rev as number,
    reason: (r.reason as ReasonCode) ?? null,
    message: (r.message as string) ?? null,
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

  async recordPage(p: NewPage) {
    return this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT OR REPLACE INTO pages (batch_id, page_no, blob, width, height, dpi_x, dpi_y, scan_dpi, colour, kind,
               item_id, orient, stage, rev) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,?,?,1)`,
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
            p.orient,
            p.kind === 'separator' ? null : 'normalize',
          );
        return this.pageRow(p.batchId, p.pageNo)!;
      })
      .immediate();
  }

  private pageRow(batchId: string, pageNo: number): PageRecord | undefined {
    const r = this.db.prepare('SELECT * FROM pages WHERE batch_id = ? AND page_no = ?').get(batchId, pageNo);
    return r ? toPage(r as Row) : undefined;
  }

  /**
   * Moves an item on from `pages` once none of its pages is open: to `extract`, or to review when a page
   * failed. Returns the item when it became ready for `extract`. Call inside a transaction.
   */
  private settlePages(itemId: string, actor: string): Item | null {
    const item = this.db.prepare(`SELECT * FROM items WHERE id = ?`).get(itemId) as Row | undefined;
    if (!item || item.status !== 'processing' || item.stage !== 'pages') return null;
    const open = this.db
      .prepare('SELECT count(*) n FROM pages WHERE item_id = ? AND stage IS NOT NULL')
      .get(itemId) as { n: number };
    if (open.n > 0) return null;
    const failed = this.db
      .prepare(
        'SELECT page_no, reason, message FROM pages WHERE item_id = ? AND reason IS NOT NULL ORDER BY page_no',
      )
      .get(itemId) as { page_no: number; reason: string; message: string } | undefined;
    const at = now();
    if (failed) {
      const message = `Seite ${failed.page_no - (item.first_page as number) + 1}: ${failed.message}`;
      this.db
        .prepare(
          `UPDATE items SET stage = NULL, status = 'review', reason = ?, message = ?, updated_at = ? WHERE id = ?`,
        )
        .run(failed.reason, message, at, itemId);
      this.appendAudit(actor, 'item.review', itemId, { reason: failed.reason, message });
      return null;
    }
    this.db.prepare(`UPDATE items SET stage = 'extract', updated_at = ? WHERE id = ?`).run(at, itemId);
    this.appendAudit(actor, 'item.pages.done', itemId, { run: item.run });
    return toItem({ ...item, stage: 'extract', updated_at: at });
  }

  async recordSplit(
    batchId: string,
    kinds: PageKind[],
    items: Array<Pick<Item, 'seq' | 'firstPage' | 'lastPage'>>,
    actor: string,
    details: Record<string, unknown> = {},
  ) {
    return this.db
      .transaction(() => {
        const at = now();
        const insertItem = this.db.prepare(
          `INSERT INTO items (id, batch_id, seq, first_page, last_page, stage, status, updated_at) VALUES (?,?,?,?,?,'pages','processing',?)`,
        );
        const ids = items.map((it) => {
          const id = `${batchId}-${String(it.seq).padStart(2, '0')}`;
          insertItem.run(id, batchId, it.seq, it.firstPage, it.lastPage, at);
          return { id, ...it };
        });
        // Final kinds (the cut turns blank backs of separator sheets into separator pages, which need no work).
        const update = this.db.prepare(
          `UPDATE pages SET kind = ?, item_id = ?, stage = CASE WHEN ? = 'separator' THEN NULL ELSE stage END
           WHERE batch_id = ? AND page_no = ?`,
        );
        kinds.forEach((kind, i) => {
          const pageNo = i + 1;
          const owner =
            kind === 'separator' ? null : ids.find((x) => pageNo >= x.firstPage && pageNo <= x.lastPage);
          update.run(kind, owner?.id ?? null, kind, batchId, pageNo);
        });
        this.db
          .prepare(`UPDATE batches SET status = 'split', page_count = ? WHERE id = ?`)
          .run(kinds.length, batchId);
        this.appendAudit(actor, 'batch.split', batchId, {
          pages: kinds.length,
          items: ids.map((i) => i.id),
          ...details,
        });
        for (const { id } of ids) this.settlePages(id, actor);
        return (
          this.db.prepare('SELECT * FROM items WHERE batch_id = ? ORDER BY seq').all(batchId) as Row[]
        ).map(toItem);
      })
      .immediate();
  }

  async pages(batchId: string) {
    return (
      this.db.prepare('SELECT * FROM pages WHERE batch_id = ? ORDER BY page_no').all(batchId) as Row[]
    ).map(toPage);
  }

  async page(batchId: string, pageNo: number) {
    return this.pageRow(batchId, pageNo);
  }

  async itemPages(item: Pick<Item, 'id' | 'batchId'>) {
    return (
      this.db
        .prepare('SELECT * FROM pages WHERE batch_id = ? AND item_id = ? ORDER BY page_no')
        .all(item.batchId, item.id) as Row[]
    ).map(toPage);
  }

  async pageResult(batchId: string, pageNo: number, stage: PageStage, rev: number): Promise<unknown> {
    const r = this.db
      .prepare('SELECT result FROM page_results WHERE batch_id = ? AND page_no = ? AND stage = ? AND rev = ?')
      .get(batchId, pageNo, stage, rev) as { result: string } | undefined;
    return r ? JSON.parse(r.result) : undefined;
  }

  async completePageStage(
    page: Pick<PageRecord, 'batchId' | 'pageNo' | 'rev'>,
    stage: PageStage,
    result: unknown,
    next: PageStage | null,
    actor: string,
  ) {
    return this.db
      .transaction(() => {
        const at = now();
        this.db
          .prepare(
            'INSERT OR REPLACE INTO page_results (batch_id, page_no, stage, rev, result, at) VALUES (?,?,?,?,?,?)',
          )
          .run(page.batchId, page.pageNo, stage, page.rev, JSON.stringify(result), at);
        this.db
          .prepare('UPDATE pages SET stage = ? WHERE batch_id = ? AND page_no = ? AND rev = ? AND stage = ?')
          .run(next, page.batchId, page.pageNo, page.rev, stage);
        this.appendAudit(actor, `page.${stage}.done`, `${page.batchId}/${page.pageNo}`, {
          rev: page.rev,
          next,
        });
        const row = this.pageRow(page.batchId, page.pageNo)!;
        return { page: row, ready: row.itemId && !row.stage ? this.settlePages(row.itemId, actor) : null };
      })
      .immediate();
  }

  async failPage(
    page: Pick<PageRecord, 'batchId' | 'pageNo' | 'rev'>,
    stage: PageStage,
    reason: ReasonCode,
    message: string,
    actor: string,
  ) {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'UPDATE pages SET stage = NULL, reason = ?, message = ? WHERE batch_id = ? AND page_no = ? AND rev = ?',
          )
          .run(reason, message, page.batchId, page.pageNo, page.rev);
        this.appendAudit(actor, `page.${stage}.failed`, `${page.batchId}/${page.pageNo}`, {
          rev: page.rev,
          reason,
          message,
        });
        const row = this.pageRow(page.batchId, page.pageNo);
        if (row?.itemId) this.settlePages(row.itemId, actor);
      })
      .immediate();
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

  async stageResult(itemId: string, stage: ItemStage, run: number): Promise<unknown> {
    const r = this.db
      .prepare('SELECT result FROM stage_results WHERE item_id = ? AND stage = ? AND run = ?')
      .get(itemId, stage, run) as { result: string } | undefined;
    return r ? JSON.parse(r.result) : undefined;
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
        const run = (r.run as number) + 1;
        this.db
          .prepare(
            `UPDATE items SET run = ?, stage = 'pages', status = 'processing', reason = NULL, message = NULL, output = NULL, updated_at = ? WHERE id = ?`,
          )
          .run(run, now(), itemId);
        this.db
          .prepare(
            `UPDATE pages SET rev = ?, stage = 'normalize', reason = NULL, message = NULL WHERE item_id = ? AND kind <> 'separator'`,
          )
          .run(run, itemId);
        this.appendAudit(actor, 'item.rerun', itemId, { run });
        const item = toItem(this.db.prepare('SELECT * FROM items WHERE id = ?').get(itemId) as Row);
        const pages = (
          this.db.prepare('SELECT * FROM pages WHERE item_id = ? ORDER BY page_no').all(itemId) as Row[]
        ).map(toPage);
        return { item, pages };
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

  async startAttempt(subject: string, stage: string, run: number) {
    return this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO attempts (subject, stage, run, n) VALUES (?,?,?,1)
             ON CONFLICT (subject, stage, run) DO UPDATE SET n = n + 1`,
          )
          .run(subject, stage, run);
        const r = this.db
          .prepare('SELECT n, error FROM attempts WHERE subject = ? AND stage = ? AND run = ?')
          .get(subject, stage, run) as { n: number; error: string | null };
        return { n: r.n, lastError: r.error };
      })
      .immediate();
  }

  async attemptFailed(subject: string, stage: string, run: number, error: string) {
    this.db
      .prepare('UPDATE attempts SET error = ? WHERE subject = ? AND stage = ? AND run = ?')
      .run(error.slice(0, 1000), subject, stage, run);
  }

  async attemptHandedBack(subject: string, stage: string, run: number) {
    this.db
      .prepare('UPDATE attempts SET n = max(0, n - 1) WHERE subject = ? AND stage = ? AND run = ?')
      .run(subject, stage, run);
  }

  async batchProgress(batchId: string) {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM pages WHERE batch_id = @b) pages,
           (SELECT count(*) FROM pages WHERE batch_id = @b AND stage IS NULL) pagesDone,
           (SELECT count(*) FROM page_results WHERE batch_id = @b)
             + (SELECT count(*) FROM stage_results r JOIN items i ON i.id = r.item_id WHERE i.batch_id = @b) steps`,
      )
      .get({ b: batchId }) as { pages: number; pagesDone: number; steps: number };
  }

  async pending() {
    const batches = (
      this.db.prepare(`SELECT * FROM batches WHERE status = 'ingested' ORDER BY created_at`).all() as Row[]
    ).map(toBatch);
    // Open pages of batches still splitting, or of items still waiting for their pages.
    const pages = (
      this.db
        .prepare(
          `SELECT p.* FROM pages p JOIN batches b ON b.id = p.batch_id
           WHERE p.stage IS NOT NULL AND (b.status = 'ingested' OR p.item_id IN (
             SELECT id FROM items WHERE status = 'processing' AND stage = 'pages'))
           ORDER BY p.batch_id, p.page_no`,
        )
        .all() as Row[]
    ).map(toPage);
    const items = (
      this.db.prepare(`SELECT * FROM items WHERE status = 'processing' ORDER BY id`).all() as Row[]
    ).map(toItem);
    return { batches, pages, items };
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
