// Certificate path validation against trust anchors (pkijs' chain engine, without revocation data).
import * as pkijs from 'pkijs';
import { sameCertificate, validAt } from './certs.ts';

/** Outcome of {@link validateChain}: the path from leaf to anchor, or why there is none. */
export type ChainResult = { ok: true; path: pkijs.Certificate[] } | { ok: false; message: string };

/**
 * Validates `leaf` up to one of `anchors` at `date`: signatures, name chaining, validity of every certificate
 * at `date`, CA flags of the issuers. `intermediates` may hold anything (the certificates of a CMS); only
 * what builds the path is used. Revocation is not checked: no CRL or OCSP data is at hand.
 *
 * @example const r = await validateChain(signer, signedData.certificates, trust, new Date());
 */
export async function validateChain(
  leaf: pkijs.Certificate,
  intermediates: pkijs.Certificate[],
  anchors: pkijs.Certificate[],
  date: Date,
): Promise<ChainResult> {
  if (anchors.length === 0) return { ok: false, message: 'no trust anchors configured' };
  if (anchors.some((a) => sameCertificate(a, leaf))) {
    // A directly trusted certificate: pkijs' engine refuses a path of length one.
    return validAt(leaf, date)
      ? { ok: true, path: [leaf] }
      : { ok: false, message: `certificate is not valid at ${date.toISOString()}` };
  }
  // The engine takes the last of `certs` as the leaf and drops duplicates: keep the leaf last and alone.
  const others = intermediates.filter(
    (c) => !sameCertificate(c, leaf) && !anchors.some((a) => sameCertificate(a, c)),
  );
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors,
    certs: [...others, leaf],
    checkDate: date,
  });
  try {
    const result = await engine.verify();
    if (result.result) return { ok: true, path: result.certificatePath ?? [] };
    return { ok: false, message: `no valid path to a trust anchor: ${result.resultMessage}` };
  } catch (err) {
    return {
      ok: false,
      message: `no valid path to a trust anchor: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
