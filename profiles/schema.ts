// Schemas of the operator configuration: scan profiles and the org directory (validated at boot).
import { z } from 'zod';
import { MAX_PROFILE_NAME } from '../core/paths.ts';
import { patternProblem } from './regex.ts';

const level = z.enum(['normal', 'hoch', 'sehr hoch']);

export const profileSchema = z
  .object({
    name: z
      .string()
      .max(MAX_PROFILE_NAME)
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
    description: z.string().default(''),
    /** Folder name under <data-dir>/hotfolders/; defaults to the profile name. */
    hotFolder: z
      .string()
      .regex(/^[\w-]+$/)
      .optional(),
    /** Expected scan resolution; PDFs are rasterised at this resolution. */
    dpi: z.number().int().min(100).max(1200).default(300),
    colour: z.enum(['bitonal', 'grey', 'colour']).default('grey'),
    languages: z
      .array(z.string().regex(/^[a-z_]+$/))
      .min(1)
      .default(['deu']),
    protection: z
      .object({ integrity: level, confidentiality: level, availability: level })
      .default({ integrity: 'normal', confidentiality: 'normal', availability: 'normal' }),
    /** Share of confidently routed items that QA checks anyway (default: from the integrity protection need). */
    qaSampleRate: z.number().min(0).max(1).optional(),
    /** Items whose routing confidence is below this go to review. */
    routingThreshold: z.number().min(0).max(1).default(0.6),
    /**
     * Precision the automatic routing must reach: the confidence threshold follows from the calibration
     * (items below it go to review with their best candidates).
     */
    targetPrecision: z.number().min(0.5).max(1).default(0.995),
    compression: z
      .object({
        /** jpeg: greyscale/colour JPEG; g4: every page bitonal CCITT G4; auto: G4 for text-only pages. Never JBIG2. */
        mode: z.enum(['jpeg', 'g4', 'auto']).default('auto'),
        jpegQuality: z.number().int().min(30).max(95).default(75),
      })
      .default({ mode: 'auto', jpegQuality: 75 }),
    /** Both sides of every sheet are scanned: pages come in front/back pairs (TR-03138 A.DV.1, A.SC.6). */
    duplex: z.boolean().default(false),
    /**
     * Declared counts (Vollzähligkeit) come from the file name or `<scan>.manifest.json`. `required`: the
     * watcher waits for the manifest (up to the incomplete timeout); a batch without one goes to review.
     */
    manifest: z.enum(['optional', 'required']).default('optional'),
    blankPages: z.enum(['keep', 'drop']).default('keep'),
    /** What becomes of the paper originals once every item of a batch is delivered (QA passed). */
    originals: z.enum(['retain', 'destroy', 'return']).default('retain'),
    /**
     * ersetzend: the scan replaces the paper (which may then be destroyed); ergaenzend: the paper stays the
     * record. Default: ersetzend exactly when the originals are destroyed (TR-03138 A.O.1).
     */
    scanMode: z.enum(['ersetzend', 'ergaenzend']).optional(),
    /** The scan station and scanner behind this profile's hot folder (recorded in every Transfervermerk). */
    station: z.string().min(1).max(200).optional(),
    scanner: z.string().min(1).max(200).optional(),
    /**
     * The archival output: PDF/A-3b with the Transfervermerk attached as XML, or PDF/A-2b (no attachments;
     * the Transfervermerk's summary in XMP only).
     */
    pdfa: z.enum(['3b', '2b']).default('3b'),
    /** A last page that shows the Transfervermerk to people (besides the XML and the XMP summary). */
    transfervermerkPage: z.boolean().default(false),
    /** Image clean-up applied to the archived page (A.NB.1: only where it improves legibility; always recorded). */
    cleanup: z
      .object({
        despeckle: z.boolean().default(false),
        contrast: z.boolean().default(false),
        background: z.boolean().default(false),
      })
      .default({ despeckle: false, contrast: false, background: false }),
    /** Separator sheets: a page carrying one of these barcode texts ends a mail item (TR-03138 A.DV.1). */
    separator: z
      .object({
        values: z.array(z.string().min(1)).default(['PATCHT']),
        formats: z
          .array(
            z.enum([
              'Code128',
              'Code39',
              'Code93',
              'Codabar',
              'ITF',
              'QRCode',
              'DataMatrix',
              'PDF417',
              'Aztec',
            ]),
          )
          .min(1)
          .default(['Code128', 'Code39', 'QRCode']),
      })
      .default({ values: ['PATCHT'], formats: ['Code128', 'Code39', 'QRCode'] }),
    limits: z
      .object({
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(512 * 1024 * 1024),
        maxPages: z.number().int().positive().default(2000),
        /** Pixel cap of one rasterised page (decompression-bomb guard); bigger pages are downsampled. */
        maxPagePixels: z.number().int().positive().default(36_000_000),
        /** Largest image inside a PDF that is decoded at all (decompression bombs); A0 at 300 dpi is ~140 MP. */
        maxImagePixels: z.number().int().positive().default(150_000_000),
        ocrPageTimeoutMs: z.number().int().positive().default(120_000),
      })
      .default({
        maxFileBytes: 512 * 1024 * 1024,
        maxPages: 2000,
        maxPagePixels: 36_000_000,
        maxImagePixels: 150_000_000,
        ocrPageTimeoutMs: 120_000,
      }),
  })
  .strict()
  .refine((p) => !(p.originals === 'destroy' && p.scanMode === 'ergaenzend'), {
    message: 'originals: destroy needs scanMode ersetzend (a supplementing scan keeps the paper)',
    path: ['scanMode'],
  });
export type Profile = z.infer<typeof profileSchema>;

/** A profile's scan mode, stated or implied by what becomes of the originals. */
export const scanModeOf = (p: Pick<Profile, 'scanMode' | 'originals'>) =>
  p.scanMode ?? (p.originals === 'destroy' ? 'ersetzend' : 'ergaenzend');

/** A calendar day, YYYY-MM-DD (a real one: no 2026-02-30). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  }, 'not a calendar day');

/** Clerk ids name folders (restricted delivery of personal post) and are matched against user accounts. */
const clerkId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "-" and "_" (at most 64)');

const clerkSchema = z
  .object({
    id: clerkId,
    name: z.string(),
    /** Deputises for this clerk (Vertretung), from and until the given days (inclusive; open when absent). */
    deputy_for: clerkId.optional(),
    deputy_from: isoDay.optional(),
    deputy_until: isoDay.optional(),
    /** Periods of absence (leave, illness), inclusive days; without `until` the absence is open-ended. */
    absent: z
      .array(
        z
          .object({ from: isoDay, until: isoDay.optional() })
          .strict()
          .refine((a) => !a.until || a.from <= a.until, {
            message: 'until before from',
            path: ['until'],
          }),
      )
      .optional(),
    /** The topics this clerk handles within the unit (matched in the letter's text to assign the clerk). */
    topics: z.array(z.string().trim().min(2)).optional(),
  })
  .strict()
  .refine((c) => !c.deputy_from || !c.deputy_until || c.deputy_from <= c.deputy_until, {
    message: 'deputy_until before deputy_from',
    path: ['deputy_until'],
  });
export type Clerk = z.infer<typeof clerkSchema>;

export const unitSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/),
    name: z.string(),
    code: z.string(),
    fileplan: z.array(z.string().regex(/^\d+$/)),
    topics: z.array(z.string()).default([]),
    confidential: z.boolean().default(false),
    protection: z
      .object({ integrity: level, confidentiality: level, availability: level })
      .partial()
      .optional(),
    clerks: z.array(clerkSchema).default([]),
  })
  .strict();
export type OrgUnit = z.infer<typeof unitSchema>;

export const orgSchema = z
  .object({
    authority: z.object({ name: z.string(), address: z.string(), mailroom: z.string() }).strict(),
    units: z.array(unitSchema).min(1),
    fileref: z.object({ pattern: z.string() }).strict(),
    special: z
      .array(z.object({ class: z.enum(['persoenlich', 'fehlleitung', 'werbung']), hint: z.string() }))
      .default([]),
  })
  .strict()
  .superRefine((org, ctx) => {
    const ids = new Set<string>();
    for (const u of org.units) {
      if (ids.has(u.id))
        ctx.addIssue({ code: 'custom', message: `duplicate unit id ${u.id}`, path: ['units'] });
      ids.add(u.id);
    }
    // The pattern runs on every OCR line of every letter: length and backtracking are checked here (regex.ts).
    const problem =
      patternProblem(org.fileref.pattern) ??
      (/\(\?<plan>/.test(org.fileref.pattern) ? null : 'needs a named group "plan"');
    if (problem)
      ctx.addIssue({ code: 'custom', message: `invalid: ${problem}`, path: ['fileref', 'pattern'] });
  });
export type OrgDirectory = z.infer<typeof orgSchema>;
