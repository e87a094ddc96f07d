import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import { slidePoint } from '../../../../electron/common/annotations/geometry';
import type { OverlayCtx, OverlayObject, Surface } from './aiOverlay';
import {
  DetectionLayer,
  HEATMAP_LUT,
  MARKER_HALF_PX,
  PICTURE_MARGIN_PX,
  buildIndex,
  collectVisible,
  colourizeHeatmap,
  drawHeatmaps,
  hitTestDetections,
  paintMarkers,
  pixelWord,
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
  const calls = {
    stroke: 0,
    moveTo: 0,
    putImageData: 0,
    drawImage: [] as unknown[][],
    strokes: [] as string[],
  };
  const ctx: OverlayCtx = {
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    globalAlpha: 1,
    imageSmoothingEnabled: true,
    setTransform: () => undefined,
    save: () => undefined,
    restore: () => undefined,
    beginPath: () => undefined,
    moveTo: () => void calls.moveTo++,
    lineTo: () => undefined,
    closePath: () => undefined,
    rect: () => undefined,
    clearRect: () => undefined,
    putImageData: () => void calls.putImageData++,
    stroke() {
      calls.stroke++;
      calls.strokes.push(this.strokeStyle as string);
    },
    drawImage: (...args: unknown[]) => void calls.drawImage.push(args),
  };
  return { ctx, calls };
}

/** Offscreen pictures made of recorders and plain pixel buffers (jsdom has no canvas). */
function surfaces() {
  const made: { surface: Surface; calls: ReturnType<typeof recorder>['calls'] }[] = [];
  const factory = (width: number, height: number): Surface => {
    const { ctx, calls } = recorder();
    const surface = {
      image: { width, height } as unknown as CanvasImageSource,
      ctx,
      data: { width, height, data: new Uint8ClampedArray(width * height * 4) } as ImageData,
    };
    made.push({ surface, calls });
    return surface;
  };
  return { made, factory };
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
    const found: number[] = [];
    queryRect(index, { minX: 0, minY: 0, maxX: 10, maxY: 10 }, (i) => found.push(i));
    expect(found).toEqual([]);
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

  it('takes only what is in view (and the margin), class by class', () => {
    const view = at(50_000, 40_000, 1);
    const visible = collectVisible(index, view, SIZE, style, 3, 0);
    const seen = visibleRect(view, SIZE, MARKER_HALF_PX);
    const expected = [0, 1, 2].map(
      (layer) =>
        objects.filter((o) => {
          const p = o.geometry.type === 'point' ? o.geometry.point : slidePoint(-1, -1);
          return (
            o.layer === layer &&
            p.x >= seen.minX &&
            p.x <= seen.maxX &&
            p.y >= seen.minY &&
            p.y <= seen.maxY
          );
        }).length,
    );
    expect(expected.every((n) => n > 0)).toBe(true);
    expect(visible.markerCount).toEqual(expected);
    const hidden = collectVisible(index, view, SIZE, { visible: [true, false, false] }, 3, 0);
    expect(hidden.markerCount).toEqual([expected[0], 0, 0]);
  });

  it('outlines shapes larger than a marker, and takes small ones as markers', () => {
    const shapes: OverlayObject[] = [
      { id: 'big', layer: 0, geometry: square(1000, 1000, 200) },
      { id: 'tiny', layer: 0, geometry: square(1500, 1000, 2) },
    ];
    const visible = collectVisible(buildIndex(shapes), at(1200, 1100, 1), SIZE, style, 1, 0);
    expect(visible.outlineCount).toEqual([1]);
    expect(visible.markerCount).toEqual([1]);
  });

  it('paints markers as squares with a dark edge, clipped to the picture', () => {
    const width = 20;
    const height = 10;
    const pixels = new Uint32Array(width * height);
    const visible = collectVisible(
      buildIndex([
        { id: 'a', layer: 0, geometry: { type: 'point', point: slidePoint(5, 5) } },
        { id: 'b', layer: 0, geometry: { type: 'point', point: slidePoint(19, 9) } },
      ]),
      transformFromMatrix([1, 0, 0, 1, 0, 0]),
      { width, height },
      style,
      1,
      0,
    );
    expect(paintMarkers(pixels, width, height, visible, ['#ff0000'], 1, 0)).toBe(2);
    const gold = pixelWord('#ff0000');
    const row = (y: number) => Array.from(pixels.slice(y * width, y * width + width));
    // 6 px square from (2, 2): edge on its border, colour inside, nothing around.
    expect(
      row(3)
        .slice(0, 9)
        .map((p) => (p === gold ? 'c' : p === 0 ? '.' : 'e')),
    ).toEqual(['.', '.', 'e', 'c', 'c', 'c', 'c', 'e', '.']);
    expect(row(1)[4]).toBe(0);
    // The second marker is cut by the picture's corner.
    expect(row(9)[19]).toBe(gold);
  });

  it('draws the picture once, then only moves it while a pan stays within the margin', () => {
    const { made, factory } = surfaces();
    const layer = new DetectionLayer(factory);
    const target = recorder();
    const first = layer.draw(target.ctx, index, at(50_000, 40_000, 1), SIZE, style);
    expect(first.rendered).toBe(true);
    expect(first.markers).toBeGreaterThan(0);
    expect(made).toHaveLength(1);
    expect(made[0]!.calls.putImageData).toBe(1);
    expect(target.calls.drawImage[0]!.slice(1)).toEqual([-PICTURE_MARGIN_PX, -PICTURE_MARGIN_PX]);

    // Panned 100 px right on screen: the same picture, 100 px further left... of the slide.
    const panned = layer.draw(target.ctx, index, at(50_100, 40_000, 1), SIZE, style);
    expect(panned.rendered).toBe(false);
    expect(target.calls.drawImage[1]!.slice(1)).toEqual([
      -PICTURE_MARGIN_PX - 100,
      -PICTURE_MARGIN_PX,
    ]);
    // The viewer's sampled matrix wobbles by rounding errors as it pans: still the same zoom.
    const [ma, mb, mc, md, me, mf] = at(50_100, 40_000, 1).matrix;
    const wobbly = transformFromMatrix([ma * (1 + 1e-12), mb, mc, md * (1 - 1e-12), me, mf]);
    expect(layer.draw(target.ctx, index, wobbly, SIZE, style).rendered).toBe(false);
    // Opacity is applied when placing it, not drawn into it.
    expect(
      layer.draw(target.ctx, index, at(50_100, 40_000, 1), SIZE, { ...style, opacity: 0.3 })
        .rendered,
    ).toBe(false);
    expect(target.ctx.globalAlpha).toBe(0.3);

    // Beyond the margin, at another zoom, with a class hidden, with other objects: again.
    const beyond = 50_100 + PICTURE_MARGIN_PX + 1;
    expect(layer.draw(target.ctx, index, at(beyond, 40_000, 1), SIZE, style).rendered).toBe(true);
    expect(layer.draw(target.ctx, index, at(beyond, 40_000, 2), SIZE, style).rendered).toBe(true);
    const hidden = { ...style, visible: [true, false, true] };
    expect(layer.draw(target.ctx, index, at(beyond, 40_000, 2), SIZE, hidden).rendered).toBe(true);
    expect(layer.draw(target.ctx, index, at(beyond, 40_000, 2), SIZE, hidden).rendered).toBe(false);
    const other = buildIndex(points(10, 1, 3));
    expect(layer.draw(target.ctx, other, at(beyond, 40_000, 2), SIZE, hidden).rendered).toBe(true);
    // One picture, reused (same size).
    expect(made).toHaveLength(1);
  });

  it('strokes outlines one path per class, and the selection over the picture', () => {
    const shapes: OverlayObject[] = [
      { id: 'a', layer: 0, geometry: square(1000, 1000, 200) },
      { id: 'b', layer: 1, geometry: square(1300, 1000, 200) },
      { id: 'c', layer: 1, geometry: square(1000, 1300, 200) },
    ];
    const { made, factory } = surfaces();
    const target = recorder();
    const stats = new DetectionLayer(factory).draw(
      target.ctx,
      buildIndex(shapes),
      at(1200, 1200, 1),
      SIZE,
      { ...style, selected: 2 },
    );
    expect(stats).toMatchObject({ outlines: 3, markers: 0 });
    // Halo then colour, per class.
    expect(made[0]!.calls.strokes).toEqual([
      'rgba(0, 0, 0, 0.6)',
      '#ffd700',
      'rgba(0, 0, 0, 0.6)',
      '#17becf',
    ]);
    expect(target.calls.strokes).toEqual(['rgba(0, 0, 0, 0.6)', '#ffffff']);
  });

  it('draws nothing at zero opacity, or with nothing to draw', () => {
    const { made, factory } = surfaces();
    const target = recorder();
    const layer = new DetectionLayer(factory);
    layer.draw(target.ctx, index, at(50_000, 40_000, 1), SIZE, { ...style, opacity: 0 });
    layer.draw(target.ctx, buildIndex([]), at(50_000, 40_000, 1), SIZE, style);
    expect(made).toHaveLength(0);
    expect(target.calls.drawImage).toHaveLength(0);
  });

  it('bounds a whole-slide view of 100,000 markers by the picture, rare classes first', () => {
    const { factory } = surfaces();
    const target = recorder();
    const stats = new DetectionLayer(factory).draw(
      target.ctx,
      index,
      at(50_000, 40_000, 0.01),
      SIZE,
      style,
    );
    // The slide is 1000 × 800 px on screen: at most one marker per 6 px cell of it.
    expect(stats.markers).toBeGreaterThan(10_000);
    expect(stats.markers).toBeLessThanOrEqual(Math.ceil(1001 / 6) * Math.ceil(801 / 6));
    expect(target.calls.drawImage).toHaveLength(1);

    const crowd: OverlayObject[] = [
      ...[4, 5, 6].map((x) => ({
        id: `t${x}`,
        layer: 0,
        geometry: { type: 'point' as const, point: slidePoint(x, 4) },
      })),
      { id: 'mitosis', layer: 1, geometry: { type: 'point', point: slidePoint(5, 5) } },
    ];
    const pixels = new Uint32Array(20 * 20);
    const visible = collectVisible(
      buildIndex(crowd),
      transformFromMatrix([1, 0, 0, 1, 0, 0]),
      { width: 20, height: 20 },
      style,
      2,
      0,
    );
    expect(paintMarkers(pixels, 20, 20, visible, ['#d62728', '#ffd700'], 1, 0)).toBe(2);
    expect(pixels[5 * 20 + 5]).toBe(pixelWord('#ffd700'));
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
    expect(calls.drawImage).toHaveLength(1);
    expect(ctx.globalAlpha).toBe(0.6);
  });
});
