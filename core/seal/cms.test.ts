// Detached CMS seals: what is signed, what verification catches, and that OpenSSL reads them the same way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl } from '../../test/tsa.ts';
import { toArrayBuffer } from './bytes.ts';
import { certificateDer, issueCertificate } from './certs.ts';
import { signDetached, verifyDetached } from './cms.ts';
import { createDevSeal, loadSealKey, parseCertificates, type SealKey } from './keys.ts';
import {
  OID_CONTENT_TYPE,
  OID_MESSAGE_DIGEST,
  OID_SIGNING_CERTIFICATE_V2,
  OID_SIGNING_TIME,
} from './oids.ts';
import { toPem } from './pem.ts';

const data = new TextEncoder().encode('Prüfkette: Anker 2026-01-01, sha256 …');
let dev: Awaited<ReturnType<typeof createDevSeal>>;
let key: SealKey;
let trust: pkijs.Certificate[];

beforeAll(async () => {
  dev = await createDevSeal();
  key = await loadSealKey({ keyPem: dev.keyPem, certPem: dev.certPem });
  trust = parseCertificates(dev.caPem);
});

const signedDataOf = (cms: Uint8Array) =>
  new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });

describe('signDetached', () => {
  it('writes a detached SignedData with content-type, message-digest, signing-certificate-v2 and no signing-time', async () => {
    const signed = signedDataOf(await signDetached(data, key));
    expect(signed.encapContentInfo.eContent).toBeUndefined();
    const types = signed.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
    expect(types.sort()).toEqual([OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERTIFICATE_V2].sort());
    expect(types).not.toContain(OID_SIGNING_TIME);
    expect(signed.signerInfos[0]!.unsignedAttrs).toBeUndefined();
    expect(signed.certificates).toHaveLength(1);
  });
});

describe('verifyDetached', () => {
  it('accepts the seal and names the signer', async () => {
    const r = await verifyDetached(await signDetached(data, key), data, trust);
    expect(r).toEqual({
      ok: true,
      signer: 'poststelle Entwicklungssiegel (nicht für den Echtbetrieb)',
      development: true,
      timestamp: null,
    });
  });

  it('fails the signature check for other data and for a changed signature', async () => {
    const cms = await signDetached(data, key);
    const other = Uint8Array.from(data);
    other[3]! ^= 1;
    expect(await verifyDetached(cms, other, trust)).toMatchObject({ ok: false, check: 'signature' });
    const signed = signedDataOf(cms);
    const sig = signed.signerInfos[0]!.signature.valueBlock.valueHexView;
    const tampered = Uint8Array.from(cms);
    const at = Buffer.from(tampered).indexOf(Buffer.from(sig));
    tampered[at + sig.length - 2]! ^= 1;
    expect(await verifyDetached(tampered, data, trust)).toMatchObject({ ok: false, check: 'signature' });
    expect(await verifyDetached(new Uint8Array([0x30, 0x03, 1, 2, 3]), data, trust)).toMatchObject({
      ok: false,
      check: 'signature',
    });
  });

  it('fails the certificate check for another trust anchor', async () => {
    const other = await createDevSeal();
    const r = await verifyDetached(await signDetached(data, key), data, parseCertificates(other.caPem));
    expect(r).toMatchObject({ ok: false, check: 'certificate' });
  });

  it('fails the certificate check for an expired seal certificate (no timestamp: checked at now)', async () => {
    const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const caKeys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const notBefore = new Date(Date.now() - 10 * 86_400_000);
    const ca = await issueCertificate({
      subject: { CN: 'Alt-CA' },
      publicKey: caKeys.publicKey,
      signingKey: caKeys.privateKey,
      ca: true,
      keyUsage: ['keyCertSign'],
      validityDays: 30,
      notBefore,
    });
    const certificate = await issueCertificate({
      subject: { CN: 'Altsiegel' },
      publicKey: kp.publicKey,
      signingKey: caKeys.privateKey,
      issuer: ca,
      ca: false,
      keyUsage: ['digitalSignature'],
      validityDays: 2,
      notBefore,
    });
    const expired: SealKey = {
      privateKey: kp.privateKey,
      certificate,
      chain: [],
      algorithm: 'ECDSA-P256',
      development: false,
    };
    const r = await verifyDetached(await signDetached(data, expired), data, [ca]);
    expect(r).toMatchObject({ ok: false, check: 'certificate' });
  });

  it('accepts the seal certificate itself as trust anchor', async () => {
    const r = await verifyDetached(await signDetached(data, key), data, parseCertificates(dev.certPem));
    expect(r.ok).toBe(true);
  });

  it('without a timestamp fails requireTimestamp', async () => {
    const r = await verifyDetached(await signDetached(data, key), data, trust, { requireTimestamp: true });
    expect(r).toMatchObject({ ok: false, check: 'timestamp' });
  });
});

const openssl = hasOpenssl();
if (!openssl)
  console.log('core/seal/cms.test.ts: OpenSSL interoperability tests skipped: openssl is not on PATH');

describe.skipIf(!openssl)('OpenSSL interoperability', () => {
  let dir: string;
  const file = (name: string, content?: Uint8Array | string) => {
    const p = path.join(dir, name);
    if (content !== undefined) fs.writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-cms-'));
    file('data.bin', data);
    file('ca.pem', dev.caPem);
    file('cert.pem', dev.certPem);
    file('key.pem', dev.keyPem);
  });

  it('openssl cms -verify accepts our seal (signed attributes in DER order)', async () => {
    file('sig.der', await signDetached(data, key));
    const out = execFileSync('openssl', [
      'cms', '-verify', '-binary', '-inform', 'DER', '-in', file('sig.der'), '-content', file('data.bin'),
      '-CAfile', file('ca.pem'), '-purpose', 'any', '-out', '/dev/null',
    ], { stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
    expect(out).toBeDefined();
  });

  it('refuses an OpenSSL CMS without signing-certificate-v2, and an attached one', async () => {
    const sign = (extra: string[]) => {
      execFileSync('openssl', [
        'cms', '-sign', '-binary', '-md', 'sha256', '-in', file('data.bin'), '-signer', file('cert.pem'),
        '-inkey', file('key.pem'), '-outform', 'DER', '-out', file('openssl.der'), ...extra,
      ]); // prettier-ignore
      return new Uint8Array(fs.readFileSync(file('openssl.der')));
    };
    const noEss = await verifyDetached(sign([]), data, trust);
    expect(noEss).toMatchObject({
      ok: false,
      check: 'signature',
      message: expect.stringMatching(/signing-certificate-v2/),
    });
    const attached = await verifyDetached(sign(['-nodetach']), new Uint8Array([1]), trust);
    expect(attached).toMatchObject({
      ok: false,
      check: 'signature',
      message: expect.stringMatching(/not detached/),
    });
  });

  it('a seal certificate made by issueCertificate is a valid X.509 for openssl verify', () => {
    const out = execFileSync('openssl', ['verify', '-CAfile', file('ca.pem'), file('cert.pem')]).toString();
    expect(out).toMatch(/OK/);
    expect(toPem('CERTIFICATE', certificateDer(key.certificate))).toBe(dev.certPem);
  });
});
