// SQLite implementation of the repository (better-sqlite3, WAL, migrations by user_version).
import Database from 'better-sqlite3';
import { sha256 } from '../hash.ts';
import type { ReasonCode } from '../errors.ts';
import { ITEM_STAGES } from '../jobs.ts';
import type {
  AuditAnchor,
  AuditEntry,
  AuditHead,
  AuditQuery,
  Batch,
  EditPatch,
  Item,
  ItemEdit,
  ItemEntry,
  ItemStage,
  ItemStatus,
  NewBatch,
  NewPage,
  PageKind,
  PageRecord,
  PageStage,
  Repository,
  ReworkPlan,
  RoutingExample,
  RoutingModel,
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
  `ALTER TABLE batches ADD COLUMN operator TEXT;`,
  // Rework in review: page order within an item, report notes, manual overrides that survive re-runs.
  `ALTER TABLE pages ADD COLUMN pos INTEGER;
   ALTER TABLE pages ADD COLUMN note TEXT;
   ALTER TABLE pages ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE item_edits (
     item_id TEXT PRIMARY KEY REFERENCES items(id), unit TEXT, class TEXT, fields TEXT NOT NULL DEFAULT '{}',
     approved_by TEXT, approved_at TEXT, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX page_results_at ON page_results(at);
   CREATE INDEX audit_actor ON audit(actor);`,
  // Anchors of the audit chain: its head at a time, sealed (and timestamped), so truncation and wholesale
  // recomputation of the chain are detected.
  `CREATE TABLE audit_anchors (
     seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, at TEXT NOT NULL, cms BLOB NOT NULL);
   CREATE INDEX pages_blob ON pages(blob);`,
  // The learned router: QA's routing decisions as examples, and the model versions trained from them.
  `CREATE TABLE routing_examples (
     item_id TEXT PRIMARY KEY, label TEXT NOT NULL, tokens TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE routing_models (
     version INTEGER PRIMARY KEY, examples INTEGER NOT NULL, counts TEXT NOT NULL, at TEXT NOT NULL);`,
];

type Row = Record<string, unknown>;
const now = () => new Date().toISOString();

/**
 * What the audit trail keeps of a stage result: its digest (the result itself stays in the store; metadata
 * values are not for the audit's readers), the document it made, the image enhancements (A.NB.1), and of a
 * routing its unit, reason, model version and candidates.
 */
function auditedResult(result: unknown) {
  const r = (result ?? {}) as {
    pdf?: unknown;
    enhancements?: unknown;
    decision?: unknown;
    unit?: unknown;
    reason?: unknown;
    model?: unknown;
    candidates?: Array<{ unit: string; confidence: number }>;
  };
  return {
    result: sha256(JSON.stringify(result ?? null)),
    ...(typeof r.pdf === 'string' ? { document: r.pdf } : {}),
    ...(Array.isArray(r.enhancements) ? { enhancements: r.enhancements } : {}),
    // A routing decision: to whom, why, by which model version, and the runners-up (A.SC.11 traceability).
    ...(typeof r.decision === 'string'
      ? {
          routing: {
            unit: r.unit,
            reason: r.reason,
            model: r.model ?? null,
            candidates: (r.candidates ?? []).map((c) => [c.unit, c.confidence]),
          },
        }
      : {}),
  };
}

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
    operator: (r.operator as string) ?? null,
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
    removed: r.removed === 1,
    note: (r.note as string) ?? null,
  };
}

function toEdit(r: Row): ItemEdit {
  return {
    itemId: r.item_id as string,
    unit: (r.unit as string) ?? null,
    class: (r.class as ItemEdit['class']) ?? null,
    fields: JSON.parse(r.fields as string) as ItemEdit['fields'],
    approvedBy: (r.approved_by as string) ?? null,
    approvedAt: (r.approved_at as string) ?? null,
    updatedBy: r.updated_by as string,
    updatedAt: r.updated_at as string,
  };
}

function toEntry(r: Row): ItemEntry {
  return {
    ...toItem(r),
    originalName: r.original_name as string,
    profile: r.profile as string,
    receivedAt: r.received_at as string,
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    seq: r.seq as number,
    at: r.at as string,
    actor: r.actor as string,
    action: r.action as string,
    subject: r.subject as string,
    details: JSON.parse(r.details as string),
    configVersion: r.config_version as string,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/** An item's id: its batch and its sequence number in the batch. */
const itemIdOf = (batchId: string, seq: number) => `${batchId}-${String(seq).padStart(2, '0')}`;

/** Order of an item's pages: as reworked (pos), else as scanned. */
const PAGE_ORDER = 'ORDER BY COALESCE(pos, page_no), page_no';

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
            `INSERT INTO batches (id, hash, source, original_name, spool_path, profile, received_at, out_dir, status, config_version, created_at, declared, operator)
           VALUES (?,?,?,?,?,?,?,?,'ingested',?,?,?,?)`,
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
            b.operator ?? null,
          );
        this.appendAudit(actor, 'batch.ingested', id, {
          hash: b.hash,
          source: b.source,
          profile: b.profile,
          declared: b.declared,
          operator: b.operator ?? null,
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
    const pages = this.itemPageRows(itemId);
    const failed = pages.findIndex((p) => p.reason !== null);
    const at = now();
    if (failed >= 0) {
      const { reason, message: why } = pages[failed]!;
      const message = `Seite ${failed + 1}: ${why}`;
      this.db
        .prepare(
          `UPDATE items SET stage = NULL, status = 'review', reason = ?, message = ?, updated_at = ? WHERE id = ?`,
        )
        .run(reason, message, at, itemId);
      this.appendAudit(actor, 'item.review', itemId, { reason, message });
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
          const id = itemIdOf(batchId, it.seq);
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
    return this.itemPageRows(item.id);
  }

  private itemPageRows(itemId: string): PageRecord[] {
    return (this.db.prepare(`SELECT * FROM pages WHERE item_id = ? ${PAGE_ORDER}`).all(itemId) as Row[]).map(
      toPage,
    );
  }

  private itemOf(id: string): Item | undefined {
    const r = this.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as Row | undefined;
    return r && toItem(r);
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
          ...auditedResult(result),
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
    return this.itemOf(id);
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
        this.appendAudit(actor, `stage.${stage}.done`, itemId, { run, next, ...auditedResult(result) });
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
        this.clearApproval(itemId);
        this.db
          .prepare(
            `UPDATE pages SET rev = ?, stage = 'normalize', reason = NULL, message = NULL WHERE item_id = ? AND kind <> 'separator'`,
          )
          .run(run, itemId);
        this.appendAudit(actor, 'item.rerun', itemId, { run });
        return { item: this.itemOf(itemId)!, pages: this.itemPageRows(itemId) };
      })
      .immediate();
  }

  async itemEdit(itemId: string) {
    return this.editOf(itemId);
  }

  private editOf(itemId: string): ItemEdit | undefined {
    const r = this.db.prepare('SELECT * FROM item_edits WHERE item_id = ?').get(itemId) as Row | undefined;
    return r && toEdit(r);
  }

  async setItemEdit(itemId: string, patch: EditPatch, actor: string) {
    return this.db
      .transaction(() => {
        if (!this.itemOf(itemId)) throw new Error(`no item ${itemId}`);
        this.applyEdit(itemId, patch, actor, now());
        this.appendAudit(actor, 'item.edit', itemId, patch);
        return this.editOf(itemId)!;
      })
      .immediate();
  }

  /**
   * Applies an edit: overrides given replace the recorded ones (fields one by one); the approval is set
   * when the edit approves and cleared otherwise (it approved what the item was). Call inside a transaction.
   */
  private applyEdit(itemId: string, patch: EditPatch, actor: string, at: string): void {
    const old = this.editOf(itemId);
    const changes = patch.unit !== undefined || patch.class !== undefined || patch.fields !== undefined;
    this.db
      .prepare(
        `INSERT INTO item_edits (item_id, unit, class, fields, approved_by, approved_at, updated_by, updated_at)
         VALUES (?,?,?,?,?,?,?,?)
         ON CONFLICT (item_id) DO UPDATE SET unit = excluded.unit, class = excluded.class, fields = excluded.fields,
           approved_by = excluded.approved_by, approved_at = excluded.approved_at,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(
        itemId,
        patch.unit ?? old?.unit ?? null,
        patch.class ?? old?.class ?? null,
        JSON.stringify({ ...old?.fields, ...patch.fields }),
        patch.approve ? actor : null,
        patch.approve ? at : null,
        changes || !old ? actor : old.updatedBy,
        at,
      );
  }

  async reworkItem(itemId: string, plan: ReworkPlan, actor: string) {
    return this.db.transaction(() => this.rework(itemId, plan, actor)).immediate();
  }

  /** The rework itself (see `Repository.reworkItem`); call inside a transaction. */
  private rework(itemId: string, plan: ReworkPlan, actor: string): { item: Item; pages: PageRecord[] } {
    const item = this.itemOf(itemId);
    if (!item) throw new Error(`no item ${itemId}`);
    if (item.status !== 'review')
      throw new Error(`item ${itemId} is ${item.status}; only items in review can be reworked`);
    const numbers = plan.pages.map((p) => p.pageNo);
    if (!numbers.length) throw new Error(`item ${itemId}: a rework needs at least one page`);
    if (new Set(numbers).size !== numbers.length) throw new Error(`item ${itemId}: a page is listed twice`);
    const listed = plan.pages.map((want) => {
      const page = this.pageRow(item.batchId, want.pageNo);
      if (!page || page.kind === 'separator' || page.removed)
        throw new Error(`page ${want.pageNo} of batch ${item.batchId} cannot be a page of an item`);
      const owner = page.itemId && page.itemId !== itemId ? this.itemOf(page.itemId)! : null;
      if (owner && owner.status !== 'review')
        throw new Error(
          `page ${want.pageNo} belongs to ${owner.id}, which is ${owner.status}, not in review`,
        );
      return { want, page, owner };
    });
    // Revisions only grow (attempts and job ids are counted per revision), also for pages of another item.
    const run = Math.max(item.run, ...listed.map((l) => l.page.rev)) + 1;
    const at = now();
    const stmt = {
      results: this.db.prepare(
        'SELECT count(*) n FROM page_results WHERE batch_id = ? AND page_no = ? AND rev = ?',
      ),
      copy: this.db.prepare(
        `INSERT OR REPLACE INTO page_results (batch_id, page_no, stage, rev, result, at)
         SELECT batch_id, page_no, stage, ?, result, at FROM page_results WHERE batch_id = ? AND page_no = ? AND rev = ?`,
      ),
      put: this.db.prepare(
        'INSERT OR REPLACE INTO page_results (batch_id, page_no, stage, rev, result, at) VALUES (?,?,?,?,?,?)',
      ),
      place: this.db.prepare(
        `UPDATE pages SET item_id = ?, rev = ?, pos = ?, stage = ?, reason = NULL, message = NULL,
           note = COALESCE(?, note) WHERE batch_id = ? AND page_no = ?`,
      ),
    };
    const redone: Array<{ pageNo: number; redo: string }> = [];
    listed.forEach(({ want, page }, i) => {
      const { n } = stmt.results.get(page.batchId, page.pageNo, page.rev) as { n: number };
      // A page whose stages did not finish (failed, or never run) has no results to keep: it runs again.
      const redo = want.redo ?? (page.stage || page.reason || !n ? 'all' : undefined);
      let stage: PageStage | null = null;
      if (redo === 'all') stage = 'normalize';
      else if (redo) {
        stmt.put.run(page.batchId, page.pageNo, 'normalize', run, JSON.stringify(redo.normalized), at);
        stage = redo.next;
      } else stmt.copy.run(run, page.batchId, page.pageNo, page.rev);
      if (redo) redone.push({ pageNo: page.pageNo, redo: redo === 'all' ? 'all' : 'normalize' });
      stmt.place.run(itemId, run, i + 1, stage, plan.notes?.[page.pageNo] ?? null, page.batchId, page.pageNo);
    });
    const removed = this.dropPages(item, numbers, plan, actor);
    const merged = this.mergeEmptied(itemId, listed, actor, at);
    // Item results of the stages before `from` are kept; a missing one runs again.
    let from: ItemStage = plan.from;
    for (const stage of ITEM_STAGES.slice(0, ITEM_STAGES.indexOf(plan.from))) {
      const kept = this.db
        .prepare(
          `INSERT OR REPLACE INTO stage_results (item_id, stage, run, result, at)
           SELECT item_id, stage, ?, result, at FROM stage_results WHERE item_id = ? AND stage = ? AND run = ?`,
        )
        .run(run, itemId, stage, item.run);
      if (!kept.changes) {
        from = stage;
        break;
      }
    }
    // Every rework leaves an edit behind (an empty one for page work): a reworked item waits for approval.
    this.applyEdit(itemId, plan.edit ?? {}, actor, at);
    const pages = this.itemPageRows(itemId);
    this.db
      .prepare(
        `UPDATE items SET run = ?, stage = ?, status = 'processing', reason = NULL, message = NULL, output = NULL,
           first_page = ?, last_page = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        run,
        pages.some((p) => p.stage) ? 'pages' : from,
        Math.min(...numbers),
        Math.max(...numbers),
        at,
        itemId,
      );
    this.appendAudit(actor, plan.action, itemId, {
      ...plan.details,
      run,
      from,
      pages: numbers,
      redone,
      removed,
      merged,
      // Which fields changed, never their values: the audit trail is read by administrators, not QA.
      ...(plan.edit && {
        edit: {
          ...(plan.edit.unit && { unit: plan.edit.unit }),
          ...(plan.edit.class && { class: plan.edit.class }),
          ...(plan.edit.fields && { fields: Object.keys(plan.edit.fields) }),
          ...(plan.edit.approve && { approve: true }),
        },
      }),
    });
    return { item: this.itemOf(itemId)!, pages };
  }

  /** Pages of the item that its new page list leaves out become `removed`, with a note for the report. */
  private dropPages(item: Item, keep: number[], plan: ReworkPlan, actor: string): number[] {
    const dropped = this.itemPageRows(item.id)
      .map((p) => p.pageNo)
      .filter((n) => !keep.includes(n));
    const drop = this.db.prepare(
      `UPDATE pages SET removed = 1, item_id = NULL, stage = NULL, pos = NULL, note = ?
       WHERE batch_id = ? AND page_no = ?`,
    );
    for (const n of dropped)
      drop.run(
        plan.notes?.[n] ?? `in der Nachbearbeitung aus ${item.id} entfernt (von ${actor})`,
        item.batchId,
        n,
      );
    return dropped;
  }

  /** Items that gave their last pages to `into` become `merged` (audited on their own trail). */
  private mergeEmptied(
    into: string,
    listed: Array<{ owner: Item | null }>,
    actor: string,
    at: string,
  ): string[] {
    const owners = [...new Set(listed.flatMap((l) => (l.owner ? [l.owner.id] : [])))];
    const emptied = owners.filter((id) => !this.itemPageRows(id).length);
    for (const id of emptied) {
      const message = `In ${into} zusammengeführt.`;
      this.db
        .prepare(
          `UPDATE items SET status = 'merged', stage = NULL, reason = NULL, message = ?, output = NULL, updated_at = ?
           WHERE id = ?`,
        )
        .run(message, at, id);
      this.appendAudit(actor, 'item.merged', id, { into });
    }
    return emptied;
  }

  async splitItem(itemId: string, atPageNo: number, actor: string) {
    return this.db
      .transaction(() => {
        const item = this.itemOf(itemId);
        if (!item) throw new Error(`no item ${itemId}`);
        const pages = this.itemPageRows(itemId);
        const at = pages.findIndex((p) => p.pageNo === atPageNo);
        if (at <= 0) throw new Error(`item ${itemId} cannot be split before page ${atPageNo}`);
        if (item.status !== 'review')
          throw new Error(`item ${itemId} is ${item.status}; only items in review can be reworked`);
        const { seq } = this.db
          .prepare('SELECT max(seq) + 1 seq FROM items WHERE batch_id = ?')
          .get(item.batchId) as { seq: number };
        const id = itemIdOf(item.batchId, seq);
        this.db
          .prepare(
            `INSERT INTO items (id, batch_id, seq, first_page, last_page, stage, status, updated_at)
             VALUES (?,?,?,?,?,NULL,'review',?)`,
          )
          .run(id, item.batchId, seq, atPageNo, atPageNo, now());
        const keep = (list: PageRecord[]) => list.map((p) => ({ pageNo: p.pageNo }));
        const split = { action: 'item.split', from: 'extract' as const };
        const created = this.rework(
          id,
          { ...split, details: { of: itemId, at: atPageNo }, pages: keep(pages.slice(at)) },
          actor,
        );
        const rest = this.rework(
          itemId,
          { ...split, details: { created: id, at: atPageNo }, pages: keep(pages.slice(0, at)) },
          actor,
        );
        return { item: rest.item, created: created.item, pages: [...rest.pages, ...created.pages] };
      })
      .immediate();
  }

  async addPage(
    batchId: string,
    page: Omit<NewPage, 'batchId' | 'pageNo' | 'kind'>,
    note: string,
    actor: string,
  ) {
    return this.db
      .transaction(() => {
        const { pageNo } = this.db
          .prepare('SELECT coalesce(max(page_no), 0) + 1 pageNo FROM pages WHERE batch_id = ?')
          .get(batchId) as { pageNo: number };
        this.db
          .prepare(
            `INSERT INTO pages (batch_id, page_no, blob, width, height, dpi_x, dpi_y, scan_dpi, colour, kind,
               item_id, orient, stage, rev, note) VALUES (?,?,?,?,?,?,?,?,?,'content',NULL,?,NULL,1,?)`,
          )
          .run(
            batchId,
            pageNo,
            page.blob,
            page.width,
            page.height,
            page.dpiX,
            page.dpiY,
            page.scanDpi,
            page.colour,
            page.orient,
            note,
          );
        this.appendAudit(actor, 'page.added', `${batchId}/${pageNo}`, { blob: page.blob, note });
        return this.pageRow(batchId, pageNo)!;
      })
      .immediate();
  }

  async transitionItem(
    itemId: string,
    from: ItemStatus,
    to: Parameters<Repository['transitionItem']>[2],
    action: string,
    actor: string,
  ) {
    return this.db
      .transaction(() => {
        const item = this.itemOf(itemId);
        if (!item) throw new Error(`no item ${itemId}`);
        if (item.status !== from) throw new Error(`item ${itemId} is ${item.status}, not ${from}`);
        this.db
          .prepare(
            'UPDATE items SET stage = NULL, status = ?, reason = ?, message = ?, updated_at = ? WHERE id = ?',
          )
          .run(to.status, to.reason, to.message, now(), itemId);
        this.clearApproval(itemId);
        this.appendAudit(actor, action, itemId, { from, ...to });
        return this.itemOf(itemId)!;
      })
      .immediate();
  }

  async itemEntries(status: ItemStatus, reason?: ReasonCode) {
    return (
      this.db
        .prepare(
          `SELECT i.*, b.original_name, b.profile, b.received_at FROM items i JOIN batches b ON b.id = i.batch_id
           WHERE i.status = ? AND (? IS NULL OR i.reason = ?) ORDER BY i.updated_at, i.id`,
        )
        .all(status, reason ?? null, reason ?? null) as Row[]
    ).map(toEntry);
  }

  async inbox(units: string[], limit: number) {
    return (
      this.db
        .prepare(
          `SELECT i.*, b.original_name, b.profile, b.received_at, json_extract(r.result, '$.unit') unit
           FROM items i JOIN batches b ON b.id = i.batch_id
           JOIN stage_results r ON r.item_id = i.id AND r.stage = 'classify' AND r.run = i.run
           WHERE i.status = 'delivered' AND json_extract(r.result, '$.unit') IN (SELECT value FROM json_each(?))
           ORDER BY i.updated_at DESC, i.id LIMIT ?`,
        )
        .all(JSON.stringify(units), limit) as Row[]
    ).map((r) => ({ ...toEntry(r), unit: r.unit as string }));
  }

  async statusCounts() {
    const counts: Record<ItemStatus, number> = {
      processing: 0,
      delivered: 0,
      review: 0,
      quarantined: 0,
      merged: 0,
    };
    for (const r of this.db.prepare('SELECT status, count(*) n FROM items GROUP BY status').all() as Array<{
      status: ItemStatus;
      n: number;
    }>)
      counts[r.status] = r.n;
    return counts;
  }

  async pagesDoneSince(isoTime: string) {
    // Results copied to a new revision keep their time: a page is counted once per time it was worked.
    const r = this.db
      .prepare(
        `SELECT count(*) n FROM (SELECT DISTINCT r.batch_id, r.page_no, r.at FROM page_results r
           JOIN pages p ON p.batch_id = r.batch_id AND p.page_no = r.page_no
           WHERE r.at >= ? AND (r.stage = 'ocr' OR (r.stage = 'normalize' AND p.kind = 'blank')))`,
      )
      .get(isoTime) as { n: number };
    return r.n;
  }

  async auditSearch(q: AuditQuery) {
    return (
      this.db
        .prepare(
          `SELECT * FROM audit WHERE (@subject IS NULL OR substr(subject, 1, length(@subject)) = @subject)
             AND (@actor IS NULL OR actor = @actor)
             AND (@action IS NULL OR substr(action, 1, length(@action)) = @action)
             AND (@before IS NULL OR seq < @before)
           ORDER BY seq DESC LIMIT @limit`,
        )
        .all({
          subject: q.subject ?? null,
          actor: q.actor ?? null,
          action: q.action ?? null,
          before: q.beforeSeq ?? null,
          limit: q.limit,
        }) as Row[]
    ).map(toAudit);
  }

  private clearApproval(itemId: string): void {
    this.db
      .prepare('UPDATE item_edits SET approved_by = NULL, approved_at = NULL WHERE item_id = ?')
      .run(itemId);
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
        // An approval was for what the item was: after a failure it must be given again.
        this.clearApproval(itemId);
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
    return rows.map(toAudit);
  }

  async auditHead(): Promise<AuditHead> {
    const r = this.db.prepare('SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1').get() as
      AuditHead | undefined;
    return r ?? { seq: 0, hash: '0'.repeat(64), at: '' };
  }

  async auditEntry(seq: number): Promise<AuditEntry | undefined> {
    const r = this.db.prepare('SELECT * FROM audit WHERE seq = ?').get(seq) as Row | undefined;
    return r && toAudit(r);
  }

  async addAnchor(a: AuditAnchor): Promise<boolean> {
    return this.db
      .transaction(() => {
        const added =
          this.db
            .prepare('INSERT OR IGNORE INTO audit_anchors (seq, hash, at, cms) VALUES (?,?,?,?)')
            .run(a.seq, a.hash, a.at, Buffer.from(a.cms)).changes > 0;
        if (added) this.appendAudit('system', 'audit.anchor', 'audit', { seq: a.seq, hash: a.hash });
        return added;
      })
      .immediate();
  }

  async blobUsers(hash: string): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT batch_id FROM pages WHERE blob = ?').all(hash) as Row[]).map(
      (r) => r.batch_id as string,
    );
  }

  async anchors(): Promise<AuditAnchor[]> {
    return (this.db.prepare('SELECT * FROM audit_anchors ORDER BY seq').all() as Row[]).map((r) => ({
      seq: r.seq as number,
      hash: r.hash as string,
      at: r.at as string,
      cms: new Uint8Array(r.cms as Buffer),
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

  async addRoutingExample(
    e: Omit<RoutingExample, 'at'>,
    retrain: (all: RoutingExample[]) => string,
  ): Promise<number> {
    return this.db
      .transaction(() => {
        const tokens = JSON.stringify(e.tokens);
        const old = this.db
          .prepare('SELECT label, tokens FROM routing_examples WHERE item_id = ?')
          .get(e.itemId) as Row | undefined;
        const version = () =>
          (this.db.prepare('SELECT MAX(version) AS v FROM routing_models').get() as Row).v as number | null;
        if (old && old.label === e.label && old.tokens === tokens) return version() ?? 0;
        this.db
          .prepare(
            'INSERT OR REPLACE INTO routing_examples (item_id, label, tokens, by, at) VALUES (?,?,?,?,?)',
          )
          .run(e.itemId, e.label, tokens, e.by, now());
        const all = this.routingExamplesNow();
        const v = (version() ?? 0) + 1;
        this.db
          .prepare('INSERT INTO routing_models (version, examples, counts, at) VALUES (?,?,?,?)')
          .run(v, all.length, retrain(all), now());
        this.appendAudit(e.by, 'routing.learn', e.itemId, {
          label: e.label,
          version: v,
          examples: all.length,
        });
        return v;
      })
      .immediate();
  }

  private routingExamplesNow(): RoutingExample[] {
    return (this.db.prepare('SELECT * FROM routing_examples ORDER BY at, item_id').all() as Row[]).map(
      (r) => ({
        itemId: r.item_id as string,
        label: r.label as string,
        tokens: JSON.parse(r.tokens as string) as string[],
        by: r.by as string,
        at: r.at as string,
      }),
    );
  }

  async routingExamples(): Promise<RoutingExample[]> {
    return this.routingExamplesNow();
  }

  async latestRoutingModel(): Promise<RoutingModel | undefined> {
    const r = this.db.prepare('SELECT * FROM routing_models ORDER BY version DESC LIMIT 1').get() as
      RoutingModel | undefined;
    return r && { version: r.version, examples: r.examples, counts: r.counts, at: r.at };
  }

  async routingModelVersion(): Promise<number> {
    return ((this.db.prepare('SELECT MAX(version) AS v FROM routing_models').get() as Row).v as number) ?? 0;
  }

  close() {
    this.db.close();
  }
}
