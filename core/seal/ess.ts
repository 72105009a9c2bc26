// ESS signing-certificate-v2 (RFC 5035), the signed attribute that binds a CMS signature to its certificate.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, equalBytes } from './bytes.ts';
import { certificateDer } from './certs.ts';
import { DIGEST_NAMES, OID_SHA256, OID_SIGNING_CERTIFICATE_V2 } from './oids.ts';

function issuerSerial(cert: pkijs.Certificate): pkijs.IssuerSerial {
  const issuer = new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] });
  return new pkijs.IssuerSerial({ issuer, serialNumber: cert.serialNumber });
}

/**
 * The signing-certificate-v2 attribute for `cert`: one ESSCertIDv2 with the SHA-256 of the certificate (the
 * hash algorithm is left out: sha256 is its DEFAULT, and DER omits defaults) and issuer and serial number.
 */
export async function signingCertificateV2(cert: pkijs.Certificate): Promise<pkijs.Attribute> {
  const certHash = await digest('SHA-256', certificateDer(cert));
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial(cert).toSchema()],
  });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID_SIGNING_CERTIFICATE_V2, values: [value] });
}

/**
 * Checks that the signed attributes hold exactly one signing-certificate-v2 whose first ESSCertIDv2 names
 * `cert` (hash, and issuer and serial number when present). Returns why not, or null when it matches.
 */
export async function checkSigningCertificateV2(
  attrs: pkijs.Attribute[],
  cert: pkijs.Certificate,
): Promise<string | null> {
  try {
    return await check(attrs, cert);
  } catch (err) {
    return `signing-certificate-v2 is malformed (${err instanceof Error ? err.message : String(err)})`;
  }
}

async function check(attrs: pkijs.Attribute[], cert: pkijs.Certificate): Promise<string | null> {
  const found = attrs.filter((a) => a.type === OID_SIGNING_CERTIFICATE_V2);
  if (found.length !== 1 || found[0]!.values.length !== 1)
    return 'signed attributes must hold exactly one signing-certificate-v2';
  const certs = (found[0]!.values[0] as asn1js.Sequence).valueBlock?.value?.[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return 'signing-certificate-v2 is malformed';
  const parts = [...first.valueBlock.value];
  let hashOid = OID_SHA256;
  if (parts[0] instanceof asn1js.Sequence)
    hashOid = new pkijs.AlgorithmIdentifier({ schema: parts.shift() }).algorithmId;
  const hashName = DIGEST_NAMES[hashOid];
  if (!hashName) return `signing-certificate-v2 uses an unsupported hash algorithm ${hashOid}`;
  const certHash = parts.shift();
  if (!(certHash instanceof asn1js.OctetString)) return 'signing-certificate-v2 is malformed';
  if (!equalBytes(certHash.valueBlock.valueHexView, await digest(hashName, certificateDer(cert))))
    return 'signing-certificate-v2 does not match the signer certificate';
  const serial = parts.shift();
  if (serial) {
    const is = new pkijs.IssuerSerial({ schema: serial });
    const dn = is.issuer.names[0];
    if (!is.serialNumber.isEqual(cert.serialNumber) || dn?.type !== 4 || !cert.issuer.isEqual(dn.value))
      return 'signing-certificate-v2 names another issuer and serial number than the signer certificate';
  }
  return null;
}
