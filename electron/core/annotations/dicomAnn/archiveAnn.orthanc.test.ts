/**
 * DICOM annotation objects against a real Orthanc (Debian orthanc + orthanc-dicomweb): a
 * slide's annotations stored in its study through STOW-RS, found again through QIDO-RS and
 * the series metadata, read back identical and valid for dciodvfy as the archive keeps them;
 * saved offline, they wait in the outbox (a newer save replacing an older one) and reach the
 * archive when it comes back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../log/logger';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { buildTestSeries } from '../../testing/orthanc/fixtures';
import type { TestSeries } from '../../testing/orthanc/fixtures';
import type { OrthancServer } from '../../testing/orthanc/orthanc';
import { startOrthanc } from '../../testing/orthanc/orthanc';
import { DicomwebClient } from '../../sources/dicomweb/client';
import { fakeDeps } from '../../testing/fakeWorkstation';
import { createWorkstation } from '../../workstation';
import { findAnnotationSeries, loadAnnotations, storeAnnotations } from './archiveAnn';
import { buildAnnObject } from './codec';
import { fromSeriesMetadata } from './reference';
import { dciodvfy, dciodvfyInstalled } from './testing/dciodvfy';
import { sampleGroups } from './testing/samples';
import type { AnnGroup, ReferencedImage } from './types';

let orthanc: OrthancServer;
let work: string;
let slide: TestSeries;
let series: DicomJson[];
let referenced: ReferencedImage;

const EQUIPMENT = { softwareVersion: '0.1.0-test' };

function plain(groups: AnnGroup[]): unknown {
  return JSON.parse(
    JSON.stringify(groups, (_k, v: unknown) => (v instanceof Float32Array ? Array.from(v) : v)),
  );
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  // Polling a state the engine reaches on its own timers (probe, outbox delivery).
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-ann-'));
  orthanc = await startOrthanc();
  // Noise at high quality splits level 0 into a concatenation of 1 MB instances.
  slide = await buildTestSeries(path.join(work, 'slide'), {
    width: 2048,
    height: 1536,
    tileSize: 256,
    noise: true,
    quality: 92,
    maxSizeMB: 1,
    mpp: 0.25,
    dataset: {
      PatientName: 'DUPONT^Hélène',
      PatientID: 'P-ANN-1',
      PatientBirthDate: '19700131',
      PatientSex: 'F',
      AccessionNumber: 'B26-000900',
      StudyDescription: 'Biopsie mammaire',
      StudyID: 'B26-000900',
      ContainerIdentifier: 'B26-000900-A1',
      SeriesNumber: '1',
    },
  });
  await orthanc.upload(slide.files);
  const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
  series = await client.seriesMetadata(slide.studyUID, slide.seriesUID);
  referenced = fromSeriesMetadata(series);
}, 120_000);

afterAll(async () => {
  await orthanc?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('DICOM annotations in the archive (real Orthanc)', () => {
  it('stores a slide annotations in its study, finds them and reads them back', async () => {
    const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
    // Level 0 is a concatenation: the object refers to its source, as PS3.3 C.37.1.2 asks.
    const level0 = series.filter((ds) => ds['00480006']?.Value?.[0] === 2048);
    expect(level0.length).toBeGreaterThan(1);
    expect(referenced.sopInstanceUID).toBe(level0[0]!['00200242']?.Value?.[0]);
    expect(referenced).toMatchObject({ studyUID: slide.studyUID, seriesUID: slide.seriesUID });

    const first = buildAnnObject({
      groups: sampleGroups(),
      referenced,
      equipment: EQUIPMENT,
      now: new Date(Date.UTC(2026, 0, 5, 9, 0, 0)),
      creatorName: 'MARTIN^Loïc',
      description: 'Annotations de la lame A1',
    });
    expect(await storeAnnotations(client, slide.studyUID, first.bytes)).toEqual({
      sopInstanceUID: first.sopInstanceUID,
    });
    // A second version in the same series, and another slide's object in the same study.
    const second = buildAnnObject({
      groups: sampleGroups().slice(0, 2),
      referenced,
      equipment: EQUIPMENT,
      now: new Date(Date.UTC(2026, 0, 5, 10, 0, 0)),
      seriesUid: first.seriesUID,
      instanceNumber: 2,
    });
    await storeAnnotations(client, slide.studyUID, second.bytes);
    const otherSlide = { ...referenced, seriesUID: '2.25.4242', sopInstanceUID: '2.25.4243' };
    const other = buildAnnObject({
      groups: sampleGroups(),
      referenced: otherSlide,
      equipment: EQUIPMENT,
      now: new Date(),
    });
    await storeAnnotations(client, slide.studyUID, other.bytes);

    const found = await findAnnotationSeries(client, slide.studyUID, slide.seriesUID);
    expect(found.map((f) => [f.sopInstanceUID, f.instanceNumber])).toEqual([
      [first.sopInstanceUID, 1],
      [second.sopInstanceUID, 2],
    ]);
    expect(found[0]).toMatchObject({
      seriesUID: first.seriesUID,
      ours: true,
      creatorName: 'MARTIN^Loïc',
      contentDescription: 'Annotations de la lame A1',
      groups: [
        { label: 'Tumeur infiltrante', graphicType: 'POLYGON', count: 3, automatic: false },
        { label: 'Mitoses', graphicType: 'POINT', count: 3, automatic: false },
        { label: 'Marge', graphicType: 'POLYLINE', count: 2, automatic: false },
        { label: 'Nécrose', graphicType: 'ELLIPSE', count: 1, automatic: false },
        { label: 'Cellules détectées', graphicType: 'RECTANGLE', count: 2, automatic: true },
      ],
    });

    const read = await loadAnnotations(client, found[0]!, { slide: referenced });
    const expected = sampleGroups().map((g) => ({
      ...g,
      generationType: g.generationType ?? 'MANUAL',
    }));
    expect(plain(read.groups)).toEqual(plain(expected));
    expect(read).toMatchObject({
      studyUID: slide.studyUID,
      referencedSeriesUIDs: [slide.seriesUID],
    });

    // Calls take the caller's signal.
    const aborted = AbortSignal.abort(new Error('closed the slide'));
    await expect(
      findAnnotationSeries(client, slide.studyUID, slide.seriesUID, { signal: aborted }),
    ).rejects.toThrow('closed the slide');
  }, 60_000);

  it.skipIf(!dciodvfyInstalled())(
    'keeps objects valid for dciodvfy as stored',
    async () => {
      const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
      const [object] = await findAnnotationSeries(client, slide.studyUID, slide.seriesUID);
      const stored = await client.retrieveInstance(
        object!.studyUID,
        object!.seriesUID,
        object!.sopInstanceUID,
      );
      const report = await dciodvfy(stored);
      expect(report.errors).toEqual([]);
      // See codec.test.ts: the private scheme 99LPW and an unknown Laterality.
      const expected = [
        /Unrecognized defined term <99LPW>/,
        /empty when actually unknown.*<Laterality>/,
      ];
      expect(report.warnings.filter((w) => !expected.some((re) => re.test(w)))).toEqual([]);
    },
    30_000,
  );

  it('keeps an offline save in the outbox and delivers it when the archive is back', async () => {
    const dataDir = path.join(work, 'data');
    const ws = await createWorkstation(
      { dataDir, systemLocale: 'en', version: 'test', log: memoryLogger() },
      {
        ...fakeDeps,
        archiveTimeoutMs: 3_000,
        archiveKeepAliveMs: 1_000,
        prefetch: { lookahead: 0 },
      },
    );
    try {
      const archive = await ws.handlers.saveArchive({
        name: 'PACS',
        baseUrl: orthanc.dicomwebUrl,
        auth: { kind: 'none' },
      });
      await ws.handlers.syncArchives({});
      const outboxDir = path.join(dataDir, 'outbox');
      const pending = async () =>
        (await ws.handlers.getStatus({})).archives.find((a) => a.id === archive.id)?.pendingChanges;

      await orthanc.halt();
      const save = (label: string, at: number) => {
        const built = buildAnnObject({
          groups: sampleGroups().map((g) => ({ ...g, label: `${g.label} ${label}` })),
          referenced,
          equipment: EQUIPMENT,
          now: new Date(at),
        });
        return {
          built,
          stored: ws.archives.storeAnnotations(archive.id, {
            ...built,
            slideSeriesUID: slide.seriesUID,
          }),
        };
      };
      const older = save('v1', Date.UTC(2026, 0, 6, 8));
      expect(await older.stored).toBe('queued');
      expect(await pending()).toBe(1);
      // A newer save of the same slide replaces the waiting one; its file goes.
      const newer = save('v2', Date.UTC(2026, 0, 6, 9));
      expect(await newer.stored).toBe('queued');
      expect(await pending()).toBe(1);
      expect(fs.readdirSync(outboxDir)).toHaveLength(1);

      await orthanc.restart();
      await until(async () => (await pending()) === 0, 'outbox delivered');
      const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
      const found = await findAnnotationSeries(client, slide.studyUID, slide.seriesUID);
      const ids = found.map((f) => f.sopInstanceUID);
      expect(ids).toContain(newer.built.sopInstanceUID);
      expect(ids).not.toContain(older.built.sopInstanceUID);
      const read = await loadAnnotations(
        client,
        found.find((f) => f.sopInstanceUID === newer.built.sopInstanceUID)!,
      );
      expect(read.groups[0]!.label).toBe('Tumeur infiltrante v2');
      await until(() => fs.readdirSync(outboxDir).length === 0, 'delivered file removed');

      // Online, a save is stored at once.
      expect(await save('v3', Date.now()).stored).toBe('stored');
    } finally {
      await ws.close();
    }
  }, 60_000);
});
