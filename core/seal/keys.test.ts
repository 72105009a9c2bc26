// Loading seal keys: development seal, TR-02102 algorithm rules, PEM and PKCS#12 (made with openssl at test time).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl } from '../../test/tsa.ts';
import { certificateDer, commonName, issueCertificate, allowsKeyUsage } from './certs.ts';
import { signDetached, verifyDetached } from './cms.ts';
import { DEV_SEAL_CN, createDevSeal, loadSealKey, parseCertificates } from './keys.ts';
import { toPem } from './pem.ts';

type Dev = Awaited<ReturnType<typeof createDevSeal>>;
let dev: Dev;
let ca: { key: CryptoKey; pem: string; cert: Awaited<ReturnType<typeof issueCertificate>> };

/** A seal certificate from the test CA for a node:crypto key pair, as PEM. */
async function sealFor(pair: ReturnType<typeof generateKeyPairSync>, validityDays = 30) {
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  const cert = await issueCertificate({
    subject: { CN: 'Testsiegel', O: 'poststelle Test' },
    publicKey: spki,
    signingKey: ca.key,
    issuer: ca.cert,
    ca: false,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    validityDays,
  });
  return {
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: toPem('CERTIFICATE', certificateDer(cert)) + ca.pem,
  };
}

beforeAll(async () => {
  dev = await createDevSeal();
  const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const cert = await issueCertificate({
    subject: { CN: 'Test-CA' },
    publicKey: kp.publicKey,
    signingKey: kp.privateKey,
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    validityDays: 30,
  });
  ca = { key: kp.privateKey, cert, pem: toPem('CERTIFICATE', certificateDer(cert)) };
});

describe('createDevSeal', () => {
  it('makes a P-256 CA and a 5-year seal certificate issued by it', async () => {
    const [caCert] = parseCertificates(dev.caPem);
    const [seal] = parseCertificates(dev.certPem);
    expect(commonName(seal!.subject)).toBe(DEV_SEAL_CN);
    expect(seal!.subject.typesAndValues.map((t) => String(t.value.valueBlock.value))).toContain('poststelle');
    expect(seal!.issuer.isEqual(caCert!.subject)).toBe(true);
    expect(await seal!.verify(caCert)).toBe(true);
    const years = (seal!.notAfter.value.getTime() - seal!.notBefore.value.getTime()) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(5, 1);
    expect(allowsKeyUsage(seal!, ['digitalSignature'])).toBe(true);
    expect(allowsKeyUsage(seal!, ['keyCertSign'])).toBe(false);
    const bc = caCert!.extensions?.find((e) => e.extnID === '2.5.29.19');
    expect(bc?.critical).toBe(true);
    expect((bc?.parsedValue as { cA?: boolean }).cA).toBe(true);
  });

  it('loads from PEM as an ECDSA P-256 development key', async () => {
    const key = await loadSealKey({ keyPem: dev.keyPem, certPem: dev.certPem });
    expect(key.algorithm).toBe('ECDSA-P256');
    expect(key.development).toBe(true);
    expect(key.chain).toHaveLength(0);
    expect(key.privateKey.extractable).toBe(false);
  });
});

describe('loadSealKey algorithm rules (BSI TR-02102)', () => {
  it('refuses RSA 2048', async () => {
    const pem = await sealFor(generateKeyPairSync('rsa', { modulusLength: 2048 }));
    await expect(loadSealKey(pem)).rejects.toThrow(/RSA key has 2048 bit.*3072/);
  });

  it('refuses Ed25519 and P-521', async () => {
    await expect(loadSealKey(await sealFor(generateKeyPairSync('ed25519')))).rejects.toThrow(
      /ed25519 is not allowed/,
    );
    const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    await expect(loadSealKey(await sealFor(p521))).rejects.toThrow(/secp521r1 is not allowed/);
  });

  it.each(['rsa', 'rsa-pss'] as const)(
    'signs with RSASSA-PSS using an RSA 3072 key of type %s',
    async (type) => {
      const pem = await sealFor(generateKeyPairSync(type as 'rsa', { modulusLength: 3072 }));
      const key = await loadSealKey(pem);
      expect(key.algorithm).toBe('RSA-PSS');
      expect(key.chain).toHaveLength(1);
      const data = new TextEncoder().encode('Anker 42');
      const cms = await signDetached(data, key);
      expect(await verifyDetached(cms, data, [ca.cert])).toMatchObject({ ok: true, signer: 'Testsiegel' });
    },
  );

  it('accepts P-384', async () => {
    const key = await loadSealKey(await sealFor(generateKeyPairSync('ec', { namedCurve: 'secp384r1' })));
    expect(key.algorithm).toBe('ECDSA-P384');
  });

  it('refuses a certificate of another key, an expired certificate and a missing certificate', async () => {
    const other = await createDevSeal();
    await expect(loadSealKey({ keyPem: dev.keyPem, certPem: other.certPem })).rejects.toThrow(/matches/);
    await expect(loadSealKey({ keyPem: dev.keyPem, certPem: '' })).rejects.toThrow(/No seal certificate/);
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
    const old = await issueCertificate({
      subject: { CN: 'Alt' },
      publicKey: spki,
      signingKey: ca.key,
      issuer: ca.cert,
      ca: false,
      keyUsage: ['digitalSignature'],
      validityDays: 1,
      notBefore: new Date(Date.now() - 3 * 86_400_000),
    });
    const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(loadSealKey({ keyPem, certPem: toPem('CERTIFICATE', certificateDer(old)) })).rejects.toThrow(
      /not valid now/,
    );
  });

  it('reads an encrypted PKCS#8 PEM with its password', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const { certPem } = await sealFor(pair);
    const keyPem = pair.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'geheim' })
      .toString();
    expect((await loadSealKey({ keyPem, certPem, password: 'geheim' })).algorithm).toBe('ECDSA-P256');
    await expect(loadSealKey({ keyPem, certPem, password: 'falsch' })).rejects.toThrow(/Could not read/);
  });
});

const openssl = hasOpenssl();
if (!openssl) console.log('core/seal/keys.test.ts: PKCS#12 tests skipped: openssl is not on PATH');

describe.skipIf(!openssl)('loadSealKey from PKCS#12 (openssl pkcs12 -export)', () => {
  let dir: string;
  const p12 = (args: string[]) => {
    const out = path.join(dir, `seal-${args.length}.p12`);
    execFileSync('openssl', [
      'pkcs12', '-export', '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'cert.pem'),
      '-certfile', path.join(dir, 'ca.pem'), '-passout', 'pass:Gehe1m-ä', '-out', out, ...args,
    ]); // prettier-ignore
    return new Uint8Array(fs.readFileSync(out));
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-p12-'));
    fs.writeFileSync(path.join(dir, 'key.pem'), dev.keyPem);
    fs.writeFileSync(path.join(dir, 'cert.pem'), dev.certPem);
    fs.writeFileSync(path.join(dir, 'ca.pem'), dev.caPem);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the OpenSSL 3 default format (PBES2/AES-256, SHA-256 MAC) with its chain', async () => {
    const key = await loadSealKey({ p12: p12([]), password: 'Gehe1m-ä' });
    expect(key.algorithm).toBe('ECDSA-P256');
    expect(key.development).toBe(true);
    expect(key.chain.map((c) => commonName(c.subject))).toEqual([
      commonName(parseCertificates(dev.caPem)[0]!.subject),
    ]);
    const data = new Uint8Array([1, 2, 3]);
    expect((await verifyDetached(await signDetached(data, key), data, parseCertificates(dev.caPem))).ok).toBe(
      true,
    );
  });

  it('refuses a wrong password', async () => {
    await expect(loadSealKey({ p12: p12([]), password: 'falsch' })).rejects.toThrow(/wrong password/);
  });

  it('refuses a legacy 3DES PKCS#12 and says how to re-export it', async () => {
    const legacy = p12(['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
    await expect(loadSealKey({ p12: legacy, password: 'Gehe1m-ä' })).rejects.toThrow(
      /legacy cipher.*openssl pkcs12 -export/,
    );
  });
});
