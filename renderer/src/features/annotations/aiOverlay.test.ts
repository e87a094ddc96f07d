import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import { slidePoint } from '../../../../electron/common/annotations/geometry';
import type { OverlayCtx, OverlayObject } from './aiOverlay';
import {
  HEATMAP_LUT,
  MARKER_HALF_PX,
  buildIndex,
  colourizeHeatmap,
  drawDetections,
  drawHeatmaps,
  hitTestDetections,
  queryRect,
  visibleRect,
} from './aiOverlay';
import { transformFromMatrix, viewMatrix } from './transforms';

/** A deterministic pseudo-random sequence (mulberry32), so failures can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SLIDE = { width: 100_000, height: 80_000 };

function points(n: number, layers: number, seed = 1): OverlayObject[] {
  const r = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    layer: i % layers,
    geometry: { type: 'point', point: slidePoint(r() * SLIDE.width, r() * SLIDE.height) },
  }));
}

const square = (x: number, y: number, s: number): Geometry => ({
  type: 'polygon',
  rings: [[slidePoint(x, y), slidePoint(x + s, y), slidePoint(x + s, y + s), slidePoint(x, y + s)]],
});

/** Records what a frame asks of the canvas. */
function recorder() {
  const calls = { rect: 0, fill: 0, stroke: 0, moveTo: 0, drawImage: 0, fills: [] as string[] };
  const ctx: OverlayCtx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    globalAlpha: 1,
    imageSmoothingEnabled: false,
    setTransform: () => undefined,
    save: () => undefined,
    restore: () => undefined,
    beginPath: () => undefined,
    moveTo: () => void calls.moveTo++,
    lineTo: () => undefined,
    closePath: () => undefined,
    rect: () => void calls.rect++,
    fill() {
      calls.fill++;
      calls.fills.push(this.fillStyle as string);
    },
    stroke: () => void calls.stroke++,
    drawImage: () => void calls.drawImage++,
  };
  return { ctx, calls };
}

const SIZE = { width: 1600, height: 900, dpr: 1 };
const at = (x: number, y: number, scale: number, degrees = 0) =>
  transformFromMatrix(viewMatrix({ center: { x, y }, scale, degrees, flipped: false, ...SIZE }));

describe('grid index', () => {
  it('finds exactly the objects whose box meets a rectangle, each once', () => {
    const r = random(7);
    const objects: OverlayObject[] = [
      ...points(5000, 3),
      // Outlines of every size, some across many cells.
      ...Array.from({ length: 500 }, (_, i) => ({
        id: `s${i}`,
        layer: 1,
        geometry: square(r() * SLIDE.width, r() * SLIDE.height, r() < 0.1 ? 20_000 : 40),
      })),
    ];
    const index = buildIndex(objects);
    for (let q = 0; q < 50; q++) {
      const x = r() * SLIDE.width;
      const y = r() * SLIDE.height;
      const rect = { minX: x, minY: y, maxX: x + r() * 10_000, maxY: y + r() * 10_000 };
      const found: number[] = [];
      queryRect(index, rect, (i) => found.push(i));
      const expected = objects
        .map((_, i) => i)
        .filter(
          (i) =>
            index.maxX[i]! >= rect.minX &&
            index.minX[i]! <= rect.maxX &&
            index.maxY[i]! >= rect.minY &&
            index.minY[i]! <= rect.maxY,
        );
      expect(found.sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it('sees the screen as the slide rectangle under it, turned or not', () => {
    const rect = visibleRect(at(5000, 4000, 1), SIZE);
    expect(rect).toEqual({ minX: 4200, minY: 3550, maxX: 5800, maxY: 4450 });
    const turned = visibleRect(at(5000, 4000, 1, 90), SIZE);
    expect(turned.minX).toBeCloseTo(4550);
    expect(turned.maxY).toBeCloseTo(4800);
  });

  it('holds nothing gracefully', () => {
    const index = buildIndex([]);
    const { ctx, calls } = recorder();
    const stats = drawDetections(ctx, index, at(0, 0, 1), SIZE, {
      colours: ['#ff0000'],
      visible: [true],
      opacity: 1,
      selected: -1,
    });
    expect(stats).toEqual({ markers: 0, outlines: 0, merged: 0 });
    expect(calls.fill).toBe(0);
    expect(hitTestDetections(index, slidePoint(1, 1), 5, [])).toBe(-1);
  });
});

describe('drawing detections', () => {
  const objects = points(100_000, 3);
  const index = buildIndex(objects);
  const style = {
    colours: ['#ffd700', '#17becf', '#d62728'],
    visible: [true, true, true],
    opacity: 0.8,
    selected: -1,
  };

  it('draws only what is in view, in one filled path per class', () => {
    const view = at(50_000, 40_000, 1);
    const { ctx, calls } = recorder();
    const stats = drawDetections(ctx, index, view, SIZE, style);
    const seen = visibleRect(view, SIZE, MARKER_HALF_PX);
    const inView = objects.filter((o) => {
      const p = o.geometry.type === 'point' ? o.geometry.point : slidePoint(0, 0);
      return p.x >= seen.minX && p.x <= seen.maxX && p.y >= seen.minY && p.y <= seen.maxY;
    }).length;
    expect(inView).toBeGreaterThan(0);
    expect(stats.markers + stats.merged).toBe(inView);
    expect(calls.rect).toBe(stats.markers);
    expect(calls.fills).toEqual(style.colours);
  });

  it('leaves hidden classes out, and draws nothing at zero opacity', () => {
    const { ctx, calls } = recorder();
    drawDetections(ctx, index, at(50_000, 40_000, 1), SIZE, {
      ...style,
      visible: [true, false, false],
    });
    expect(calls.fills).toEqual(['#ffd700']);
    const none = recorder();
    drawDetections(none.ctx, index, at(50_000, 40_000, 1), SIZE, { ...style, opacity: 0 });
    expect(none.calls.fill + none.calls.stroke).toBe(0);
  });

  it('bounds the work by the screen when the whole slide is in view', () => {
    const { ctx, calls } = recorder();
    const stats = drawDetections(ctx, index, at(50_000, 40_000, 0.01), SIZE, style);
    expect(stats.markers + stats.merged).toBe(100_000);
    // At most one marker per class per marker-sized spot of the screen.
    const spots =
      (SIZE.width / (2 * MARKER_HALF_PX) + 2) * (SIZE.height / (2 * MARKER_HALF_PX) + 2);
    expect(stats.markers).toBeLessThanOrEqual(spots * 3);
    expect(calls.fill).toBe(3);
  });

  it('outlines shapes larger than a marker, and draws small ones as markers', () => {
    const shapes: OverlayObject[] = [
      { id: 'big', layer: 0, geometry: square(1000, 1000, 200) },
      { id: 'tiny', layer: 0, geometry: square(1500, 1000, 2) },
    ];
    const { ctx, calls } = recorder();
    const stats = drawDetections(ctx, buildIndex(shapes), at(1200, 1100, 1), SIZE, {
      ...style,
      selected: 0,
    });
    expect(stats).toMatchObject({ outlines: 1, markers: 1 });
    // Halo and colour of the outlines, edge of the markers, halo and white of the selection.
    expect(calls.stroke).toBe(5);
  });
});

describe('hit test', () => {
  const objects: OverlayObject[] = [
    { id: 'p1', layer: 0, geometry: { type: 'point', point: slidePoint(100, 100) } },
    { id: 'p2', layer: 0, geometry: { type: 'point', point: slidePoint(108, 100) } },
    { id: 'cell', layer: 1, geometry: square(200, 200, 50) },
    { id: 'hidden', layer: 2, geometry: { type: 'point', point: slidePoint(400, 400) } },
  ];
  const index = buildIndex(objects);
  const visible = [true, true, false];

  it('takes the nearest object within the tolerance, or the area around the point', () => {
    expect(hitTestDetections(index, slidePoint(105, 101), 6, visible)).toBe(1);
    expect(hitTestDetections(index, slidePoint(101, 99), 6, visible)).toBe(0);
    expect(hitTestDetections(index, slidePoint(225, 225), 6, visible)).toBe(2);
    expect(hitTestDetections(index, slidePoint(150, 150), 6, visible)).toBe(-1);
  });

  it('never picks a hidden class', () => {
    expect(hitTestDetections(index, slidePoint(400, 400), 6, visible)).toBe(-1);
    expect(hitTestDetections(index, slidePoint(400, 400), 6, [true, true, true])).toBe(3);
  });
});

describe('heatmaps', () => {
  it('colours probabilities with viridis, clear at 0, opaque from one half, nothing where no value', () => {
    const pixels = new Uint8ClampedArray([
      0, 0, 0, 255, 64, 64, 64, 255, 255, 255, 255, 255, 200, 200, 200, 0,
    ]);
    colourizeHeatmap(pixels);
    expect([...pixels.slice(0, 4)]).toEqual([0x44, 0x01, 0x54, 0]);
    expect(pixels[7]).toBe(128);
    expect([...pixels.slice(8, 12)]).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(pixels[15]).toBe(0);
    expect(HEATMAP_LUT.length).toBe(1024);
  });

  it('draws heatmaps in view only', () => {
    const { ctx, calls } = recorder();
    const image = {} as CanvasImageSource;
    const drawn = drawHeatmaps(
      ctx,
      [
        { image, extent: { x: 0, y: 0, width: 100_000, height: 80_000 } },
        { image, extent: { x: 90_000, y: 70_000, width: 1000, height: 1000 } },
      ],
      at(5000, 4000, 1),
      SIZE,
      0.6,
    );
    expect(drawn).toBe(1);
    expect(calls.drawImage).toBe(1);
    expect(ctx.globalAlpha).toBe(0.6);
  });
});
