// Local users, sessions and read receipts of the review UI, in their own SQLite file beside the store
// (the system of record keeps the post; this keeps who may look at it). Passwords: scrypt (N = 2^15).
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { sha256 } from '../../core/hash.ts';
import { ROLES, type Principal, type Role } from '../policy.ts';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 + 1024 * 1024 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return crypto.timingSafeEqual(key, expected);
}

/** A password for a new account, printed once (20 characters from a 56-letter alphabet: ~116 bits). */
export function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

export interface User extends Principal {
  name: string;
  disabled: boolean;
  createdAt: string;
}

export interface Session {
  user: User;
  csrf: string;
  expiresAt: string;
}

/** User names: what a login form and the CLI accept. */
export const USER_ID = /^[a-z0-9][a-z0-9._-]{1,31}$/;

type Row = Record<string, unknown>;

function toUser(r: Row): User {
  return {
    id: r.id as string,
    name: r.name as string,
    roles: (JSON.parse(r.roles as string) as string[]).filter((x): x is Role =>
      (ROLES as readonly string[]).includes(x),
    ),
    units: JSON.parse(r.units as string) as string[],
    clerk: (r.clerk as string) ?? null,
    disabled: Boolean(r.disabled),
    createdAt: r.created_at as string,
  };
}

export class UiStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, password TEXT NOT NULL, roles TEXT NOT NULL,
        units TEXT NOT NULL, clerk TEXT, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS receipts (
        item_id TEXT NOT NULL, user_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (item_id, user_id));`);
  }

  userCount(): number {
    return (this.db.prepare('SELECT count(*) n FROM users').get() as { n: number }).n;
  }

  users(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as Row[]).map(toUser);
  }

  user(id: string): User | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r && toUser(r);
  }

  /** Creates a user with a password hash; throws when the name is taken or not allowed. */
  async addUser(u: Omit<User, 'disabled' | 'createdAt'>, password: string): Promise<User> {
    if (!USER_ID.test(u.id)) throw new Error(`user name must match ${USER_ID.source}`);
    if (this.user(u.id)) throw new Error(`user ${u.id} exists`);
    const hash = await hashPassword(password);
    this.db
      .prepare(
        'INSERT INTO users (id, name, password, roles, units, clerk, created_at) VALUES (?,?,?,?,?,?,?)',
      )
      .run(
        u.id,
        u.name,
        hash,
        JSON.stringify(u.roles),
        JSON.stringify(u.units),
        u.clerk,
        new Date().toISOString(),
      );
    return this.user(u.id)!;
  }

  updateUser(
    id: string,
    change: Partial<Pick<User, 'name' | 'roles' | 'units' | 'clerk' | 'disabled'>>,
  ): User {
    const u = this.user(id);
    if (!u) throw new Error(`no user ${id}`);
    const next = { ...u, ...change };
    this.db
      .prepare('UPDATE users SET name = ?, roles = ?, units = ?, clerk = ?, disabled = ? WHERE id = ?')
      .run(
        next.name,
        JSON.stringify(next.roles),
        JSON.stringify(next.units),
        next.clerk,
        next.disabled ? 1 : 0,
        id,
      );
    if (next.disabled) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
    return this.user(id)!;
  }

  /** Sets a new password and ends the user's sessions. */
  async setPassword(id: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.db.prepare('UPDATE users SET password = ? WHERE id = ?').run(hash, id);
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  }

  /** The user when the password is right and the account active; the same work either way (no timing oracle). */
  async checkPassword(id: string, password: string): Promise<User | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    const ok = await verifyPassword(password, (r?.password as string) ?? DUMMY_HASH);
    return r && ok && !r.disabled ? toUser(r) : null;
  }

  /** Starts a session; returns the cookie token (only its hash is stored) and the CSRF token. */
  createSession(userId: string, hours: number): { token: string; csrf: string } {
    const token = crypto.randomBytes(32).toString('base64url');
    const csrf = crypto.randomBytes(32).toString('base64url');
    const at = new Date();
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(at.toISOString());
    this.db
      .prepare('INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)')
      .run(
        sha256(token),
        userId,
        csrf,
        at.toISOString(),
        new Date(at.getTime() + hours * 3600_000).toISOString(),
      );
    return { token, csrf };
  }

  session(token: string): Session | null {
    const r = this.db
      .prepare(
        `SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0`,
      )
      .get(sha256(token), new Date().toISOString()) as Row | undefined;
    return r ? { user: toUser(r), csrf: r.csrf as string, expiresAt: r.expires_at as string } : null;
  }

  endSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(sha256(token));
  }

  /** Records that a clerk opened an item (read receipt); returns when it was first read. */
  markRead(itemId: string, userId: string): string {
    this.db
      .prepare('INSERT OR IGNORE INTO receipts (item_id, user_id, at) VALUES (?,?,?)')
      .run(itemId, userId, new Date().toISOString());
    return (
      this.db.prepare('SELECT at FROM receipts WHERE item_id = ? AND user_id = ?').get(itemId, userId) as {
        at: string;
      }
    ).at;
  }

  /** Who read which of these items, and when. */
  receipts(itemIds: string[]): Map<string, Array<{ user: string; at: string }>> {
    const out = new Map<string, Array<{ user: string; at: string }>>();
    if (!itemIds.length) return out;
    const rows = this.db
      .prepare(`SELECT * FROM receipts WHERE item_id IN (${itemIds.map(() => '?').join(',')}) ORDER BY at`)
      .all(...itemIds) as Row[];
    for (const r of rows) {
      const list = out.get(r.item_id as string) ?? [];
      list.push({ user: r.user_id as string, at: r.at as string });
      out.set(r.item_id as string, list);
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}

/** Checked against when the user does not exist, so both cases cost one scrypt. */
const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;
