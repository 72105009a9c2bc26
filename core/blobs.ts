// Content-addressed blob store on a filesystem: blobs/<aa>/<sha256>. Writes are atomic (temp + rename).
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './files.ts';
import { sha256 } from './hash.ts';

export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  /** Stores bytes and returns their SHA-256; storing the same bytes twice is a no-op. */
  async put(data: Uint8Array): Promise<string> {
    const hash = sha256(data);
    const file = this.pathOf(hash);
    try {
      await fs.access(file);
      return hash;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, data);
    return hash;
  }

  async get(hash: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(hash));
  }

  async putJson(value: unknown): Promise<string> {
    return this.put(Buffer.from(JSON.stringify(value)));
  }

  async getJson<T>(hash: string): Promise<T> {
    return JSON.parse((await this.get(hash)).toString('utf8')) as T;
  }
}
