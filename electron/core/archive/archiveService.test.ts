/**
 * The archive side of the engine against a real Orthanc: worklist sync, slides and tiles,
 * the outbox, and what happens when the archive goes away and comes back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestSeries } from '../testing/orthanc/fixtures';
import type { OrthancServer } from '../testing/orthanc/orthanc';
import { startOrthanc } from '../testing/orthanc/orthanc';
import { memoryLogger } from '../log/logger';
import type { Workstation } from '../workstation';
import { createWorkstation } from '../workstation';
import { fakeDeps } from '../testing/fakeWorkstation';
import { STATUS_METADATA_NAME, readCaseStatus } from './statusPublisher';

let orthanc: OrthancServer;
let work: string;
const studies: { studyUID: string; seriesUIDs: string[] }[] = [];

async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polling a condition the engine reaches on its own timers (probe, sync).
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function workstation(dataDir: string): Promise<Workstation> {
  return createWorkstation(
    { dataDir, systemLocale: 'en', version: 'test', log: memoryLogger() },
    // No worklist prefetch: the test decides which tiles are cached.
    { ...fakeDeps, archiveTimeoutMs: 3_000, archiveKeepAliveMs: 1_000, prefetch: { lookahead: 0 } },
  );
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-'));
  orthanc = await startOrthanc({ config: { UserMetadata: { [STATUS_METADATA_NAME]: 4242 } } });
  const specs = [
    {
      accession: 'B26-000777',
      description: 'Examen extemporané: ganglion sentinelle',
      slides: ['A1', 'A2'],
    },
    { accession: 'B26-000778', description: 'Biopsie gastrique', slides: ['B1'] },
  ];
  for (const [i, spec] of specs.entries()) {
    const seriesUIDs: string[] = [];
    let studyUID: string | undefined;
    for (const [j, label] of spec.slides.entries()) {
      const series = await buildTestSeries(path.join(work, `s${i}-${j}`), {
        width: 1024,
        height: 768,
        tileSize: 256,
        ...(studyUID ? { studyUID } : {}),
        thumbnail: { width: 128, height: 96 },
        dataset: {
          PatientName: 'TEST^Archive',
          PatientID: `P${i}`,
          AccessionNumber: spec.accession,
          StudyDescription: spec.description,
          ContainerIdentifier: label,
          SeriesNumber: String(j + 1),
        },
      });
      studyUID = series.studyUID;
      seriesUIDs.push(series.seriesUID);
      await orthanc.upload(series.files);
    }
    studies.push({ studyUID: studyUID!, seriesUIDs });
  }
}, 180_000);

afterAll(async () => {
  await orthanc?.stop();
});

describe('archive service (real Orthanc)', () => {
  it('syncs the worklist, serves tiles, publishes statuses, and works offline', async () => {
    const dataDir = path.join(work, 'data');
    let ws = await workstation(dataDir);
    const archive = await ws.handlers.saveArchive({
      name: 'PACS',
      baseUrl: orthanc.dicomwebUrl,
      auth: { kind: 'none' },
    });
    expect(archive).toMatchObject({ name: 'PACS', hasSecret: false });
    expect(await ws.handlers.testArchive({ id: archive.id })).toMatchObject({
      ok: true,
      studies: 2,
    });
    await ws.handlers.syncArchives({});

    const cases = (await ws.handlers.listCases({})).filter((c) => c.source === 'archive');
    expect(cases.map((c) => [c.accession, c.priority, c.slideCount]).sort()).toEqual([
      ['B26-000777', 'frozen', 2],
      ['B26-000778', 'routine', 1],
    ]);
    const frozen = cases.find((c) => c.accession === 'B26-000777')!;
    expect(frozen.patient.name).toMatch(/TEST/);
    const { slides } = await ws.handlers.getCase({ caseId: frozen.id });
    expect(slides.map((s) => s.label)).toEqual(['A1', 'A2']);

    const info = await ws.handlers.getSlideInfo({ slideId: slides[0]!.id });
    expect(info).toMatchObject({ format: 'dicom', width: 1024, height: 768 });
    const tile = await ws.getTile(`${slides[0]!.id}/0/1/1`);
    expect(tile.status).toBe(200);
    expect(tile.contentType).toBe('image/jpeg');

    // A status change goes to the archive through the outbox.
    await ws.handlers.setCaseStatus({ caseId: frozen.id, status: 'in_progress' });
    await until(
      async () =>
        (await readCaseStatus(orthanc.dicomwebUrl, { kind: 'none' }, studies[0]!.studyUID)) ===
        'in_progress',
      'status published',
    );
    await until(
      async () => (await ws.handlers.getStatus({})).archives[0]?.pendingChanges === 0,
      'outbox drained',
    );

    // The archive goes away: cached tiles and remembered slides still work, the rest says offline.
    await ws.cache.flush();
    await orthanc.halt();
    // Nobody asks the archive anything: the keep-alive notices the outage by itself.
    await until(
      async () => (await ws.handlers.getStatus({})).archives[0]?.state === 'offline',
      'outage noticed',
    );
    expect((await ws.getTile(`${slides[0]!.id}/0/1/1`)).status).toBe(200);
    const missing = await ws.getTile(`${slides[0]!.id}/0/2/2`);
    expect(missing.status).toBe(504);
    expect(new TextDecoder().decode(missing.body)).toMatch(/not available offline/i);
    const status = await ws.handlers.getStatus({});
    expect(status.online).toBe(false);
    expect(status.archives[0]).toMatchObject({ state: 'offline' });
    expect((await ws.handlers.getSlideInfo({ slideId: slides[0]!.id })).width).toBe(1024);

    // A change made offline waits in the outbox, across a restart of the workstation.
    await ws.handlers.setCaseStatus({ caseId: frozen.id, status: 'pending_ihc' });
    await ws.close();
    ws = await workstation(dataDir);
    expect((await ws.handlers.listCases({})).find((c) => c.id === frozen.id)?.status).toBe(
      'pending_ihc',
    );
    await until(
      async () => (await ws.handlers.getStatus({})).archives[0]?.state === 'offline',
      'offline noticed',
    );
    expect((await ws.handlers.getStatus({})).archives[0]?.pendingChanges).toBe(1);

    // The archive comes back: the outbox is delivered without anyone asking.
    await orthanc.restart();
    await until(async () => (await ws.handlers.getStatus({})).online, 'back online');
    await until(
      async () =>
        (await readCaseStatus(orthanc.dicomwebUrl, { kind: 'none' }, studies[0]!.studyUID)) ===
        'pending_ihc',
      'offline change delivered',
    );
    expect((await ws.getTile(`${slides[0]!.id}/0/2/2`)).status).toBe(200);
    await ws.close();
  }, 120_000);

  it('says clearly when the credentials are wrong', async () => {
    const secured = await startOrthanc({ auth: { user: 'path', password: 'right' } });
    try {
      const ws = await workstation(path.join(work, 'auth'));
      const archive = await ws.handlers.saveArchive({
        name: 'Secured',
        baseUrl: secured.dicomwebUrl,
        auth: { kind: 'bearer', token: 'wrong-token' },
      });
      // The renderer only learns that a secret is set, never the secret.
      expect(JSON.stringify(await ws.handlers.listArchives({}))).not.toContain('wrong-token');
      const result = await ws.handlers.testArchive({ id: archive.id });
      expect(result).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(result.message).toMatch(/credentials/);
      const fixed = await ws.handlers.saveArchive({
        id: archive.id,
        name: 'Secured',
        baseUrl: secured.dicomwebUrl,
        auth: { kind: 'basic', user: 'path', password: 'right' },
      });
      expect(fixed.authKind).toBe('basic');
      expect(await ws.handlers.testArchive({ id: archive.id })).toMatchObject({
        ok: true,
        studies: 0,
      });
      await ws.close();
    } finally {
      await secured.stop();
    }
  }, 60_000);
});
