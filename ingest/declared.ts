// What the operator declared about a batch (Vollzähligkeit, TR-03138 A.DV.2): how many sheets or pages went
// through the scanner, separator sheets included. Declared in the file name (`Stapel 17 - 12 Blatt.pdf`,
// `post_24seiten.pdf`) or in a manifest next to the scan (`<scan file name>.manifest.json`), which wins.
import { NotRegularFileError, openRegular } from '../core/files.ts';
import type { Declaration } from '../core/store/types.ts';
import { z } from 'zod';

export type { Declaration };

export const MANIFEST_SUFFIX = '.manifest.json';

const manifestSchema = z
  .object({
    sheets: z.number().int().positive().max(100_000).optional(),
    pages: z.number().int().positive().max(100_000).optional(),
    duplex: z.boolean().optional(),
    /** Free text for people (scanner, operator); kept in the manifest only. */
    note: z.string().optional(),
    /** Who scanned the batch (recorded as the batch's operator, for the four-eyes rule). */
    operator: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((m) => m.sheets !== undefined || m.pages !== undefined, 'sheets oder pages fehlt');

const NAME_COUNT = /(?:^|[\s_.(-])(\d{1,5})[\s_-]?(blatt|sheets?|seiten?|pages?)(?=$|[\s_.)-])/iu;

/** `Stapel 17 - 12 Blatt.pdf` -> 12 sheets; `post_24seiten.pdf` -> 24 pages; no count -> null. */
export function declarationFromName(name: string): Declaration | null {
  const stem = name.replace(/\.[^.]+$/, '').normalize('NFC');
  const m = NAME_COUNT.exec(stem);
  if (!m) return null;
  const n = Number(m[1]);
  const sheets = /^(blatt|sheets?)$/i.test(m[2]!);
  if (n === 0) return null;
  return {
    sheets: sheets ? n : null,
    pages: sheets ? null : n,
    duplex: null,
    source: 'filename',
    error: null,
  };
}

/** A manifest's declaration, with the scanning operator where the manifest names one. */
export type ManifestDeclaration = Declaration & { operator?: string };

/** Parses a manifest; a broken one is a declaration with an error (the batch then goes to review). */
export function parseManifest(text: string): ManifestDeclaration {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, which must stay out of reports.
    return broken('Begleitdatei ungültig: kein gültiges JSON.');
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success)
    return broken(
      `Begleitdatei ungültig: ${r.error.issues.map((i) => `${i.path.join('.') || 'Inhalt'}: ${i.message}`).join('; ')}`,
    );
  return {
    sheets: r.data.sheets ?? null,
    pages: r.data.pages ?? null,
    duplex: r.data.duplex ?? null,
    source: 'manifest',
    error: null,
    ...(r.data.operator === undefined ? {} : { operator: r.data.operator }),
  };
}

/**
 * The manifest text that declares again what a usable manifest declared (a released file goes back with
 * it, so its count is checked again); null when there is nothing to restore.
 */
export function manifestText(d: Declaration | null, operator: string | null): string | null {
  if (d?.source !== 'manifest' || d.error) return null;
  const m: z.input<typeof manifestSchema> = {};
  if (d.sheets !== null) m.sheets = d.sheets;
  if (d.pages !== null) m.pages = d.pages;
  if (d.duplex !== null) m.duplex = d.duplex;
  if (operator) m.operator = operator;
  return JSON.stringify(m);
}

function broken(error: string): Declaration {
  return { sheets: null, pages: null, duplex: null, source: 'manifest', error };
}

/** A manifest is a few lines of JSON; anything bigger is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024;

/**
 * The manifest next to a scan (read before the scan is claimed); null when there is none, a declaration
 * with an error when there is none but the profile requires one. Only a regular file is read, never
 * through a link, and its content never appears in a message.
 */
export async function readManifest(scan: string, required: boolean): Promise<ManifestDeclaration | null> {
  let handle;
  try {
    handle = await openRegular(scan + MANIFEST_SUFFIX);
  } catch (e) {
    // A scan name near the length limit cannot have a manifest (ENAMETOOLONG): none there.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG') return required ? broken('Begleitdatei fehlt.') : null;
    if (e instanceof NotRegularFileError) return broken(`Begleitdatei ist keine reguläre Datei (${e.kind}).`);
    throw e;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_MANIFEST_BYTES) return broken(`Begleitdatei zu groß (${size} Byte).`);
    return parseManifest(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

/** Whether a batch was scanned on both sides: as its declaration says, else as its profile says. */
export function isDuplex(d: Declaration | null, profileDuplex: boolean): boolean {
  return d?.duplex ?? profileDuplex;
}

/** Pages the scanner must have produced: pages as declared, or sheets (two sides each when duplex). */
export function expectedPages(d: Declaration | null, duplex: boolean): number | null {
  if (!d || d.error) return null;
  return d.pages ?? (d.sheets === null ? null : d.sheets * (duplex ? 2 : 1));
}

export interface CountCheck {
  declared: number | null;
  counted: number;
  /** Null when the counts agree (or nothing was declared); otherwise a message for people. */
  problem: string | null;
}

/**
 * Compares counted pages with the declaration; a duplex batch (see `isDuplex`) must also have an even page
 * count.
 */
export function checkCount(d: Declaration | null, duplex: boolean, counted: number): CountCheck {
  const declared = expectedPages(d, duplex);
  let problem: string | null = d?.error ?? null;
  if (!problem && declared !== null && declared !== counted) {
    const diff = declared - counted;
    problem =
      diff > 0
        ? `Erwartet ${declared} Seiten, gescannt ${counted}: ${diff} ${diff === 1 ? 'Seite fehlt' : 'Seiten fehlen'} (Doppeleinzug oder nicht gescannt?).`
        : `Erwartet ${declared} Seiten, gescannt ${counted}: ${-diff} ${diff === -1 ? 'Seite' : 'Seiten'} zu viel (doppelt gescannt oder falsch gezählt?).`;
  }
  if (!problem && duplex && counted % 2 === 1)
    problem = `Duplex-Stapel mit ungerader Seitenzahl (${counted}): eine Rückseite fehlt.`;
  return { declared, counted, problem };
}
