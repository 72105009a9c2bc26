// Where the electronic seal comes from: a key and certificate from configuration (PEM or PKCS#12), else a
// development seal made on first start under <data-dir>/seal/ (said loudly: it proves nothing to anyone
// else). The stages pass these paths, never key material or passwords, to their sandboxes.
import fs from 'node:fs';
import path from 'node:path';
import { env } from '../core/env.ts';
import type { Logger } from '../core/log.ts';
import type { DataDirs } from '../core/paths.ts';
import { createDevSeal, loadSealKey, parseCertificates, type SealKey } from '../core/seal/keys.ts';

export interface SealSettings {
  keyFile: string | null;
  certFile: string | null;
  p12File: string | null;
  /** PEM bundle of the certificates a seal must chain to. */
  trustFile: string;
  tsaUrl: string | null;
  development: boolean;
}

const devFiles = (dirs: DataDirs) => {
  const dir = path.join(dirs.root, 'seal', 'dev');
  return {
    dir,
    key: path.join(dir, 'key.pem'),
    cert: path.join(dir, 'cert.pem'),
    ca: path.join(dir, 'ca.pem'),
  };
};

/** The seal configured for this data dir (env), or its development seal. */
export function sealSettings(dirs: DataDirs): SealSettings {
  const e = env();
  const dev = devFiles(dirs);
  const configured = !!(e.POSTSTELLE_SEAL_P12 || e.POSTSTELLE_SEAL_KEY);
  return {
    keyFile: configured ? (e.POSTSTELLE_SEAL_KEY ?? null) : dev.key,
    certFile: configured ? (e.POSTSTELLE_SEAL_CERT ?? null) : dev.cert,
    p12File: configured ? (e.POSTSTELLE_SEAL_P12 ?? null) : null,
    trustFile: e.POSTSTELLE_SEAL_TRUST ?? dev.ca,
    tsaUrl: e.POSTSTELLE_TSA_URL ?? null,
    development: !configured,
  };
}

/**
 * Makes the development seal when no seal is configured and none exists yet (first start), and warns on
 * every start that uses it. The three files appear at once (a folder renamed into place): two processes
 * starting together, or a crash half-way, never leave a key without its certificate.
 */
export async function ensureSeal(dirs: DataDirs, log: Logger): Promise<SealSettings> {
  const s = sealSettings(dirs);
  if (!s.development) return s;
  const dev = devFiles(dirs);
  if (!fs.existsSync(dev.dir)) {
    const made = await createDevSeal();
    fs.mkdirSync(path.dirname(dev.dir), { recursive: true, mode: 0o700 });
    const tmp = fs.mkdtempSync(`${dev.dir}.tmp-`);
    // Flushed before the rename: after a power loss the folder is there with its files, or not at all.
    for (const [name, text] of [
      ['key.pem', made.keyPem],
      ['cert.pem', made.certPem],
      ['ca.pem', made.caPem],
    ] as const) {
      const fd = fs.openSync(path.join(tmp, name), 'wx', 0o600);
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, dev.dir);
      log.warn('development seal created', { dir: dev.dir });
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  }
  log.warn(
    'DEVELOPMENT SEAL in use: outputs are sealed with a self-made certificate that nobody else trusts; set POSTSTELLE_SEAL_KEY/POSTSTELLE_SEAL_CERT or POSTSTELLE_SEAL_P12 (README: "Siegel")',
    { cert: dev.cert },
  );
  return s;
}

/** Loads the seal's key and certificates (the PKCS#12 password from POSTSTELLE_SEAL_PASSWORD). */
export async function loadSeal(s: Pick<SealSettings, 'keyFile' | 'certFile' | 'p12File'>): Promise<SealKey> {
  if (s.p12File)
    return loadSealKey({ p12: fs.readFileSync(s.p12File), password: env().POSTSTELLE_SEAL_PASSWORD ?? '' });
  if (!s.keyFile || !s.certFile)
    throw new Error('POSTSTELLE_SEAL_KEY needs POSTSTELLE_SEAL_CERT (the certificate and its chain, PEM)');
  return loadSealKey({
    keyPem: fs.readFileSync(s.keyFile, 'utf8'),
    certPem: fs.readFileSync(s.certFile, 'utf8'),
  });
}

/** The certificates a seal must chain to. */
export function trustAnchors(s: Pick<SealSettings, 'trustFile'>) {
  return parseCertificates(fs.readFileSync(s.trustFile, 'utf8'));
}
