// PEM armour (RFC 7468): DER in, text out, and the blocks of a PEM bundle back to DER.

/** One block of a PEM file: its label ('CERTIFICATE', 'PRIVATE KEY', ...) and its DER bytes. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * All PEM blocks of `text`, in order; text between blocks (OpenSSL's "Bag Attributes" lines) is ignored.
 *
 * @example pemBlocks(fs.readFileSync('chain.pem', 'utf8')).filter((b) => b.label === 'CERTIFICATE')
 */
export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({
    label: m[1]!,
    der: new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')),
  }));
}

/** `der` as a PEM block with the given label, lines of 64 characters. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}
