// Configuration versions: an administrator checks a candidate org directory or profile (YAML text) and
// activates it. Active files live in the data dir (`config/org.yaml`, `config/profiles/<name>.yaml`), which
// loadConfig prefers over the shipped ones; every activated text is kept in `config/history/` by its hash,
// and each activation is audited with the configuration version it leads to.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { writeFileAtomic } from '../core/files.ts';
import { sha256 } from '../core/hash.ts';
import type { DataDirs } from '../core/paths.ts';
import type { Repository } from '../core/store/types.ts';
import {
  activeConfigPaths,
  ACTIVE_CONFIG_DIR,
  checkSchema,
  ConfigError,
  loadConfig,
  type Config,
} from './load.ts';
import { checkPattern, germanPatternProblem } from './regex.ts';
import { orgSchema, profileSchema, type OrgDirectory, type Profile } from './schema.ts';

export type ConfigKind = 'org' | 'profile';

/** A candidate's check: `issues` names every problem, one line each (empty when `ok`). */
export type CandidateCheck =
  | { ok: true; issues: []; kind: 'org'; value: OrgDirectory }
  | { ok: true; issues: []; kind: 'profile'; value: Profile }
  | { ok: false; issues: string[] };

/** Larger than any real org directory or profile. */
const MAX_TEXT_BYTES = 512 * 1024;

/**
 * Checks a candidate org directory or profile without activating it. Never throws on bad input. A profile
 * must also fit beside the profiles in force: its hot folder may not be another profile's.
 * @example validateCandidate(ctx, 'profile', 'name: eilig\ndpi: 300\n').issues // []
 */
export function validateCandidate(
  ctx: { config: Pick<Config, 'profiles'> },
  kind: ConfigKind,
  text: string,
): CandidateCheck {
  if (Buffer.byteLength(text) > MAX_TEXT_BYTES)
    return { ok: false, issues: [`Datei zu groß (höchstens ${MAX_TEXT_BYTES / 1024} KB).`] };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    return { ok: false, issues: [`YAML nicht lesbar: ${(e as Error).message.split('\n')[0]}`] };
  }
  if (kind === 'org') {
    const checked = checkSchema(raw, orgSchema);
    if (!('issues' in checked)) return { ok: true, issues: [], kind, value: checked.data };
    // The file-reference pattern's problem said in German (the other messages are the schema's).
    const pattern = (raw as { fileref?: { pattern?: unknown } } | null)?.fileref?.pattern;
    const problem = typeof pattern === 'string' ? checkPattern(pattern) : null;
    return {
      ok: false,
      issues: checked.issues.map((i) =>
        problem && i.startsWith('fileref.pattern: ')
          ? `fileref.pattern: ${germanPatternProblem(problem)}`
          : i,
      ),
    };
  }
  const checked = checkSchema(raw, profileSchema);
  if ('issues' in checked) return { ok: false, issues: checked.issues };
  const folder = (p: Profile) => p.hotFolder ?? p.name;
  const clash = [...ctx.config.profiles.values()].find(
    (p) => p.name !== checked.data.name && folder(p) === folder(checked.data),
  );
  if (clash)
    return {
      ok: false,
      issues: [`hotFolder: Scan-Ordner „${folder(checked.data)}“ gehört schon zum Profil ${clash.name}.`],
    };
  return { ok: true, issues: [], kind, value: checked.data };
}

export interface Activation {
  /** The configuration version now in force in this data dir. */
  version: string;
  previousVersion: string;
  /** SHA-256 (16 hex digits) of the activated text; its copy is `config/history/<hash>.<what>.yaml`. */
  hash: string;
  /** The configuration as loaded after the activation (a running process may swap its own for it). */
  config: Config;
}

/** What activation needs: the data dir, the configuration in force, and the audit trail. */
export interface ActivationContext {
  dirs: Pick<DataDirs, 'root'>;
  config: Config;
  repo: Pick<Repository, 'audit'>;
}

/**
 * Activates a candidate (checked again; ConfigError listing the issues when it is bad): keeps the text in
 * the history, makes it the data dir's active org directory or profile, loads the whole configuration
 * again and audits `config.activated` with the new version.
 * @example const { version } = await activateVersion(ctx, 'org', yamlText, 'admin');
 */
export async function activateVersion(
  ctx: ActivationContext,
  kind: ConfigKind,
  text: string,
  actor: string,
): Promise<Activation> {
  const check = validateCandidate(ctx, kind, text);
  if (!check.ok) throw new ConfigError(`invalid ${kind}:\n${check.issues.map((l) => `  ${l}`).join('\n')}`);
  const active = activeConfigPaths(ctx.dirs.root);
  const what = check.kind === 'org' ? 'org' : `profile-${check.value.name}`;
  const target =
    check.kind === 'org' ? active.orgFile : path.join(active.profilesDir, `${check.value.name}.yaml`);
  const hash = sha256(text).slice(0, 16);
  const history = historyDir(ctx.dirs.root);
  fs.mkdirSync(history, { recursive: true, mode: 0o700 });
  fs.mkdirSync(active.profilesDir, { recursive: true, mode: 0o700 });
  await fs.promises
    .writeFile(path.join(history, `${hash}.${what}.yaml`), text, { mode: 0o600, flag: 'wx' })
    .catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // the same text activated before
    });
  const previous = fs.existsSync(target) ? fs.readFileSync(target) : null;
  await writeFileAtomic(target, text);
  let config: Config;
  try {
    config = loadConfig({ dataDir: ctx.dirs.root });
  } catch (e) {
    // The whole no longer loads (cannot happen for a checked candidate, but never leave it broken).
    if (previous) await writeFileAtomic(target, previous);
    else fs.rmSync(target, { force: true });
    throw e;
  }
  await ctx.repo.audit(actor, 'config.activated', 'config', {
    kind,
    name: check.kind === 'profile' ? check.value.name : null,
    hash,
    version: config.version,
    previousVersion: ctx.config.version,
  });
  return { version: config.version, previousVersion: ctx.config.version, hash, config };
}

function historyDir(root: string): string {
  return path.join(path.resolve(root), ACTIVE_CONFIG_DIR, 'history');
}

/** The activated texts kept in a data dir, newest first. */
export function configHistory(root: string): Array<{ file: string; hash: string; what: string; at: string }> {
  const dir = historyDir(root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((file) => /^([0-9a-f]{16})\.(.+)\.yaml$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([file, hash, what]) => ({
      file: file!,
      hash: hash!,
      what: what!,
      at: fs.statSync(path.join(dir, file!)).mtime.toISOString(),
    }))
    .sort((a, b) => b.at.localeCompare(a.at));
}
