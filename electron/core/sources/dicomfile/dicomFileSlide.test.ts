import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileGrid } from '../../../common/pyramid';
import type { TestSeries } from '../../testing/orthanc/fixtures';
import { buildTestSeries, randomUid } from '../../testing/orthanc/fixtures';
import type { WriterElement } from '../dicom/testing/dicomWriter';
import { offsetTable, writeDicomFile } from '../dicom/testing/dicomWriter';
import type { ReferenceFrame } from '../dicom/testing/referenceFrames';
import { referenceFrames } from '../dicom/testing/referenceFrames';
import type { DicomFileSlide } from './dicomFileSlide';
import { isDicomFolder, openDicomFolderSlides, openDicomSeries } from './dicomFileSlide';

let dir: string;
let folder: string;
let a: TestSeries;
let b: TestSeries;
let refs: ReferenceFrame[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpw-dicomfile-'));
  folder = join(dir, 'case');
  // Two slides of one case, files side by side as an export writes them.
  a = await buildTestSeries(folder, {
    width: 1024,
    height: 768,
    noise: true,
    quality: 92,
    maxSizeMB: 1,
    mpp: 0.5,
    dataset: { SeriesNumber: '1', ContainerIdentifier: 'A1' },
    label: { width: 300, height: 200 },
  });
  b = await buildTestSeries(folder, {
    width: 512,
    height: 256,
    dataset: { SeriesNumber: '2', ContainerIdentifier: 'A2' },
  });
  await writeFile(join(folder, 'notes.txt'), 'not a DICOM file');
  refs = referenceFrames(a.files);
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function expectStoredFrames(
  slide: DicomFileSlide,
  frames: ReferenceFrame[],
): Promise<number> {
  let checked = 0;
  for (const [level, l] of slide.metadata.levels.entries()) {
    const { cols, rows } = tileGrid(l);
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const tile = await slide.readTile(level, col, row);
        const ref = frames.find(
          (r) =>
            r.flavor === 'VOLUME' && r.totalWidth === l.width && r.col === col && r.row === row,
        );
        expect(Buffer.from(tile.bytes).equals(ref?.bytes ?? Buffer.alloc(0))).toBe(true);
        checked++;
      }
    }
  }
  return checked;
}

describe('DICOM folder slides', () => {
  it('finds one slide per series, with levels, spacing and label', async () => {
    expect(await isDicomFolder(folder)).toBe(true);
    expect(await isDicomFolder(dir)).toBe(true); // one level down
    expect(await isDicomFolder(join(folder, 'notes.txt'))).toBe(false);
    const slides = await openDicomFolderSlides(folder);
    try {
      expect(slides.map((s) => s.seriesUID)).toEqual([a.seriesUID, b.seriesUID]);
      const [sa] = slides;
      expect(sa?.identity).toBe(`dicom:${a.seriesUID}`);
      expect(sa?.metadata.levels.map((l) => [l.width, l.height, l.downsample])).toEqual([
        [1024, 768, 1],
        [512, 384, 2],
        [256, 192, 4],
      ]);
      expect(sa?.metadata.mpp?.x).toBeCloseTo(0.5, 5);
      expect(sa?.metadata.associated).toEqual(['label', 'thumbnail']);
      expect(sa?.files).toHaveLength(a.files.length);
    } finally {
      await Promise.all(slides.map((s) => s.close()));
    }
  });

  it('serves every tile as the stored frame, parsing whole files or walking fragments', async () => {
    // Level 0 spans several instances.
    expect(
      new Set(refs.filter((r) => r.totalWidth === 1024).map((r) => r.instanceUID)).size,
    ).toBeGreaterThan(1);
    for (const wholeFileLimit of [undefined, 0]) {
      const slide = await openDicomSeries(a.files, { wholeFileLimit });
      try {
        expect(await expectStoredFrames(slide, refs)).toBe(12 + 4 + 1);
        const label = await slide.readAssociated('label');
        expect(
          Buffer.from(label.bytes).equals(
            refs.find((r) => r.flavor === 'LABEL')?.bytes ?? Buffer.alloc(0),
          ),
        ).toBe(true);
        const tiles = await slide.readTiles(0, [
          { col: 3, row: 2 },
          { col: 0, row: 0 },
        ]);
        expect(tiles.map((t) => t.bytes.length)).toEqual([
          refs.find((r) => r.totalWidth === 1024 && r.col === 3 && r.row === 2)?.bytes.length,
          refs.find((r) => r.totalWidth === 1024 && r.col === 0 && r.row === 0)?.bytes.length,
        ]);
      } finally {
        await slide.close();
      }
    }
  });

  it('refuses files of several series as one slide, and files with no slide', async () => {
    await expect(openDicomSeries([...a.files, ...b.files])).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(openDicomSeries([join(folder, 'notes.txt')])).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(openDicomSeries([join(folder, 'missing.dcm')])).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('answers not_found outside the grid and refuses reads after close', async () => {
    const slide = await openDicomSeries(b.files);
    await expect(slide.readTile(0, 2, 0)).rejects.toMatchObject({ code: 'not_found' });
    await expect(slide.readAssociated('label')).rejects.toMatchObject({ code: 'not_found' });
    await slide.close();
    await expect(slide.readTile(0, 0, 0)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('crafted DICOM files', () => {
  const SOP_WSI = '1.2.840.10008.5.1.4.1.1.77.1.6';
  let jpegs: Buffer[];

  beforeAll(async () => {
    // Four 32x32 tiles of different colours (real JPEGs: frame starts are found by SOI).
    jpegs = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        sharp({
          create: {
            width: 32,
            height: 32,
            channels: 3,
            background: { r: 60 * i, g: 30, b: 200 - 40 * i },
          },
        })
          .jpeg({ quality: 80 })
          .toBuffer(),
      ),
    );
  });

  function elements(studyUID: string, seriesUID: string, instanceUID: string): WriterElement[] {
    return [
      { tag: '00080008', vr: 'CS', value: 'ORIGINAL\\PRIMARY\\VOLUME\\NONE' },
      { tag: '00080016', vr: 'UI', value: SOP_WSI },
      { tag: '00080018', vr: 'UI', value: instanceUID },
      { tag: '00080060', vr: 'CS', value: 'SM' },
      { tag: '0020000D', vr: 'UI', value: studyUID },
      { tag: '0020000E', vr: 'UI', value: seriesUID },
      { tag: '00209311', vr: 'CS', value: 'TILED_FULL' },
      { tag: '00280002', vr: 'US', value: [3] },
      { tag: '00280004', vr: 'CS', value: 'YBR_FULL_422' },
      { tag: '00280008', vr: 'IS', value: '4' },
      { tag: '00280010', vr: 'US', value: [32] },
      { tag: '00280011', vr: 'US', value: [32] },
      { tag: '00480006', vr: 'UL', value: [64] },
      { tag: '00480007', vr: 'UL', value: [64] },
      {
        tag: '52009229',
        vr: 'SQ',
        value: [
          [
            {
              tag: '00289110',
              vr: 'SQ',
              value: [[{ tag: '00280030', vr: 'DS', value: '0.0005\\0.0005' }]],
            },
          ],
        ],
      },
    ];
  }

  /** Each JPEG in two fragments: the first even-length, the second as it falls. */
  function split(jpeg: Buffer): Buffer[] {
    const cut = Math.floor(jpeg.length / 4) * 2;
    return [jpeg.subarray(0, cut), jpeg.subarray(cut)];
  }

  it('says corrupt when the offset table points elsewhere than a frame', async () => {
    const sub = join(dir, 'bad-offsets');
    await mkdir(sub, { recursive: true });
    const bot = offsetTable(jpegs, [1, 1, 1, 1]).map((o, i) => (i === 0 ? o : o + 2));
    await writeFile(
      join(sub, 'bad.dcm'),
      writeDicomFile(elements(randomUid(), randomUid(), randomUid()), {
        fragments: jpegs,
        basicOffsetTable: bot,
      }),
    );
    const [slide] = await openDicomFolderSlides(sub, { wholeFileLimit: 0 });
    try {
      expect(
        Buffer.from((await slide?.readTile(0, 0, 0))?.bytes ?? []).equals(
          jpegs[0] ?? Buffer.alloc(1),
        ),
      ).toBe(true);
      await expect(slide?.readTile(0, 1, 0)).rejects.toMatchObject({ code: 'corrupt' });
    } finally {
      await slide?.close();
    }
  });

  for (const variant of ['offset table', 'no offset table', 'one fragment per frame'] as const) {
    it(`reads TILED_FULL frames with ${variant}`, async () => {
      const sub = join(dir, variant.replace(/ /g, '-'));
      await mkdir(sub, { recursive: true });
      const studyUID = randomUid();
      const seriesUID = randomUid();
      const fragments = variant === 'one fragment per frame' ? jpegs : jpegs.flatMap(split);
      const bot = variant === 'offset table' ? offsetTable(fragments, [2, 2, 2, 2]) : undefined;
      const file = join(sub, 'tiled-full.dcm');
      await writeFile(
        file,
        writeDicomFile(elements(studyUID, seriesUID, randomUid()), {
          fragments,
          basicOffsetTable: bot,
        }),
      );
      for (const wholeFileLimit of [undefined, 0]) {
        const [slide] = await openDicomFolderSlides(sub, { wholeFileLimit });
        try {
          expect(slide?.metadata.levels).toEqual([
            { width: 64, height: 64, downsample: 1, tileWidth: 32, tileHeight: 32 },
          ]);
          expect(slide?.metadata.mpp).toEqual({ x: 0.5, y: 0.5 });
          for (let i = 0; i < 4; i++) {
            const tile = await slide?.readTile(0, i % 2, Math.floor(i / 2));
            // Fragments joined again, without the padding of an odd-length last fragment.
            expect(Buffer.from(tile?.bytes ?? []).equals(jpegs[i] ?? Buffer.alloc(1))).toBe(true);
          }
        } finally {
          await slide?.close();
        }
      }
    });
  }
});
