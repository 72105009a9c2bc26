import { describe, expect, it } from 'vitest';
import { cutItems } from './cut.ts';

describe('cutItems', () => {
  it('cuts at separators and never makes an empty item', () => {
    expect(cutItems(['content', 'separator', 'separator', 'content']).items).toEqual([
      { seq: 1, firstPage: 1, lastPage: 1 },
      { seq: 2, firstPage: 4, lastPage: 4 },
    ]);
    expect(cutItems(['separator', 'content', 'content', 'separator']).items).toEqual([
      { seq: 1, firstPage: 2, lastPage: 3 },
    ]);
  });

  it('keeps blank pages inside items and gives a blank back after a separator to the sheet', () => {
    const r = cutItems(['content', 'blank', 'separator', 'blank', 'content', 'blank']);
    expect(r.kinds).toEqual(['content', 'blank', 'separator', 'separator', 'content', 'blank']);
    expect(r.items).toEqual([
      { seq: 1, firstPage: 1, lastPage: 2 },
      { seq: 2, firstPage: 5, lastPage: 6 },
    ]);
  });

  it('duplex: treats both sides of a separator sheet as separator, whichever side has the code', () => {
    // Sheet 2 has its code on the back (turned over), sheet 4 on the front with printed text on its back.
    const r = cutItems(
      [
        'content',
        'blank',
        'blank',
        'separator',
        'content',
        'content',
        'separator',
        'content',
        'content',
        'blank',
      ],
      true,
    );
    expect(r.kinds).toEqual([
      'content',
      'blank',
      'separator',
      'separator',
      'content',
      'content',
      'separator',
      'separator',
      'content',
      'blank',
    ]);
    expect(r.items).toEqual([
      { seq: 1, firstPage: 1, lastPage: 2 },
      { seq: 2, firstPage: 5, lastPage: 6 },
      { seq: 3, firstPage: 9, lastPage: 10 },
    ]);
  });

  it('is one item without separators', () => {
    expect(cutItems(['content', 'content']).items).toEqual([{ seq: 1, firstPage: 1, lastPage: 2 }]);
  });

  it('has no item for a batch of separators only', () => {
    expect(cutItems(['separator', 'blank']).items).toEqual([]);
  });
});
