import { describe, expect, it } from 'vitest';
import type { Level } from '../../common/pyramid';
import { ASSOCIATED_NAMES } from '../../common/pyramid';
import { planCase, planSlide } from './planner';
import type { RgbImage, TissueMask } from './tissue';
import { detectTissue, dilate, otsuThreshold, TissueIndex, tissueFraction } from './tissue';

/** A glass-white image with H&E-pink rectangles (x0, y0, x1, y1 exclusive). */
function thumbnail(
  width: number,
  height: number,
  blobs: [number, number, number, number][],
  noise = 6,
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * noise;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      const inBlob = blobs.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);
      const [r, g, b] = inBlob ? [214, 140, 190] : [242, 240, 244];
      data[p] = Math.min(255, r + rand());
      data[p + 1] = Math.min(255, g + rand());
      data[p + 2] = Math.min(255, b + rand());
    }
  }
  return { width, height, channels: 3, data };
}

function maskOf(width: number, height: number, on: (x: number, y: number) => boolean): TissueMask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = on(x, y) ? 1 : 0;
  return { width, height, data };
}

describe('tissue detection', () => {
  it('finds a stained region on glass, with a margin', () => {
    const mask = detectTissue(thumbnail(100, 50, [[20, 10, 40, 30]]), 2);
    expect(mask.width).toBe(100);
    expect(mask.data[20 * 100 + 30]).toBe(1); // inside
    expect(mask.data[20 * 100 + 18]).toBe(1); // within the margin
    expect(mask.data[20 * 100 + 17]).toBe(0); // beyond it
    expect(mask.data[45 * 100 + 90]).toBe(0); // glass
    // 24 x 24 with margin = 576 of 5000 pixels.
    expect(tissueFraction(mask)).toBeCloseTo(576 / 5000, 3);
  });

  it('finds no tissue on blank glass (Otsu would split the noise)', () => {
    expect(tissueFraction(detectTissue(thumbnail(64, 64, [], 10)))).toBe(0);
  });

  it('keeps a thumbnail that is all tissue, pale and dark', () => {
    const image = thumbnail(40, 20, []);
    for (let i = 0; i < 40 * 20; i++)
      image.data.set(i % 40 < 20 ? [235, 200, 225] : [150, 60, 130], i * 3);
    expect(tissueFraction(detectTissue(image, 0))).toBe(1);
  });

  it('ignores black padding and transparent-looking pixels', () => {
    const image = thumbnail(40, 40, [[0, 0, 10, 10]]);
    for (let i = 0; i < 40 * 40; i++) if (i % 40 >= 30) image.data.fill(0, i * 3, i * 3 + 3); // right band black
    const mask = detectTissue(image, 0);
    expect(mask.data[5 * 40 + 5]).toBe(1);
    expect(mask.data[5 * 40 + 35]).toBe(0);
  });

  it('accepts RGBA and rejects short buffers', () => {
    const rgba: RgbImage = {
      width: 2,
      height: 1,
      channels: 4,
      data: new Uint8Array([200, 100, 150, 255, 250, 250, 250, 255]),
    };
    expect(detectTissue(rgba, 0).data).toEqual(new Uint8Array([1, 0]));
    expect(() =>
      detectTissue({ width: 4, height: 4, channels: 3, data: new Uint8Array(3) }),
    ).toThrow(/shorter/);
  });

  it('computes Otsu thresholds between two modes', () => {
    const h = new Array<number>(256).fill(0);
    h[10] = 100;
    h[200] = 50;
    const t = otsuThreshold(h);
    expect(t).toBeGreaterThan(10);
    expect(t).toBeLessThanOrEqual(200);
    expect(otsuThreshold(new Array<number>(256).fill(0))).toBe(256);
  });

  it('dilates by a square margin', () => {
    const m = dilate(
      maskOf(5, 5, (x, y) => x === 2 && y === 2),
      1,
    );
    expect(tissueFraction(m)).toBeCloseTo(9 / 25);
    expect(m.data[0]).toBe(0);
    expect(m.data[1 * 5 + 1]).toBe(1);
  });

  it('answers rectangle queries in slide coordinates', () => {
    // A 10x10 mask over a 1000x1000 slide, tissue in mask pixel (7, 2).
    const index = new TissueIndex(
      maskOf(10, 10, (x, y) => x === 7 && y === 2),
      1000,
      1000,
    );
    expect(index.touches(700, 200, 800, 300)).toBe(true);
    expect(index.touches(650, 150, 720, 220)).toBe(true);
    expect(index.touches(0, 0, 700, 200)).toBe(false);
    expect(index.touches(800, 0, 1000, 1000)).toBe(false);
    // A rectangle smaller than a mask pixel still samples that pixel.
    expect(index.touches(750, 250, 751, 251)).toBe(true);
  });
});

const levels: Level[] = [
  { width: 4096, height: 2048, downsample: 1, tileWidth: 256, tileHeight: 256 }, // 16 x 8
  { width: 1024, height: 512, downsample: 4, tileWidth: 256, tileHeight: 256 }, // 4 x 2
  { width: 256, height: 128, downsample: 16, tileWidth: 256, tileHeight: 256 }, // 1 x 1
];
const metadata = { width: 4096, height: 2048, levels, associated: ['label', 'thumbnail'] as const };
/** Tissue in the left quarter of the slide (mask 64 x 32 over 4096 x 2048). */
const leftQuarter = maskOf(64, 32, (x) => x < 16);

describe('planSlide', () => {
  it('orders associated images, then levels coarsest first; fine levels only over tissue', () => {
    const plan = planSlide(metadata, leftQuarter);
    const thumbnail = ASSOCIATED_NAMES.indexOf('thumbnail');
    const label = ASSOCIATED_NAMES.indexOf('label');
    expect(plan.slice(0, 2)).toEqual([
      { level: -1, col: thumbnail, row: 0 },
      { level: -1, col: label, row: 0 },
    ]);
    expect(plan[2]).toEqual({ level: 2, col: 0, row: 0 });
    const level1 = plan.filter((t) => t.level === 1);
    const level0 = plan.filter((t) => t.level === 0);
    // Level 1 (downsample 4) is fine: tissue spans x < 1024 -> column 0 only.
    expect(level1).toEqual([
      { level: 1, col: 0, row: 0 },
      { level: 1, col: 0, row: 1 },
    ]);
    // Level 0: x < 1024 -> columns 0-3, all 8 rows; no background tile.
    expect(level0).toHaveLength(32);
    expect(level0.every((t) => t.col < 4)).toBe(true);
    const levelOrder = plan.map((t) => t.level);
    expect(levelOrder.indexOf(0)).toBeGreaterThan(levelOrder.lastIndexOf(1));
  });

  it('skips fine levels when there is no mask, and takes everything when whole', () => {
    expect(planSlide(metadata, null).map((t) => t.level)).toEqual([-1, -1, 2]);
    const whole = planSlide(metadata, null, { whole: true });
    expect(whole).toHaveLength(2 + 1 + 8 + 128);
  });

  it('skips the levels below a minimum downsample, even when whole (slides rendered on demand)', () => {
    const plan = planSlide(metadata, leftQuarter, { minDownsample: 16, whole: true });
    expect(plan.map((t) => t.level)).toEqual([-1, -1, 2]);
    expect(planSlide(metadata, leftQuarter, { minDownsample: 4 }).some((t) => t.level === 0)).toBe(
      false,
    );
  });

  it('fetches no fine tile on blank glass', () => {
    const empty = maskOf(64, 32, () => false);
    expect(planSlide(metadata, empty).filter((t) => t.level >= 0 && t.level < 2)).toEqual([]);
  });

  it('clips edge tiles to the level when testing their footprint', () => {
    // Tissue only at the far right edge; the last column of level 0 is a full tile here.
    const right = maskOf(64, 32, (x) => x === 63);
    const level0 = planSlide(metadata, right).filter((t) => t.level === 0);
    expect(level0.every((t) => t.col >= 15)).toBe(true);
    expect(level0).toHaveLength(8);
  });
});

describe('planCase', () => {
  it('interleaves slides by phase: associated, coarse, then fine from coarsest', () => {
    const a = { metadata, plan: planSlide(metadata, leftQuarter) };
    const b = {
      metadata: { ...metadata, associated: [] },
      plan: planSlide({ ...metadata, associated: [] }, leftQuarter),
    };
    const tiles = planCase([a, b]);
    expect(tiles).toHaveLength(a.plan.length + b.plan.length);
    expect(tiles.slice(0, 2).every((t) => t.level === -1 && t.slide === 0)).toBe(true);
    expect(tiles.slice(2, 4)).toEqual([
      { slide: 0, level: 2, col: 0, row: 0 },
      { slide: 1, level: 2, col: 0, row: 0 },
    ]);
    // Both slides' level 1 tiles come before any level 0 tile.
    const firstLevel0 = tiles.findIndex((t) => t.level === 0);
    const lastLevel1 = tiles.map((t) => t.level).lastIndexOf(1);
    expect(lastLevel1).toBeLessThan(firstLevel0);
    expect(tiles.slice(4, 8).map((t) => t.slide)).toEqual([0, 0, 1, 1]);
  });
});
