// Object identifiers the seal module reads and writes (CMS, ESS, RFC 3161, X.509, PKCS#12).

/** CMS content types (RFC 5652) and the RFC 3161 TSTInfo content type. */
export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';

/** Signed and unsigned CMS attributes. */
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';

/** Hash algorithms. */
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';

/** Public-key and signature algorithms. */
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
export const OID_ECDSA_SHA384 = '1.2.840.10045.4.3.3';
export const OID_ECDSA_SHA512 = '1.2.840.10045.4.3.4';

/** X.509 name attributes and extensions. */
export const OID_CN = '2.5.4.3';
export const OID_O = '2.5.4.10';
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_KP_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';

/** PKCS#12: PBES2 (what OpenSSL 3 writes) and the prefix of the legacy PKCS#12 PBE schemes (RC2, 3DES). */
export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PKCS12_PBE_PREFIX = '1.2.840.113549.1.12.1.';
export const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
export const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
export const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';

/** WebCrypto names of the digests a seal may use (TR-02102: SHA-2 only). */
export const DIGEST_NAMES: Readonly<Record<string, string>> = {
  [OID_SHA256]: 'SHA-256',
  [OID_SHA384]: 'SHA-384',
  [OID_SHA512]: 'SHA-512',
};
