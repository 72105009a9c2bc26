// The seal key: loading it from PEM or PKCS#12 under BSI TR-02102 rules, and the development seal.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bufferSource, equalBytes, toArrayBuffer } from './bytes.ts';
import {
  allowsKeyUsage,
  certificateDer,
  commonName,
  issueCertificate,
  parseCertificate,
  validAt,
} from './certs.ts';
import {
  OID_CERT_BAG,
  OID_ENCRYPTED_DATA,
  OID_KEY_BAG,
  OID_PBES2,
  OID_PKCS12_PBE_PREFIX,
  OID_RSASSA_PSS,
  OID_RSA_ENCRYPTION,
  OID_SHROUDED_KEY_BAG,
} from './oids.ts';
import { pemBlocks, toPem } from './pem.ts';

/** Signature schemes a seal may use (TR-02102-1): ECDSA on P-256/P-384, or RSASSA-PSS with >= 3072 bit. */
export type SealAlgorithm = 'ECDSA-P256' | 'ECDSA-P384' | 'RSA-PSS';

/** A loaded seal key: ready to sign with SHA-256 (ECDSA) or RSASSA-PSS/SHA-256 with 32 bytes of salt. */
export interface SealKey {
  /** Non-extractable WebCrypto key, usage 'sign'. */
  privateKey: CryptoKey;
  certificate: pkijs.Certificate;
  /** Further certificates to put into each signature (intermediates, optionally the root), leaf excluded. */
  chain: pkijs.Certificate[];
  algorithm: SealAlgorithm;
  /** True for the development seal of {@link createDevSeal}: never for production documents. */
  development: boolean;
}

/** Subject CN of the development seal certificate. */
export const DEV_SEAL_CN = 'poststelle Entwicklungssiegel (nicht für den Echtbetrieb)';
/** Subject CN of the development CA that issues it. */
export const DEV_CA_CN = 'poststelle Entwicklungs-CA (nicht für den Echtbetrieb)';

const MIN_RSA_BITS = 3072;
const P12_REEXPORT =
  'Re-export it with OpenSSL 3 defaults (PBES2/AES-256-CBC, PBKDF2, SHA-256 MAC): ' +
  '`openssl pkcs12 -legacy -in old.p12 -out old.pem` and then ' +
  '`openssl pkcs12 -export -inkey old.pem -in old.pem -out seal.p12` (delete old.pem afterwards).';

/** True for a certificate of the development seal or one issued by the development CA. */
export function isDevelopmentCertificate(cert: pkijs.Certificate): boolean {
  return commonName(cert.subject) === DEV_SEAL_CN || commonName(cert.issuer) === DEV_CA_CN;
}

/**
 * All certificates of a PEM bundle, in order (for trust anchors and chains). Throws when a CERTIFICATE
 * block does not parse; other blocks are skipped.
 *
 * @example const trust = parseCertificates(fs.readFileSync('/etc/poststelle/seal-ca.pem', 'utf8'));
 */
export function parseCertificates(pem: string): pkijs.Certificate[] {
  return pemBlocks(pem)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b, i) => {
      try {
        return parseCertificate(b.der);
      } catch (err) {
        throw new Error(`PEM certificate #${i + 1} is not a valid X.509 certificate`, { cause: err });
      }
    });
}

/** TR-02102 check of the private key; returns the seal algorithm or throws why the key is refused. */
function sealAlgorithm(key: KeyObject): SealAlgorithm {
  const d = key.asymmetricKeyDetails ?? {};
  const allowed =
    'allowed are ECDSA P-256/P-384 and RSA (RSASSA-PSS) with at least 3072 bit (BSI TR-02102-1)';
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (d.namedCurve === 'prime256v1') return 'ECDSA-P256';
      if (d.namedCurve === 'secp384r1') return 'ECDSA-P384';
      throw new Error(`Seal key refused: EC curve ${d.namedCurve ?? 'unknown'} is not allowed; ${allowed}.`);
    case 'rsa':
    case 'rsa-pss':
      if ((d.modulusLength ?? 0) < MIN_RSA_BITS)
        throw new Error(`Seal key refused: RSA key has ${d.modulusLength} bit; ${allowed}.`);
      if (d.hashAlgorithm && (d.hashAlgorithm !== 'sha256' || (d.mgf1HashAlgorithm ?? 'sha256') !== 'sha256'))
        throw new Error(
          `Seal key refused: the RSA-PSS key is restricted to ${d.hashAlgorithm}; poststelle signs with SHA-256.`,
        );
      if ((d.saltLength ?? 0) > 32)
        throw new Error(
          `Seal key refused: the RSA-PSS key requires ${d.saltLength} bytes of salt; poststelle uses 32.`,
        );
      return 'RSA-PSS';
    default:
      throw new Error(
        `Seal key refused: key type ${key.asymmetricKeyType ?? 'unknown'} is not allowed; ${allowed}.`,
      );
  }
}

/** PKCS#8 DER of the key for WebCrypto: an id-RSASSA-PSS key is relabelled rsaEncryption (same RSAPrivateKey). */
function webCryptoPkcs8(key: KeyObject): Uint8Array {
  const der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  if (key.asymmetricKeyType !== 'rsa-pss') return der;
  const info = pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(der));
  if (info.privateKeyAlgorithm.algorithmId !== OID_RSASSA_PSS) return der;
  const relabelled = new pkijs.PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID_RSA_ENCRYPTION,
      algorithmParams: new asn1js.Null(),
    }),
    privateKey: info.privateKey,
  });
  return new Uint8Array(relabelled.toSchema().toBER(false));
}

function importParams(algorithm: SealAlgorithm): EcKeyImportParams | RsaHashedImportParams {
  if (algorithm === 'RSA-PSS') return { name: 'RSA-PSS', hash: 'SHA-256' };
  return { name: 'ECDSA', namedCurve: algorithm === 'ECDSA-P256' ? 'P-256' : 'P-384' };
}

function publicKeyBits(spkiDer: Uint8Array): Uint8Array {
  return pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spkiDer)).subjectPublicKey.valueBlock.valueHexView;
}

function checkPbe(oid: string, what: string): void {
  if (oid.startsWith(OID_PKCS12_PBE_PREFIX))
    throw new Error(
      `The PKCS#12 file protects its ${what} with a legacy cipher (RC2/3DES, ${oid}). ${P12_REEXPORT}`,
    );
  if (oid !== OID_PBES2)
    throw new Error(`The PKCS#12 file protects its ${what} with an unknown scheme ${oid}.`);
}

/** Private keys (PKCS#8 DER) and certificates of a PKCS#12 file written by OpenSSL 3 with its defaults. */
async function readPkcs12(p12: Uint8Array, password: string) {
  const pass = toArrayBuffer(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(p12));
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
  } catch (err) {
    throw new Error('Could not open the PKCS#12 file: wrong password, or not an intact PKCS#12 file.', {
      cause: err,
    });
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('The PKCS#12 file holds no authenticated safe.');
  for (const content of safe.safeContents)
    if (content.contentType === OID_ENCRYPTED_DATA) {
      // Parsed from a copy: pkijs rewrites implicit tags of the input in place, a second parse would fail.
      const enc = pkijs.EncryptedData.fromBER(content.content.toBER(false));
      checkPbe(enc.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId, 'certificates');
    }
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pass })) });
  const keys: KeyObject[] = [];
  const certs: pkijs.Certificate[] = [];
  for (const { value } of safe.parsedValue?.safeContents ?? [])
    for (const bag of value.safeBags) {
      if (bag.bagId === OID_SHROUDED_KEY_BAG) {
        // An EncryptedPrivateKeyInfo: node:crypto decrypts it (pkijs keeps its decryption protected).
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        checkPbe(shrouded.encryptionAlgorithm.algorithmId, 'private key');
        const der = Buffer.from(shrouded.toSchema().toBER(false));
        keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password }));
      } else if (bag.bagId === OID_KEY_BAG) {
        const der = Buffer.from((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false));
        keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
      } else if (bag.bagId === OID_CERT_BAG) {
        const parsed = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (parsed instanceof pkijs.Certificate) certs.push(parsed);
      }
    }
  if (keys.length !== 1)
    throw new Error(`The PKCS#12 file must hold exactly one private key, it holds ${keys.length}.`);
  return { key: keys[0]!, certs };
}

function readPem(keyPem: string, certPem: string | undefined, password: string | undefined) {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem', passphrase: password });
  } catch (err) {
    throw new Error(
      'Could not read the seal private key PEM (PKCS#8, or encrypted PKCS#8 with a password).',
      {
        cause: err,
      },
    );
  }
  return { key, certs: parseCertificates(certPem ?? keyPem) };
}

/**
 * Loads the seal key from PEM (PKCS#8 key; certificate plus optional chain in one bundle) or from a PKCS#12
 * file (PBES2/AES as OpenSSL 3 writes it; legacy RC2/3DES files are refused with a re-export hint). Refuses
 * keys outside BSI TR-02102-1 (ECDSA P-256/P-384, RSA >= 3072 bit), a certificate that does not match the
 * key, is not valid now, or whose keyUsage forbids signatures. The matching certificate is the seal
 * certificate; the others become its chain.
 *
 * @example
 * const key = await loadSealKey({ keyPem: fs.readFileSync('seal.key', 'utf8'), certPem: fs.readFileSync('seal.pem', 'utf8') });
 * const key2 = await loadSealKey({ p12: fs.readFileSync('seal.p12'), password: process.env.SEAL_PASSWORD });
 */
export async function loadSealKey(src: {
  keyPem?: string;
  certPem?: string;
  p12?: Uint8Array;
  password?: string;
}): Promise<SealKey> {
  let material: { key: KeyObject; certs: pkijs.Certificate[] };
  if (src.p12) material = await readPkcs12(src.p12, src.password ?? '');
  else if (src.keyPem) material = readPem(src.keyPem, src.certPem, src.password);
  else throw new Error('No seal key given: pass keyPem (and certPem) or p12.');
  const { key, certs } = material;
  const algorithm = sealAlgorithm(key);

  const keyBits = publicKeyBits(new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' })));
  const certificate = certs.find((c) =>
    equalBytes(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView, keyBits),
  );
  if (!certificate)
    throw new Error(
      certs.length
        ? 'None of the given certificates matches the seal private key.'
        : 'No seal certificate given.',
    );
  const now = new Date();
  if (!validAt(certificate, now))
    throw new Error(
      `The seal certificate is not valid now (valid ${certificate.notBefore.value.toISOString()} to ${certificate.notAfter.value.toISOString()}).`,
    );
  if (!allowsKeyUsage(certificate, ['digitalSignature', 'nonRepudiation']))
    throw new Error('The seal certificate keyUsage allows neither digitalSignature nor nonRepudiation.');

  const pkcs8 = bufferSource(webCryptoPkcs8(key));
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, importParams(algorithm), false, ['sign']);
  const leaf = certificateDer(certificate);
  const chain = certs.filter((c) => !equalBytes(certificateDer(c), leaf));
  return { privateKey, certificate, chain, algorithm, development: isDevelopmentCertificate(certificate) };
}

/**
 * Creates a development seal without any openssl process: a self-signed ECDSA P-256 CA (basicConstraints CA,
 * 10 years) and an ECDSA P-256 seal certificate issued by it (keyUsage digitalSignature + nonRepudiation,
 * CN {@link DEV_SEAL_CN}, O poststelle, 5 years). The CA key is thrown away: nothing else can be issued
 * under this CA. Seals made with it say `development: true` when verified.
 *
 * @example const { caPem, certPem, keyPem } = await createDevSeal();
 */
export async function createDevSeal(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const ec: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
  const caKeys = await crypto.subtle.generateKey(ec, false, ['sign', 'verify']);
  const ca = await issueCertificate({
    subject: { CN: DEV_CA_CN, O: 'poststelle' },
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    validityDays: 3653,
  });
  const sealKeys = await crypto.subtle.generateKey(ec, true, ['sign', 'verify']);
  const seal = await issueCertificate({
    subject: { CN: DEV_SEAL_CN, O: 'poststelle' },
    publicKey: sealKeys.publicKey,
    signingKey: caKeys.privateKey,
    issuer: ca,
    ca: false,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    validityDays: 1826,
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', sealKeys.privateKey));
  return {
    caPem: toPem('CERTIFICATE', certificateDer(ca)),
    certPem: toPem('CERTIFICATE', certificateDer(seal)),
    keyPem: toPem('PRIVATE KEY', pkcs8),
  };
}
