// X.509 certificates with pkijs: issuing small ones (development seal, tests) and reading the fields a seal checks.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bufferSource, equalBytes, randomSerial, toArrayBuffer } from './bytes.ts';
import { OID_CN, OID_EXT_KEY_USAGE, OID_KEY_USAGE, OID_O } from './oids.ts';

/** keyUsage bits (RFC 5280 4.2.1.3), by name. */
export const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE;

/** What {@link issueCertificate} needs to know. */
export interface CertificateRequest {
  subject: { CN: string; O?: string };
  /** The certified public key (a WebCrypto key, or SubjectPublicKeyInfo DER). */
  publicKey: CryptoKey | Uint8Array;
  /** The key that signs the certificate: the issuer's, or the subject's own one when `issuer` is absent. */
  signingKey: CryptoKey;
  /** The issuing CA certificate; absent for a self-signed certificate. */
  issuer?: pkijs.Certificate;
  ca: boolean;
  keyUsage: KeyUsageName[];
  /** extendedKeyUsage purposes (OIDs), written as a critical extension. */
  extKeyUsage?: string[];
  validityDays: number;
  /** Default: one minute ago, so a clock a little behind still accepts the certificate. */
  notBefore?: Date;
}

function x509Time(date: Date): pkijs.Time {
  // RFC 5280 4.1.2.5: UTCTime up to 2049, GeneralizedTime from 2050.
  const type = date.getUTCFullYear() >= 2050 ? pkijs.TimeType.GeneralizedTime : pkijs.TimeType.UTCTime;
  return new pkijs.Time({ type, value: date });
}

/** A distinguished name with one attribute per RDN (pkijs would put them all into one multi-valued RDN). */
function name(subject: CertificateRequest['subject']): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: string) =>
    new asn1js.Set({
      value: [new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) }).toSchema()],
    });
  const rdns = subject.O ? [rdn(OID_O, subject.O), rdn(OID_CN, subject.CN)] : [rdn(OID_CN, subject.CN)];
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

/** DER BIT STRING of the named keyUsage bits, with no trailing zero bits (X.690 11.2.2). */
function keyUsageBits(usages: KeyUsageName[]): asn1js.BitString {
  const bytes = [0, 0];
  for (const u of usages) bytes[KEY_USAGE[u] >> 3]! |= 0x80 >> (KEY_USAGE[u] & 7);
  while (bytes.length > 1 && bytes[bytes.length - 1] === 0) bytes.pop();
  const last = bytes[bytes.length - 1]!;
  let unusedBits = 0;
  while (unusedBits < 7 && (last & (1 << unusedBits)) === 0) unusedBits++;
  return new asn1js.BitString({ valueHex: new Uint8Array(bytes).buffer, unusedBits });
}

function extension(
  extnID: string,
  critical: boolean,
  value: { toSchema(): asn1js.AsnType } | asn1js.AsnType,
) {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
async function keyIdentifier(spki: pkijs.PublicKeyInfo): Promise<asn1js.OctetString> {
  const bits = spki.subjectPublicKey.valueBlock.valueHexView;
  return new asn1js.OctetString({ valueHex: await crypto.subtle.digest('SHA-1', bufferSource(bits)) });
}

/**
 * Issues (signs) an X.509 v3 certificate with basicConstraints, keyUsage, subject and authority key
 * identifiers, and optionally extendedKeyUsage. Enough for the development seal and for tests; a real
 * seal certificate comes from a CA.
 *
 * @example
 * const ca = await issueCertificate({ subject: { CN: 'Test CA' }, publicKey: kp.publicKey,
 *   signingKey: kp.privateKey, ca: true, keyUsage: ['keyCertSign', 'cRLSign'], validityDays: 365 });
 */
export async function issueCertificate(req: CertificateRequest): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: randomSerial() });
  const notBefore = req.notBefore ?? new Date(Date.now() - 60_000);
  cert.notBefore = x509Time(notBefore);
  cert.notAfter = x509Time(new Date(notBefore.getTime() + req.validityDays * 86_400_000));
  cert.subject = name(req.subject);
  cert.issuer = req.issuer ? req.issuer.subject : cert.subject;
  if (req.publicKey instanceof Uint8Array)
    cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(req.publicKey));
  else await cert.subjectPublicKeyInfo.importKey(req.publicKey);

  const issuerKeyId = req.issuer
    ? (subjectKeyIdentifier(req.issuer) ?? (await keyIdentifier(req.issuer.subjectPublicKeyInfo)))
    : await keyIdentifier(cert.subjectPublicKeyInfo);
  cert.extensions = [
    extension('2.5.29.19', true, new pkijs.BasicConstraints({ cA: req.ca })),
    extension(OID_KEY_USAGE, true, keyUsageBits(req.keyUsage)),
    extension('2.5.29.14', false, await keyIdentifier(cert.subjectPublicKeyInfo)),
    extension('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: issuerKeyId })),
  ];
  if (req.extKeyUsage)
    cert.extensions.push(
      extension(OID_EXT_KEY_USAGE, true, new pkijs.ExtKeyUsage({ keyPurposes: req.extKeyUsage })),
    );
  await cert.sign(req.signingKey, 'SHA-256');
  return cert;
}

function subjectKeyIdentifier(cert: pkijs.Certificate): asn1js.OctetString | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
  return ext?.parsedValue instanceof asn1js.OctetString ? ext.parsedValue : undefined;
}

/** The certificate's DER encoding (the to-be-signed part as it was signed or parsed, never re-encoded). */
export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** A certificate from DER; throws on anything else. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** The first commonName of a distinguished name, or '' when it has none. */
export function commonName(dn: pkijs.RelativeDistinguishedNames): string {
  const cn = dn.typesAndValues.find((tv) => tv.type === OID_CN);
  return cn ? String(cn.value.valueBlock.value) : '';
}

/** True when the certificate has no keyUsage extension or one of the given bits is set in it. */
export function allowsKeyUsage(cert: pkijs.Certificate, usages: KeyUsageName[]): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID_KEY_USAGE);
  if (!ext) return true;
  if (!(ext.parsedValue instanceof asn1js.BitString)) return false;
  const bits = ext.parsedValue.valueBlock.valueHexView;
  return usages.some((u) => ((bits[KEY_USAGE[u] >> 3] ?? 0) & (0x80 >> (KEY_USAGE[u] & 7))) !== 0);
}

/** True when the certificate's extendedKeyUsage lists `purpose`. */
export function hasExtKeyUsage(cert: pkijs.Certificate, purpose: string): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID_EXT_KEY_USAGE);
  return ext?.parsedValue instanceof pkijs.ExtKeyUsage && ext.parsedValue.keyPurposes.includes(purpose);
}

/** True when `date` lies within the certificate's validity period. */
export function validAt(cert: pkijs.Certificate, date: Date): boolean {
  return cert.notBefore.value <= date && date <= cert.notAfter.value;
}

/** True when both are the same certificate (same to-be-signed bytes). */
export function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return equalBytes(a.tbsView, b.tbsView);
}
