// Delivery folders: a unit's inbox, review, and the restricted folders of personal post; earlier copies
// of an item are removed from every one of them (personal folders included) when it is delivered again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../test/support.ts';
import { seedItem, uiHarness, type UiHarness } from '../../test/ui.ts';
import { deliver, deliveryDir, removeEarlierDeliveries } from './processor.ts';

const personal = { class: 'persoenlich', clerk: null } as const;

describe('delivery folders', () => {
  it('puts personal post into the unit’s restricted folder, never the ordinary one', () => {
    const letter = { decision: 'delivered', unit: 'kaemmerei', class: 'letter', clerk: 'k.wolf' } as const;
    expect(deliveryDir(letter)).toBe('kaemmerei');
    expect(deliveryDir({ ...letter, decision: 'review' })).toBe('_review');
    expect(deliveryDir({ ...letter, unit: null })).toBe('_review');
    expect(deliveryDir({ ...letter, ...personal, unit: 'personalamt', clerk: 'p.sommer' })).toBe(
      path.join('personalamt', 'persoenlich', 'p.sommer'),
    );
    expect(deliveryDir({ ...letter, ...personal, unit: 'personalamt' })).toBe(
      path.join('personalamt', 'persoenlich', '_unit'),
    );
    expect(deliveryDir({ ...letter, ...personal, decision: 'review', clerk: 'k.wolf' })).toBe(
      path.join('_review', 'persoenlich'),
    );
  });

  it('refuses folder names that are not plain ids', () => {
    const r = { decision: 'delivered', unit: 'personalamt', class: 'persoenlich' } as const;
    for (const clerk of ['..', '../x', '.hidden', 'a/b', 'persoenlich', ''])
      expect(() => deliveryDir({ ...r, clerk: clerk || '/' }), clerk).toThrow(/cannot deliver/);
    expect(() => deliveryDir({ ...r, class: 'letter', unit: '..', clerk: null })).toThrow(/cannot deliver/);
  });

  it('removes earlier copies from unit, review and personal folders, keeping the one given', async () => {
    const out = tmpDir('deliver');
    const dirs = [
      'kaemmerei',
      '_review',
      '_review/persoenlich',
      'personalamt/persoenlich/p.sommer',
      'personalamt/persoenlich/_unit',
    ];
    for (const d of dirs) {
      fs.mkdirSync(path.join(out, d), { recursive: true });
      for (const ext of ['pdf', 'json']) fs.writeFileSync(path.join(out, d, `a-01.${ext}`), 'x');
      fs.writeFileSync(path.join(out, d, 'b-01.pdf'), 'other item');
    }
    const keep = path.join(out, 'personalamt/persoenlich/p.sommer');
    const removed = await removeEarlierDeliveries(out, 'a-01', keep);
    expect(removed.map((f) => path.relative(out, path.dirname(f))).sort()).toEqual(
      dirs
        .filter((d) => path.join(out, d) !== keep)
        .flatMap((d) => [d, d])
        .sort(),
    );
    expect(fs.readdirSync(keep).sort()).toEqual(['a-01.json', 'a-01.pdf', 'b-01.pdf']);
    // Sent back or rescanned: out of every folder.
    expect(await removeEarlierDeliveries(out, 'a-01', null)).toHaveLength(2);
    for (const d of dirs)
      expect(fs.readdirSync(path.join(out, d)).filter((f) => f !== 'persoenlich')).toEqual(['b-01.pdf']);
    fs.rmSync(out, { recursive: true, force: true });
  });

  describe('the stage', () => {
    let h: UiHarness;
    beforeAll(async () => {
      h = await uiHarness();
    }, 60_000);
    afterAll(() => h?.close());

    const delivered = async (spec: Parameters<typeof seedItem>[1]) => {
      const { itemId } = await seedItem(h.ctx, spec);
      const item = (await h.ctx.repo.getItem(itemId))!;
      const { output } = (await (deliver.processor as (i: typeof item, c: typeof h.ctx) => Promise<unknown>)(
        item,
        h.ctx,
      )) as { output: string };
      return { itemId, rel: path.relative(h.ctx.dirs.inbox, output) };
    };

    it('writes personal post with its sidecar into the restricted folder, letters into the unit folder', async () => {
      const letter = await delivered({ unit: 'kaemmerei', status: 'delivered', clerk: 'k.wolf' });
      expect(letter.rel).toBe(path.join('kaemmerei', `${letter.itemId}.pdf`));
      const mine = await delivered({
        unit: 'personalamt',
        status: 'delivered',
        ...personal,
        clerk: 'p.sommer',
      });
      expect(mine.rel).toBe(path.join('personalamt', 'persoenlich', 'p.sommer', `${mine.itemId}.pdf`));
      const sidecar = JSON.parse(
        fs.readFileSync(path.join(h.ctx.dirs.inbox, mine.rel.replace(/\.pdf$/, '.json')), 'utf8'),
      );
      expect(sidecar).toMatchObject({ class: 'persoenlich', unit: 'personalamt', clerk: 'p.sommer' });
      const unit = await delivered({ unit: 'personalamt', status: 'delivered', ...personal });
      expect(unit.rel).toBe(path.join('personalamt', 'persoenlich', '_unit', `${unit.itemId}.pdf`));
      const review = await delivered({
        unit: 'personalamt',
        status: 'review',
        ...personal,
        clerk: 'p.sommer',
      });
      expect(review.rel).toBe(path.join('_review', 'persoenlich', `${review.itemId}.pdf`));
      // Nothing personal in the ordinary folders.
      expect(fs.readdirSync(path.join(h.ctx.dirs.inbox, 'personalamt'))).toEqual(['persoenlich']);
      expect(fs.readdirSync(path.join(h.ctx.dirs.inbox, '_review'))).toEqual(['persoenlich']);
    });
  });
});
