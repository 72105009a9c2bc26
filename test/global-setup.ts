// Before any test: a Redis to run against (the one at REDIS_URL, or a private one started here when none
// answers, as `npm start` does), and a note when the peer corpus is not there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PEER } from './peer.ts';

let redis: ChildProcess | undefined;

const ping = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, host, () => s.write('PING\r\n'));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.on('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
    s.on('error', () => resolve(false));
  });

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export async function setup(): Promise<void> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (!(await ping(Number(url.port || 6379), url.hostname))) {
    if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0)
      throw new Error(
        `The tests need Redis: none answers at ${url.href} and redis-server is not installed ` +
          '(Debian: apt-get install redis-server), or set REDIS_URL to a running one.',
      );
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poststelle-test-redis-'));
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 100));
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    process.stdout.write(`No Redis at ${url.href}: started redis-server for the tests on port ${port}.\n`);
  }
  if (!fs.existsSync(PEER))
    process.stdout.write(
      `Peer corpus not found at ${PEER} (set POSTSTELLE_PEER_CORPUS): the tests that read it are skipped.\n`,
    );
}

export async function teardown(): Promise<void> {
  redis?.kill('SIGTERM');
}
