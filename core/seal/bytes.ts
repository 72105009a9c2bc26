// Byte helpers shared by the seal modules: SHA-256, comparison, hex, and ArrayBuffer views for pkijs.

/** `data` typed as WebCrypto's BufferSource wants it (copied only when it lives in a SharedArrayBuffer). */
export function bufferSource(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

/** SHA-256 of `data` (WebCrypto). */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return digest('SHA-256', data);
}

/** Digest of `data` with a WebCrypto hash name ('SHA-256', 'SHA-384', 'SHA-512'). */
export async function digest(name: string, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(name, bufferSource(data)));
}

/** True when both arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A fresh ArrayBuffer holding exactly the bytes of `data` (pkijs wants ArrayBuffer, not a view). */
export function toArrayBuffer(data: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.slice().buffer as ArrayBuffer;
}

/** Lower-case hex of `data`. */
export function toHex(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/** `n` random bytes as a positive DER INTEGER body (top bit clear, never zero). */
export function randomSerial(n = 16): Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
