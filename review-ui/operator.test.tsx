// Route tests of the operators' screens: access by role, batches and their reports, live progress over
// server-sent events, uploads (limits, the uploader recorded), quarantine release, originals.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quarantineBatch } from '../ingest/quarantine.ts';
import type { Batch } from '../core/store/types.ts';
import { pagesPdf } from '../test/fixtures/pdf-build.ts';
import { uiHarness, type UiHarness } from '../test/ui.ts';

let h: UiHarness;
afterEach(() => h?.close());

const USERS = [
  { id: 'op1', roles: ['operator' as const] },
  { id: 'qa1', roles: ['qa' as const] },
  { id: 'clerk1', roles: ['clerk' as const] },
  { id: 'admin1', roles: ['admin' as const] },
];

let n = 0;
async function batch(name: string, over: Partial<Batch> = {}): Promise<Batch> {
  n++;
  return h.ctx.repo.createBatch(
    {
      hash: crypto.createHash('sha256').update(`batch ${n}`).digest('hex'),
      source: 'hotfolder',
      originalName: name,
      spoolPath: path.join(h.ctx.dirs.spool, `spool-${n}`),
      profile: 'standard',
      receivedAt: '2026-03-02',
      outDir: h.ctx.dirs.inbox,
      configVersion: h.ctx.config.version,
      declared: { sheets: null, pages: 3, duplex: null, source: 'filename', error: null },
      ...over,
    },
    'test',
  );
}

/** A split batch of three pages: item 1 (page 1), a separator sheet (page 2), item 2 (page 3). */
async function splitBatch(name: string): Promise<Batch> {
  const b = await batch(name);
  for (const [pageNo, kind] of [
    [1, 'content'],
    [2, 'separator'],
    [3, 'content'],
  ] as const)
    await h.ctx.repo.recordPage({
      batchId: b.id,
      pageNo,
      blob: 'f'.repeat(64),
      width: 2480,
      height: 3508,
      dpiX: 300,
      dpiY: 300,
      scanDpi: 300,
      colour: 'grey',
      kind,
      orient: 0,
    });
  await h.ctx.repo.recordSplit(
    b.id,
    ['content', 'separator', 'content'],
    [
      { seq: 1, firstPage: 1, lastPage: 1 },
      { seq: 2, firstPage: 3, lastPage: 3 },
    ],
    'test',
  );
  return (await h.ctx.repo.getBatch(b.id))!;
}

const SCREENS = ['/batches', '/quarantine', '/upload', '/originals'];

describe('operator screens', () => {
  it('render for operators and are refused for every other role', async () => {
    h = await uiHarness({ users: USERS });
    const b = await splitBatch('scan.pdf');
    const op = await h.login('op1');
    for (const url of [...SCREENS, `/batches/${b.id}`]) {
      const res = await op.get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<html lang="de">');
    }
    for (const id of ['qa1', 'clerk1', 'admin1']) {
      const a = await h.login(id);
      for (const url of [...SCREENS, `/batches/${b.id}`, `/batches/${b.id}/events`])
        expect((await a.get(url)).status, `${id} ${url}`).toBe(403);
      expect((await a.post('/upload', { profile: 'standard' })).status).toBe(403);
      expect((await a.post('/quarantine/release', { name: 'x', profile: 'standard' })).status).toBe(403);
      expect((await a.post(`/originals/${b.id}`)).status).toBe(403);
    }
    expect((await h.app.request('/batches')).status).toBe(302);
  });

  it('lists recent batches with their items per status and links to each report', async () => {
    h = await uiHarness({ users: USERS });
    const b = await splitBatch('Post <März>.pdf');
    const op = await h.login('op1');
    const html = await (await op.get('/batches')).text();
    expect(html).toContain(`href="/batches/${b.id}"`);
    expect(html).toContain('Post &lt;März&gt;.pdf');
    expect(html).toContain('in Arbeit: 2');
    expect(html).toContain('standard');
  });

  it('shows the batch report: every page accounted for, declared against counted', async () => {
    h = await uiHarness({ users: USERS });
    const b = await splitBatch('scan.pdf');
    const op = await h.login('op1');
    const html = await (await op.get(`/batches/${b.id}`)).text();
    expect(html).toContain(`Poststück ${b.id}-01, Seite 1`);
    expect(html).toContain('Trennblatt');
    expect(html).toContain(`Poststück ${b.id}-02, Seite 1`);
    expect(html).toContain('3 Seiten');
    expect(html).toContain(`data-events="/batches/${b.id}/events"`);
    expect(html).toContain('data-field="pages.done"');
    expect(html).not.toMatch(/style=/);
    expect((await op.get('/batches/gibtsnicht')).status).toBe(404);
    expect((await op.get('/batches/gibtsnicht/events')).status).toBe(404);
  });

  it('sends live progress as server-sent events', async () => {
    h = await uiHarness({ users: USERS });
    const b = await splitBatch('scan.pdf');
    const op = await h.login('op1');
    const res = await op.get(`/batches/${b.id}/events`, { accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toMatch(/^event: progress$/m);
    const data = JSON.parse(/^data: (.*)$/m.exec(text)![1]!);
    expect(data.pages.total).toBe(3);
    expect(data.done).toBe(false);
    // A settled batch gets its last numbers and the stream ends.
    const q = await batch('kaputt.pdf');
    await h.ctx.repo.markBatch(q.id, { status: 'quarantined', reason: 'truncated' }, 'test');
    const last = await (await op.get(`/batches/${q.id}/events`, { accept: 'text/event-stream' })).text();
    expect(last.match(/^event: progress$/gm)).toHaveLength(1);
    expect(JSON.parse(/^data: (.*)$/m.exec(last)![1]!)).toMatchObject({ done: true, status: 'quarantined' });
  });

  it('refuses an upload of a file type it does not take, and ingests nothing', async () => {
    h = await uiHarness({ users: USERS });
    const op = await h.login('op1');
    const form = await (await op.get('/upload')).text();
    expect(form).toContain('enctype="multipart/form-data"');
    const res = await op.post('/upload', {
      profile: 'standard',
      file: new File([new Uint8Array(Buffer.from('MZ\x90\x00 not a scan'))], 'virus.exe'),
    });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('Dateityp');
    expect(await h.ctx.repo.recentBatches(10)).toEqual([]);
    expect(h.enqueued).toEqual([]);
    expect(fs.readdirSync(h.ctx.dirs.spool)).toEqual([]);
    const none = await op.post('/upload', { profile: 'standard' });
    expect(none.status).toBe(400);
    const badProfile = await op.post('/upload', {
      profile: '../etc',
      file: new File([new Uint8Array(pagesPdf(1))], 'scan.pdf'),
    });
    expect(badProfile.status).toBe(400);
    expect(await h.ctx.repo.recentBatches(10)).toEqual([]);
  });

  it('refuses an upload above the size limit with 413', async () => {
    h = await uiHarness({ users: USERS, settings: { uploadMaxBytes: 4096 } });
    const op = await h.login('op1');
    const res = await op.post('/upload', {
      profile: 'standard',
      file: new File([new Uint8Array(10_000).fill(0x25)], 'gross.pdf'),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('zu groß');
    expect(await h.ctx.repo.recentBatches(10)).toEqual([]);
  });

  it('ingests an uploaded scan with the user as operator and shows its batch', async () => {
    h = await uiHarness({ users: USERS });
    const op = await h.login('op1');
    const res = await op.post('/upload', {
      profile: 'standard',
      file: new File([new Uint8Array(pagesPdf(2))], 'Eingang 3 Seiten.pdf', { type: 'application/pdf' }),
    });
    expect(res.status).toBe(303);
    const [b] = await h.ctx.repo.recentBatches(1);
    expect(b).toMatchObject({ source: 'upload', operator: 'op1', profile: 'standard' });
    expect(res.headers.get('location')).toBe(`/batches/${b!.id}`);
    expect(h.enqueued).toEqual([{ queue: 'split', data: { batchId: b!.id } }]);
    const page = await h.app.request(res.headers.get('location')!, {
      headers: {
        cookie: `${op.cookie}; ${res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ')}`,
      },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('angenommen');
  });

  it('releases a quarantined file back into the hot folder of the chosen profile, audited', async () => {
    h = await uiHarness({ users: USERS });
    const b = await batch('kaputt.pdf');
    fs.writeFileSync(b.spoolPath, '%PDF-1.4 truncated');
    await quarantineBatch({ ...h.ctx, actor: 'test' }, b, 'truncated', 'Datei endet vorzeitig.');
    const op = await h.login('op1');
    const html = await (await op.get('/quarantine')).text();
    expect(html).toContain('kaputt.pdf');
    expect(html).toContain('unvollständige Datei');
    expect(html).toContain('erneut einspielen');
    expect(html).not.toContain(h.ctx.dirs.quarantine);
    const name = /name="name" value="([^"]+)"/.exec(html)![1]!;

    // A path instead of a listed name is refused.
    expect((await op.post('/quarantine/release', { name: '../spool/x', profile: 'standard' })).status).toBe(
      404,
    );
    const res = await op.post('/quarantine/release', { name, profile: 'standard' });
    expect(res.status).toBe(303);
    const hot = path.join(h.ctx.dirs.hotfolders, 'standard');
    expect(fs.readdirSync(hot).some((f) => f.endsWith('kaputt.pdf'))).toBe(true);
    expect(fs.readdirSync(h.ctx.dirs.quarantine).filter((f) => !f.startsWith('.'))).toEqual([]);
    const trail = await h.ctx.repo.auditTrail(b.id);
    expect(trail.some((e) => e.actor === 'op1' && e.action.startsWith('quarantine.release'))).toBe(true);
    expect(await (await op.get('/quarantine')).text()).toContain('Die Quarantäne ist leer');
  });

  it('lists the originals that may now be handled, with the disposition, and records them handled', async () => {
    h = await uiHarness({ users: USERS });
    const open = await splitBatch('noch offen.pdf');
    const done = await splitBatch('fertig.pdf');
    for (const item of await h.ctx.repo.items(done.id))
      await h.ctx.repo.completeStage(item.id, 'deliver', item.run, {}, { status: 'delivered' }, 'test');
    const op = await h.login('op1');
    const html = await (await op.get('/originals')).text();
    expect(html).toContain('fertig.pdf');
    expect(html).not.toContain('noch offen.pdf');
    expect(html).toContain('aufbewahren'); // the standard profile keeps its originals
    expect((await op.post(`/originals/${open.id}`)).status).toBe(404);
    expect((await op.post(`/originals/${done.id}`)).status).toBe(303);
    const trail = await h.ctx.repo.auditTrail(done.id);
    expect(trail.at(-1)).toMatchObject({
      actor: 'op1',
      action: 'originals.handled',
      details: { disposition: 'retain' },
    });
    expect(await (await op.get('/originals')).text()).not.toContain('fertig.pdf');
  });
});
