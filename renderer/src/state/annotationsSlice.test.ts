import { describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../electron/common/errors';
import { slidePoint as p } from '../features/annotations/geometry';
import type { Shape } from '../features/annotations/shapes';
import { boxGeometry } from '../features/annotations/shapes';
import { createFakeApi } from '../testing/fakeApi';
import type { FakeApiOptions } from '../testing/fakeApi';
import { createAppStore } from './store';

const SLIDE = 'C-urgent-S1';
const box: Shape = { kind: 'rectangle', geometry: boxGeometry('rectangle', p(0, 0), p(100, 50)) };
const dot: Shape = { kind: 'point', geometry: { type: 'point', point: p(10, 10) } };

async function setup(options: FakeApiOptions = {}) {
  const fake = createFakeApi(options);
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadAnnotations(SLIDE);
  return { store, fake, s: () => store.getState() };
}

describe('annotations slice', () => {
  it('loads the slide and the classes', async () => {
    const { s } = await setup();
    expect(s().annotationsStatus).toBe('ready');
    expect(s().annotationSlideId).toBe(SLIDE);
    await Promise.resolve();
    expect(s().annotationClasses.map((c) => c.id)).toContain('mitosis');
  });

  it('shows a change at once and saves it at once, in order', async () => {
    const { s, fake } = await setup();
    s().setDrawClass('tumour');
    const created = s().createAnnotation(box);
    expect(created).not.toBeNull();
    expect(s().annotations).toHaveLength(1);
    s().updateAnnotation(created!.id, { name: 'Front' }, 'rename');
    expect(s().annotations[0]?.name).toBe('Front');
    await s().annotationsSettled();
    const stored = fake.annotations.get(created!.id);
    expect(stored).toMatchObject({ classId: 'tumour', name: 'Front', kind: 'rectangle' });
    // The engine's record (author, dates) replaces the local one.
    expect(s().annotations[0]?.author).toBe('local user');
    const saves = fake.calls.filter((c) => c.method === 'saveAnnotation');
    expect(saves).toHaveLength(2);
  });

  it('undoes and redoes every change, a deletion coming back with its id', async () => {
    const { s, fake } = await setup();
    const a = s().createAnnotation(box)!;
    s().updateAnnotation(a.id, { classId: 'stroma' }, 'reclass');
    s().deleteAnnotation(a.id);
    await s().annotationsSettled();
    expect(fake.annotations.has(a.id)).toBe(false);
    expect(s().annotationHistory).toMatchObject({ canUndo: true, undoLabel: 'delete' });

    s().undoAnnotation();
    await s().annotationsSettled();
    expect(fake.annotations.get(a.id)?.classId).toBe('stroma');
    expect(s().annotations.map((x) => x.id)).toEqual([a.id]);

    s().undoAnnotation();
    await s().annotationsSettled();
    expect(fake.annotations.get(a.id)?.classId).toBeNull();

    s().undoAnnotation();
    await s().annotationsSettled();
    expect(fake.annotations.has(a.id)).toBe(false);
    expect(s().annotationHistory).toMatchObject({
      canUndo: false,
      canRedo: true,
      redoLabel: 'create',
    });

    s().redoAnnotation();
    s().redoAnnotation();
    await s().annotationsSettled();
    expect(fake.annotations.get(a.id)?.classId).toBe('stroma');
    expect(s().annotationHistory.redoLabel).toBe('delete');
  });

  it('keeps the last area selected as the counting area', async () => {
    const { s } = await setup();
    const area = s().createAnnotation(box)!;
    const point = s().createAnnotation(dot)!;
    s().selectAnnotation(area.id);
    s().selectAnnotation(point.id);
    expect(s().countAreaId).toBe(area.id);
    s().deleteAnnotation(area.id);
    expect(s().countAreaId).toBeNull();
  });

  it('reads the slide again and says why when the engine refuses a change', async () => {
    const { s } = await setup({
      handlers: {
        saveAnnotation: () => {
          throw new WorkstationError('invalid_argument', 'The annotation leaves the slide');
        },
        listAnnotations: () => [],
      },
    });
    s().createAnnotation(box);
    expect(s().annotations).toHaveLength(1);
    await s().annotationsSettled();
    await s().annotationsSettled();
    await new Promise((r) => setTimeout(r, 0));
    expect(s().annotations).toHaveLength(0);
    expect(s().toasts.at(-1)).toMatchObject({
      task: 'annotations',
      error: { code: 'invalid_argument', message: 'The annotation leaves the slide' },
    });
  });

  it('imports all of a file or nothing, with the engine’s message', async () => {
    const { s } = await setup();
    const bad = await s().importAnnotations(
      '{"type":"FeatureCollection","features":[{"geometry":{"type":"LineString"}}]}',
    );
    expect(bad).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Feature 1: only points here.' },
    });
    expect(s().annotations).toHaveLength(0);
    const good = await s().importAnnotations(
      '{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":[5,6]}}]}',
    );
    expect(good).toMatchObject({ ok: true, imported: 1 });
    expect(s().annotations).toHaveLength(1);
    expect(await s().exportAnnotations()).toContain('"coordinates":[5,6]');
  });

  it('starts a fresh history on another slide', async () => {
    const { s } = await setup();
    s().createAnnotation(box);
    await s().loadAnnotations('C-urgent-S2');
    expect(s().annotations).toHaveLength(0);
    expect(s().annotationHistory.canUndo).toBe(false);
  });
});
