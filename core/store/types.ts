// Domain records and the repository interface of the system of record (SQLite now, PostgreSQL later).
import type { ReasonCode } from '../errors.ts';
import type { ItemStage, PageStage } from '../jobs.ts';

export type { ItemStage, PageStage };

/** What the operator declared about a batch (Vollzähligkeit): sheets or pages, from the file name or a manifest. */
export interface Declaration {
  sheets: number | null;
  pages: number | null;
  /** Overrides the profile's duplex setting for this batch. */
  duplex: boolean | null;
  /** Where it came from, or why the manifest could not be used. */
  source: 'filename' | 'manifest';
  error: string | null;
}

export type BatchStatus = 'ingested' | 'split' | 'quarantined' | 'duplicate';
export type ItemStatus = 'processing' | 'delivered' | 'review' | 'quarantined';
export type PageKind = 'content' | 'blank' | 'separator';
export type DocClass = 'letter' | 'invoice' | 'persoenlich' | 'fehlleitung' | 'werbung';
export type InputSource = 'hotfolder' | 'cli' | 'rescan';

export interface Batch {
  id: string;
  hash: string;
  source: InputSource;
  /** The input path as given (CLI) or the original file name in the hot folder (NFC-normalised). */
  originalName: string;
  spoolPath: string;
  profile: string;
  receivedAt: string;
  outDir: string;
  status: BatchStatus;
  reason: ReasonCode | null;
  message: string | null;
  duplicateOf: string | null;
  pageCount: number | null;
  /** What the operator declared about the batch (page or sheet count), from the file name or a manifest. */
  declared: Declaration | null;
  configVersion: string;
  createdAt: string;
}

export interface PageRecord {
  batchId: string;
  pageNo: number;
  blob: string;
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  /** Resolution at which the page was scanned, where the file tells (A.SC.6). */
  scanDpi: number | null;
  colour: 'bitonal' | 'grey' | 'colour';
  kind: PageKind;
  itemId: string | null;
  /** Clockwise quarter turns (degrees) that show the stored page image the way the page is displayed. */
  orient: 0 | 90 | 180 | 270;
  /** The page stage still to do, or null when the page is done (or needs none: separator sheets). */
  stage: PageStage | null;
  /** The run of the item the page's results belong to (1 until the item is reworked). */
  rev: number;
  /** Why a page stage failed for good (the item then goes to review). */
  reason: ReasonCode | null;
  message: string | null;
}

/** A page as split records it; the store sets its stage, revision and failure fields. */
export type NewPage = Omit<PageRecord, 'stage' | 'rev' | 'reason' | 'message' | 'itemId'>;

export interface Item {
  id: string;
  batchId: string;
  seq: number;
  firstPage: number;
  lastPage: number;
  /** `pages`: waiting for its pages' stages; then the item stages; null when settled. */
  stage: 'pages' | ItemStage | null;
  status: ItemStatus;
  reason: ReasonCode | null;
  message: string | null;
  run: number;
  output: string | null;
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
  configVersion: string;
  prevHash: string;
  hash: string;
}

export type NewBatch = Omit<
  Batch,
  'id' | 'createdAt' | 'status' | 'reason' | 'message' | 'duplicateOf' | 'pageCount'
>;

export interface Repository {
  /** Creates a batch with a content-derived id (hash prefix plus a run suffix when the input came before). */
  createBatch(batch: NewBatch, actor: string): Promise<Batch>;
  getBatch(id: string): Promise<Batch | undefined>;
  /** The most recently received batches, newest first. */
  recentBatches(limit: number): Promise<Batch[]>;
  findBatchBySpoolPath(spoolPath: string): Promise<Batch | undefined>;
  /** An earlier batch with the same bytes that was delivered, is in review or still runs (not quarantined). */
  findProcessedBatchByHash(hash: string, excludeId: string): Promise<Batch | undefined>;
  /** A batch with these bytes that has not settled yet (interrupted by a crash, or still running). */
  findUnfinishedBatchByHash(hash: string): Promise<Batch | undefined>;
  markBatch(
    id: string,
    update: Pick<Batch, 'status'> & Partial<Pick<Batch, 'reason' | 'message' | 'duplicateOf'>>,
    actor: string,
  ): Promise<void>;
  /** Records one page as the split decodes it; it is then pending for its page stages (not a separator). */
  recordPage(page: NewPage): Promise<PageRecord>;
  /**
   * Ends a split: final page kinds, the items (which own their pages), the batch `split` (details audited),
   * in one transaction. Items whose pages are all done are ready for `extract` at once.
   */
  recordSplit(
    batchId: string,
    kinds: PageKind[],
    items: Array<Pick<Item, 'seq' | 'firstPage' | 'lastPage'>>,
    actor: string,
    details?: Record<string, unknown>,
  ): Promise<Item[]>;
  pages(batchId: string): Promise<PageRecord[]>;
  page(batchId: string, pageNo: number): Promise<PageRecord | undefined>;
  /** The pages of an item, in order. */
  itemPages(item: Pick<Item, 'id' | 'batchId'>): Promise<PageRecord[]>;
  items(batchId: string): Promise<Item[]>;
  getItem(id: string): Promise<Item | undefined>;
  /** The recorded result of a page stage for a revision. */
  pageResult(batchId: string, pageNo: number, stage: PageStage, rev: number): Promise<unknown>;
  /**
   * Records a finished page stage and moves the page on (`next`, or done), in one transaction; when the
   * page was its item's last open one, the item moves to `extract` and is returned.
   */
  completePageStage(
    page: Pick<PageRecord, 'batchId' | 'pageNo' | 'rev'>,
    stage: PageStage,
    result: unknown,
    next: PageStage | null,
    actor: string,
  ): Promise<{ page: PageRecord; ready: Item | null }>;
  /** Ends a page stage with a failure; the page's item (once known) goes to review. */
  failPage(
    page: Pick<PageRecord, 'batchId' | 'pageNo' | 'rev'>,
    stage: PageStage,
    reason: ReasonCode,
    message: string,
    actor: string,
  ): Promise<void>;
  /** The recorded result of an item stage for the item's run, if it already finished. */
  stageResult(itemId: string, stage: ItemStage, run: number): Promise<unknown>;
  /** Records a finished item stage and moves the item to `next` (or a final status) in one transaction. */
  completeStage(
    itemId: string,
    stage: ItemStage,
    run: number,
    result: unknown,
    next:
      | { stage: ItemStage }
      | {
          status: Exclude<ItemStatus, 'processing'>;
          reason?: ReasonCode | null;
          message?: string | null;
          output?: string | null;
        },
    actor: string,
  ): Promise<Item>;
  /** Starts an item in review over: a new run, its pages pending again (earlier results stay recorded). */
  rerunItem(itemId: string, actor: string): Promise<{ item: Item; pages: PageRecord[] }>;
  /** Ends an item with a failure (permanent error or retries exhausted). */
  failItem(
    itemId: string,
    status: 'review' | 'quarantined',
    reason: ReasonCode,
    message: string,
    actor: string,
  ): Promise<void>;
  /**
   * Counts one more start of a stage on a subject (batch, page or item) for a run and returns the count:
   * attempts survive process deaths and re-queues, so a document that kills its worker is given up on.
   */
  startAttempt(subject: string, stage: string, run: number): Promise<{ n: number; lastError: string | null }>;
  /** Remembers why the current attempt failed (for the message once attempts are exhausted). */
  attemptFailed(subject: string, stage: string, run: number, error: string): Promise<void>;
  /** Takes back a start that was handed back to the queue unfinished (graceful shutdown). */
  attemptHandedBack(subject: string, stage: string, run: number): Promise<void>;
  /**
   * How far a batch has come: pages recorded, pages done, and every stage result so far (which grows with
   * each finished step, for progress output and the stall watchdog).
   */
  batchProgress(batchId: string): Promise<{ pages: number; pagesDone: number; steps: number }>;
  /** What the reconciler must have in the queues: batches still splitting, open pages and items. */
  pending(): Promise<{ batches: Batch[]; pages: PageRecord[]; items: Item[] }>;
  audit(actor: string, action: string, subject: string, details: unknown): Promise<void>;
  auditTrail(subject?: string): Promise<AuditEntry[]>;
  /** Recomputes the audit hash chain; returns the seq of the first broken entry, or null. */
  verifyAudit(): Promise<number | null>;
  close(): void;
}
