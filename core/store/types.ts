// Domain records and the repository interface of the system of record (SQLite now, PostgreSQL later).
import type { ReasonCode } from '../errors.ts';
import type { Declaration } from '../../ingest/declared.ts';

export const STAGES = ['normalize', 'ocr', 'extract', 'classify', 'assemble', 'deliver'] as const;
export type ItemStage = (typeof STAGES)[number];

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
}

export interface Item {
  id: string;
  batchId: string;
  seq: number;
  firstPage: number;
  lastPage: number;
  stage: ItemStage | null;
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
  /** Records pages and items of a split batch in one transaction and sets it to `split` (details: audited). */
  recordSplit(
    batchId: string,
    pages: PageRecord[],
    items: Array<Pick<Item, 'seq' | 'firstPage' | 'lastPage'>>,
    actor: string,
    details?: Record<string, unknown>,
  ): Promise<Item[]>;
  /** Records one page while a batch is being split, so a split cut short resumes after it. */
  recordPage(page: PageRecord): Promise<void>;
  pages(batchId: string): Promise<PageRecord[]>;
  items(batchId: string): Promise<Item[]>;
  getItem(id: string): Promise<Item | undefined>;
  /** The recorded result of a stage for the item's current run, if it already finished. */
  stageResult<T>(itemId: string, stage: ItemStage, run: number): Promise<T | undefined>;
  /** Records a finished stage and moves the item to `next` (or a final status) in one transaction. */
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
  /** Starts an item in review over from its first stage (a new run; earlier results stay recorded). */
  rerunItem(itemId: string, actor: string): Promise<Item>;
  /** Ends an item with a failure (permanent error or retries exhausted). */
  failItem(
    itemId: string,
    status: 'review' | 'quarantined',
    reason: ReasonCode,
    message: string,
    actor: string,
  ): Promise<void>;
  /** Batches still `ingested` and items still `processing`: what the reconciler must have in the queues. */
  pending(): Promise<{ batches: Batch[]; items: Item[] }>;
  audit(actor: string, action: string, subject: string, details: unknown): Promise<void>;
  auditTrail(subject?: string): Promise<AuditEntry[]>;
  /** Recomputes the audit hash chain; returns the seq of the first broken entry, or null. */
  verifyAudit(): Promise<number | null>;
  close(): void;
}
