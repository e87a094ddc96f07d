/**
 * "Save to archive" and the archive's annotation objects, through the contract, against a
 * real Orthanc (Debian orthanc + orthanc-dicomweb): a slide's annotations stored as a DICOM
 * ANN object and listed back with the same geometry, versions in one series, an object an
 * AI pipeline built on its own listed with its algorithm, offline saves queued then
 * delivered, local slides refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../common/annotations';
import { slidePoint } from '../../common/annotations';
import type { ArchiveAnnotationObject, Method } from '../../common/contract';
import { slidePx } from '../../common/pyramid';
import { dispatch } from '../../common/rpc';
import { memoryLogger } from '../log/logger';
import { buildTestSeries } from '../testing/orthanc/fixtures';
import type { TestSeries } from '../testing/orthanc/fixtures';
import type { OrthancServer } from '../testing/orthanc/orthanc';
import { startOrthanc } from '../testing/orthanc/orthanc';
import { DicomwebClient } from '../sources/dicomweb/client';
import { fakeDeps, fakeLibrary } from '../testing/fakeWorkstation';
import type { Workstation } from '../workstation';
import { createWorkstation } from '../workstation';
import { NOT_FROM_ARCHIVE } from './archiveGlue';
import { buildAnnObject, fromSeriesMetadata, newUid, storeAnnotations } from './dicomAnn';
import { ANNOTATION_CLASSES, PRIVATE_SCHEME, PROPERTY } from './dicomAnn/codes';

const ACCESSION = 'B26-000950';
let orthanc: OrthancServer;
let work: string;
let slide: TestSeries;
let ws: Workstation;
let archiveId: string;
let slideId: string;
let localSlideId: string;

const call = async (method: Method, args: unknown) => {
  const r = await dispatch(ws.handlers, method, args);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const list = async () =>
  (await call('listArchiveAnnotations', { slideId })) as ArchiveAnnotationObject[];

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  // Polling a state the engine reaches on its own timers (probe, outbox delivery).
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const p = slidePoint;
const box = (type: 'rectangle' | 'ellipse', x: number, y: number, w: number, h: number) =>
  ({ type, x: slidePx(x), y: slidePx(y), width: slidePx(w), height: slidePx(h) }) as Geometry;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-glue-'));
  orthanc = await startOrthanc();
  slide = await buildTestSeries(path.join(work, 'slide'), {
    width: 1024,
    height: 768,
    tileSize: 256,
    mpp: 0.25,
    dataset: {
      PatientName: 'LEROY^Anne',
      PatientID: 'P-GLUE-1',
      AccessionNumber: ACCESSION,
      StudyDescription: 'Biopsie colique',
      StudyID: ACCESSION,
      ContainerIdentifier: `${ACCESSION}-A1`,
      SeriesNumber: '1',
    },
  });
  await orthanc.upload(slide.files);
  ws = await createWorkstation(
    {
      dataDir: path.join(work, 'data'),
      systemLocale: 'fr-FR',
      version: '0.1.0-test',
      libraryFolders: [fakeLibrary()],
      log: memoryLogger(),
    },
    { ...fakeDeps, archiveTimeoutMs: 3_000, archiveKeepAliveMs: 1_000, prefetch: { lookahead: 0 } },
  );
  archiveId = (
    await ws.handlers.saveArchive({
      name: 'PACS',
      baseUrl: orthanc.dicomwebUrl,
      auth: { kind: 'none' },
    })
  ).id;
  await ws.handlers.syncArchives({});
  slideId = await ws.findSlide(ACCESSION, 1);
  localSlideId = await ws.findSlide('B26-000001', 1);
  await ws.handlers.updateSettings({ authorName: 'Dr Hélène Martin' });
}, 180_000);

afterAll(async () => {
  await ws?.close();
  await orthanc?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('annotations in the archive (real Orthanc)', () => {
  const drawn: { kind: string; geometry: Geometry; classId: string | null; text?: string }[] = [
    {
      kind: 'polygon',
      geometry: { type: 'polygon', rings: [[p(100, 100), p(300, 120), p(250.5, 300.25)]] },
      classId: 'tumour',
    },
    { kind: 'rectangle', geometry: box('rectangle', 400, 400, 100, 50), classId: 'necrosis' },
    { kind: 'ellipse', geometry: box('ellipse', 600, 100, 80, 40), classId: 'necrosis' },
    { kind: 'point', geometry: { type: 'point', point: p(512.5, 384.5) }, classId: 'mitosis' },
    {
      kind: 'arrow',
      geometry: { type: 'polyline', points: [p(10, 10), p(90, 60)] },
      classId: 'lymphovascular-invasion',
    },
    {
      kind: 'text',
      geometry: { type: 'point', point: p(700, 700) },
      classId: null,
      text: 'Marge à recouper',
    },
  ];

  it("stores the slide's annotations as a DICOM ANN object in its study and lists them back", async () => {
    for (const a of drawn) await call('saveAnnotation', { annotation: { slideId, ...a } });
    // A detection waiting for review is not the pathologist's: it stays out.
    await call('importAnnotations', {
      slideId,
      geojson: JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [20, 20] },
        properties: { objectType: 'detection', classification: { name: 'Mitosis' } },
      }),
    });
    const saved = await call('saveAnnotationsToArchive', { slideId });
    expect(saved).toMatchObject({ result: 'stored', instanceNumber: 1, annotations: drawn.length });

    const objects = await list();
    expect(objects).toHaveLength(1);
    const [object] = objects;
    expect(object).toMatchObject({
      sopInstanceUID: (saved as { sopInstanceUID: string }).sopInstanceUID,
      instanceNumber: 1,
      creatorName: 'Dr Hélène Martin',
      manufacturer: 'Lille Pathology Workstation',
      savedHere: true,
      superseded: false,
      error: null,
    });
    // Same geometry, class by class (French labels: the workstation speaks French here).
    const shapes = object!.groups.map((g) => [g.label, g.graphicType, g.classId, g.geometries]);
    expect(shapes).toEqual([
      ['Tumeur', 'POLYGON', 'tumour', [drawn[0]!.geometry]],
      ['Nécrose', 'RECTANGLE', 'necrosis', [drawn[1]!.geometry]],
      ['Nécrose', 'ELLIPSE', 'necrosis', [drawn[2]!.geometry]],
      ['Mitose', 'POINT', 'mitosis', [drawn[3]!.geometry]],
      ['Invasion lymphovasculaire', 'POLYLINE', 'lymphovascular-invasion', [drawn[4]!.geometry]],
      ['Marge à recouper', 'POINT', null, [drawn[5]!.geometry]],
    ]);

    // The next save is the next instance of the same series; the first is superseded.
    await call('saveAnnotation', {
      annotation: {
        slideId,
        kind: 'point',
        geometry: { type: 'point', point: p(5, 5) },
        classId: 'mitosis',
      },
    });
    expect(await call('saveAnnotationsToArchive', { slideId })).toMatchObject({
      result: 'stored',
      instanceNumber: 2,
      annotations: drawn.length + 1,
    });
    const versions = await list();
    expect(
      versions.map((o) => [o.instanceNumber, o.seriesUID === object!.seriesUID, o.superseded]),
    ).toEqual([
      [1, true, true],
      [2, true, false],
    ]);
  }, 60_000);

  it('lists an object an AI pipeline stored on its own, with its algorithm', async () => {
    const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
    const referenced = fromSeriesMetadata(
      await client.seriesMetadata(slide.studyUID, slide.seriesUID),
    );
    const nuclei = Array.from({ length: 500 }, (_, i) => ({
      points: new Float32Array([10 + (i % 50) * 20, 10 + Math.floor(i / 50) * 20]),
    }));
    const built = buildAnnObject({
      groups: [
        {
          label: 'Mitotic figure candidates',
          generationType: 'AUTOMATIC',
          algorithm: {
            name: 'MitosisNet',
            version: '3.2',
            family: {
              CodeValue: 'AI',
              CodingSchemeDesignator: PRIVATE_SCHEME.designator,
              CodeMeaning: 'Artificial intelligence model',
            },
          },
          propertyCategory: ANNOTATION_CLASSES.mitoticFigure.category,
          propertyType: ANNOTATION_CLASSES.mitoticFigure.type,
          graphicType: 'POINT',
          annotations: nuclei,
        },
        {
          label: 'Nuclei',
          generationType: 'AUTOMATIC',
          algorithm: {
            name: 'HoVer-Net',
            version: '1.0',
            family: {
              CodeValue: 'AI',
              CodingSchemeDesignator: PRIVATE_SCHEME.designator,
              CodeMeaning: 'Artificial intelligence model',
            },
          },
          propertyCategory: ANNOTATION_CLASSES.mitoticFigure.category,
          propertyType: PROPERTY.nucleus,
          graphicType: 'POLYGON',
          annotations: [{ points: new Float32Array([50, 50, 60, 50, 60, 62, 50, 61]) }],
        },
      ],
      referenced,
      equipment: { softwareVersion: 'pipeline-7' },
      now: new Date(Date.UTC(2026, 0, 7, 6, 0, 0)),
      seriesUid: newUid(),
      seriesNumber: 9000,
    });
    await storeAnnotations(client, slide.studyUID, built.bytes);

    const ai = (await list()).find((o) => o.sopInstanceUID === built.sopInstanceUID);
    expect(ai).toMatchObject({ savedHere: false, superseded: false, error: null });
    expect(
      ai!.groups.map((g) => [
        g.label,
        g.generationType,
        g.algorithm,
        g.classId,
        g.geometries.length,
      ]),
    ).toEqual([
      [
        'Mitotic figure candidates',
        'AUTOMATIC',
        { name: 'MitosisNet', version: '3.2' },
        'mitosis',
        500,
      ],
      ['Nuclei', 'AUTOMATIC', { name: 'HoVer-Net', version: '1.0' }, null, 1],
    ]);
    expect(ai!.groups[0]!.geometries[51]).toEqual({ type: 'point', point: p(30, 30) });
    expect(ai!.groups[1]!.geometries[0]).toEqual({
      type: 'polygon',
      rings: [[p(50, 50), p(60, 50), p(60, 62), p(50, 61)]],
    });
  }, 60_000);

  it('answers clearly for a slide of this computer', async () => {
    for (const method of ['saveAnnotationsToArchive', 'listArchiveAnnotations'] as const) {
      expect(await dispatch(ws.handlers, method, { slideId: localSlideId })).toEqual({
        ok: false,
        error: { code: 'invalid_argument', message: NOT_FROM_ARCHIVE },
      });
    }
  });

  it('keeps a save made offline in the outbox and delivers it when the archive is back', async () => {
    const pending = async () =>
      (await ws.handlers.getStatus({})).archives.find((a) => a.id === archiveId)?.pendingChanges;
    // The slide's description is on this computer (cache.db) once it was opened.
    await ws.cache.flush();
    await orthanc.halt();
    await call('saveAnnotation', {
      annotation: {
        slideId,
        kind: 'point',
        geometry: { type: 'point', point: p(6, 6) },
        classId: 'mitosis',
      },
    });
    const offline = await call('saveAnnotationsToArchive', { slideId });
    expect(offline).toMatchObject({
      result: 'queued',
      instanceNumber: 3,
      annotations: drawn.length + 2,
    });
    expect(await pending()).toBe(1);
    await expect(list()).rejects.toThrow(/^unavailable/);

    await orthanc.restart();
    await until(async () => (await pending()) === 0, 'outbox delivered');
    const objects = await list();
    const delivered = objects.find(
      (o) => o.sopInstanceUID === (offline as { sopInstanceUID: string }).sopInstanceUID,
    );
    expect(delivered).toMatchObject({ instanceNumber: 3, savedHere: true, superseded: false });
    expect(delivered!.groups.find((g) => g.classId === 'mitosis')!.geometries).toHaveLength(3);
  }, 60_000);
});
