/**
 * The DICOMweb source against a real Orthanc (Debian packages orthanc, orthanc-dicomweb,
 * orthanc-wsi) on a free loopback port, with slides made by OrthancWSIDicomizer.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import { tileGrid } from '../../../common/pyramid';
import type { TestSeries } from '../../testing/orthanc/fixtures';
import { buildTestSeries } from '../../testing/orthanc/fixtures';
import { specimenDescription } from '../../testing/orthanc/dicomize';
import type { OrthancServer } from '../../testing/orthanc/orthanc';
import { startOrthanc } from '../../testing/orthanc/orthanc';
import type { ReferenceFrame } from '../dicom/testing/referenceFrames';
import { referenceFrames } from '../dicom/testing/referenceFrames';
import { DicomwebClient } from './client';
import type { DicomwebSlide } from './dicomwebSlide';
import { openDicomwebSlide } from './dicomwebSlide';
import { allCases, listCaseSlides, searchCasePage, searchCases } from './worklist';
import { openSlideAny } from '../openSlide';

let dir: string;
let orthanc: OrthancServer;
let slideA1: TestSeries;
let slideA2: TestSeries;
let caseB: TestSeries;
let caseC: TestSeries;
let refs: ReferenceFrame[];

const PATIENT = {
  PatientName: 'DOE^JANE',
  PatientID: 'P001',
  PatientBirthDate: '19700131',
  PatientSex: 'F',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpw-dicomweb-'));
  const caseA = {
    ...PATIENT,
    AccessionNumber: 'S24-00001',
    StudyDescription: 'Colon biopsy',
    StudyDate: '20240502',
    StudyTime: '143005',
  };
  // Level 0 is noise at high quality so that its ~3 MB are split into several 1 MB
  // instances (a concatenation), as the dicomizer does with real slides at 10 MB.
  slideA1 = await buildTestSeries(join(dir, 'a1'), {
    width: 2048,
    height: 1536,
    noise: true,
    quality: 92,
    maxSizeMB: 1,
    mpp: 0.25,
    dataset: { ...caseA, ContainerIdentifier: 'S24-00001-A1', SeriesNumber: '1' },
    label: { width: 300, height: 200 },
    overview: { width: 600, height: 200 },
    thumbnail: { width: 200, height: 150 },
  });
  slideA2 = await buildTestSeries(join(dir, 'a2'), {
    width: 1024,
    height: 768,
    studyUID: slideA1.studyUID,
    dataset: {
      ...caseA,
      ContainerIdentifier: 'S24-00001-A2',
      SeriesDescription: 'A2 PAS',
      SeriesNumber: '2',
      SpecimenDescriptionSequence: [
        specimenDescription({
          id: 'S24-00001-A',
          shortDescription: 'Colon, biopsy',
          substances: [
            { value: '406972001', scheme: 'SCT', meaning: 'periodic acid Schiff stain' },
          ],
        }),
      ],
    },
  });
  const small = (accession: string, sub: string) =>
    buildTestSeries(join(dir, sub), {
      width: 512,
      height: 512,
      dataset: {
        ...PATIENT,
        PatientName: `PATIENT^${sub.toUpperCase()}`,
        AccessionNumber: accession,
      },
    });
  caseB = await small('S24-00002', 'b');
  caseC = await small('S24-00003', 'c');
  orthanc = await startOrthanc();
  await orthanc.upload([...slideA1.files, ...slideA2.files, ...caseB.files, ...caseC.files]);
  refs = referenceFrames(slideA1.files);
}, 120_000);

afterAll(async () => {
  await orthanc?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function client(
  extra: Partial<ConstructorParameters<typeof DicomwebClient>[0]> = {},
): DicomwebClient {
  return new DicomwebClient({ baseUrl: orthanc.dicomwebUrl, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<WorkstationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkstationError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('worklist from QIDO-RS', () => {
  it('lists pathology studies as cases with patient, specimen and date', async () => {
    const cases = await searchCases(client(), { limit: 10, offset: 0 });
    expect(cases.map((c) => c.accession).sort()).toEqual(['S24-00001', 'S24-00002', 'S24-00003']);
    const a = cases.find((c) => c.accession === 'S24-00001');
    expect(a).toMatchObject({
      studyUID: slideA1.studyUID,
      patient: { name: 'DOE JANE', id: 'P001', birthDate: '1970-01-31', sex: 'F' },
      specimen: 'Colon biopsy',
      receivedAt: '2024-05-02T14:30:05',
      modalities: ['SM'],
    });
  });

  it('pages with limit and offset', async () => {
    const c = client();
    // Orthanc 1.10 ignores `offset` when matching ModalitiesInStudy (a computed attribute),
    // so the modality is filtered here on the client side.
    const page1 = await searchCasePage(c, { limit: 2, offset: 0 }, { modalityFilter: 'client' });
    expect(page1).toMatchObject({ nextOffset: 2, done: false });
    const page2 = await searchCasePage(
      c,
      { limit: 2, offset: page1.nextOffset },
      { modalityFilter: 'client' },
    );
    expect(page2).toMatchObject({ nextOffset: 3, done: true });
    expect(page1.cases).toHaveLength(2);
    expect(page2.cases).toHaveLength(1);
    const all = new Set([...page1.cases, ...page2.cases].map((x) => x.studyUID));
    expect(all.size).toBe(3);
    const pages: number[] = [];
    for await (const page of allCases(c, 2, { modalityFilter: 'client' })) pages.push(page.length);
    expect(pages).toEqual([2, 1]);
  });

  it('lists the slides of a case with label and stain', async () => {
    const slides = await listCaseSlides(client(), slideA1.studyUID, { details: true });
    expect(slides.map((s) => [s.seriesUID, s.label, s.stain, s.seriesNumber])).toEqual([
      [slideA1.seriesUID, 'S24-00001-A1', 'H&E', 1],
      [slideA2.seriesUID, 'S24-00001-A2', 'periodic acid Schiff', 2],
    ]);
    expect(slides[1]?.specimen).toBe('Colon, biopsy');
    // Without details, what QIDO gives: the label still, the stain from the description.
    const quick = await listCaseSlides(client(), slideA1.studyUID);
    expect(quick.map((s) => [s.label, s.stain])).toEqual([
      ['S24-00001-A1', null],
      ['S24-00001-A2', 'PAS'],
    ]);
  });
});

describe('slides from WADO-RS', () => {
  let slide: DicomwebSlide;
  beforeAll(async () => {
    slide = await openDicomwebSlide(client(), slideA1.studyUID, slideA1.seriesUID);
  });

  it('reads levels, tile size, pixel spacing and associated images from the series metadata', () => {
    const m = slide.metadata;
    expect(slide.identity).toBe(`dicom:${slideA1.seriesUID}`);
    expect(m.format).toBe('dicom');
    expect([m.width, m.height]).toEqual([2048, 1536]);
    expect(
      m.levels.map((l) => [l.width, l.height, l.downsample, l.tileWidth, l.tileHeight]),
    ).toEqual([
      [2048, 1536, 1, 256, 256],
      [1024, 768, 2, 256, 256],
      [512, 384, 4, 256, 256],
      [256, 192, 8, 256, 256],
    ]);
    expect(m.mpp?.x).toBeCloseTo(0.25, 5);
    expect(m.mpp?.y).toBeCloseTo(0.25, 5);
    expect(m.associated).toEqual(['label', 'macro', 'thumbnail']);
    // Level 0 really is split over several instances.
    const level0 = new Set(refs.filter((r) => r.totalWidth === 2048).map((r) => r.instanceUID));
    expect(level0.size).toBeGreaterThan(1);
  });

  it('serves every tile as the stored frame, byte for byte', async () => {
    let checked = 0;
    for (const [level, l] of slide.metadata.levels.entries()) {
      const { cols, rows } = tileGrid(l);
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < cols; col++) {
          const tile = await slide.readTile(level, col, row);
          const ref = refs.find(
            (r) =>
              r.flavor === 'VOLUME' && r.totalWidth === l.width && r.col === col && r.row === row,
          );
          expect(tile.contentType).toBe('image/jpeg');
          expect(Buffer.from(tile.bytes).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(48 + 12 + 4 + 1);
  });

  it("equals Orthanc's raw frame", async () => {
    const ref = refs.find((r) => r.totalWidth === 2048 && r.col === 5 && r.row === 3);
    const ids = (await (
      await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: ref?.instanceUID })
    ).json()) as Array<{
      ID: string;
    }>;
    const raw = await fetch(
      `${orthanc.url}/instances/${ids[0]?.ID}/frames/${(ref?.frameNumber ?? 1) - 1}/raw`,
    );
    const rawBytes = Buffer.from(await raw.arrayBuffer());
    const tile = await slide.readTile(0, 5, 3);
    expect(Buffer.from(tile.bytes).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
    // Orthanc's raw frame keeps the padding byte; ours drops it.
    expect(rawBytes.subarray(0, tile.bytes.length).equals(Buffer.from(tile.bytes))).toBe(true);
    expect(rawBytes.length - tile.bytes.length).toBeLessThanOrEqual(1);
  });

  it('serves label, overview and thumbnail as stored', async () => {
    const expected: Array<['label' | 'macro' | 'thumbnail', string, number]> = [
      ['label', 'LABEL', 0],
      ['macro', 'OVERVIEW', 1],
      ['thumbnail', 'THUMBNAIL', 2],
    ];
    for (const [name, flavor, channel] of expected) {
      const img = await slide.readAssociated(name);
      const ref = refs.find((r) => r.flavor === flavor);
      expect(Buffer.from(img.bytes).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
      // Each is a flat colour: red label, green overview, blue thumbnail.
      const stats = await sharp(img.bytes).stats();
      const means = stats.channels.map((c) => c.mean);
      expect(means.indexOf(Math.max(...means))).toBe(channel);
    }
    // The server-rendered fallback (labels stored as several tiles, non-JPEG archives).
    const label = slide.pyramid.associated.label;
    const rendered = await client().retrieveRendered(
      slideA1.studyUID,
      slideA1.seriesUID,
      label?.instanceUID ?? '',
    );
    expect(rendered.contentType).toBe('image/jpeg');
    const { channels } = await sharp(rendered.bytes).stats();
    expect(channels[0]?.mean).toBeGreaterThan(150);
    expect(channels[2]?.mean).toBeLessThan(100);
    const a2 = await openDicomwebSlide(client(), slideA2.studyUID, slideA2.seriesUID);
    expect(a2.metadata.associated).toEqual(['thumbnail']); // the one-tile smallest level
    await expect(a2.readAssociated('label')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('fetches many frames per request, in order', async () => {
    const paths: string[] = [];
    const counted = await openDicomwebSlide(
      client({ onRequest: (p) => paths.push(p) }),
      slideA1.studyUID,
      slideA1.seriesUID,
    );
    paths.length = 0;
    const tiles = Array.from({ length: 48 }, (_, i) => ({
      col: i % 8,
      row: Math.floor(i / 8),
    })).reverse();
    const batch = await counted.readTiles(0, tiles);
    const instances = new Set(refs.filter((r) => r.totalWidth === 2048).map((r) => r.instanceUID));
    expect(paths).toHaveLength(instances.size); // one request per instance
    expect(paths.every((p) => /\/frames\/\d+(,\d+)+$/.test(p))).toBe(true);
    tiles.forEach((t, i) => {
      const ref = refs.find((r) => r.totalWidth === 2048 && r.col === t.col && r.row === t.row);
      expect(Buffer.from(batch[i]?.bytes ?? []).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
    });
    // Single-tile reads made in the same turn are gathered the same way.
    paths.length = 0;
    const singles = await Promise.all(tiles.map((t) => counted.readTile(0, t.col, t.row)));
    expect(paths).toHaveLength(instances.size);
    expect(singles.map((t) => t.bytes.length)).toEqual(batch.map((t) => t.bytes.length));
  });

  it('answers not_found outside the grid and for an unknown series', async () => {
    await expect(slide.readTile(0, 8, 0)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      openDicomwebSlide(client(), slideA1.studyUID, '1.2.3.4.5.6'),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("rethrows the caller's abort", async () => {
    const ac = new AbortController();
    const p = slide.readTile(0, 0, 0, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('failures', () => {
  it('says unauthorized, clearly, for wrong or missing credentials', async () => {
    const secured = await startOrthanc({ auth: { user: 'pathologist', password: 's3cret-pw' } });
    try {
      await secured.upload(caseB.files);
      const ok = new DicomwebClient({
        baseUrl: secured.dicomwebUrl,
        auth: { kind: 'basic', user: 'pathologist', password: 's3cret-pw' },
      });
      expect(await ok.searchStudies()).toHaveLength(1);
      const wrong = await rejection(
        new DicomwebClient({
          baseUrl: secured.dicomwebUrl,
          auth: { kind: 'basic', user: 'pathologist', password: 'wrong-pw' },
        }).searchStudies(),
      );
      expect(wrong.code).toBe('unauthorized');
      expect(wrong.message).toMatch(/refused the credentials/);
      expect(wrong.message).not.toMatch(/wrong-pw|pathologist/);
      const token = await rejection(
        new DicomwebClient({
          baseUrl: secured.dicomwebUrl,
          auth: { kind: 'bearer', token: 'not-a-token' },
        }).searchStudies(),
      );
      expect(token.code).toBe('unauthorized');
      expect(token.message).not.toMatch(/not-a-token/);
      const none = await rejection(
        new DicomwebClient({ baseUrl: secured.dicomwebUrl }).searchStudies(),
      );
      expect(none.code).toBe('unauthorized');
      expect(none.message).toMatch(/requires a user name and password or a token/);
      // user:password in the address is basic auth too.
      const inUrl = secured.dicomwebUrl.replace('http://', 'http://pathologist:s3cret-pw@');
      expect(await new DicomwebClient({ baseUrl: inUrl }).searchStudies()).toHaveLength(1);
    } finally {
      await secured.stop();
    }
  });

  it('says unavailable within seconds when the server is down, and recovers when it is back', async () => {
    const flaky = await startOrthanc();
    try {
      await flaky.upload(caseC.files);
      const c = new DicomwebClient({ baseUrl: flaky.dicomwebUrl });
      expect(await c.searchStudies()).toHaveLength(1);
      const firstPid = flaky.pid;
      await flaky.halt();
      const t0 = performance.now();
      const e = await rejection(c.searchStudies());
      expect(e.code).toBe('unavailable');
      expect(e.message).toMatch(/cannot be reached \(connection refused\)/);
      expect(performance.now() - t0).toBeLessThan(3000);
      // Same port, same storage, new process: the same client works again.
      await flaky.restart();
      expect(flaky.pid).not.toBe(firstPid);
      expect(await c.searchStudies()).toHaveLength(1);
    } finally {
      await flaky.stop();
    }
  });

  it('fails only the tiles of an instance that went missing, not the rest of their batch', async () => {
    const other = await startOrthanc();
    try {
      const uploaded = await other.upload(slideA1.files);
      const slide = await openDicomwebSlide(
        new DicomwebClient({ baseUrl: other.dicomwebUrl }),
        slideA1.studyUID,
        slideA1.seriesUID,
      );
      // The archive loses the instance holding tile (0, 0) of level 0 after the slide opened.
      const gone = refs.find((r) => r.totalWidth === 2048 && r.col === 0 && r.row === 0);
      const goneFile = uploaded.find(
        (u) => referenceFrames([u.path])[0]?.instanceUID === gone?.instanceUID,
      );
      const del = await fetch(`${other.url}/instances/${goneFile?.id}`, { method: 'DELETE' });
      expect(del.ok).toBe(true);
      const kept = refs.find((r) => r.totalWidth === 2048 && r.instanceUID !== gone?.instanceUID);
      const [lost, fine] = await Promise.allSettled([
        slide.readTile(0, 0, 0),
        slide.readTile(0, kept?.col ?? 0, kept?.row ?? 0),
      ]);
      expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
      expect(fine.status).toBe('fulfilled');
      await expect(slide.readTiles(0, [{ col: 0, row: 0 }])).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await other.stop();
    }
  });

  it('says unavailable when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const c = new DicomwebClient({
        baseUrl: `http://127.0.0.1:${port}/dicom-web`,
        timeoutMs: 300,
      });
      const e = await rejection(c.searchStudies());
      expect(e.code).toBe('unavailable');
      expect(e.message).toMatch(/did not answer within/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('openSlideAny and the slide CLI', () => {
  const root = resolve(import.meta.dirname, '../../../..');

  function cli(
    ...args: string[]
  ): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
    return new Promise((done) => {
      execFile(
        join(root, 'node_modules', '.bin', 'tsx'),
        [join(root, 'electron', 'cli', 'slide.ts'), ...args],
        { cwd: root, encoding: 'buffer', timeout: 30_000 },
        (error, stdout, stderr) =>
          done({
            code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
            stdout,
            stderr: stderr.toString('utf8'),
          }),
      );
    });
  }

  it('opens a DICOMweb series URL, a DICOM folder and a DICOM file as the same slide', async () => {
    const url = `${orthanc.dicomwebUrl}/studies/${slideA1.studyUID}/series/${slideA1.seriesUID}`;
    const firstFile = slideA1.files[0] ?? '';
    for (const target of [url, slideA1.dir, firstFile]) {
      const slide = await openSlideAny(target);
      try {
        expect(slide.identity).toBe(`dicom:${slideA1.seriesUID}`);
        expect(slide.metadata.levels).toHaveLength(4);
        expect(slide.metadata.associated).toEqual(['label', 'macro', 'thumbnail']);
      } finally {
        await slide.close();
      }
    }
    expect(dirname(firstFile)).toBe(slideA1.dir);
  });

  it('writes the stored frame with `slide tile <series URL>`', async () => {
    const url = `${orthanc.dicomwebUrl}/studies/${slideA1.studyUID}/series/${slideA1.seriesUID}`;
    const out = join(dir, 'tile.jpg');
    const run = await cli('tile', url, '0', '5', '3', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ref = refs.find((r) => r.totalWidth === 2048 && r.col === 5 && r.row === 3);
    expect((await readFile(out)).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
    const info = await cli('info', slideA1.dir);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout.toString('utf8'))).toMatchObject({
      format: 'dicom',
      width: 2048,
      height: 1536,
    });
  });
});
