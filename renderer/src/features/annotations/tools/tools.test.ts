/**
 * The tools, headless: pointer events in slide pixels in, effects out (no viewer, no DOM).
 */
import { describe, expect, it } from 'vitest';
import type { SlidePoint } from '../geometry';
import { slidePoint as p } from '../geometry';
import { hitTest } from '../hitTest';
import type { Shape } from '../shapes';
import { boxGeometry } from '../shapes';
import { createTool } from './index';
import type { Effect, Tool, ToolContext, ToolEvent } from './types';

function ctx(shapes: Record<string, Shape> = {}, selected: string | null = null): ToolContext {
  const items = Object.entries(shapes).map(([id, shape]) => ({ id, ...shape }));
  return {
    tolerance: 4,
    selected: selected && shapes[selected] ? { id: selected, ...shapes[selected] } : null,
    hit: (q) => hitTest(items, q, 4),
  };
}

const down = (point: SlidePoint, shift = false): ToolEvent => ({ type: 'down', point, shift });
const move = (point: SlidePoint, shift = false): ToolEvent => ({ type: 'move', point, shift });
const up = (point: SlidePoint, shift = false): ToolEvent => ({ type: 'up', point, shift });

const line = (a: SlidePoint, b: SlidePoint): Shape => ({
  kind: 'line',
  geometry: { type: 'polyline', points: [a, b] },
});
const polygon = (points: SlidePoint[]): Shape => ({
  kind: 'polygon',
  geometry: { type: 'polygon', rings: [points] },
});

/** The vertices of a created shape's line or outline. */
function pointsOf(effect: Effect | undefined): readonly SlidePoint[] {
  if (effect?.type !== 'create') throw new Error('not a create');
  const g = effect.shape.geometry;
  if (g.type === 'polyline') return g.points;
  if (g.type === 'polygon') return g.rings[0] ?? [];
  throw new Error(`no points in ${g.type}`);
}

/** Sends events in order; returns every effect. */
function run(tool: Tool, events: ToolEvent[], c = ctx()) {
  return events.flatMap((e) => tool.send(e, c));
}

describe('point tool', () => {
  it('places a point where the button is released, and stays ready for the next', () => {
    const t = createTool('point');
    expect(t.send(down(p(10, 10)), ctx())).toEqual([]);
    expect(t.phase).toBe('pointing');
    expect(t.send(up(p(11, 10)), ctx())).toEqual([
      {
        type: 'create',
        shape: { kind: 'point', geometry: { type: 'point', point: p(11, 10) } },
        purpose: 'annotate',
      },
    ]);
    expect(t.phase).toBe('idle');
  });

  it('text asks for the note instead of creating it', () => {
    expect(run(createTool('text'), [down(p(5, 5)), up(p(5, 5))])).toEqual([
      { type: 'askText', at: p(5, 5) },
    ]);
  });
});

describe('line, arrow, rectangle, ellipse', () => {
  it('draw by dragging, with a live preview', () => {
    const t = createTool('line');
    t.send(down(p(0, 0)), ctx());
    t.send(move(p(2, 0)), ctx());
    expect(t.phase).toBe('pointing');
    expect(t.preview()).toBeNull();
    t.send(move(p(50, 0)), ctx());
    expect(t.phase).toBe('drawing');
    expect(t.preview()?.shape).toEqual(line(p(0, 0), p(50, 0)));
    expect(t.send(up(p(100, 0)), ctx())).toEqual([
      {
        type: 'create',
        shape: line(p(0, 0), p(100, 0)),
        purpose: 'annotate',
      },
    ]);
    expect(t.phase).toBe('idle');
    expect(t.preview()).toBeNull();
  });

  it('draw by two clicks, following the pointer in between', () => {
    const t = createTool('rectangle');
    expect(run(t, [down(p(0, 0)), up(p(0, 0)), move(p(30, 20))])).toEqual([]);
    expect(t.preview()?.shape.geometry).toEqual(boxGeometry('rectangle', p(0, 0), p(30, 20)));
    expect(run(t, [down(p(40, 30)), up(p(40, 30))])).toEqual([
      {
        type: 'create',
        shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 0), p(40, 30)) },
        purpose: 'annotate',
      },
    ]);
  });

  it('make squares and 45° lines with Shift', () => {
    const box = run(createTool('ellipse'), [
      down(p(0, 0)),
      move(p(50, 20), true),
      up(p(50, 20), true),
    ]);
    expect(box[0]).toMatchObject({
      shape: { kind: 'ellipse', geometry: { x: 0, y: 0, width: 50, height: 50 } },
    });
    const arrow = run(createTool('arrow'), [
      down(p(0, 0)),
      move(p(100, 3), true),
      up(p(100, 3), true),
    ]);
    expect(arrow[0]).toMatchObject({ shape: { kind: 'arrow' } });
    const end = pointsOf(arrow[0])[1]!;
    expect(end.y).toBeCloseTo(0);
  });

  it('create nothing for a slip of the hand, and drop the shape on Esc', () => {
    const t = createTool('line');
    expect(run(t, [down(p(0, 0)), move(p(5, 0)), up(p(3, 0))])).toEqual([]);
    run(t, [down(p(0, 0)), move(p(50, 0))]);
    t.send({ type: 'key', key: 'Escape' }, ctx());
    expect(t.phase).toBe('idle');
    expect(t.send(up(p(60, 0)), ctx())).toEqual([]);
  });
});

describe('polygon tool', () => {
  it('adds a vertex per click and closes on double-click', () => {
    const t = createTool('polygon');
    run(t, [down(p(0, 0)), up(p(0, 0)), down(p(100, 0)), up(p(100, 0)), move(p(90, 90))]);
    expect(t.phase).toBe('drawing');
    expect(t.preview()?.shape).toEqual(polygon([p(0, 0), p(100, 0), p(90, 90)]));
    // A double-click: two presses at the same place, then the dblclick event.
    const effects = run(t, [
      down(p(100, 100)),
      up(p(100, 100)),
      down(p(101, 100)),
      up(p(101, 100)),
      { type: 'doubleClick', point: p(101, 100) },
    ]);
    expect(effects).toEqual([
      { type: 'create', shape: polygon([p(0, 0), p(100, 0), p(100, 100)]), purpose: 'annotate' },
    ]);
  });

  it('closes on the first vertex or Enter, Backspace removes the last vertex', () => {
    const t = createTool('polygon');
    run(t, [down(p(0, 0)), down(p(100, 0)), down(p(100, 100)), down(p(50, 50))]);
    t.send({ type: 'key', key: 'Backspace' }, ctx());
    expect(run(t, [down(p(1, 1))])).toEqual([
      { type: 'create', shape: polygon([p(0, 0), p(100, 0), p(100, 100)]), purpose: 'annotate' },
    ]);
    run(t, [down(p(0, 0)), down(p(100, 0))]);
    expect(t.send({ type: 'key', key: 'Enter' }, ctx())).toEqual([]);
    expect(t.phase).toBe('idle');
  });
});

describe('freehand tool', () => {
  it('closes a lasso on release, simplified', () => {
    const t = createTool('freehand');
    const circle = Array.from({ length: 200 }, (_, i) => {
      const a = (2 * Math.PI * i) / 200;
      return p(500 + 100 * Math.cos(a), 500 + 100 * Math.sin(a));
    });
    t.send(down(circle[0]!), ctx());
    for (const q of circle.slice(1)) t.send(move(q), ctx());
    expect(t.preview()?.shape.kind).toBe('freehand');
    const [effect] = t.send(up(circle[199]!), ctx());
    expect(effect).toMatchObject({
      type: 'create',
      shape: { kind: 'freehand', geometry: { type: 'polygon' } },
    });
    const points = pointsOf(effect);
    expect(points.length).toBeGreaterThan(8);
    expect(points.length).toBeLessThan(100);
  });

  it('ignores a click', () => {
    expect(run(createTool('freehand'), [down(p(0, 0)), up(p(0, 0))])).toEqual([]);
  });
});

describe('count tool', () => {
  it('counts on click and draws the counting area on drag', () => {
    const t = createTool('count');
    expect(run(t, [down(p(10, 10)), up(p(10, 10))])).toEqual([
      {
        type: 'create',
        shape: { kind: 'point', geometry: { type: 'point', point: p(10, 10) } },
        purpose: 'count',
      },
    ]);
    expect(run(t, [down(p(0, 0)), move(p(200, 100)), up(p(200, 100))])).toEqual([
      {
        type: 'create',
        shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 0), p(200, 100)) },
        purpose: 'countArea',
      },
    ]);
  });
});

describe('select tool', () => {
  const shapes: Record<string, Shape> = {
    box: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 0), p(100, 100)) },
    dot: { kind: 'point', geometry: { type: 'point', point: p(500, 500) } },
  };

  it('lets the viewer pan unless the press is on the selected annotation', () => {
    const t = createTool('select');
    expect(t.wantsPress(p(50, 50), ctx(shapes))).toBe(false);
    expect(t.wantsPress(p(50, 50), ctx(shapes, 'box'))).toBe(true);
    expect(t.wantsPress(p(300, 300), ctx(shapes, 'box'))).toBe(false);
  });

  it('selects on click, and clears the selection on empty glass', () => {
    const t = createTool('select');
    expect(t.send({ type: 'click', point: p(501, 500) }, ctx(shapes))).toEqual([
      { type: 'select', id: 'dot' },
    ]);
    expect(t.send({ type: 'click', point: p(300, 300) }, ctx(shapes))).toEqual([
      { type: 'select', id: null },
    ]);
  });

  it('moves the selected shape by dragging it', () => {
    const t = createTool('select');
    const c = ctx(shapes, 'box');
    run(t, [down(p(50, 50)), move(p(52, 50))], c);
    expect(t.phase).toBe('pointing');
    run(t, [move(p(70, 60))], c);
    expect(t.phase).toBe('editing');
    expect(t.preview()).toEqual({
      id: 'box',
      shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(20, 10), p(120, 110)) },
    });
    expect(t.send(up(p(70, 60)), c)).toEqual([
      {
        type: 'update',
        id: 'box',
        shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(20, 10), p(120, 110)) },
        change: 'move',
      },
    ]);
  });

  it('edits a vertex by dragging its handle', () => {
    const t = createTool('select');
    const c = ctx(shapes, 'box');
    expect(run(t, [down(p(99, 1)), move(p(150, -20)), up(p(150, -20))], c)).toEqual([
      {
        type: 'update',
        id: 'box',
        shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 100), p(150, -20)) },
        change: 'edit',
      },
    ]);
  });

  it('changes nothing on Esc during a drag, or on a click on the selected shape', () => {
    const t = createTool('select');
    const c = ctx(shapes, 'box');
    run(t, [down(p(50, 50)), move(p(80, 80))], c);
    t.send({ type: 'key', key: 'Escape' }, c);
    expect(t.preview()).toBeNull();
    expect(t.send(up(p(80, 80)), c)).toEqual([]);
    expect(run(t, [down(p(50, 50)), up(p(50, 50))], c)).toEqual([{ type: 'select', id: 'box' }]);
  });
});
