// The one policy module: who may see and do what (roles, units, deputyships in force, personal post
// only for its addressees), and what an approval needs (the profile's protection need: sampling rate, four-eyes at 'sehr hoch'). Pure: the UI's
// routes, the CLI (`poststelle approve`) and the classify stage (sampling) all ask here, and nothing else
// decides. It lives with the profiles and the org directory it reads, below everything that asks.
import type { DocClass, ItemStatus } from '../core/store/types.ts';
import type { Clerk, OrgDirectory, Profile } from './schema.ts';

export const ROLES = ['operator', 'qa', 'clerk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** German role names for the UI. */
export const ROLE_LABEL: Record<Role, string> = {
  operator: 'Poststelle (Scannen)',
  qa: 'Qualitätssicherung',
  clerk: 'Sachbearbeitung',
  admin: 'Administration',
};

export interface Principal {
  id: string;
  roles: readonly Role[];
  /** Units the user was made a member of by an administrator. */
  units: readonly string[];
  /** The user's clerk id in the org directory (membership and deputyships come from there). */
  clerk: string | null;
}

/** What the policy needs to know about a mail item. */
export interface ItemFacts {
  status: ItemStatus;
  /** The unit the item was routed to (delivered) or is proposed for (review). */
  unit: string | null;
  class: DocClass | null;
  /** The addressed or assigned clerk within the unit (classify's `clerk`), if any. */
  clerk: string | null;
}

/**
 * An item's facts from its status and routing (the classify result of its latest run, null before one).
 * @example itemFacts('delivered', { unit: 'personalamt', class: 'persoenlich', clerk: 'p.sommer' })
 */
export function itemFacts(
  status: ItemStatus,
  routing: { unit: string | null; class: DocClass; clerk?: string | null } | null | undefined,
): ItemFacts {
  return {
    status,
    unit: routing?.unit ?? null,
    class: routing?.class ?? null,
    clerk: routing?.clerk ?? null,
  };
}

export const hasRole = (p: Principal, role: Role) => p.roles.includes(role);

/** True when `day` (YYYY-MM-DD) lies within [from, until]; open ends are unbounded. */
export function inForce(day: string, from?: string, until?: string): boolean {
  return (!from || from <= day) && (!until || day <= until);
}

/**
 * The units whose inbox a user sees on `day`: explicit memberships, the units the org directory lists the
 * user's clerk id in, and the units of every clerk the user deputises for while that deputyship is in force.
 * @example effectiveUnits({ id: 'okaiser', roles: ['clerk'], units: [], clerk: 'o.kaiser' }, org, '2026-12-02')
 */
export function effectiveUnits(p: Principal, org: OrgDirectory, day: string): Set<string> {
  const units = new Set(p.units);
  if (!p.clerk) return units;
  const unitsOf = (clerk: string) => org.units.filter((u) => u.clerks.some((c) => c.id === clerk));
  for (const u of unitsOf(p.clerk)) {
    units.add(u.id);
    for (const c of u.clerks)
      if (c.id === p.clerk && c.deputy_for && inForce(day, c.deputy_from, c.deputy_until))
        for (const d of unitsOf(c.deputy_for)) units.add(d.id);
  }
  return units;
}

/**
 * The period of absence `day` falls in, if any, with `until` stretched over periods that follow without a
 * gap (open-ended: no `until`).
 * @example absence({ id: 'h.berg', name: 'Hanna Berg', absent: [{ from: '2026-12-01', until: '2026-12-24' }] }, '2026-12-24') // { from: '2026-12-01', until: '2026-12-24' }
 */
export function absence(clerk: Pick<Clerk, 'absent'>, day: string): { from: string; until?: string } | null {
  const periods = clerk.absent ?? [];
  const hit = periods.find((a) => inForce(day, a.from, a.until));
  if (!hit) return null;
  let until = hit.until;
  while (until) {
    const next = nextDay(until);
    const end = until;
    // Periods that begin by the next day and end later carry the absence on (until grows: this ends).
    const later = periods.filter((a) => a.from <= next && (!a.until || a.until > end));
    if (!later.length) break;
    until = later.some((a) => !a.until) ? undefined : later.map((a) => a.until!).sort()[later.length - 1];
  }
  return until ? { from: hit.from, until } : { from: hit.from };
}

/** The day after `day` (YYYY-MM-DD). */
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Whether a clerk's deputyship is in force on `day` (dated: within its days; undated: always). */
export const deputyInForce = (c: Pick<Clerk, 'deputy_for' | 'deputy_from' | 'deputy_until'>, day: string) =>
  Boolean(c.deputy_for) && inForce(day, c.deputy_from, c.deputy_until);

/** The ids of every clerk of the org who deputises for `clerk` on `day` (any unit, as `effectiveUnits`). */
export function deputiesOf(org: OrgDirectory, clerk: string, day: string): Set<string> {
  const ids = new Set<string>();
  for (const u of org.units)
    for (const c of u.clerks) if (c.deputy_for === clerk && deputyInForce(c, day)) ids.add(c.id);
  return ids;
}

/**
 * Whether the user is one of the people a personal item ('persönlich/vertraulich') is for: with a clerk
 * set, that clerk (by the user's clerk id) and the clerk's deputies in force; without one, the clerk-role
 * members of the item's unit when that unit is the confidential one (`confidential: true`). Nobody else,
 * whatever their role: a personal item routed without a clerk to an ordinary unit is for no one until QA
 * routes it to a person or the confidential unit.
 */
export function isAddressee(p: Principal, env: { org: OrgDirectory; day: string }, item: ItemFacts): boolean {
  if (item.clerk)
    return (
      p.clerk !== null && (p.clerk === item.clerk || deputiesOf(env.org, item.clerk, env.day).has(p.clerk))
    );
  const unit = env.org.units.find((u) => u.id === item.unit);
  return (
    hasRole(p, 'clerk') && Boolean(unit?.confidential) && effectiveUnits(p, env.org, env.day).has(unit!.id)
  );
}

/** Personal post: seen only by its addressees (`isAddressee`), never by the role alone. */
export const isRestricted = (item: Pick<ItemFacts, 'class'>) => item.class === 'persoenlich';

export type Action =
  | 'qa.route' // the review queue's entries: route any item (unit, approve), its content aside
  | 'qa.work' // see an item's content in QA and rework it (pages, text, metadata)
  | 'inbox.read' // a unit inbox (object: the item)
  | 'batches.view' // batches, reports, live progress
  | 'intake.upload'
  | 'quarantine.manage'
  | 'admin';

/** Which role grants an action (admin grants only administration, not the content of the post). */
const GRANTS: Record<Action, Role> = {
  'qa.route': 'qa',
  'qa.work': 'qa',
  'inbox.read': 'clerk',
  'batches.view': 'operator',
  'intake.upload': 'operator',
  'quarantine.manage': 'operator',
  admin: 'admin',
};

/**
 * May the user do this (to this item)? QA routes every item in any state and sees (reworks) every item's
 * content except personal post, which only its addressees see; a clerk sees only delivered items of a
 * unit they belong to or deputise for today, and of personal post only what is addressed to them.
 */
export function can(
  p: Principal,
  action: Action,
  env: { org: OrgDirectory; day: string },
  item?: ItemFacts,
): boolean {
  if (!hasRole(p, GRANTS[action])) return false;
  if (!item) return true;
  if (action === 'qa.work') return !isRestricted(item) || isAddressee(p, env, item);
  if (action !== 'inbox.read') return true;
  if (item.status !== 'delivered' || item.unit === null) return false;
  return isRestricted(item) ? isAddressee(p, env, item) : effectiveUnits(p, env.org, env.day).has(item.unit);
}

/** May the user see this item's pages, text, PDF and metadata at all (by any role)? */
export function canSeeItem(p: Principal, env: { org: OrgDirectory; day: string }, item: ItemFacts): boolean {
  return can(p, 'qa.work', env, item) || can(p, 'inbox.read', env, item);
}

/**
 * How much of an item a user may see: `content` (pages, text, PDF, metadata), `entry` (QA on personal post
 * not addressed to them: an entry with receipt date, class and proposed unit and clerk, to route it), or
 * `none` (every URL of the item answers as if it did not exist).
 */
export function itemAccess(
  p: Principal,
  env: { org: OrgDirectory; day: string },
  item: ItemFacts,
): 'content' | 'entry' | 'none' {
  if (canSeeItem(p, env, item)) return 'content';
  return can(p, 'qa.route', env, item) ? 'entry' : 'none';
}

type Level = Profile['protection']['integrity'];

/** The share of items checked by QA although the machine was sure, by integrity protection need. */
export const SAMPLE_RATE: Record<Level, number> = { normal: 0, hoch: 0.1, 'sehr hoch': 1 };

/** The profile's QA sampling rate: its own setting, else the one its protection need asks for. */
export function sampleRate(profile: Pick<Profile, 'protection'> & { qaSampleRate?: number }): number {
  return profile.qaSampleRate ?? SAMPLE_RATE[profile.protection.integrity];
}

/**
 * Whether an item falls into the QA sample: decided by its id (stable across re-runs and processes), so
 * the share of sampled items follows the rate without a random source.
 */
export function isSampled(itemId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  let h = 2166136261;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32 < rate;
}

export type Verdict = { ok: true } | { ok: false; message: string };

/** User names compared as people write them (a manifest's 'Mueller ' is the account 'mueller'). */
const sameUser = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * May `approver` approve an item of a batch scanned by `operator` under `profile`? QA role required; at
 * integrity 'sehr hoch' the four-eyes rule holds: the approver is never the person who scanned the batch
 * nor one who changed the item by hand (`reworkedBy`: unit, metadata, pages, a rescan), and a batch whose
 * scanner is unknown cannot be approved at that level (the rule could not be shown).
 */
export function approvalVerdict(
  approver: Principal,
  batch: { operator: string | null; reworkedBy?: readonly string[] },
  profile: Pick<Profile, 'protection' | 'name'>,
): Verdict {
  if (!hasRole(approver, 'qa')) return { ok: false, message: 'Freigeben darf nur die Qualitätssicherung.' };
  if (profile.protection.integrity !== 'sehr hoch') return { ok: true };
  if (!batch.operator)
    return {
      ok: false,
      message: `Vier-Augen-Prinzip (Profil ${profile.name}, Schutzbedarf sehr hoch): der scannende Mitarbeiter ist nicht bekannt.`,
    };
  if (sameUser(batch.operator, approver.id))
    return {
      ok: false,
      message: `Vier-Augen-Prinzip (Profil ${profile.name}): wer gescannt hat, darf nicht selbst freigeben.`,
    };
  if (batch.reworkedBy?.some((u) => sameUser(u, approver.id)))
    return {
      ok: false,
      message: `Vier-Augen-Prinzip (Profil ${profile.name}): wer das Poststück bearbeitet hat, darf es nicht selbst freigeben.`,
    };
  return { ok: true };
}

/** From integrity 'hoch' on, no PDF leaves without the electronic seal (A.AM.IN.H). */
export const sealRequired = (p: Pick<Profile, 'protection'>) => p.protection.integrity !== 'normal';

/** At integrity 'sehr hoch' the seal must carry a qualified timestamp (A.AM.IN.SH.2). */
export const timestampRequired = (p: Pick<Profile, 'protection'>) => p.protection.integrity === 'sehr hoch';

/** From integrity or confidentiality 'hoch' on, the raw scan is securely deleted once released (A.AM.VT.H.3). */
export const secureDeletion = (p: Pick<Profile, 'protection'>) =>
  p.protection.integrity !== 'normal' || p.protection.confidentiality !== 'normal';
