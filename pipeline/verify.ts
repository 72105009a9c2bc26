// `poststelle verify`: does an archived PDF still hold what it promised? Checked in order, stopping at the
// first failure: the seal (byte range, signature, certificate chain to a trust anchor), its timestamp
// (required at integrity 'sehr hoch'), the PDF/A rules, the Transfervermerk (schema, and its XMP summary in
// agreement), and the audit trail (intact, and knowing this very document and the head the Transfervermerk
// names).
import type { Certificate } from 'pkijs';
import { verifyAuditTrail } from '../core/anchor.ts';
import { sha256 } from '../core/hash.ts';
import { verifyPdfSeal } from '../core/seal/pades.ts';
import type { Repository } from '../core/store/types.ts';
import { TRANSFERVERMERK_FILE } from './assemble/core.ts';
import { checkPdfA } from './assemble/pdfa/check.ts';
import { readAttachment, readSummary } from './assemble/pdfa/attachments.ts';
import {
  parseTransfervermerk,
  validateTransfervermerk,
  xmpSummary,
  type Transfervermerk,
} from './assemble/transfervermerk.ts';

export type CheckName = 'seal' | 'timestamp' | 'pdfa' | 'transfervermerk' | 'audit';
export interface Check {
  check: CheckName;
  ok: boolean;
  detail: string;
}
export interface Verification {
  ok: boolean;
  checks: Check[];
  transfervermerk: Transfervermerk | null;
}

export interface VerifyOptions {
  trust: Certificate[];
  /** The store whose audit trail must know the document; null: that check fails. */
  repo: Pick<
    Repository,
    'verifyAudit' | 'auditEntry' | 'auditTrail' | 'auditHead' | 'addAnchor' | 'anchors'
  > | null;
  /** Require a timestamp whatever the Transfervermerk's protection need says. */
  requireTimestamp?: boolean;
}

/** The Transfervermerk a PDF carries (attached XML; a PDF/A-2b carries only the XMP summary: null). */
export async function documentRecord(
  pdf: Uint8Array,
): Promise<{ xml: string | null; record: Transfervermerk | null }> {
  const bytes = await readAttachment(pdf, TRANSFERVERMERK_FILE);
  const xml = bytes && new TextDecoder().decode(bytes);
  return { xml, record: xml ? parseTransfervermerk(xml) : null };
}

export async function verifyDocument(pdf: Uint8Array, opts: VerifyOptions): Promise<Verification> {
  const checks: Check[] = [];
  const done = (check: CheckName, ok: boolean, detail: string, record: Transfervermerk | null = null) => {
    checks.push({ check, ok, detail });
    return ok ? null : { ok: false, checks, transfervermerk: record };
  };
  let xml: string | null = null;
  let record: Transfervermerk | null = null;
  try {
    ({ xml, record } = await documentRecord(pdf));
  } catch {
    // reported by the Transfervermerk check, after the seal's
  }
  const summary = await readSummary(pdf).catch(() => null);
  // The XML and the XMP both say the protection need (a PDF/A-2b carries only the XMP).
  const needsTimestamp =
    opts.requireTimestamp ||
    record?.capture.protection.integrity === 'sehr hoch' ||
    summary?.integrity === 'sehr hoch';

  const seal = await verifyPdfSeal(pdf, opts.trust);
  if (!seal.ok) {
    const check = seal.check === 'timestamp' ? 'timestamp' : 'seal';
    return done(check, false, `${seal.check}: ${seal.message}`, record)!;
  }
  done('seal', true, `${seal.signer}${seal.development ? ' (Entwicklungssiegel)' : ''}`);
  const ts = seal.timestamp
    ? done('timestamp', true, seal.timestamp.toISOString())
    : done(
        'timestamp',
        !needsTimestamp,
        needsTimestamp ? 'no timestamp, but one is required' : 'none (not required)',
      );
  if (ts) return ts;

  const pdfa = await checkPdfA(pdf);
  const first = pdfa.violations[0];
  const a = done(
    'pdfa',
    pdfa.ok,
    pdfa.ok
      ? `PDF/A-${pdfa.part}${pdfa.conformance?.toLowerCase() ?? ''}`
      : `${first?.rule}: ${first?.message}`,
    record,
  );
  if (a) return a;

  if (!summary) return done('transfervermerk', false, 'no Transfervermerk in the XMP metadata', record)!;
  if (pdfa.part === 3) {
    if (!xml) return done('transfervermerk', false, `no ${TRANSFERVERMERK_FILE} attached`, record)!;
    const errors = await validateTransfervermerk(xml);
    if (errors.length) return done('transfervermerk', false, `schema: ${errors[0]}`, record)!;
    const expected = xmpSummary(record!);
    const differs = (Object.keys(expected) as Array<keyof typeof expected>).find(
      (k) => summary[k] !== expected[k],
    );
    if (differs)
      return done('transfervermerk', false, `XMP summary differs from the XML in ${differs}`, record)!;
  }
  done('transfervermerk', true, `${xml ? 'XML and XMP' : 'XMP'}: ${summary.document}`);

  if (!opts.repo) return done('audit', false, 'no store to check against (--data-dir)', record)!;
  // The chain and its sealed anchors (a cut-off end or a recomputed chain fails here too).
  const trail = await verifyAuditTrail(opts.repo, opts.trust);
  if (!trail.ok)
    return done('audit', false, `audit trail broken at entry ${trail.seq}: ${trail.problem}`, record)!;
  const [seq, hash] = (summary.auditHead ?? '').split(':');
  const head = await opts.repo.auditEntry(Number(seq));
  if (!head || head.hash !== hash)
    return done('audit', false, `the audit trail lacks entry ${seq} that the Transfervermerk names`, record)!;
  const digest = sha256(pdf);
  const item = summary.document?.split('/')[0];
  const known = item
    ? (await opts.repo.auditTrail(item)).some(
        (e) => (e.details as { document?: string } | null)?.document === digest,
      )
    : false;
  if (!known)
    return done('audit', false, `the audit trail does not know this document (sha256 ${digest})`, record)!;
  done('audit', true, `sha256 ${digest}`);
  return { ok: true, checks, transfervermerk: record };
}
