import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationInputSchema } from '../../common/annotations';
import { slidePoint } from '../../common/annotations';
import { MAX_ANNOTATIONS_PER_SLIDE } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import { slidePx } from '../../common/pyramid';
import { AuditLog } from '../audit/auditLog';
import type { WorkstationDb } from '../db/open';
import { openWorkstationDb } from '../db/open';
import { silentLogger } from '../log/logger';
import type { z } from 'zod';
import { AnnotationService } from './annotationService';
import type { SlideFrame } from './geojson';

type Input = z.output<typeof AnnotationInputSchema>;

const FRAME: SlideFrame = { width: 100_000, height: 80_000, mpp: { x: 0.25, y: 0.25 } };

let dir: string;
let db: WorkstationDb;
let service: AnnotationService;
let author = 'Dr Martin';

function open(): AnnotationService {
  return new AnnotationService(db, {
    author: () => ({ name: author, id: null }),
    assertSlide: (id) => {
      if (!['s1', 's2'].includes(id)) throw new WorkstationError('not_found', 'No such slide');
    },
    audit: new AuditLog(db),
  });
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annotations-'));
  db = await openWorkstationDb(path.join(dir, 'workstation.db'), silentLogger);
  author = 'Dr Martin';
  service = open();
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const point = (x: number, y: number, extra: Partial<Input> = {}): Input => ({
  slideId: 's1',
  kind: 'point',
  geometry: { type: 'point', point: slidePoint(x, y) },
  classId: null,
  name: '',
  text: '',
  ...extra,
});

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const pointFeature = (x: number, y: number, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [x, y] },
  properties,
});

describe('annotations in workstation.db', () => {
  it('saves at once with author and timestamps, updates, deletes, and undo brings one back as it was', async () => {
    const created = service.save(point(10, 20, { classId: 'mitosis' }), FRAME);
    expect(created).toMatchObject({
      slideId: 's1',
      kind: 'point',
      classId: 'mitosis',
      objectType: 'annotation',
      detectionStatus: null,
      author: 'Dr Martin',
      authorId: null,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toBe(created.updatedAt);

    // Another connection sees it: it is on disk, not waiting in memory.
    const other = await openWorkstationDb(path.join(dir, 'workstation.db'), silentLogger);
    expect(other.prepare('SELECT count(*) AS n FROM annotations').get()).toEqual({ n: 1 });
    other.close();

    await new Promise((r) => setImmediate(r));
    author = 'Someone else';
    const moved = service.save({ ...point(30, 40), id: created.id, name: 'moved' }, FRAME);
    expect(moved).toMatchObject({ id: created.id, name: 'moved', author: 'Dr Martin' });
    expect(moved.createdAt).toBe(created.createdAt);
    expect(moved.geometry).toEqual({ type: 'point', point: slidePoint(30, 40) });

    service.delete(created.id);
    expect(service.list('s1')).toEqual([]);
    expect(() => service.delete(created.id)).toThrow(/does not exist/);

    const restored = service.save({ ...point(30, 40), id: created.id, name: 'moved' }, FRAME);
    expect(restored).toMatchObject({
      id: created.id,
      createdAt: created.createdAt,
      author: 'Dr Martin',
    });
    expect(service.list('s1').map((a) => a.id)).toEqual([created.id]);

    const withId = service.save({ ...point(1, 1), id: 'made-by-the-viewer' }, FRAME);
    expect(withId.id).toBe('made-by-the-viewer');
    expect(service.list('s1').map((a) => a.id)).toEqual([created.id, 'made-by-the-viewer']);
    expect(
      db
        .prepare<[], { action: string }>(
          "SELECT action FROM audit_log WHERE action LIKE 'annotation.%'",
        )
        .all()
        .map((r) => r.action),
    ).toEqual([
      'annotation.save',
      'annotation.save',
      'annotation.delete',
      'annotation.save',
      'annotation.save',
    ]);
  });

  it('refuses shapes off the slide, unknown classes and slides, and ids of another slide', () => {
    expect(() => service.save(point(100_001, 5), FRAME)).toThrow(
      'The annotation leaves the slide at (100001, 5); the slide is 100000×80000 pixels.',
    );
    expect(() =>
      service.save(
        {
          ...point(0, 0),
          kind: 'rectangle',
          geometry: {
            type: 'rectangle',
            x: slidePx(99_000),
            y: slidePx(0),
            width: slidePx(2000),
            height: slidePx(10),
          },
        },
        FRAME,
      ),
    ).toThrow(/leaves the slide at \(101000, 10\)/);
    expect(() => service.save(point(1, 1, { classId: 'nope' }), FRAME)).toThrow(
      'Unknown annotation class nope.',
    );
    expect(() => service.save(point(1, 1, { slideId: 's9' }), FRAME)).toThrow('No such slide');
    const a = service.save(point(1, 1), FRAME);
    expect(() => service.save({ ...point(1, 1, { slideId: 's2' }), id: a.id }, FRAME)).toThrow(
      /belongs to another slide/,
    );
  });

  it('keeps user classes with names in both languages, unique, and built-ins unchangeable', () => {
    const cis = service.saveClass({
      colour: '#123abc',
      names: { fr: 'CIS', en: 'Carcinoma in situ' },
    });
    expect(cis).toMatchObject({ builtIn: false, colour: '#123abc' });
    expect(service.classes().map((c) => c.id)).toEqual([
      'tumour',
      'stroma',
      'necrosis',
      'mitosis',
      'lymphovascular-invasion',
      'margin',
      'other',
      cis.id,
    ]);
    expect(service.saveClass({ ...cis, colour: '#000000' }).colour).toBe('#000000');
    expect(() =>
      service.saveClass({ colour: '#000000', names: { fr: 'Tumeur', en: 'Lesion' } }),
    ).toThrow(/already exists/);
    expect(() => service.saveClass({ colour: '#000000', names: { fr: 'cis', en: 'x' } })).toThrow(
      /already exists/,
    );
    expect(() =>
      service.saveClass({ id: 'tumour', colour: '#000000', names: { fr: 'T', en: 'T' } }),
    ).toThrow(/built-in/);
    expect(service.save(point(1, 1, { classId: cis.id }), FRAME).classId).toBe(cis.id);
  });

  it('imports detections for review; accepting makes them annotations, and it can be undone', () => {
    const result = service.importGeoJson(
      's1',
      fc([
        pointFeature(1, 1, { objectType: 'detection', classification: { name: 'Mitosis' } }),
        pointFeature(2, 2, { objectType: 'detection', classification: { name: 'Mitosis' } }),
        pointFeature(3, 3, { objectType: 'annotation', classification: { name: 'Tumor' } }),
      ]),
      FRAME,
    );
    expect(result).toEqual({ imported: 3, detections: 2, classesCreated: 0 });
    const [d1, d2, a] = service.list('s1');
    expect([d1!.objectType, d1!.detectionStatus, d1!.classId]).toEqual([
      'detection',
      'pending',
      'mitosis',
    ]);
    expect([a!.objectType, a!.detectionStatus, a!.classId]).toEqual(['annotation', null, 'tumour']);
    expect(a!.author).toBe('Dr Martin');

    expect(service.setDetectionStatus([d1!.id], 'accepted')).toBe(1);
    expect(service.setDetectionStatus([d2!.id], 'rejected')).toBe(1);
    const after = service.list('s1');
    expect(after.map((x) => [x.objectType, x.detectionStatus])).toEqual([
      ['annotation', 'accepted'],
      ['detection', 'rejected'],
      ['annotation', null],
    ]);
    // All or none: a drawn annotation has no review status.
    expect(() => service.setDetectionStatus([d1!.id, a!.id], 'pending')).toThrow(
      /no review status/,
    );
    expect(service.list('s1')[0]!.detectionStatus).toBe('accepted');
    expect(service.setDetectionStatus([d1!.id], 'pending')).toBe(1);
    expect(service.list('s1')[0]).toMatchObject({
      objectType: 'detection',
      detectionStatus: 'pending',
    });

    const exported = JSON.parse(service.exportGeoJson('s1', FRAME.mpp)) as { features: unknown[] };
    expect(exported.features).toHaveLength(2);
    const all = JSON.parse(service.exportGeoJson('s1', FRAME.mpp, { includeRejected: true })) as {
      features: unknown[];
    };
    expect(all.features).toHaveLength(3);
  });

  it('imports all or nothing: one bad feature at the end leaves no annotation and no new class', () => {
    const features = [
      ...Array.from({ length: 500 }, (_, i) =>
        pointFeature(i, i, { classification: { name: 'Brand new class', color: [1, 2, 3] } }),
      ),
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        },
        properties: {},
      },
    ];
    expect(() => service.importGeoJson('s1', fc(features), FRAME)).toThrow(
      'feature 501 (features[500]): Polygon ring 1 has 2 positions (needs at least 4)',
    );
    expect(service.list('s1')).toEqual([]);
    expect(service.classes().some((c) => c.names.en === 'Brand new class')).toBe(false);

    const ok = service.importGeoJson('s1', fc(features.slice(0, 500)), FRAME);
    expect(ok).toEqual({ imported: 500, detections: 0, classesCreated: 1 });
    const created = service.classes().find((c) => c.names.en === 'Brand new class');
    expect(created).toMatchObject({
      colour: '#010203',
      names: { fr: 'Brand new class' },
      builtIn: false,
    });
    // Imported again: the class is found by name, not made twice.
    expect(service.importGeoJson('s1', fc(features.slice(0, 1)), FRAME).classesCreated).toBe(0);
  });

  it('holds at most 100,000 objects per slide, counting what it already has', () => {
    service.save(point(1, 1), FRAME);
    const text = fc(
      Array.from({ length: MAX_ANNOTATIONS_PER_SLIDE }, (_, i) => pointFeature(i % 1000, 7)),
    );
    expect(() => service.importGeoJson('s1', text, FRAME)).toThrow(
      'Too many features: the file has 100,000, and this slide can take 99,999 more.',
    );
    expect(service.list('s1')).toHaveLength(1);
  });

  it('imports 100,000 detections in one transaction, and lists them all', () => {
    const features = Array.from({ length: MAX_ANNOTATIONS_PER_SLIDE }, (_, i) =>
      pointFeature(i % 100_000, Math.floor(i / 1000), {
        objectType: 'detection',
        classification: { name: 'Mitosis', color: [255, 215, 0] },
        measurements: { Probability: (i % 100) / 100 },
      }),
    );
    const text = fc(features);
    const t0 = performance.now();
    const result = service.importGeoJson('s1', text, FRAME);
    const importMs = performance.now() - t0;
    const t1 = performance.now();
    const listed = service.list('s1');
    const listMs = performance.now() - t1;
    expect(result).toEqual({ imported: 100_000, detections: 100_000, classesCreated: 0 });
    expect(listed).toHaveLength(100_000);
    console.info(
      `100,000 point detections (${(text.length / 1e6).toFixed(1)} MB of GeoJSON): import ${Math.round(importMs)} ms, list ${Math.round(listMs)} ms`,
    );
    // No bound on the times: they depend on the machine's load (speed is measured by
    // `npm run bench -- annotations`); this test checks that all of it arrives.
  }, 180_000);
});
