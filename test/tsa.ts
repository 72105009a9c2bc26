// A real RFC 3161 TSA for tests: a CA and a TSA certificate made with the openssl CLI, and an HTTP server that
// answers each timestamp query with `openssl ts -reply`. Needs `openssl` on PATH (see hasOpenssl).
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running test TSA. */
export interface TestTsa {
  /** http://127.0.0.1:<port>/tsa */
  url: string;
  /** PEM of the CA that issued the TSA certificate: the trust anchor for its timestamps. */
  caPem: string;
  /** Queries answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** What the TSA does wrong on purpose. 'imprint': stamps another digest than the one asked for. */
export type TsaFault = 'none' | 'imprint';

/** True when the openssl CLI can be run. */
export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

const opensslCnf = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_tsa ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const tsaCnf = (dir: string) => `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5.6
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

/** Makes the TSA's CA (ECDSA P-256) and TSA certificate (RSA 2048, critical EKU timeStamping) in `dir`. */
async function makeTsaFiles(dir: string): Promise<void> {
  const cnf = path.join(dir, 'openssl.cnf');
  await fs.writeFile(cnf, opensslCnf);
  await fs.writeFile(path.join(dir, 'tsa.cnf'), tsaCnf(dir));
  await fs.writeFile(path.join(dir, 'tsaserial'), '01\n');
  const at = (f: string) => path.join(dir, f);
  await run('openssl', [
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-config', cnf, '-extensions', 'v3_ca',
    '-subj', '/O=poststelle Test/CN=poststelle Test-TSA-CA',
  ]); // prettier-ignore
  await run('openssl', [
    'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('tsa.key'), '-out', at('tsa.csr'),
    '-config', cnf, '-subj', '/O=poststelle Test/CN=poststelle Test-TSA',
  ]); // prettier-ignore
  await run('openssl', [
    'x509', '-req', '-in', at('tsa.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-set_serial', '2',
    '-days', '2', '-extfile', cnf, '-extensions', 'v3_tsa', '-out', at('tsa.pem'),
  ]); // prettier-ignore
}

/** Flips a byte of the query's SHA-256 imprint (the 32 bytes after OCTET STRING 04 20 behind the OID). */
function tamperImprint(query: Buffer): Buffer {
  const sha256Oid = Buffer.from('0609608648016503040201', 'hex');
  const oid = query.indexOf(sha256Oid);
  const octets = query.indexOf(Buffer.from('0420', 'hex'), oid);
  if (oid < 0 || octets < 0) throw new Error('not a SHA-256 timestamp query');
  const out = Buffer.from(query);
  out[octets + 2]! ^= 0xff;
  return out;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * Starts a TSA on 127.0.0.1 (random port) with its files in `dir` (which must exist). Queries are answered
 * one at a time (openssl ts updates one serial file), each with temp files of its own.
 *
 * @example const tsa = await startTestTsa(fs.mkdtempSync(path.join(os.tmpdir(), 'tsa-')));
 */
export async function startTestTsa(dir: string, fault: TsaFault = 'none'): Promise<TestTsa> {
  await makeTsaFiles(dir);
  let count = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const reply = async (query: Buffer): Promise<Buffer> => {
    const n = ++count;
    const q = path.join(dir, `q${n}.tsq`);
    const r = path.join(dir, `r${n}.tsr`);
    await fs.writeFile(q, fault === 'imprint' ? tamperImprint(query) : query);
    await run('openssl', ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', q, '-out', r]);
    const out = await fs.readFile(r);
    await Promise.all([fs.rm(q), fs.rm(r)]);
    return out;
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
      res.writeHead(400).end('timestamp queries only');
      return;
    }
    readBody(req)
      .then((query) => {
        const next = queue.then(() => reply(query));
        queue = next.catch(() => undefined);
        return next;
      })
      .then((body) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body))
      .catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem: await fs.readFile(path.join(dir, 'ca.pem'), 'utf8'),
    requests: () => count,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
