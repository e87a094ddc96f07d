/**
 * The AI overlay as the viewer's client: the annotation controller keeps what it wants, a
 * click the select tool leaves unused picks the detection or archive object under it, and
 * the layer asks for a redraw when what it shows changes.
 */
import { describe, expect, it } from 'vitest';
import { slidePoint } from '../../../../electron/common/annotations/geometry';
import type { Annotation } from '../../../../electron/common/contract';
import { createAppStore } from '../../state/store';
import { FAKE_SLIDES, createFakeApi } from '../../testing/fakeApi';
import type { OverlayClient, OverlayPointer } from '../../viewer/annotationOverlay';
import { AiOverlayClient } from './aiOverlayClient';
import { screenPoint } from './geometry';
import { transformFromMatrix } from './transforms';

const SLIDE = FAKE_SLIDES['C-routine-old']![0]!.id;
const VIEW = transformFromMatrix([1, 0, 0, 1, 0, 0]);

function detection(id: string, x: number, y: number): Annotation {
  return {
    id,
    slideId: SLIDE,
    kind: 'point',
    geometry: { type: 'point', point: slidePoint(x, y) },
    classId: 'mitosis',
    name: '',
    text: '',
    measurements: {},
    objectType: 'detection',
    detectionStatus: 'pending',
    author: 'local user',
    authorId: null,
    createdAt: '2026-01-05T09:00:00Z',
    updatedAt: '2026-01-05T09:00:00Z',
  };
}

async function setUp() {
  const fake = createFakeApi({ handlers: { listHeatmaps: () => [] } });
  fake.annotations.set('d1', detection('d1', 100, 100));
  fake.annotations.set('d2', detection('d2', 400, 100));
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadAnnotationClasses();
  await store.getState().loadAnnotations(SLIDE);
  await store.getState().loadAiOverlay(SLIDE, false);
  const seen: string[] = [];
  let annotationUnder: string | null = null;
  const inner: OverlayClient = {
    wantsPress: () => false,
    pointer: (e) => {
      seen.push(e.type);
      if (e.type === 'click') store.getState().selectAnnotation(annotationUnder);
    },
    draw: () => undefined,
    cursor: () => (annotationUnder ? 'pointer' : ''),
    connect: () => () => undefined,
  };
  const client = new AiOverlayClient(store, inner);
  const click = (x: number, y: number): OverlayPointer => ({
    type: 'click',
    at: screenPoint(x, y),
    shift: false,
    clientX: x,
    clientY: y,
  });
  return {
    store,
    client,
    seen,
    click,
    setAnnotationUnder: (id: string | null) => (annotationUnder = id),
  };
}

describe('AI overlay client', () => {
  it('picks the detection under a click the select tool leaves unused', async () => {
    const { store, client, seen, click } = await setUp();
    client.pointer(click(402, 101), VIEW);
    expect(seen).toEqual(['click']);
    expect(store.getState().aiSelection).toEqual({ source: 'detection', id: 'd2' });
    expect(client.cursor(screenPoint(99, 99), VIEW)).toBe('pointer');
    expect(client.cursor(screenPoint(250, 300), VIEW)).toBe('');
    client.pointer(click(250, 300), VIEW);
    expect(store.getState().aiSelection).toBeNull();
  });

  it('leaves clicks to an annotation under them and to drawing tools', async () => {
    const { store, client, click, setAnnotationUnder } = await setUp();
    client.pointer(click(100, 100), VIEW);
    expect(store.getState().aiSelection).toEqual({ source: 'detection', id: 'd1' });
    setAnnotationUnder('a1');
    client.pointer(click(100, 100), VIEW);
    expect(store.getState().aiSelection).toBeNull();
    setAnnotationUnder(null);
    store.getState().setAnnotationTool('point');
    client.pointer(click(400, 100), VIEW);
    expect(store.getState().aiSelection).toBeNull();
  });

  it('never picks what is hidden', async () => {
    const { store, client, click } = await setUp();
    store.getState().toggleAiLayer('det:mitosis');
    client.pointer(click(100, 100), VIEW);
    expect(store.getState().aiSelection).toBeNull();
  });

  it('asks for a redraw when what it shows changes', async () => {
    const { store, client } = await setUp();
    let redraws = 0;
    const stop = client.connect(() => redraws++);
    store.getState().setAiOpacity(0.3);
    store.getState().toggleAiLayer('det:mitosis');
    expect(redraws).toBe(2);
    stop();
    store.getState().setAiOpacity(0.5);
    expect(redraws).toBe(2);
  });
});
