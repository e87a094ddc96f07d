/**
 * The controller between the overlay and the store, without a viewer: pointer events in
 * screen pixels through a rotated and flipped view, annotations out in slide pixels.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { createFakeApi, fakeSlideInfo } from '../../testing/fakeApi';
import type { OverlayPointer } from '../../viewer/annotationOverlay';
import { AnnotationController } from './controller';
import type { ScreenPoint } from './geometry';
import { screenPoint, slidePoint } from './geometry';
import { transformFromMatrix, viewMatrix } from './transforms';

const SLIDE = 'C-urgent-S1';
/** 90° clockwise and mirrored: the hardest case for keeping shapes on the tissue. */
const view = transformFromMatrix(
  viewMatrix({
    center: { x: 5000, y: 4000 },
    scale: 0.5,
    degrees: 90,
    flipped: true,
    width: 800,
    height: 600,
  }),
);

function pointer(type: OverlayPointer['type'], at: ScreenPoint, shift = false): OverlayPointer {
  return { type, at, shift, clientX: at.x, clientY: at.y };
}

async function setup() {
  const fake = createFakeApi();
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  store.setState({ slideInfo: fakeSlideInfo(SLIDE) });
  await store.getState().loadAnnotations(SLIDE);
  const c = new AnnotationController(store);
  /** Press, move and release as the overlay would send them (only if the tool wants it). */
  const drag = (from: ScreenPoint, to: ScreenPoint, shift = false) => {
    const down = pointer('down', from, shift);
    if (!c.wantsPress(down, view)) return false;
    c.pointer(down, view);
    c.pointer(pointer('move', screenPoint((from.x + to.x) / 2, (from.y + to.y) / 2), shift), view);
    c.pointer(pointer('move', to, shift), view);
    c.pointer(pointer('up', to, shift), view);
    return true;
  };
  return { store, fake, c, drag, s: () => store.getState() };
}

describe('annotation controller', () => {
  it('stores a rectangle drawn on a rotated, flipped view in slide pixels', async () => {
    const { c, s, drag } = await setup();
    s().setAnnotationTool('rectangle');
    expect(drag(screenPoint(400, 300), screenPoint(450, 350))).toBe(true);
    expect(s().annotations).toHaveLength(1);
    const g = s().annotations[0]!.geometry;
    expect(g.type).toBe('rectangle');
    // Each screen pixel is 2 slide pixels; the box is 100 × 100 slide pixels from the centre.
    const a = view.toSlide(screenPoint(400, 300));
    const b = view.toSlide(screenPoint(450, 350));
    if (g.type !== 'rectangle') throw new Error(g.type);
    expect(g.x).toBeCloseTo(Math.min(a.x, b.x), 6);
    expect(g.y).toBeCloseTo(Math.min(a.y, b.y), 6);
    expect(g.width).toBeCloseTo(100, 6);
    expect(g.height).toBeCloseTo(100, 6);
    expect(c.getSnapshot().live).toBeNull();
    expect(s().selectedAnnotationId).toBe(s().annotations[0]!.id);
  });

  it('shows the size while drawing, then lets the viewer pan with the select tool', async () => {
    const { c, s } = await setup();
    s().setAnnotationTool('line');
    c.pointer(pointer('down', screenPoint(100, 100)), view);
    c.pointer(pointer('move', screenPoint(160, 180)), view);
    expect(c.getSnapshot().live?.shape.kind).toBe('line');
    c.pointer(pointer('up', screenPoint(160, 180)), view);
    s().setAnnotationTool('select');
    s().selectAnnotation(null);
    expect(c.wantsPress(pointer('down', screenPoint(700, 500)), view)).toBe(false);
  });

  it('measures with Shift-drag without storing anything, until Esc', async () => {
    const { c, s, drag } = await setup();
    expect(drag(screenPoint(100, 100), screenPoint(200, 150), true)).toBe(true);
    expect(s().annotations).toHaveLength(0);
    expect(c.getSnapshot().live).toMatchObject({ transient: true, shape: { kind: 'rectangle' } });
    expect(c.key('Escape')).toBe(true);
    expect(c.getSnapshot().live).toBeNull();
    expect(c.key('Escape')).toBe(false);
  });

  it('counts with the count class and keeps the counting area selected', async () => {
    const { c, s, drag } = await setup();
    s().setAnnotationTool('count');
    drag(screenPoint(100, 100), screenPoint(300, 300));
    const area = s().annotations[0]!;
    c.pointer(pointer('down', screenPoint(200, 200)), view);
    c.pointer(pointer('up', screenPoint(200, 200)), view);
    expect(s().annotations[1]).toMatchObject({ kind: 'point', classId: 'mitosis' });
    expect(s().selectedAnnotationId).toBe(area.id);
    expect(s().countAreaId).toBe(area.id);
  });

  it('asks for the text of a note and opens the menu of an annotation on right-click', async () => {
    const { c, s } = await setup();
    s().setAnnotationTool('text');
    c.pointer(pointer('down', screenPoint(300, 300)), view);
    c.pointer(pointer('up', screenPoint(300, 300)), view);
    expect(c.getSnapshot().askText).not.toBeNull();
    c.answerText('  Margin close  ');
    expect(s().annotations[0]).toMatchObject({ kind: 'text', text: 'Margin close' });
    s().selectAnnotation(null);
    c.pointer(pointer('contextMenu', screenPoint(301, 300)), view);
    expect(c.getSnapshot().menu?.id).toBe(s().annotations[0]!.id);
    expect(s().selectedAnnotationId).toBe(s().annotations[0]!.id);
  });

  it('keeps shapes on the slide', async () => {
    const { s, drag } = await setup();
    s().setAnnotationTool('rectangle');
    // Far outside the 46,000 × 32,914 slide: to the top left of the view (rotated, mirrored).
    const outside = view.toScreen(slidePoint(-500, -500));
    drag(outside, view.toScreen(slidePoint(200, 300)));
    const g = s().annotations[0]!.geometry;
    expect(g).toMatchObject({ type: 'rectangle', x: 0, y: 0 });
  });
});
