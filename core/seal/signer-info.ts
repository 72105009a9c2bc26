// Verifying a CMS SignerInfo: content-type and message digest over the content, signature over the signed attributes.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, equalBytes } from './bytes.ts';
import {
  DIGEST_NAMES,
  OID_CONTENT_TYPE,
  OID_ECDSA_SHA256,
  OID_ECDSA_SHA384,
  OID_ECDSA_SHA512,
  OID_MESSAGE_DIGEST,
  OID_RSASSA_PSS,
  OID_RSA_ENCRYPTION,
} from './oids.ts';

/** Outcome of {@link verifySignerInfo}: the signer's certificate, or why the signature does not hold. */
export type SignerCheck =
  { ok: true; signerInfo: pkijs.SignerInfo; certificate: pkijs.Certificate } | { ok: false; message: string };

/** Signature algorithms of a seal (TR-02102-1): ECDSA with SHA-2, RSASSA-PSS. */
const SEAL_SIGNATURES = new Set([OID_ECDSA_SHA256, OID_ECDSA_SHA384, OID_ECDSA_SHA512, OID_RSASSA_PSS]);

function single(attrs: pkijs.Attribute[], type: string): unknown {
  const found = attrs.filter((a) => a.type === type);
  return found.length === 1 && found[0]!.values.length === 1 ? found[0]!.values[0] : undefined;
}

function findSigner(signed: pkijs.SignedData, sid: unknown): pkijs.Certificate | undefined {
  const certs = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  // subjectKeyIdentifier [0]: compare with the certificates' own subjectKeyIdentifier extension.
  const block = sid as asn1js.Constructed & asn1js.OctetString;
  const keyId = block.idBlock?.isConstructed
    ? (block.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView
    : block.valueBlock?.valueHexView;
  if (!keyId) return undefined;
  return certs.find((c) => {
    const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
    return ski instanceof asn1js.OctetString && equalBytes(ski.valueBlock.valueHexView, keyId);
  });
}

/**
 * Verifies the only SignerInfo of `signed` over `content` (the detached data, or the eContent): signed
 * attributes present, one content-type equal to eContentType, one message-digest equal to the digest of
 * `content` (SHA-2 only), and the signature over the DER of the signed attributes with the certificate named
 * by the sid. `sealAlgorithms` restricts the signature to ECDSA/RSASSA-PSS; otherwise any SHA-2 signature
 * pkijs knows is accepted (a TSA's RSA PKCS#1 v1.5, for one).
 */
export async function verifySignerInfo(
  signed: pkijs.SignedData,
  content: Uint8Array,
  sealAlgorithms: boolean,
): Promise<SignerCheck> {
  if (signed.signerInfos.length !== 1)
    return { ok: false, message: `expected one SignerInfo, found ${signed.signerInfos.length}` };
  const signerInfo = signed.signerInfos[0]!;
  const attrs = signerInfo.signedAttrs?.attributes;
  if (!attrs?.length) return { ok: false, message: 'SignerInfo has no signed attributes' };

  const contentType = single(attrs, OID_CONTENT_TYPE);
  if (
    !(contentType instanceof asn1js.ObjectIdentifier) ||
    contentType.getValue() !== signed.encapContentInfo.eContentType
  )
    return { ok: false, message: 'content-type attribute missing or not the encapsulated content type' };
  const digestName = DIGEST_NAMES[signerInfo.digestAlgorithm.algorithmId];
  if (!digestName)
    return {
      ok: false,
      message: `digest algorithm ${signerInfo.digestAlgorithm.algorithmId} is not allowed`,
    };
  const messageDigest = single(attrs, OID_MESSAGE_DIGEST);
  if (!(messageDigest instanceof asn1js.OctetString))
    return { ok: false, message: 'message-digest attribute missing' };
  if (!equalBytes(messageDigest.valueBlock.valueHexView, await digest(digestName, content)))
    return { ok: false, message: 'message digest does not match the signed data' };

  const sigAlg = signerInfo.signatureAlgorithm;
  const engine = pkijs.getCrypto(true);
  if (sealAlgorithms && !SEAL_SIGNATURES.has(sigAlg.algorithmId))
    return { ok: false, message: `signature algorithm ${sigAlg.algorithmId} is not allowed for a seal` };
  // OpenSSL labels RSA PKCS#1 v1.5 signatures in CMS 'rsaEncryption': the hash is then the digest algorithm's.
  const pkcs1Hash = sigAlg.algorithmId === OID_RSA_ENCRYPTION ? digestName : undefined;
  if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(pkcs1Hash ?? engine.getHashAlgorithm(sigAlg)))
    return { ok: false, message: `signature algorithm ${sigAlg.algorithmId} does not use SHA-2` };
  const certificate = findSigner(signed, signerInfo.sid);
  if (!certificate) return { ok: false, message: 'the signer certificate is not in the SignedData' };
  try {
    const valid = await engine.verifyWithPublicKey(
      signerInfo.signedAttrs!.encodedValue,
      signerInfo.signature,
      certificate.subjectPublicKeyInfo,
      sigAlg,
      pkcs1Hash,
    );
    if (!valid) return { ok: false, message: 'signature over the signed attributes is invalid' };
  } catch (err) {
    return {
      ok: false,
      message: `signature could not be checked: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return { ok: true, signerInfo, certificate };
}
