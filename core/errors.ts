// Error classes as retry policy, and the closed set of reason codes shown to people.

/** Stable reason codes for results, quarantine records and the review UI. */
export const ReasonCode = {
  empty: 'empty',
  /** A symbolic link, directory link, FIFO, socket, device or hard link: never read, never followed. */
  notRegularFile: 'not_regular_file',
  truncated: 'truncated',
  encrypted: 'encrypted',
  unsupportedType: 'unsupported_type',
  unreadable: 'unreadable',
  tooLarge: 'too_large',
  lowConfidence: 'low_confidence',
  noUnit: 'no_unit',
  specialClass: 'special_class',
  stageFailed: 'stage_failed',
  dpiMismatch: 'dpi_mismatch',
  colourMismatch: 'colour_mismatch',
  /** Declared and scanned page counts differ, or a duplex batch has an odd page count. */
  pageCountMismatch: 'page_count_mismatch',
  /** The manifest beside the scan is missing (profile requires one) or invalid. */
  badManifest: 'bad_manifest',
  /** The letter's own page numbers show a missing or doubled page (double feed). */
  missingPage: 'missing_page',
  /** A clerk sent a delivered item back: not their unit's post ('nicht zuständig'). */
  misrouted: 'misrouted',
  /** The machine was sure, but the item fell into the profile's QA sample. */
  sample: 'sample',
  /** QA reworked the item; it waits for QA's approval before it is delivered. */
  pendingApproval: 'pending_approval',
  /** QA asked the mailroom to scan the item again. */
  rescanRequested: 'rescan_requested',
  /** The electronic seal or the timestamp the profile's protection need requires could not be applied. */
  sealFailed: 'seal_failed',
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** A failure that no retry can fix (corrupt input, unsupported format): goes straight to quarantine or review. */
export class PermanentError extends Error {
  override name = 'PermanentError';
  constructor(
    readonly reason: ReasonCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure worth retrying with backoff (timeouts, Redis blips). Anything unclassified counts as retryable. */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** The process is stopping: the job goes back to its queue untouched, for another worker (graceful shutdown). */
export class HandBack extends Error {
  override name = 'HandBack';
}

/** The job has more steps: it goes back to the end of its queue, so other jobs get their turn in between. */
export class NextStep extends Error {
  override name = 'NextStep';
}

/** True for permanent errors, also when they crossed a process boundary as plain objects. */
export function isPermanent(err: unknown): err is PermanentError {
  return err instanceof PermanentError || (err as { name?: string } | null)?.name === 'PermanentError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
