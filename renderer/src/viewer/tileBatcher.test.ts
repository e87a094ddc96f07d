import { describe, expect, it } from 'vitest';
import { parseTilePath } from '../../../electron/common/pyramid';
import type { Asked } from './tileBatcher';
import { finestFirst, planRequests as plan } from './tileBatcher';

/** The plans without each tile's own URL (checked on its own below). */
const planRequests = (asked: Asked[], max?: number) =>
  plan(asked, max).map(({ url, ids, batch }) => ({ url, ids, batch }));

const base = 'http://127.0.0.1:4000/c/abcdefghijklmnop/tiles';

describe('planRequests', () => {
  it('gathers the tiles of one slide and level into one request, in the order asked', () => {
    const plans = planRequests([
      { id: 1, url: `${base}/S1/0/4/7` },
      { id: 2, url: `${base}/S1/0/5/7` },
      { id: 3, url: `${base}/S1/0/4/8` },
    ]);
    expect(plans).toEqual([{ url: `${base}/S1/0/many/4.7-5.7-4.8`, ids: [1, 2, 3], batch: true }]);
    // The engine reads the same path back.
    expect(parseTilePath(plans[0]!.url.slice(base.length + 1))).toEqual({
      kind: 'batch',
      slideId: 'S1',
      level: 0,
      tiles: [
        { col: 4, row: 7 },
        { col: 5, row: 7 },
        { col: 4, row: 8 },
      ],
    });
  });

  it('keeps slides and levels apart, and a lone tile as a plain request', () => {
    const plans = planRequests([
      { id: 1, url: `${base}/S1/0/1/1` },
      { id: 2, url: `${base}/S2/0/1/1` },
      { id: 3, url: `${base}/S1/1/1/1` },
      { id: 4, url: `${base}/S1/0/2/1` },
    ]);
    expect(plans).toEqual([
      { url: `${base}/S1/0/many/1.1-2.1`, ids: [1, 4], batch: true },
      { url: `${base}/S2/0/1/1`, ids: [2], batch: false },
      { url: `${base}/S1/1/1/1`, ids: [3], batch: false },
    ]);
  });

  it('keeps the URL of each tile, to ask for it alone', () => {
    const asked = [
      { id: 7, url: `${base}/S/0/1/1` },
      { id: 8, url: `${base}/S/0/2/1` },
    ];
    expect(plan(asked)[0]!.singles).toEqual([asked[0]!.url, asked[1]!.url]);
  });

  it('cuts a large group at the batch limit', () => {
    const asked = Array.from({ length: 5 }, (_, i) => ({ id: i, url: `${base}/S/2/${i}/0` }));
    const plans = planRequests(asked, 2);
    expect(plans.map((p) => p.ids)).toEqual([[0, 1], [2, 3], [4]]);
    expect(plans.map((p) => p.batch)).toEqual([true, true, false]);
  });

  it('sends anything that is not a plain tile alone, untouched (Electron addresses too)', () => {
    const plans = planRequests([
      { id: 1, url: `${base}/S1/associated/label` },
      { id: 2, url: 'wsi://tiles/S1/0/3/3' },
      { id: 3, url: 'wsi://tiles/S1/0/3/4' },
      { id: 4, url: `${base}/bad id/0/1/1` },
    ]);
    expect(plans).toEqual([
      { url: `${base}/S1/associated/label`, ids: [1], batch: false },
      { url: `${base}/bad id/0/1/1`, ids: [4], batch: false },
      { url: 'wsi://tiles/S1/0/many/3.3-3.4', ids: [2, 3], batch: true },
    ]);
  });
});

describe('finestFirst', () => {
  it("asks for each slide's finest level now and its coarser levels later", () => {
    const asked: Asked[] = [
      { id: 1, url: `${base}/S1/2/1/1` },
      { id: 2, url: `${base}/S1/0/4/7` },
      { id: 3, url: `${base}/S2/3/0/0` },
      { id: 4, url: `${base}/S1/1/2/3` },
      { id: 5, url: `${base}/S1/0/5/7` },
      { id: 6, url: `${base}/S1/associated/label` },
    ];
    const { now, later } = finestFirst(asked);
    // S2 has only level 3 here: that is its finest. A URL that is not a tile goes now.
    expect(now.map((a) => a.id)).toEqual([2, 3, 5, 6]);
    expect(later.map((a) => a.id)).toEqual([1, 4]);
  });

  it('keeps slides served from two bases apart (a local slide and an archive one)', () => {
    const other = 'http://127.0.0.1:4000/c/qrstuvwxyzabcdef/tiles';
    const { now, later } = finestFirst([
      { id: 1, url: `${base}/S1/1/0/0` },
      { id: 2, url: `${other}/S1/0/0/0` },
    ]);
    expect(now.map((a) => a.id)).toEqual([1, 2]);
    expect(later).toEqual([]);
  });
});
