/**
 * The annotation calls of the contract, end to end through dispatch (validation of
 * arguments and results included) on a real workstation with fake slides (1000 × 800 px,
 * 0.25 µm/px).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { slidePoint } from '../../common/annotations';
import type { Method } from '../../common/contract';
import { slidePx } from '../../common/pyramid';
import { dispatch } from '../../common/rpc';
import { fakeLibrary, fakeWorkstation } from '../testing/fakeWorkstation';

type Ws = Awaited<ReturnType<typeof fakeWorkstation>>;
const open: Ws[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.close()));
});

async function setUp(options: { dataDir?: string; libraryFolders?: string[] } = {}) {
  const ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()], ...options });
  open.push(ws);
  const [c] = await ws.handlers.listCases({});
  const slideId = await ws.findSlide(c!.accession, 1);
  const call = async (method: Method, args: unknown) => dispatch(ws.handlers, method, args);
  return { ws, slideId, call };
}

describe('annotation calls', () => {
  it('save, list, delete and undo through the contract, with the author from Settings', async () => {
    const { ws, slideId, call } = await setUp();
    expect(await call('listAnnotations', { slideId })).toEqual({ ok: true, value: [] });
    const saved = await call('saveAnnotation', {
      annotation: {
        slideId,
        kind: 'arrow',
        geometry: { type: 'polyline', points: [slidePoint(10, 10), slidePoint(200, 100)] },
        classId: 'lymphovascular-invasion',
      },
    });
    expect(saved).toMatchObject({
      ok: true,
      value: { kind: 'arrow', author: 'local user', name: '', text: '', measurements: {} },
    });
    const id = (saved as { value: { id: string } }).value.id;

    await ws.handlers.updateSettings({ authorName: 'Dr Dupont' });
    const second = await ws.handlers.saveAnnotation({
      annotation: {
        slideId,
        kind: 'text',
        geometry: { type: 'point', point: slidePoint(500, 400) },
        classId: null,
        name: '',
        text: 'Emboles ?',
      },
    });
    expect(second.author).toBe('Dr Dupont');

    expect(await call('deleteAnnotation', { id })).toEqual({ ok: true, value: {} });
    expect((await ws.handlers.listAnnotations({ slideId })).map((a) => a.id)).toEqual([second.id]);
    const undone = await ws.handlers.saveAnnotation({
      annotation: {
        id,
        slideId,
        kind: 'arrow',
        geometry: { type: 'polyline', points: [slidePoint(10, 10), slidePoint(200, 100)] },
        classId: 'lymphovascular-invasion',
        name: '',
        text: '',
      },
    });
    expect(undone).toMatchObject({ id, author: 'local user' });
    expect((await ws.handlers.listAnnotations({ slideId })).map((a) => a.id)).toEqual([
      id,
      second.id,
    ]);
  });

  it('refuses what the contract or the slide does not allow, with a message', async () => {
    const { slideId, call } = await setUp();
    const line = { type: 'polyline', points: [slidePoint(0, 0), slidePoint(1, 1)] };
    const refusals: [unknown, RegExp][] = [
      [
        { annotation: { slideId, kind: 'rectangle', geometry: line } },
        /a rectangle cannot have a polyline/,
      ],
      [{ annotation: { slideId, kind: 'line', geometry: line, author: 'me' } }, /Unrecognized key/],
      [
        {
          annotation: {
            slideId,
            kind: 'point',
            geometry: { type: 'point', point: { x: 1001, y: 2 } },
          },
        },
        /leaves the slide at \(1001, 2\); the slide is 1000×800 pixels/,
      ],
      [
        { annotation: { slideId, kind: 'line', geometry: line, classId: 'unknown' } },
        /Unknown annotation class/,
      ],
    ];
    for (const [args, message] of refusals) {
      const r = await call('saveAnnotation', args);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect((r as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await call('listAnnotations', { slideId: 'sNoSuchSlide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('deleteAnnotation', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('imports QuPath GeoJSON all or nothing, reviews detections, and exports for QuPath', async () => {
    const { ws, slideId, call } = await setUp();
    const bad = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 1] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1200, 5] }, properties: {} },
      ],
    });
    expect(await call('importAnnotations', { slideId, geojson: bad })).toEqual({
      ok: false,
      error: {
        code: 'invalid_argument',
        message:
          'feature 2 (features[1]): coordinates outside the slide (1200, 5) for a slide of 1000×800',
      },
    });
    expect(await ws.handlers.listAnnotations({ slideId })).toEqual([]);

    const detections = JSON.stringify({
      type: 'FeatureCollection',
      features: [10, 20, 30].map((x) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [x, x] },
        properties: {
          objectType: 'detection',
          classification: { name: 'Mitotic figure', color: [255, 0, 0] },
          measurements: { Probability: 0.9 },
        },
      })),
    });
    expect(await call('importAnnotations', { slideId, geojson: detections })).toEqual({
      ok: true,
      value: { imported: 3, detections: 3, classesCreated: 0 },
    });
    const [d1, d2] = await ws.handlers.listAnnotations({ slideId });
    expect(d1).toMatchObject({
      objectType: 'detection',
      detectionStatus: 'pending',
      classId: 'mitosis',
    });
    expect(await call('setDetectionStatus', { ids: [d1!.id], status: 'accepted' })).toEqual({
      ok: true,
      value: { updated: 1 },
    });
    await ws.handlers.setDetectionStatus({ ids: [d2!.id], status: 'rejected' });
    expect(await call('setDetectionStatus', { ids: [], status: 'accepted' })).toMatchObject({
      ok: false,
    });

    await ws.handlers.saveAnnotation({
      annotation: {
        slideId,
        kind: 'rectangle',
        geometry: {
          type: 'rectangle',
          x: slidePx(100),
          y: slidePx(100),
          width: slidePx(400),
          height: slidePx(200),
        },
        classId: 'tumour',
        name: 'Zone',
        text: '',
      },
    });
    const strip = (list: Awaited<ReturnType<typeof ws.handlers.listAnnotations>>) =>
      list.map(({ kind, geometry, classId, name, objectType, detectionStatus }) => ({
        kind,
        geometry,
        classId,
        name,
        objectType,
        detectionStatus,
      }));
    const { geojson } = await ws.handlers.exportAnnotations({ slideId });
    const doc = JSON.parse(geojson) as {
      features: { properties: { objectType: string; measurements?: Record<string, number> } }[];
    };
    expect(doc.features.map((f) => f.properties.objectType)).toEqual([
      'annotation',
      'detection',
      'annotation',
    ]);
    // 400 × 200 px at 0.25 µm/px: 100 × 50 µm.
    expect(doc.features[2]!.properties.measurements).toEqual({
      'Area µm^2': 5000,
      'Perimeter µm': 300,
    });

    // Exported, then imported back: the same geometry, kinds, classes and statuses again.
    const before = strip(await ws.handlers.listAnnotations({ slideId }));
    const copy = await ws.handlers.importAnnotations({ slideId, geojson });
    expect(copy).toEqual({ imported: 3, detections: 1, classesCreated: 0 });
    const after = strip(await ws.handlers.listAnnotations({ slideId }));
    expect(after.slice(before.length)).toEqual(
      before.filter((a) => a.detectionStatus !== 'rejected'),
    );
  });

  it('keeps a slide’s annotations when its case leaves the library, and shows them when it is back', async () => {
    const lib = fakeLibrary();
    const ws = await fakeWorkstation({ libraryFolders: [lib] });
    open.push(ws);
    const slide = await ws.findSlide('B26-000001', 1);
    await ws.handlers.saveAnnotation({
      annotation: {
        slideId: slide,
        kind: 'point',
        geometry: { type: 'point', point: slidePoint(1, 1) },
        classId: 'mitosis',
        name: '',
        text: '',
      },
    });
    const away = `${lib}-away`;
    fs.renameSync(lib, away);
    await ws.handlers.rescanLibrary({});
    await expect(ws.findSlide('B26-000001', 1)).rejects.toThrow(/No case has accession/);
    fs.renameSync(away, lib);
    await ws.handlers.rescanLibrary({});
    expect(await ws.findSlide('B26-000001', 1)).toBe(slide);
    expect(await ws.handlers.listAnnotations({ slideId: slide })).toHaveLength(1);
  });
});
