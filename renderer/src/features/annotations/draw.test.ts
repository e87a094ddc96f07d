import { describe, expect, it } from 'vitest';
import type { Batches, Ctx, Drawable } from './draw';
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
    const b = buildBatches(items, 'b', () => recorder().target as Path2D);
    expect(b.layers.map((l) => [l.colour, l.hasAreas, l.hasLines])).toEqual([
      ['#ff0000', true, false],
      ['#00ff00', true, true],
    ]);
    expect(b.points).toHaveLength(1);
    expect(b.arrows).toHaveLength(1);
    expect(b.texts).toEqual([{ at: p(1, 1), text: 'Note', colour: '#fff' }]);
  });

  it('draws a thousand shapes of one class with one fill and two strokes', () => {
    const items = Array.from({ length: 1000 }, (_, i) => box(`r${i}`, '#d62728', i * 60));
    const paths = recorder();
    const batches: Batches = buildBatches(items, null, () => paths.target as Path2D);
    const ctx = recorder();
    const view = transformFromMatrix(
      viewMatrix({
        center: { x: 0, y: 0 },
        scale: 1,
        degrees: 0,
        flipped: false,
        width: 800,
        height: 600,
      }),
    );
    drawScene(
      ctx.target as Ctx,
      { items, selectedId: null, preview: null, measure: null },
      batches,
      view,
      { width: 800, height: 600, dpr: 1 },
    );
    expect(ctx.calls.filter((c) => c === 'fill')).toHaveLength(1);
    expect(ctx.calls.filter((c) => c === 'stroke')).toHaveLength(2);
    // The paths were traced once, when the batches were built.
    expect(paths.calls.filter((c) => c === 'moveTo')).toHaveLength(1000);
  });
});
