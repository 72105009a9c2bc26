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

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration in ${file}:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadOrg(file: string = DEFAULT_ORG_FILE): OrgDirectory {
  return parseFile(file, orgSchema);
}

export function loadProfiles(dir: string = PROFILES_DIR): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const profile = parseFile(path.join(dir, name), profileSchema);
    if (profiles.has(profile.name)) throw new ConfigError(`profile ${profile.name} defined twice (${name})`);
    profiles.set(profile.name, profile);
  }
  if (!profiles.has('standard')) throw new ConfigError(`no profile named "standard" in ${dir}`);
  return profiles;
}

export function loadConfig(opts: { orgFile?: string; profilesDir?: string } = {}): Config {
  const profiles = loadProfiles(opts.profilesDir);
  const org = loadOrg(opts.orgFile);
  const version = sha256(JSON.stringify({ profiles: [...profiles.values()], org })).slice(0, 16);
  return { profiles, org, version };
}
