// `poststelle ui` (the review UI as its own role) and `poststelle user` (accounts, for the first admin
// and for scripts; the same as the UI's user administration).
import { env } from '../core/env.ts';
import { dataDirs, ensureDataDirs, printable } from '../core/paths.ts';
import { SqliteRepository } from '../core/store/sqlite.ts';
import { loadConfig } from '../profiles/load.ts';
import { startRuntime } from '../pipeline/runtime.ts';
import { randomPassword, UiStore } from '../review-ui/auth/users.ts';
import { ROLES, type Role } from '../review-ui/policy.ts';
import { startUi, uiStoreFile, type UiServer } from '../review-ui/server.ts';
import { graceMs, onStopSignal, operator, parse, runtimeOptions, UsageError, type Command } from './args.ts';
import type { Context } from '../pipeline/context.ts';
import { approve, ReworkError } from '../review-ui/rework.ts';
import { reworkAndPrint } from './commands.ts';

/** Starts the UI for a runtime and tells the operator where it is (and the first admin's password, once). */
export async function serveUi(ctx: Context, port: number | undefined): Promise<UiServer> {
  const server = await startUi(ctx, { port });
  process.stderr.write(`Oberfläche: ${server.url}\n`);
  if (server.firstAdminPassword)
    process.stderr.write(
      `\nErster Start: Benutzer "admin" angelegt, Passwort (wird nur jetzt angezeigt): ${server.firstAdminPassword}\n\n`,
    );
  return server;
}

export const portOption = { port: { type: 'string' } } as const;

export function portOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${String(value)}`);
  return port;
}

export const uiCommand: Command = {
  name: 'ui',
  summary: 'Web-Oberfläche (Nachbearbeitung, Posteingang, Stapel, Administration) starten',
  usage: `usage: poststelle ui [--port N] [--data-dir DIR] [--org FILE]
  Serves the review UI (default port POSTSTELLE_UI_PORT, 8420, on POSTSTELLE_UI_HOST). Rework actions
  are queued for the workers of this data dir (poststelle start or worker). /healthz needs no login.`,
  async run(args) {
    const a = parse(this, args, { ...portOption, 'data-dir': { type: 'string' }, org: { type: 'string' } });
    if (!a) return 0;
    const port = portOf(a.values.port);
    const stop = onStopSignal();
    const rt = await startRuntime({
      ...runtimeOptions(
        a.values['data-dir'] as string | undefined,
        a.values.org as string | undefined,
        false,
      ),
      workers: false,
    });
    const server = await serveUi(rt.ctx, port);
    await stop.signal;
    await server.close();
    await rt.close(graceMs());
    stop.dispose();
    return 0;
  },
};

const roleList = (v: unknown): Role[] => {
  const roles = String(v ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of roles)
    if (!(ROLES as readonly string[]).includes(r))
      throw new UsageError(`unknown role ${printable(r)} (${ROLES.join(', ')})`);
  return roles as Role[];
};
const list = (v: unknown) =>
  String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const userCommand: Command = {
  name: 'user',
  summary: 'Benutzer der Oberfläche anlegen, ändern, auflisten',
  usage: `usage: poststelle user add <name> --role R[,R] [--unit U[,U]] [--clerk ID] [--full-name TEXT] [--data-dir DIR]
       poststelle user set <name> [--role ...] [--unit ...] [--clerk ID] [--disable|--enable] [--password]
       poststelle user list
  Roles: ${ROLES.join(', ')}. Units are org unit ids; --clerk links the account to a clerk of the org
  directory (units and deputyships from there). add and --password print a new random password once.`,
  async run(args) {
    const a = parse(this, args, {
      'data-dir': { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      clerk: { type: 'string' },
      'full-name': { type: 'string' },
      disable: { type: 'boolean' },
      enable: { type: 'boolean' },
      password: { type: 'boolean' },
    });
    if (!a) return 0;
    const [verb, name] = a.positionals;
    const dirs = dataDirs((a.values['data-dir'] as string | undefined) ?? env().POSTSTELLE_DATA_DIR);
    const config = loadConfig({ dataDir: dirs.root });
    ensureDataDirs(dirs);
    const ui = new UiStore(uiStoreFile(dirs.root));
    const repo = new SqliteRepository(dirs.db, config.version);
    const units = list(a.values.unit);
    for (const u of units)
      if (!config.org.units.some((x) => x.id === u)) throw new UsageError(`unknown unit ${printable(u)}`);
    try {
      if (verb === 'list') {
        for (const u of ui.users())
          process.stdout.write(
            `${u.id}\t${u.roles.join(',')}\t${u.units.join(',') || '-'}\t${u.clerk ?? '-'}\t${u.disabled ? 'gesperrt' : 'aktiv'}\t${u.name}\n`,
          );
        return 0;
      }
      if (!name) throw new UsageError('no user name given');
      if (verb === 'add') {
        const roles = roleList(a.values.role);
        if (!roles.length) throw new UsageError('--role is required');
        const password = randomPassword();
        const user = await ui
          .addUser(
            {
              id: name,
              name: (a.values['full-name'] as string) ?? name,
              roles,
              units,
              clerk: (a.values.clerk as string) ?? null,
            },
            password,
          )
          .catch((e: Error) => {
            throw new UsageError(e.message);
          });
        await repo.audit(operator(), 'user.created', user.id, { roles, units, clerk: user.clerk });
        process.stdout.write(`${user.id}\t${password}\n`);
        return 0;
      }
      if (verb === 'set') {
        if (!ui.user(name)) throw new UsageError(`no user ${printable(name)}`);
        const change = {
          ...(a.values.role !== undefined && { roles: roleList(a.values.role) }),
          ...(a.values.unit !== undefined && { units }),
          ...(a.values.clerk !== undefined && { clerk: (a.values.clerk as string) || null }),
          ...(a.values['full-name'] !== undefined && { name: a.values['full-name'] as string }),
          ...(a.values.disable && { disabled: true }),
          ...(a.values.enable && { disabled: false }),
        };
        ui.updateUser(name, change);
        await repo.audit(operator(), 'user.changed', name, change);
        if (a.values.password) {
          const password = randomPassword();
          await ui.setPassword(name, password);
          await repo.audit(operator(), 'user.password_reset', name, {});
          process.stdout.write(`${name}\t${password}\n`);
        }
        return 0;
      }
      throw new UsageError(`unknown user command ${printable(verb ?? '')}`);
    } finally {
      ui.close();
      repo.close();
    }
  },
};

export const approveCommand: Command = {
  name: 'approve',
  summary: 'Poststück aus der Nachbearbeitung freigeben (Qualitätssicherung)',
  usage: `usage: poststelle approve <item-id...> --as <user> [--unit UNIT] [--data-dir DIR]
  Approves items in review as the named UI user (role qa; the profile's four-eyes rule applies, as in the
  UI), delivers them to their unit (or to --unit, correcting the routing) and prints their result lines.
  Every approval teaches the learned router: the next letter of its kind is routed the same way.`,
  async run(args) {
    const a = parse(this, args, {
      'data-dir': { type: 'string' },
      as: { type: 'string' },
      unit: { type: 'string' },
    });
    if (!a) return 0;
    if (!a.positionals.length) throw new UsageError('no item ids given');
    const name = a.values.as as string | undefined;
    if (!name) throw new UsageError('--as <user> is required');
    const rt = await startRuntime(
      runtimeOptions(a.values['data-dir'] as string | undefined, undefined, false),
    );
    const ui = new UiStore(uiStoreFile(rt.dirs.root));
    try {
      const user = ui.user(name);
      if (!user || user.disabled) throw new UsageError(`no active user ${printable(name)}`);
      await reworkAndPrint(rt, a.positionals, async (id) => {
        // The shell account that acted in the user's name is recorded beside the approval itself.
        await rt.ctx.repo.audit(operator(), 'cli.approve', id, { as: user.id });
        await approve(rt.ctx, user, id, undefined, a.values.unit as string | undefined).catch((e: Error) => {
          throw e instanceof ReworkError ? new UsageError(`${printable(id)}: ${e.message}`) : e;
        });
      });
      return 0;
    } finally {
      ui.close();
      await rt.close(graceMs());
    }
  },
};
