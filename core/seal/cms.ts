// Detached CMS signatures (CAdES baseline attributes) with an optional RFC 3161 signature timestamp.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256, toArrayBuffer } from './bytes.ts';
import { allowsKeyUsage, commonName } from './certs.ts';
import { validateChain } from './chain.ts';
import { checkSigningCertificateV2, signingCertificateV2 } from './ess.ts';
import { isDevelopmentCertificate, type SealKey } from './keys.ts';
import {
  OID_CONTENT_TYPE,
  OID_DATA,
  OID_MESSAGE_DIGEST,
  OID_SIGNATURE_TIMESTAMP,
  OID_SIGNED_DATA,
} from './oids.ts';
import { verifySignerInfo } from './signer-info.ts';
import { requestTimestamp, verifyTimestampToken } from './tsa.ts';

/**
 * Result of verifying a seal. `check` names the first check that failed (a closed set for the UI);
 * `message` is log text.
 */
export type SealVerification =
  | {
      ok: true;
      /** subject CN of the seal certificate */ signer: string;
      development: boolean;
      timestamp: Date | null;
    }
  | { ok: false; check: 'signature' | 'certificate' | 'timestamp'; message: string };

/** Options of {@link verifyDetached}. */
export interface VerifyOptions {
  /** A seal without a signature timestamp fails with check 'timestamp'. */
  requireTimestamp?: boolean;
  /**
   * Trust anchors for the TSA certificate. Default: the seal's `trust` list, so one CA bundle may hold both
   * the seal CA and the TSA's CA; pass a separate list to keep them apart.
   */
  tsaTrust?: pkijs.Certificate[];
}

/** DER SET OF order (X.690 11.6): by encoding. OpenSSL re-encodes signed attributes sorted when verifying. */
function derSorted(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  const enc = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  return [...attrs].sort((a, b) => Buffer.compare(enc(a), enc(b)));
}

/**
 * Signs `data` with the seal key: DER ContentInfo(SignedData), detached (no eContent), SHA-256, signed
 * attributes content-type (id-data), message-digest and signing-certificate-v2 and no signing-time (PAdES
 * keeps the time in /M), certificates: seal certificate and chain. With `tsaUrl`, an RFC 3161 timestamp
 * over the signature value is added as unsigned attribute signature-time-stamp.
 *
 * @example const cms = await signDetached(anchorBytes, key, { tsaUrl: 'https://tsa.example/tsp' });
 */
export async function signDetached(
  data: Uint8Array,
  key: SealKey,
  opts: { tsaUrl?: string; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const attributes = derSorted([
    new pkijs.Attribute({
      type: OID_CONTENT_TYPE,
      values: [new asn1js.ObjectIdentifier({ value: OID_DATA })],
    }),
    new pkijs.Attribute({
      type: OID_MESSAGE_DIGEST,
      values: [new asn1js.OctetString({ valueHex: await sha256(data) })],
    }),
    await signingCertificateV2(key.certificate),
  ]);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: key.certificate.issuer,
      serialNumber: key.certificate.serialNumber,
    }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
    signerInfos: [signerInfo],
    certificates: [key.certificate, ...key.chain],
  });
  await signed.sign(key.privateKey, 0, 'SHA-256', toArrayBuffer(data));

  if (opts.tsaUrl) {
    const signature = signerInfo.signature.valueBlock.valueHexView;
    const token = await requestTimestamp(opts.tsaUrl, await sha256(signature), opts.signal);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        new pkijs.Attribute({
          type: OID_SIGNATURE_TIMESTAMP,
          values: [asn1js.fromBER(toArrayBuffer(token)).result],
        }),
      ],
    });
  }
  const info = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

function parseDetached(cms: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
  if (info.contentType !== OID_SIGNED_DATA)
    throw new Error(`content type ${info.contentType} is not SignedData`);
  const signed = new pkijs.SignedData({ schema: info.content });
  // An embedded eContent would be what the signature covers, whatever `data` is: refuse it.
  if (signed.encapContentInfo.eContent) throw new Error('the SignedData is not detached (it has eContent)');
  if (signed.encapContentInfo.eContentType !== OID_DATA)
    throw new Error('the signed content type is not id-data');
  return signed;
}

/** The DER of each signature-time-stamp token in the SignerInfo's unsigned attributes. */
function timestampTokens(signerInfo: pkijs.SignerInfo): Uint8Array[] {
  return (signerInfo.unsignedAttrs?.attributes ?? [])
    .filter((a) => a.type === OID_SIGNATURE_TIMESTAMP)
    .flatMap((a) => a.values.map((v: asn1js.AsnType) => new Uint8Array(v.valueBeforeDecodeView)));
}

/**
 * Verifies a detached CMS seal over `data`. Checks, reported in this order: message digest and signature
 * over the signed attributes, signing-certificate-v2 present and naming the signer certificate
 * ('signature'); the signer certificate chains to one of `trust` and is valid at the timestamp's time
 * (or now, without a valid timestamp) and its keyUsage allows signing ('certificate'); each signature
 * timestamp is valid: TSA signature, imprint = SHA-256 of the signature value, TSA certificate with
 * timeStamping chaining to `opts.tsaTrust ?? trust` ('timestamp'); with `requireTimestamp`, one must exist.
 * Revocation is not checked.
 *
 * @example const r = await verifyDetached(cms, anchorBytes, parseCertificates(caPem), { requireTimestamp: true });
 */
export async function verifyDetached(
  cms: Uint8Array,
  data: Uint8Array,
  trust: pkijs.Certificate[],
  opts: VerifyOptions = {},
): Promise<SealVerification> {
  let signed: pkijs.SignedData;
  try {
    signed = parseDetached(cms);
  } catch (err) {
    return {
      ok: false,
      check: 'signature',
      message: `not a detached CMS seal: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const signer = await verifySignerInfo(signed, data, true);
  if (!signer.ok) return { ok: false, check: 'signature', message: signer.message };
  const { signerInfo, certificate } = signer;
  const essMismatch = await checkSigningCertificateV2(signerInfo.signedAttrs!.attributes, certificate);
  if (essMismatch) return { ok: false, check: 'signature', message: essMismatch };

  // Timestamps are verified before the chain because the chain is checked at the stamp's time; their
  // failure is reported after the chain's.
  const signature = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
  const stamps = await Promise.all(
    timestampTokens(signerInfo).map((t) => verifyTimestampToken(t, signature, opts.tsaTrust ?? trust)),
  );
  const times = stamps.flatMap((s) => (s.ok ? [s.info.time] : []));
  const earliest =
    times.length === stamps.length && times.length ? new Date(Math.min(...times.map(Number))) : null;

  const others = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const chain = await validateChain(certificate, others, trust, earliest ?? new Date());
  if (!chain.ok) return { ok: false, check: 'certificate', message: `seal certificate: ${chain.message}` };
  if (!allowsKeyUsage(certificate, ['digitalSignature', 'nonRepudiation']))
    return {
      ok: false,
      check: 'certificate',
      message: 'seal certificate keyUsage does not allow signatures',
    };

  const failed = stamps.find((s) => !s.ok);
  if (failed && !failed.ok) return { ok: false, check: 'timestamp', message: failed.message };
  if (opts.requireTimestamp && !earliest)
    return { ok: false, check: 'timestamp', message: 'the seal has no signature timestamp' };
  return {
    ok: true,
    signer: commonName(certificate.subject),
    development: isDevelopmentCertificate(certificate),
    timestamp: earliest,
  };
}
