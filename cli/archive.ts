// The archival commands: verify an output PDF, print its Transfervermerk, check the audit trail with its
// anchors, list the originals that may be destroyed or returned.
import fs from 'node:fs';
import { verifyAuditTrail } from '../core/anchor.ts';
import { env } from '../core/env.ts';
import { dataDirs, printable } from '../core/paths.ts';
import { loadConfig } from '../profiles/load.ts';
import { readSummary } from '../pipeline/assemble/pdfa/attachments.ts';
import { transfervermerkText } from '../pipeline/assemble/transfervermerk.ts';
import { originalsDue } from '../pipeline/originals.ts';
import { sealSettings, trustAnchors } from '../pipeline/seal.ts';
import { documentRecord, verifyDocument } from '../pipeline/verify.ts';
import { dataDirOption, openStore, parse, UsageError, type Command } from './args.ts';

function readPdf(file: string | undefined): Uint8Array {
  if (!file) throw new UsageError('a PDF file is required');
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${printable(file)}: ${(e as NodeJS.ErrnoException).code}`);
  }
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Archiv-PDF prüfen: Siegel, Zeitstempel, PDF/A, Transfervermerk, Audit-Protokoll',
  usage: `usage: poststelle verify <pdf> [--data-dir DIR] [--trust FILE] [--require-timestamp]
  Checks in order: seal (byte range, signature, certificate chain to the trust anchors: --trust, else
  POSTSTELLE_SEAL_TRUST, else the data dir's development CA), timestamp (required at integrity 'sehr hoch'
  or with --require-timestamp), PDF/A rules, Transfervermerk, and that the audit trail knows the document.
  Exit 0 when all hold; 1 naming the first failing check.`,
  async run(args) {
    const a = parse(this, args, {
      ...dataDirOption,
      trust: { type: 'string' },
      'require-timestamp': { type: 'boolean', default: false },
    });
    if (!a) return 0;
    const pdf = readPdf(a.positionals[0]);
    const dirs = dataDirs((a.values['data-dir'] as string | undefined) ?? env().POSTSTELLE_DATA_DIR);
    // Never create a store where there is none (a wrong --data-dir must say so).
    const repo = fs.existsSync(dirs.db) ? openStore(dirs.root, loadConfig().version).repo : null;
    try {
      const trustFile = (a.values.trust as string | undefined) ?? sealSettings(dirs).trustFile;
      const trust = fs.existsSync(trustFile) ? trustAnchors({ trustFile }) : [];
      const v = await verifyDocument(pdf, {
        trust,
        repo,
        requireTimestamp: a.values['require-timestamp'] as boolean,
      });
      for (const c of v.checks)
        process.stdout.write(`${c.ok ? 'ok' : 'FAILED'} ${c.check}: ${printable(c.detail)}\n`);
      const failed = v.checks.find((c) => !c.ok);
      process.stdout.write(failed ? `verification failed: ${failed.check}\n` : 'verified\n');
      return v.ok ? 0 : 1;
    } finally {
      repo?.close();
    }
  },
};

export const transfervermerkCommand: Command = {
  name: 'transfervermerk',
  summary: 'Transfervermerk eines Archiv-PDFs ausgeben',
  usage: `usage: poststelle transfervermerk <pdf> [--xml]
  Prints the Transfervermerk the PDF carries (German); --xml prints the attached XML as it is.`,
  async run(args) {
    const a = parse(this, args, { xml: { type: 'boolean', default: false } });
    if (!a) return 0;
    const pdf = readPdf(a.positionals[0]);
    const { xml, record } = await documentRecord(pdf);
    if (xml && record) {
      process.stdout.write(a.values.xml ? xml : transfervermerkText(record));
      return 0;
    }
    // PDF/A-2b: the summary in XMP is all there is.
    const summary = await readSummary(pdf);
    if (!summary) {
      process.stderr.write('Dieses PDF trägt keinen Transfervermerk.\n');
      return 1;
    }
    for (const [k, v] of Object.entries(summary)) process.stdout.write(`${k}: ${printable(v)}\n`);
    return 0;
  },
};

export const auditVerifyCommand: Command = {
  name: 'audit-verify',
  summary: 'Audit-Protokoll prüfen (Hash-Kette und versiegelte Anker)',
  usage: `usage: poststelle audit-verify [--data-dir DIR] [--trust FILE]
  Recomputes the hash chain and checks every sealed anchor of it; exit 0 when intact, 1 naming the first
  broken or missing entry (a changed entry, a recomputed chain, a cut-off end, a deleted anchor).`,
  async run(args) {
    const a = parse(this, args, { ...dataDirOption, trust: { type: 'string' } });
    if (!a) return 0;
    const { dirs, repo } = openStore(a.values['data-dir'] as string | undefined, loadConfig().version);
    try {
      const trustFile = (a.values.trust as string | undefined) ?? sealSettings(dirs).trustFile;
      const r = await verifyAuditTrail(repo, fs.existsSync(trustFile) ? trustAnchors({ trustFile }) : []);
      process.stdout.write(
        r.ok
          ? `audit trail intact: ${r.entries} entries, ${r.anchors} anchors${r.lastAnchor ? `, last anchored at entry ${r.lastAnchor.seq} (${r.lastAnchor.at})` : ''}\n`
          : `audit trail broken at entry ${r.seq}: ${r.problem}\n`,
      );
      return r.ok ? 0 : 1;
    } finally {
      repo.close();
    }
  },
};

export const originalsCommand: Command = {
  name: 'originals',
  summary: 'Papieroriginale, die vernichtet oder zurückgegeben werden dürfen',
  usage: `usage: poststelle originals [--data-dir DIR] [--json]
  Lists the batches whose every item passed QA and was delivered, with what the profile says becomes of
  the paper (destroy only for a replacing scan); recording that it was done is the operators' UI's.`,
  async run(args) {
    const a = parse(this, args, { ...dataDirOption, json: { type: 'boolean', default: false } });
    if (!a) return 0;
    const dataDir = (a.values['data-dir'] as string | undefined) ?? env().POSTSTELLE_DATA_DIR;
    const config = loadConfig({ dataDir });
    const { repo } = openStore(dataDir, config.version);
    try {
      for (const d of await originalsDue({ repo, config })) {
        const line = {
          batch: d.batch.id,
          source: d.batch.originalName,
          profile: d.profile,
          scanMode: d.scanMode,
          disposition: d.disposition,
          delivered: d.delivered,
          settledAt: d.settledAt,
        };
        process.stdout.write(
          a.values.json
            ? `${JSON.stringify(line)}\n`
            : `${d.batch.id}  ${d.label.padEnd(12)} ${d.scanMode.padEnd(10)} ${d.delivered} Poststück(e)  ${printable(d.batch.originalName)}\n`,
        );
      }
      return 0;
    } finally {
      repo.close();
    }
  },
};
