import { describe, expect, it } from 'vitest';
import type { Batches, Ctx, Drawable } from './draw';
import type { PictureSurface } from './annotationPicture';
import { AnnotationPicture } from './annotationPicture';
import { buildBatches, drawScene } from './draw';
import { slidePoint as p } from './geometry';
import { boxGeometry } from './shapes';
import { transformFromMatrix, viewMatrix } from './transforms';

/** Counts what is done to a path or a context. */
function recorder() {
  const calls: string[] = [];
  const target = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name === 'measureText'
          ? () => ({ width: 10 })
          : (..._args: unknown[]) => void calls.push(name),
      set: () => true,
    },
  );
  return { calls, target };
}

const box = (id: string, colour: string, x: number): Drawable => ({
  id,
  kind: 'rectangle',
  geometry: boxGeometry('rectangle', p(x, 0), p(x + 50, 50)),
  colour,
  text: '',
});

describe('batched drawing', () => {
  it('puts every outline of a colour into one path, and points, arrows and notes aside', () => {
    const items: Drawable[] = [
      box('a', '#ff0000', 0),
      box('b', '#ff0000', 100),
      box('c', '#00ff00', 200),
      {
        id: 'd',
        kind: 'point',
        geometry: { type: 'point', point: p(5, 5) },
        colour: '#ff0000',
        text: '',
      },
      {
        id: 'e',
        kind: 'arrow',
        geometry: { type: 'polyline', points: [p(0, 0), p(9, 9)] },
        colour: '#00ff00',
        text: '',
      },
      {
        id: 'f',
        kind: 'text',
        geometry: { type: 'point', point: p(1, 1) },
        colour: '#fff',
        text: 'Note',
      },
    ];
    const b = buildBatches(items, 'b');
    expect(b.shapes.colours).toEqual(['#ff0000', '#00ff00']);
    expect(b.shapes.index.objects.map((o) => o.id)).toEqual(['a', 'c', 'd', 'e']);
    expect(b.arrows).toHaveLength(1);
    expect(b.texts).toEqual([{ at: p(1, 1), text: 'Note', colour: '#fff' }]);
  });

  it('draws the shapes in view of a thousand of one class with one fill and two strokes', () => {
    const items = Array.from({ length: 1000 }, (_, i) => box(`r${i}`, '#d62728', i * 60));
    const batches: Batches = buildBatches(items, null);
    const ctx = recorder();
    drawScene(
      ctx.target as Ctx,
      { items, selectedId: null, preview: null, measure: null },
      batches,
      view(0),
      { width: 800, height: 600, dpr: 1 },
    );
    expect(ctx.calls.filter((c) => c === 'fill')).toHaveLength(1);
    expect(ctx.calls.filter((c) => c === 'stroke')).toHaveLength(2);
    // Only the boxes within the 400 px right of the centre (x = 0, 60, …, 360) are traced.
    expect(ctx.calls.filter((c) => c === 'moveTo')).toHaveLength(7);
  });

  it('keeps a picture of the shapes in view that a pan within its margin only moves', () => {
    const items = Array.from({ length: 1000 }, (_, i) => box(`r${i}`, '#d62728', i * 60));
    const batches = buildBatches(items, null);
    const surface = recorder();
    let made = 0;
    const picture = new AnnotationPicture(() => {
      made++;
      return { image: {} as CanvasImageSource, ctx: surface.target as PictureSurface['ctx'] };
    });
    const scene = { items, selectedId: null, preview: null, measure: null };
    const size = { width: 800, height: 600, dpr: 1 };
    const frame = (x: number) => {
      const ctx = recorder();
      drawScene(ctx.target as Ctx, scene, batches, view(x), size, picture);
      return ctx.calls;
    };
    expect(frame(0)).toContain('drawImage');
    const traced = surface.calls.filter((c) => c === 'moveTo').length;
    // Within the margin each side of the screen: only placed.
    for (const x of [10, 100, 300]) {
      const calls = frame(x);
      expect(calls.filter((c) => c === 'drawImage')).toHaveLength(1);
      expect(calls).not.toContain('moveTo');
    }
    expect(surface.calls.filter((c) => c === 'moveTo')).toHaveLength(traced);
    // Beyond it: drawn again with the shapes now in view.
    frame(2000);
    expect(surface.calls.filter((c) => c === 'moveTo').length).toBeGreaterThan(traced);
    expect(made).toBe(1);
  });
});

function view(x: number) {
  return transformFromMatrix(
    viewMatrix({
      center: { x, y: 0 },
      scale: 1,
      degrees: 0,
      flipped: false,
      width: 800,
      height: 600,
    }),
  );
}
