// The PDF object model of the reader: plain values, small classes, and the errors it raises for people.
import { PermanentError, ReasonCode } from '../../../core/errors.ts';

/** A name such as `/Type`, stored without the slash and with `#xx` escapes decoded. */
export class PdfName {
  constructor(readonly name: string) {}
}

/** An indirect reference `num gen R`. */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A literal or hex string, as raw bytes (encrypted files keep them encrypted). */
export class PdfString {
  constructor(readonly bytes: Buffer) {}
}

/** A content-stream operator or a keyword the object syntax does not know (`stream`, `endobj`, `Do`). */
export class PdfOp {
  constructor(readonly op: string) {}
}

/** A dictionary; keys are names without the slash. */
export type PdfDict = Map<string, PdfObject>;

/**
 * A stream: its dictionary and where its data starts in the file. The data is not read until asked for;
 * `length` is the direct /Length, or -1 when it is an indirect reference (resolved when the data is read).
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly offset: number,
    public length: number,
  ) {}
}

export type PdfObject =
  null | boolean | number | PdfName | PdfString | PdfRef | PdfStream | PdfDict | PdfObject[];

/** A size for people: `64 MiB`, `0.5 MiB`. */
export const mib = (bytes: number): string => `${Number((bytes / 1048576).toFixed(1))} MiB`;

/** A PermanentError (reason unreadable) for a structural problem, in German for people. */
export function corrupt(detail: string): PermanentError {
  return new PermanentError(ReasonCode.unreadable, `Die PDF-Datei ist beschädigt: ${detail}.`);
}

export const isDict = (o: unknown): o is PdfDict => o instanceof Map;

/** The name's text when `o` is a name, else undefined. */
export const nameOf = (o: PdfObject | undefined): string | undefined =>
  o instanceof PdfName ? o.name : undefined;

/** A finite number, else undefined. */
export const numOf = (o: PdfObject | undefined): number | undefined =>
  typeof o === 'number' && Number.isFinite(o) ? o : undefined;
