// The authorization matrix: every user kind x every route x every item, generated from the table below
// (written down independently of policy.ts) and asserted cell by cell against the running app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgDirectory } from '../profiles/schema.ts';
import { seedItem, uiHarness, type Agent, type UiHarness } from '../test/ui.ts';

const TODAY = '2026-12-02';

/** The users: role and, for clerks, how they belong to units. */
const USERS = {
  operator: { roles: ['operator'] },
  qa: { roles: ['qa'] },
  admin: { roles: ['admin'] },
  /** In the Kämmerei through the org directory (clerk k.wolf). */
  clerkKaemmerei: { roles: ['clerk'], clerk: 'k.wolf' },
  /** Made a member of the Ordnungsamt by an administrator. */
  clerkOrdnungsamt: { roles: ['clerk'], units: ['ordnungsamt'] },
  /** Ordnungsamt clerk deputising for k.wolf from 2026-12-01 to 2026-12-10: sees the Kämmerei today. */
  deputy: { roles: ['clerk'], clerk: 'x.vertretung' },
  /** Ordnungsamt clerk who deputised for k.wolf until 2026-11-30: no longer sees the Kämmerei. */
  formerDeputy: { roles: ['clerk'], clerk: 'y.ehemals' },
} as const;
type UserKey = keyof typeof USERS | 'anonymous';

/** The items: delivered to a unit, or in review with a proposal. */
const ITEMS = {
  kaemmerei: { unit: 'kaemmerei', status: 'delivered' },
  ordnungsamt: { unit: 'ordnungsamt', status: 'delivered' },
  review: { unit: 'kaemmerei', status: 'review' },
} as const;
type ItemKey = keyof typeof ITEMS;

/** Who may see an item's content (pages, PDF): QA always, clerks of its unit once it is delivered. */
const SEES: Record<ItemKey, UserKey[]> = {
  kaemmerei: ['qa', 'clerkKaemmerei', 'deputy'],
  ordnungsamt: ['qa', 'clerkOrdnungsamt', 'deputy', 'formerDeputy'],
  review: ['qa'],
};
const RECEIVES: Record<ItemKey, UserKey[]> = {
  kaemmerei: ['clerkKaemmerei', 'deputy'],
  ordnungsamt: ['clerkOrdnungsamt', 'deputy', 'formerDeputy'],
  review: [],
};

/** Screens without an object, and the one role each belongs to. */
const SCREENS: Array<[string, keyof typeof USERS]> = [
  ['/qa', 'qa'],
  ['/inbox', 'clerkKaemmerei'],
  ['/batches', 'operator'],
  ['/quarantine', 'operator'],
  ['/upload', 'operator'],
  ['/originals', 'operator'],
  ['/admin/users', 'admin'],
  ['/admin/config', 'admin'],
  ['/admin/audit', 'admin'],
  ['/admin/queues', 'admin'],
  ['/metrics', 'admin'],
];
const roleOf = (u: UserKey) => (u === 'anonymous' ? null : USERS[u].roles[0]);

type Expect = 'ok' | 'forbidden' | 'hidden' | 'login' | 'unauthorized';
interface Cell {
  user: UserKey;
  method: 'GET' | 'POST';
  route: string;
  item?: ItemKey;
  expect: Expect;
}

function cells(): Cell[] {
  const out: Cell[] = [];
  const users: UserKey[] = [...(Object.keys(USERS) as Array<keyof typeof USERS>), 'anonymous'];
  for (const user of users) {
    const anon = user === 'anonymous';
    for (const [route, owner] of SCREENS)
      out.push({
        user,
        method: 'GET',
        route,
        // /metrics is for scrapers: no login page but a 401 (a token or an admin session opens it).
        expect: anon
          ? route === '/metrics'
            ? 'unauthorized'
            : 'login'
          : roleOf(user) === USERS[owner].roles[0]
            ? 'ok'
            : 'forbidden',
      });
    for (const item of Object.keys(ITEMS) as ItemKey[]) {
      const sees = SEES[item].includes(user);
      const role = roleOf(user);
      const byRole = (r: string, ok: boolean): Expect =>
        anon ? 'login' : role !== r ? 'forbidden' : ok ? 'ok' : 'hidden';
      out.push({
        user,
        method: 'GET',
        route: '/items/:id/pages/1',
        item,
        expect: anon ? 'login' : sees ? 'ok' : 'hidden',
      });
      out.push({
        user,
        method: 'GET',
        route: '/items/:id/pdf',
        item,
        expect: anon ? 'login' : sees ? 'ok' : 'hidden',
      });
      out.push({ user, method: 'GET', route: '/qa/items/:id', item, expect: byRole('qa', true) });
      out.push({
        user,
        method: 'GET',
        route: '/inbox/items/:id',
        item,
        expect: byRole('clerk', RECEIVES[item].includes(user)),
      });
      out.push({
        user,
        method: 'POST',
        route: '/inbox/items/:id/send-back',
        item,
        expect: anon ? 'forbidden' : byRole('clerk', RECEIVES[item].includes(user)),
      });
      out.push({
        user,
        method: 'POST',
        route: '/qa/items/:id/unit',
        item,
        expect: anon ? 'forbidden' : byRole('qa', true),
      });
    }
  }
  return out;
}

const MATRIX = cells();

describe(`authorization matrix (${MATRIX.length} cells)`, () => {
  let h: UiHarness;
  const agents = new Map<UserKey, Agent>();
  const ids = new Map<ItemKey, string>();

  beforeAll(async () => {
    h = await uiHarness({
      today: TODAY,
      users: Object.entries(USERS).map(([id, u]) => ({
        id: id.toLowerCase(),
        ...u,
        roles: [...u.roles],
        units: 'units' in u ? [...u.units] : [],
      })),
    });
    const org = h.ctx.config.org;
    const withDeputies: OrgDirectory = {
      ...org,
      units: org.units.map((u) =>
        u.id === 'ordnungsamt'
          ? {
              ...u,
              clerks: [
                ...u.clerks,
                {
                  id: 'x.vertretung',
                  name: 'Xaver Vertretung',
                  deputy_for: 'k.wolf',
                  deputy_from: '2026-12-01',
                  deputy_until: '2026-12-10',
                },
                { id: 'y.ehemals', name: 'Yvonne Ehemals', deputy_for: 'k.wolf', deputy_until: '2026-11-30' },
              ],
            }
          : u,
      ),
    };
    (h.ctx.config as { org: OrgDirectory }).org = withDeputies;
    for (const user of Object.keys(USERS)) agents.set(user as UserKey, await h.login(user.toLowerCase()));
    for (const [key, spec] of Object.entries(ITEMS))
      ids.set(key as ItemKey, (await seedItem(h.ctx, spec)).itemId);
  }, 120_000);
  afterAll(() => h?.close());

  const request = async (cell: Cell, id = ids.get(cell.item!) ?? ''): Promise<Response> => {
    const url = cell.route.replace(':id', id);
    const agent = agents.get(cell.user);
    const form: Record<string, string> = cell.route.endsWith('send-back')
      ? { comment: 'nicht unsere Sache' }
      : { unit: 'hauptamt' };
    if (cell.method === 'GET') return agent ? agent.get(url) : h.app.request(url);
    if (agent) return agent.post(url, form);
    const body = new FormData();
    for (const [k, v] of Object.entries(form)) body.append(k, v);
    return h.app.request(url, { method: 'POST', body });
  };

  it.each(
    MATRIX.map(
      (c) => [`${c.user} ${c.method} ${c.route}${c.item ? ` [${c.item}]` : ''} -> ${c.expect}`, c] as const,
    ),
  )('%s', async (_name, cell) => {
    // A POST that is allowed changes its item: each allowed one gets an item of its own.
    const own =
      cell.method === 'POST' && cell.expect === 'ok'
        ? (await seedItem(h.ctx, ITEMS[cell.item!])).itemId
        : undefined;
    const res = await request(cell, own);
    const status = res.status;
    if (cell.expect === 'ok') expect(status === 200 || status === 303, `status ${status}`).toBe(true);
    if (cell.expect === 'forbidden') expect(status).toBe(403);
    if (cell.expect === 'hidden') expect(status).toBe(404);
    if (cell.expect === 'login') {
      expect(status).toBe(302);
      expect(res.headers.get('location')).toBe('/login');
    }
    if (cell.expect !== 'ok') expect(res.headers.get('content-type') ?? '').not.toMatch(/pdf|image/);
  });

  it('lists in each clerk inbox exactly the items of their units (and deputised units in force)', async () => {
    for (const user of Object.keys(USERS) as Array<keyof typeof USERS>) {
      if (roleOf(user) !== 'clerk') continue;
      const html = await (await agents.get(user)!.get('/inbox')).text();
      for (const item of Object.keys(ITEMS) as ItemKey[])
        expect(html.includes(`/inbox/items/${ids.get(item)}`), `${user} / ${item}`).toBe(
          RECEIVES[item].includes(user),
        );
    }
  });
});
