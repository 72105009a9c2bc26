// RFC 3161 timestamps: asking a TSA over HTTP, reading a TimeStampToken, and verifying one.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes, randomSerial, sha256, toArrayBuffer, toHex } from './bytes.ts';
import { commonName, hasExtKeyUsage } from './certs.ts';
import { validateChain } from './chain.ts';
import { checkSigningCertificateV2 } from './ess.ts';
import { verifySignerInfo } from './signer-info.ts';
import {
  OID_KP_TIMESTAMPING,
  OID_SHA256,
  OID_SIGNED_DATA,
  OID_SIGNING_CERTIFICATE_V2,
  OID_TST_INFO,
} from './oids.ts';

/** The fields of a TimeStampToken's TSTInfo that a seal uses. */
export interface TimestampInfo {
  /** genTime: when the TSA stamped. */
  time: Date;
  /** messageImprint.hashedMessage and its hash algorithm (OID). */
  imprint: Uint8Array;
  hashAlgorithm: string;
  /** serialNumber as hex, policy OID, nonce (hex) when the request had one. */
  serial: string;
  policy: string;
  nonce: string | null;
}

/** Outcome of {@link verifyTimestampToken}. */
export type TimestampVerification =
  | { ok: true; info: TimestampInfo; tsa: string; tsaCertificate: pkijs.Certificate }
  | { ok: false; message: string };

const TIMEOUT_MS = 30_000;
const MAX_REPLY_BYTES = 1 << 20;

function parseToken(token: Uint8Array): { signed: pkijs.SignedData; tst: pkijs.TSTInfo } {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(token));
  if (info.contentType !== OID_SIGNED_DATA)
    throw new Error(`content type ${info.contentType} is not SignedData`);
  const signed = new pkijs.SignedData({ schema: info.content });
  const { eContentType, eContent } = signed.encapContentInfo;
  if (eContentType !== OID_TST_INFO || !eContent) throw new Error('the SignedData holds no TSTInfo');
  return { signed, tst: pkijs.TSTInfo.fromBER(eContent.getValue()) };
}

function infoOf(tst: pkijs.TSTInfo): TimestampInfo {
  return {
    time: tst.genTime,
    imprint: new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    hashAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    serial: toHex(tst.serialNumber.valueBlock.valueHexView),
    policy: tst.policy,
    nonce: tst.nonce ? toHex(tst.nonce.valueBlock.valueHexView) : null,
  };
}

/**
 * Reads a TimeStampToken (DER ContentInfo) without verifying it. Throws when it is not one.
 *
 * @example timestampInfo(token).time // Date of genTime
 */
export function timestampInfo(token: Uint8Array): TimestampInfo {
  return infoOf(parseToken(token).tst);
}

/**
 * Checks a token against a SHA-256 digest: well-formed, imprint equals `digest`, the TSA's signature (with
 * the certificate embedded in the token) holds, its signing-certificate-v2 matches when present, and the
 * TSA certificate has extendedKeyUsage timeStamping. Trust in the TSA is not checked here.
 */
async function checkToken(token: Uint8Array, digest: Uint8Array): Promise<TimestampVerification> {
  let parsed: ReturnType<typeof parseToken>;
  try {
    parsed = parseToken(token);
  } catch (err) {
    return {
      ok: false,
      message: `timestamp token is malformed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const { signed, tst } = parsed;
  const info = infoOf(tst);
  if (info.hashAlgorithm !== OID_SHA256 || !equalBytes(info.imprint, digest))
    return { ok: false, message: 'timestamp token covers other data (messageImprint mismatch)' };
  const signer = await verifySignerInfo(
    signed,
    new Uint8Array(signed.encapContentInfo.eContent!.getValue()),
    false,
  );
  if (!signer.ok) return { ok: false, message: `TSA signature: ${signer.message}` };
  const attrs = signer.signerInfo.signedAttrs?.attributes ?? [];
  if (attrs.some((a) => a.type === OID_SIGNING_CERTIFICATE_V2)) {
    const mismatch = await checkSigningCertificateV2(attrs, signer.certificate);
    if (mismatch) return { ok: false, message: `TSA ${mismatch}` };
  }
  if (!hasExtKeyUsage(signer.certificate, OID_KP_TIMESTAMPING))
    return { ok: false, message: 'TSA certificate lacks extendedKeyUsage timeStamping' };
  return { ok: true, info, tsa: commonName(signer.certificate.subject), tsaCertificate: signer.certificate };
}

/**
 * Verifies a TimeStampToken over `data` (for a CAdES signature timestamp: the signature value): the checks
 * of a fresh token (imprint is SHA-256 of `data`, TSA signature with the embedded certificate, ESS, EKU
 * timeStamping), and the TSA certificate chains to one of `trust` at the stamp's time.
 *
 * @example const r = await verifyTimestampToken(token, signatureValue, tsaTrust);
 */
export async function verifyTimestampToken(
  token: Uint8Array,
  data: Uint8Array,
  trust: pkijs.Certificate[],
): Promise<TimestampVerification> {
  const checked = await checkToken(token, await sha256(data));
  if (!checked.ok) return checked;
  const { signed } = parseToken(token);
  const others = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const chain = await validateChain(checked.tsaCertificate, others, trust, checked.info.time);
  return chain.ok ? checked : { ok: false, message: `TSA certificate: ${chain.message}` };
}

function statusText(status: pkijs.PKIStatusInfo): string {
  const texts = (status.statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
  const fail = status.failInfo ? ` failInfo=${toHex(status.failInfo.valueBlock.valueHexView)}` : '';
  return `status ${status.status}${texts ? ` (${texts})` : ''}${fail}`;
}

/**
 * Asks the TSA at `url` for a timestamp over a SHA-256 `digest` (HTTP POST application/timestamp-query,
 * with a nonce and certReq). Checks that the status is granted, that the token's imprint and nonce are the
 * requested ones and that the TSA's signature is valid; the TSA's trust is left to verification. Returns the
 * TimeStampToken exactly as the TSA encoded it (DER ContentInfo). Errors name the URL.
 *
 * @example const token = await requestTimestamp('https://tsa.example/tsp', await sha256(signatureValue));
 */
export async function requestTimestamp(
  url: string,
  digest: Uint8Array,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (digest.length !== 32) throw new Error(`Timestamp request to ${url}: digest must be SHA-256 (32 bytes)`);
  const nonce = randomSerial(8);
  const query = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let reply: Uint8Array;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(query.toSchema().toBER(false)),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    reply = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new Error(
      `Timestamp request to ${url} failed: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  if (reply.length > MAX_REPLY_BYTES)
    throw new Error(`Timestamp reply from ${url} is too large (${reply.length} bytes)`);

  let token: Uint8Array;
  try {
    const resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(reply));
    if (
      resp.status.status !== pkijs.PKIStatus.granted &&
      resp.status.status !== pkijs.PKIStatus.grantedWithMods
    )
      throw new Error(`not granted: ${statusText(resp.status)}`);
    // The token's own bytes from the reply, not pkijs' re-encoding of it: the TSA signed those.
    const raw = asn1js.fromBER(toArrayBuffer(reply)).result as asn1js.Sequence;
    const tokenBlock = raw.valueBlock.value[1];
    if (!tokenBlock) throw new Error('the reply holds no timeStampToken');
    token = new Uint8Array(tokenBlock.valueBeforeDecodeView);
  } catch (err) {
    throw new Error(
      `Timestamp reply from ${url} refused: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  const checked = await checkToken(token, digest);
  if (!checked.ok) throw new Error(`Timestamp reply from ${url} refused: ${checked.message}`);
  if (checked.info.nonce !== toHex(nonce))
    throw new Error(`Timestamp reply from ${url} refused: nonce mismatch`);
  return token;
}
