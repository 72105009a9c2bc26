// The authorization matrix: every user kind x every route x every item, generated from the table below
// (written down independently of policy.ts) and asserted cell by cell against the running app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgDirectory } from '../profiles/schema.ts';
import { seedItem, uiHarness, type Agent, type UiHarness } from '../test/ui.ts';

const TODAY = '2026-12-02';
/** The subject of every seeded letter: content that only those in SEES may read. */
const SUBJECT = 'Vertrauliche Personalsache Mustermann';

/** The users: roles and, for clerks, how they belong to units. */
const USERS = {
  operator: { roles: ['operator'] },
  qa: { roles: ['qa'] },
  admin: { roles: ['admin'] },
  /** In the Kämmerei through the org directory (clerk k.wolf). */
  clerkKaemmerei: { roles: ['clerk'], clerk: 'k.wolf' },
  /** k.wolf's colleague in the Kämmerei (m.yilmaz): the unit's post, never k.wolf's personal post. */
  colleagueKaemmerei: { roles: ['clerk'], clerk: 'm.yilmaz' },
  /** Made a member of the Ordnungsamt by an administrator. */
  clerkOrdnungsamt: { roles: ['clerk'], units: ['ordnungsamt'] },
  /** Ordnungsamt clerk deputising for k.wolf from 2026-12-01 to 2026-12-10: sees the Kämmerei today. */
  deputy: { roles: ['clerk'], clerk: 'x.vertretung' },
  /** Ordnungsamt clerk who deputised for k.wolf until 2026-11-30: no longer sees the Kämmerei. */
  formerDeputy: { roles: ['clerk'], clerk: 'y.ehemals' },
  /** p.sommer of the Personalamt, the confidential unit. */
  clerkPersonalamt: { roles: ['clerk'], clerk: 'p.sommer' },
  /** Made a member of the Personalamt by an administrator: its personal post for the unit, not p.sommer's. */
  memberPersonalamt: { roles: ['clerk'], units: ['personalamt'] },
  /** QA who is also the clerk p.sommer: all QA sees, and personal post for p.sommer or the Personalamt. */
  qaSommer: { roles: ['qa', 'clerk'], clerk: 'p.sommer' },
} as const;
type UserKey = keyof typeof USERS | 'anonymous';

/**
 * The items: delivered to a unit, or in review with a proposal; personal post ('persönlich/vertraulich')
 * addressed to a clerk (p.sommer of the Personalamt, k.wolf of the Kämmerei) or to the confidential unit.
 */
const ITEMS = {
  kaemmerei: { unit: 'kaemmerei', status: 'delivered' },
  ordnungsamt: { unit: 'ordnungsamt', status: 'delivered' },
  review: { unit: 'kaemmerei', status: 'review' },
  persoenlich: { unit: 'personalamt', status: 'delivered', class: 'persoenlich', clerk: 'p.sommer' },
  persoenlichReview: {
    unit: 'personalamt',
    status: 'review',
    class: 'persoenlich',
    clerk: 'p.sommer',
    reason: 'special_class',
  },
  persoenlichKaemmerei: { unit: 'kaemmerei', status: 'delivered', class: 'persoenlich', clerk: 'k.wolf' },
  persoenlichUnit: { unit: 'personalamt', status: 'delivered', class: 'persoenlich', clerk: null },
} as const;
type ItemKey = keyof typeof ITEMS;

/**
 * Who may see an item's content (pages, PDF, OCR text, metadata; for QA users also rework it): QA every
 * item but personal post, clerks of its unit once it is delivered; personal post only the addressed
 * clerk and the clerk's deputies in force (without a clerk: members of the confidential unit), QA users
 * only when they are such a person themselves, clerks only once it is delivered.
 */
const SEES: Record<ItemKey, UserKey[]> = {
  kaemmerei: ['qa', 'qaSommer', 'clerkKaemmerei', 'colleagueKaemmerei', 'deputy'],
  ordnungsamt: ['qa', 'qaSommer', 'clerkOrdnungsamt', 'deputy', 'formerDeputy'],
  review: ['qa', 'qaSommer'],
  persoenlich: ['clerkPersonalamt', 'qaSommer'],
  persoenlichReview: ['qaSommer'],
  persoenlichKaemmerei: ['clerkKaemmerei', 'deputy'],
  persoenlichUnit: ['clerkPersonalamt', 'memberPersonalamt', 'qaSommer'],
};
/** Whose inbox the item is in (listing, inbox screen, 'nicht zuständig'). */
const RECEIVES: Record<ItemKey, UserKey[]> = {
  kaemmerei: ['clerkKaemmerei', 'colleagueKaemmerei', 'deputy'],
  ordnungsamt: ['clerkOrdnungsamt', 'deputy', 'formerDeputy'],
  review: [],
  persoenlich: ['clerkPersonalamt', 'qaSommer'],
  persoenlichReview: [],
  persoenlichKaemmerei: ['clerkKaemmerei', 'deputy'],
  persoenlichUnit: ['clerkPersonalamt', 'memberPersonalamt', 'qaSommer'],
};
/** QA routes (unit, approval) every item, personal post too, whether or not it may see the content. */
const ROUTES: UserKey[] = ['qa', 'qaSommer'];

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
const hasRole = (u: UserKey, role: string) =>
  u !== 'anonymous' && (USERS[u].roles as readonly string[]).includes(role);

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
          : hasRole(user, USERS[owner].roles[0])
            ? 'ok'
            : 'forbidden',
      });
    for (const item of Object.keys(ITEMS) as ItemKey[]) {
      const sees = SEES[item].includes(user);
      const byRole = (r: string, ok: boolean): Expect =>
        anon ? 'login' : !hasRole(user, r) ? 'forbidden' : ok ? 'ok' : 'hidden';
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
      for (const route of ['/qa/items/:id/unit', '/qa/items/:id/approve'])
        out.push({
          user,
          method: 'POST',
          route,
          item,
          expect: anon ? 'forbidden' : byRole('qa', ROUTES.includes(user)),
        });
      out.push({
        user,
        method: 'POST',
        route: '/qa/items/:id/metadata',
        item,
        expect: anon ? 'forbidden' : byRole('qa', sees),
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
      ids.set(key as ItemKey, (await seedItem(h.ctx, { ...spec, subject: SUBJECT })).itemId);
  }, 120_000);
  afterAll(() => h?.close());

  const request = async (cell: Cell, id = ids.get(cell.item!) ?? ''): Promise<Response> => {
    const url = cell.route.replace(':id', id);
    const agent = agents.get(cell.user);
    const form: Record<string, string> = cell.route.endsWith('send-back')
      ? { comment: 'nicht unsere Sache' }
      : cell.route.endsWith('approve')
        ? { run: '1' }
        : cell.route.endsWith('metadata')
          ? { subject: 'Neuer Betreff' }
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
        ? (await seedItem(h.ctx, { ...ITEMS[cell.item!], subject: SUBJECT })).itemId
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
      if (!hasRole(user, 'clerk')) continue;
      const html = await (await agents.get(user)!.get('/inbox')).text();
      for (const item of Object.keys(ITEMS) as ItemKey[])
        expect(html.includes(`/inbox/items/${ids.get(item)}`), `${user} / ${item}`).toBe(
          RECEIVES[item].includes(user),
        );
    }
  });

  it('shows QA personal post not addressed to it as an entry only: date, class, proposal; no content', async () => {
    for (const user of ROUTES)
      for (const item of Object.keys(ITEMS) as ItemKey[]) {
        const id = ids.get(item)!;
        const html = await (await agents.get(user)!.get(`/qa/items/${id}`)).text();
        const sees = SEES[item].includes(user);
        const what = `${user} / ${item}`;
        expect(html.includes(`/items/${id}/pages/`), what).toBe(sees);
        expect(html.includes('Erkannter Text'), what).toBe(sees);
        expect(html.includes(SUBJECT), what).toBe(sees);
        expect(html.includes('Seite 1 &lt;script&gt;'), what).toBe(sees);
        expect(html.includes('/metadata'), what).toBe(sees);
        expect(html, what).toContain('Eingang 2026-12-01');
        if (sees) continue;
        // The entry: class, proposed unit and clerk, and the routing forms while it waits in review.
        const spec: { unit: string; clerk?: string | null } = ITEMS[item];
        const unit = h.ctx.config.org.units.find((u) => u.id === spec.unit)!;
        const clerk = unit.clerks.find((k) => k.id === spec.clerk);
        expect(html, what).toContain('<dd>persönlich/vertraulich</dd>');
        expect(html, what).toContain(`<dd>${unit.code} ${unit.name}</dd>`);
        expect(html, what).toContain(
          clerk ? `<dd>${clerk.name} (${clerk.id})</dd>` : '<dd>– (die Einheit)</dd>',
        );
        expect(html.includes(`/qa/items/${id}/approve`), what).toBe(ITEMS[item].status === 'review');
        expect(html.includes(`/qa/items/${id}/unit`), what).toBe(ITEMS[item].status === 'review');
        expect(html, what).not.toContain('Zuordnung unsicher');
        expect(html, what).not.toContain('Thema');
      }
  });

  it("lists personal post in QA's queue without its message for QA users it is not addressed to", async () => {
    const row = (html: string, id: string) =>
      html.split('<tr').find((r) => r.includes(`/qa/items/${id}"`)) ?? '';
    const id = ids.get('persoenlichReview')!;
    const plain = row(await (await agents.get('qa')!.get('/qa')).text(), id);
    expect(plain).toContain('Sonderfall');
    expect(plain).toContain('personalamt / p.sommer');
    expect(plain).toContain('Inhalt nicht sichtbar');
    expect(plain).not.toContain('Zuordnung unsicher');
    const addressee = row(await (await agents.get('qaSommer')!.get('/qa')).text(), id);
    expect(addressee).toContain('Zuordnung unsicher');
    expect(row(await (await agents.get('qa')!.get('/qa')).text(), ids.get('review')!)).toContain(
      'Zuordnung unsicher',
    );
  });

  it('refuses the content rework of personal post to QA in the store layer too (CLI, scripts)', async () => {
    const { itemId } = await seedItem(h.ctx, { ...ITEMS.persoenlichReview, subject: SUBJECT });
    const qa = { id: 'qa', roles: ['qa'] as const, units: [], clerk: null };
    const { editMetadata, rotatePage, changeUnit } = await import('./rework.ts');
    await expect(editMetadata(h.ctx, qa, itemId, { subject: 'x' })).rejects.toThrow(/persönlich/);
    await expect(rotatePage(h.ctx, qa, itemId, 1, 90)).rejects.toThrow(/persönlich/);
    await expect(changeUnit(h.ctx, qa, itemId, 'hauptamt')).resolves.toMatchObject({ id: itemId });
  });
});
