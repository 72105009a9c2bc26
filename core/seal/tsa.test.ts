// RFC 3161 timestamps against a real local TSA (openssl ts -reply behind node:http, see test/tsa.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, startTestTsa, type TestTsa } from '../../test/tsa.ts';
import { sha256, toArrayBuffer } from './bytes.ts';
import { signDetached, verifyDetached } from './cms.ts';
import { createDevSeal, loadSealKey, parseCertificates, type SealKey } from './keys.ts';
import { OID_SIGNATURE_TIMESTAMP } from './oids.ts';
import { requestTimestamp, timestampInfo } from './tsa.ts';

const openssl = hasOpenssl();
if (!openssl)
  console.log('core/seal/tsa.test.ts: timestamp tests skipped: openssl (for the test TSA) is not on PATH');

/** The signature value and the embedded timestamp token of a timestamped seal. */
function parts(cms: Uint8Array) {
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const si = signed.signerInfos[0]!;
  const attr = si.unsignedAttrs!.attributes.find((a) => a.type === OID_SIGNATURE_TIMESTAMP)!;
  return {
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
    token: new Uint8Array(attr.values[0].valueBeforeDecodeView),
  };
}

/** `cms` with the first occurrence of `needle` changed in its last byte. */
function flipInside(cms: Uint8Array, needle: Uint8Array): Uint8Array {
  const at = Buffer.from(cms).indexOf(Buffer.from(needle));
  expect(at).toBeGreaterThan(0);
  const out = Uint8Array.from(cms);
  out[at + needle.length - 1]! ^= 0x01;
  return out;
}

describe.skipIf(!openssl)('timestamps from a local openssl TSA', () => {
  const dirs: string[] = [];
  let tsa: TestTsa;
  let liar: TestTsa;
  let key: SealKey;
  let trust: pkijs.Certificate[];
  let tsaTrust: pkijs.Certificate[];
  const data = new TextEncoder().encode('Scanprodukt 4711');

  beforeAll(async () => {
    const dir = () => (dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-tsa-'))), dirs.at(-1)!);
    [tsa, liar] = await Promise.all([startTestTsa(dir()), startTestTsa(dir(), 'imprint')]);
    const dev = await createDevSeal();
    key = await loadSealKey({ keyPem: dev.keyPem, certPem: dev.certPem });
    trust = parseCertificates(dev.caPem);
    tsaTrust = parseCertificates(tsa.caPem);
  });
  afterAll(async () => {
    await Promise.all([tsa?.close(), liar?.close()]);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('requestTimestamp returns a token over the digest, stamped now under the TSA policy', async () => {
    const digest = await sha256(data);
    const info = timestampInfo(await requestTimestamp(tsa.url, digest));
    expect(Buffer.from(info.imprint)).toEqual(Buffer.from(digest));
    expect(Math.abs(info.time.getTime() - Date.now())).toBeLessThan(10_000);
    expect(info.policy).toBe('1.2.3.4.1');
    expect(info.nonce).toMatch(/^[0-9a-f]{16}$/);
  });

  it('requestTimestamp refuses a token over another digest and names the URL', async () => {
    await expect(requestTimestamp(liar.url, await sha256(data))).rejects.toThrow(
      new RegExp(`${liar.url}.*messageImprint mismatch`),
    );
    await expect(signDetached(data, key, { tsaUrl: liar.url })).rejects.toThrow(/messageImprint mismatch/);
  });

  it('requestTimestamp names an unreachable TSA', async () => {
    await expect(requestTimestamp('http://127.0.0.1:9/tsa', await sha256(data))).rejects.toThrow(
      /Timestamp request to http:\/\/127\.0\.0\.1:9\/tsa failed/,
    );
  });

  it('a timestamped seal verifies with the stamp time close to now', async () => {
    const cms = await signDetached(data, key, { tsaUrl: tsa.url });
    const r = await verifyDetached(cms, data, trust, { tsaTrust, requireTimestamp: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Math.abs(r.timestamp!.getTime() - Date.now())).toBeLessThan(10_000);
    // One bundle for both: the TSA's CA next to the seal's.
    expect(await verifyDetached(cms, data, [...trust, ...tsaTrust])).toMatchObject({ ok: true });
  });

  it('a TSA that chains to no trust anchor fails the timestamp check', async () => {
    const cms = await signDetached(data, key, { tsaUrl: tsa.url });
    const r = await verifyDetached(cms, data, trust);
    expect(r).toMatchObject({
      ok: false,
      check: 'timestamp',
      message: expect.stringMatching(/TSA certificate/),
    });
  });

  it('a tampered token in the seal fails the timestamp check (imprint, TSA signature)', async () => {
    const cms = await signDetached(data, key, { tsaUrl: tsa.url });
    const { signature, token } = parts(cms);
    const imprint = flipInside(cms, await sha256(signature));
    expect(await verifyDetached(imprint, data, trust, { tsaTrust })).toMatchObject({
      ok: false,
      check: 'timestamp',
    });
    const tokenSigned = new pkijs.SignedData({
      schema: pkijs.ContentInfo.fromBER(toArrayBuffer(token)).content,
    });
    const tsaSignature = tokenSigned.signerInfos[0]!.signature.valueBlock.valueHexView;
    const forged = flipInside(cms, tsaSignature);
    expect(await verifyDetached(forged, data, trust, { tsaTrust })).toMatchObject({
      ok: false,
      check: 'timestamp',
      message: expect.stringMatching(/TSA signature/),
    });
  });

  it('openssl ts -verify accepts the embedded token over the signature value', async () => {
    const { signature, token } = parts(await signDetached(data, key, { tsaUrl: tsa.url }));
    const dir = dirs[0]!;
    fs.writeFileSync(path.join(dir, 'sig.bin'), signature);
    fs.writeFileSync(path.join(dir, 'token.der'), token);
    fs.writeFileSync(path.join(dir, 'tsa-ca.pem'), tsa.caPem);
    const out = execFileSync('openssl', [
      'ts', '-verify', '-data', path.join(dir, 'sig.bin'), '-in', path.join(dir, 'token.der'), '-token_in',
      '-CAfile', path.join(dir, 'tsa-ca.pem'),
    ]).toString(); // prettier-ignore
    expect(out).toMatch(/Verification: OK/);
  });
});
