// Loads and validates scan profiles and the org directory; computes the configuration version.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';
import { sha256 } from '../core/hash.ts';
import { orgSchema, profileSchema, type OrgDirectory, type Profile } from './schema.ts';

export const PROFILES_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_ORG_FILE = path.join(PROFILES_DIR, 'org', 'musterstadt.yaml');

/** Bad operator configuration: the message names the file and every bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Config {
  profiles: ReadonlyMap<string, Profile>;
  org: OrgDirectory;
  /** SHA-256 over the active profiles and org directory (TR-03138 A.O.3 / A.SC.4). */
  version: string;
}

/** Where a data dir keeps the configuration activated through the UI (see versions.ts). */
export const ACTIVE_CONFIG_DIR = 'config';

/** The active org file and profiles folder of a data dir (they need not exist). */
export function activeConfigPaths(dataDir: string): { orgFile: string; profilesDir: string } {
  const dir = path.join(path.resolve(dataDir), ACTIVE_CONFIG_DIR);
  return { orgFile: path.join(dir, 'org.yaml'), profilesDir: path.join(dir, 'profiles') };
}

/**
 * Validates parsed configuration: its value, or one line per problem (`path: message`), never a throw.
 * @example checkSchema(parse(text), profileSchema)
 */
export function checkSchema<T>(raw: unknown, schema: z.ZodType<T>): { data: T } | { issues: string[] } {
  const result = schema.safeParse(raw);
  if (result.success) return { data: result.data };
  return { issues: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const checked = checkSchema(raw, schema);
  if ('issues' in checked)
    throw new ConfigError(
      `invalid configuration in ${file}:\n${checked.issues.map((l) => `  ${l}`).join('\n')}`,
    );
  return checked.data;
}

export function loadOrg(file: string = DEFAULT_ORG_FILE): OrgDirectory {
  return parseFile(file, orgSchema);
}

/** The profiles in a folder, by name (each name once). */
function readProfiles(dir: string): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const profile = parseFile(path.join(dir, name), profileSchema);
    if (profiles.has(profile.name)) throw new ConfigError(`profile ${profile.name} defined twice (${name})`);
    profiles.set(profile.name, profile);
  }
  return profiles;
}

/** The shipped profiles (or those of `dir`), and over them the `overlay` folder's of the same or new names. */
export function loadProfiles(dir: string = PROFILES_DIR, overlay?: string): Map<string, Profile> {
  const profiles = readProfiles(dir);
  if (overlay && fs.existsSync(overlay)) for (const [name, p] of readProfiles(overlay)) profiles.set(name, p);
  if (!profiles.has('standard')) throw new ConfigError(`no profile named "standard" in ${dir}`);
  return profiles;
}

/**
 * The configuration in force: the org directory and profiles activated in the data dir (`dataDir`) where
 * there are any, over the shipped ones; an explicit `orgFile` (`--org`) or `profilesDir` wins over them.
 */
export function loadConfig(opts: { orgFile?: string; profilesDir?: string; dataDir?: string } = {}): Config {
  const active = opts.dataDir ? activeConfigPaths(opts.dataDir) : undefined;
  const profiles = loadProfiles(opts.profilesDir, opts.profilesDir ? undefined : active?.profilesDir);
  const orgFile = opts.orgFile ?? (active && fs.existsSync(active.orgFile) ? active.orgFile : undefined);
  const org = loadOrg(orgFile);
  return { profiles, org, version: configVersion(profiles, org) };
}

/** SHA-256 over the active profiles and org directory (first 16 hex digits). */
export function configVersion(profiles: ReadonlyMap<string, Profile>, org: OrgDirectory): string {
  return sha256(JSON.stringify({ profiles: [...profiles.values()], org })).slice(0, 16);
}
