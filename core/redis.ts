// Finds Redis at REDIS_URL or, when none answers and redis-server is on PATH, starts one under the data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import type { Logger } from './log.ts';

export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface RedisHandle {
  url: string;
  /** Stops the Redis this process started (no-op for an external one). */
  stop(): Promise<void>;
}

export async function ensureRedis(url: string, dataDir: string, log: Logger): Promise<RedisHandle> {
  if (await answers(url)) return { url, stop: async () => {} };
  const onPath = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!onPath) {
    throw new InfrastructureError(
      `Redis is not reachable at ${url} and redis-server is not installed. ` +
        'Install it (Debian: apt-get install redis-server) or set REDIS_URL to a running Redis.',
    );
  }
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname)) {
    throw new InfrastructureError(`Redis is not reachable at ${url}; only a local one can be started here.`);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      port || '6379',
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
    ],
    { stdio: 'ignore' },
  );
  log.info('started redis-server', { port: port || '6379', dir: dataDir, redisPid: child.pid });
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) {
      return {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new InfrastructureError(`redis-server did not start on ${url}`);
}
