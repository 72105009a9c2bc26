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
/** `merged`: the item's pages were moved into another item of its batch in review (see the audit trail). */
export type ItemStatus = 'processing' | 'delivered' | 'review' | 'quarantined' | 'merged';
export type PageKind = 'content' | 'blank' | 'separator';
export type DocClass = 'letter' | 'invoice' | 'persoenlich' | 'fehlleitung' | 'werbung';
export type InputSource = 'hotfolder' | 'cli' | 'rescan' | 'upload';

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
  /** Who scanned or uploaded the batch (manifest `operator`, or the UI user), for the four-eyes rule. */
  operator: string | null;
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
  /**
   * Taken out of its item in review (deleted, or replaced by a rescan): in no item any more, its kind as the
   * split found it, its note saying why. (A flag beside the kind, because the kind is the split's finding.)
   */
  removed: boolean;
  /** What the review did to the page, for the batch report (German), e.g. 'Neuscan für Seite 3'. */
  note: string | null;
}

/** A page as split records it; the store sets its stage, revision, failure and note fields. */
export type NewPage = Omit<
  PageRecord,
  'stage' | 'rev' | 'reason' | 'message' | 'itemId' | 'note' | 'removed'
>;

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

/** Metadata fields QA may set by hand (null: cleared by hand). */
export interface ManualFields {
  fileref?: string | null;
  date?: string | null;
  sender?: string | null;
  subject?: string | null;
  iban?: string | null;
  amount?: number | null;
}

/** Manual overrides of an item, kept across its runs: what extract and classify apply over their own. */
export interface ItemEdit {
  itemId: string;
  unit: string | null;
  class: DocClass | null;
  fields: ManualFields;
  /** Who approved the item for delivery (QA); cleared by any later rework that does not approve. */
  approvedBy: string | null;
  approvedAt: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** A change to an item's manual overrides; `approve` approves as the acting user. */
export interface EditPatch {
  unit?: string;
  class?: DocClass;
  fields?: ManualFields;
  approve?: boolean;
}

/**
 * One page of a reworked item: its results kept (default), its normalize result replaced by a given one
 * (then `next` runs, e.g. OCR of a turned page), or all its stages again (`'all'`: a rescanned page).
 */
export interface PagePlan {
  pageNo: number;
  redo?: 'all' | { normalized: unknown; next: PageStage | null };
}

/** What a rework does to an item in review (see `Repository.reworkItem`). */
export interface ReworkPlan {
  /** Audit action, e.g. `item.rotate`, and what the audit entry records besides the pages. */
  action: string;
  details?: Record<string, unknown>;
  /** The first item stage that runs again; earlier item results are kept. */
  from: 'extract' | 'classify';
  /** The item's pages, in order: its own, or pages of another item in review of the same batch. */
  pages: PagePlan[];
  /** Report notes for pages (by page number), e.g. for pages dropped from the item. */
  notes?: Record<number, string>;
  /** Manual overrides changed with the rework (in the same transaction). */
  edit?: EditPatch;
}

/** An item with what the review queue and the inboxes show of its batch. */
export type ItemEntry = Item & Pick<Batch, 'originalName' | 'profile' | 'receivedAt'>;

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
}

/** The audit chain's head at `at`, sealed: `cms` is a detached signature over `anchorBytes` of it. */
export interface AuditAnchor extends AuditHead {
  cms: Uint8Array;
}

/** A routing decided by QA: a labelled example for the learned router (its tokens, the unit or class). */
export interface RoutingExample {
  itemId: string;
  label: string;
  tokens: string[];
  by: string;
  at: string;
}

/** A version of the learned router: what QA taught it (token counts per label) after `examples` decisions. */
export interface RoutingModel {
  version: number;
  examples: number;
  /** JSON of the counts learned from QA decisions (classifiers/learn.ts Counts). */
  counts: string;
  at: string;
}

export interface AuditQuery {
  /** Subjects starting with this (a batch id also finds its items and pages). */
  subject?: string;
  actor?: string;
  /** Actions starting with this (`item.` finds every item action). */
  action?: string;
  limit: number;
  /** Only entries older than this sequence number (paging backwards). */
  beforeSeq?: number;
}

export type NewBatch = Omit<
  Batch,
  'id' | 'createdAt' | 'status' | 'reason' | 'message' | 'duplicateOf' | 'pageCount' | 'operator'
> & { operator?: string | null };

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
  /** The item's manual overrides, if any were made. */
  itemEdit(itemId: string): Promise<ItemEdit | undefined>;
  /** Changes an item's manual overrides (audited as `item.edit`) without running it again. */
  setItemEdit(itemId: string, patch: EditPatch, actor: string): Promise<ItemEdit>;
  /**
   * Reworks an item in review, in one transaction: a new run whose pages are `plan.pages` in that order
   * (each at the new revision, its results copied, replaced or pending again), pages dropped from the item
   * `removed`, item results before `plan.from` copied, the item `processing` (at `pages` while a page is
   * open), the edit applied and one audit entry `plan.action`. Pages may come from another item in review
   * of the same batch; an item left without pages becomes `merged` into this one. Returns the item and
   * its pages (those with a stage are to be enqueued).
   */
  reworkItem(itemId: string, plan: ReworkPlan, actor: string): Promise<{ item: Item; pages: PageRecord[] }>;
  /**
   * Splits an item in review before page `atPageNo` (of the batch): from there on its pages become a new
   * item (next seq of the batch); both run again from `extract`. One transaction, audited `item.split`.
   */
  splitItem(
    itemId: string,
    atPageNo: number,
    actor: string,
  ): Promise<{ item: Item; created: Item; pages: PageRecord[] }>;
  /** Records a rescanned page for a batch (next page number, content, in no item until a rework places it). */
  addPage(
    batchId: string,
    page: Omit<NewPage, 'batchId' | 'pageNo' | 'kind'>,
    note: string,
    actor: string,
  ): Promise<PageRecord>;
  /**
   * Moves a settled item from status `from` to review or quarantine with a reason (a clerk sends it back,
   * QA asks for a rescan); its approval is cleared. Audited as `action`.
   */
  transitionItem(
    itemId: string,
    from: ItemStatus,
    to: { status: 'review' | 'quarantined'; reason: ReasonCode; message: string },
    action: string,
    actor: string,
  ): Promise<Item>;
  /** Items in a status (and with a reason), with their batch's name, profile and receipt date, oldest change first. */
  itemEntries(status: ItemStatus, reason?: ReasonCode): Promise<ItemEntry[]>;
  /** Delivered items routed to one of these units, newest first. */
  inbox(units: string[], limit: number): Promise<Array<ItemEntry & { unit: string }>>;
  /** Items per status. */
  statusCounts(): Promise<Record<ItemStatus, number>>;
  /** Pages whose last page stage finished since this ISO time (OCR, or normalize of a blank page). */
  pagesDoneSince(isoTime: string): Promise<number>;
  /** Audit entries matching the query, newest first. */
  auditSearch(query: AuditQuery): Promise<AuditEntry[]>;
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
  /** The last entry of the audit chain (seq 0 and a zero hash when it is empty). */
  auditHead(): Promise<AuditHead>;
  auditEntry(seq: number): Promise<AuditEntry | undefined>;
  /** Records a sealed anchor of the chain head (audited as `audit.anchor`); false when that head is anchored. */
  addAnchor(a: AuditAnchor): Promise<boolean>;
  anchors(): Promise<AuditAnchor[]>;
  /** The batches with a page stored as this blob. */
  blobUsers(hash: string): Promise<string[]>;
  /**
   * Records QA's routing of an item as a training example (one per item: a later decision replaces it)
   * and, when it changed, stores the model trained from all examples by `retrain` as a new version, in
   * one transaction. Returns the version in force.
   */
  addRoutingExample(
    e: Omit<RoutingExample, 'at'>,
    retrain: (all: RoutingExample[]) => string,
  ): Promise<number>;
  routingExamples(): Promise<RoutingExample[]>;
  /** The newest model version (undefined before QA's first decision). */
  latestRoutingModel(): Promise<RoutingModel | undefined>;
  /** The newest model version's number only (0 when none), cheap enough to ask on every item. */
  routingModelVersion(): Promise<number>;
  close(): void;
}
