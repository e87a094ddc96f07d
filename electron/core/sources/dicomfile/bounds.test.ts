/**
 * Regression tests for issue 10 (point 5): the DICOM file reader trusted the dimensions
 * and counts written in the file. An 11 KB folder declaring 2,000,000 × 2,000,000 pixels
 * made `slide info` use 3.9 GB, 16 × 4,294,967,295 opened as a slide, and 5e6 × 5e6 threw a
 * bare "Invalid typed array length". Each must now fail fast with 'corrupt', in little
 * memory, without the file's path in the message; a large but plausible sparse slide must
 * open without memory sized from its declared grid.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import type { CraftedInstance } from '../dicom/testing/craftedSeries';
import { writeCraftedSeries, wsiElements } from '../dicom/testing/craftedSeries';
import { writeDicomFile } from '../dicom/testing/dicomWriter';
import { randomUid } from '../../testing/orthanc/fixtures';
import { openDicomFolderSlide } from './dicomFileSlide';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpw-dicom-bounds-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A folder holding one series: one instance per [width, height, frames]. */
async function series(
  name: string,
  levels: Array<[number, number, number]>,
  more: Partial<CraftedInstance> = {},
): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const studyUID = randomUid();
  const seriesUID = randomUid();
  await writeCraftedSeries(
    folder,
    levels.map(([width, height, frames]) => ({
      studyUID,
      seriesUID,
      instanceUID: randomUid(),
      width,
      height,
      tile: 256,
      frames,
      ...more,
    })),
  );
  return folder;
}

/** Opens the folder, expecting `corrupt`; returns the memory and time it cost. */
async function expectCorrupt(folder: string): Promise<{ ms: number; rssMB: number }> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let error: unknown = null;
  try {
    const slide = await openDicomFolderSlide(folder);
    await slide.close();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  const rssMB = (process.memoryUsage().rss - rss0) / 2 ** 20;
  expect(error, String(error)).toBeInstanceOf(WorkstationError);
  expect((error as WorkstationError).code).toBe('corrupt');
  expect((error as WorkstationError).message).not.toContain(dir);
  return { ms, rssMB };
}

describe('DICOM files declaring impossible sizes', () => {
  it('refuses an 11 KB folder declaring 2,000,000 × 2,000,000 pixels, fast and in little memory', async () => {
    const folder = await series('two-million', [
      [2_000_000, 2_000_000, 1],
      [1_000_000, 1_000_000, 1],
      [500_000, 500_000, 1],
      [250_000, 250_000, 1],
    ]);
    const { ms, rssMB } = await expectCorrupt(folder);
    expect(ms).toBeLessThan(2000);
    expect(rssMB).toBeLessThan(64);
  });

  it('refuses 16 × 4,294,967,295 pixels', async () => {
    await expectCorrupt(await series('tall', [[16, 4_294_967_295, 1]]));
  });

  it('refuses 5e6 × 5e6 pixels with corrupt, not "Invalid typed array length"', async () => {
    await expectCorrupt(await series('five-million', [[5_000_000, 5_000_000, 1]]));
  });

  it('refuses a grid of more tiles than a level may have, within the side limit', async () => {
    // 1,000,000² in 16 px tiles: 3.9 billion tiles.
    await expectCorrupt(await series('tiny-tiles', [[1_000_000, 1_000_000, 1]], { tile: 16 }));
  });

  it('refuses frame positions outside the total pixel matrix', async () => {
    await expectCorrupt(
      await series('outside', [[512, 512, 2]], {
        positions: [
          [1, 1],
          [1, 4_000_000],
        ],
      }),
    );
  });

  it('refuses uncompressed pixel data shorter than the frames it declares', async () => {
    const folder = join(dir, 'native-short');
    await mkdir(folder, { recursive: true });
    const c = {
      studyUID: randomUid(),
      seriesUID: randomUid(),
      instanceUID: randomUid(),
      width: 64,
      height: 64,
      tile: 32,
      frames: 2_000_000_000,
    };
    const elements = wsiElements(c).map((e) => (e.tag === '00280004' ? { ...e, value: 'RGB' } : e));
    // One 32×32 RGB frame where two billion are declared.
    await writeFile(
      join(folder, '0.dcm'),
      writeDicomFile(elements, { native: new Uint8Array(32 * 32 * 3) }),
    );
    await expectCorrupt(folder);
  });

  it('opens a large sparse slide without memory sized from its declared grid', async () => {
    // 1,000,000² in 512 px tiles: 3.8 million grid positions, 2 frames stored.
    const folder = await series('sparse', [[1_000_000, 1_000_000, 2]], {
      tile: 512,
      positions: [
        [1, 1],
        [512 * 1000 + 1, 512 * 900 + 1],
      ],
    });
    const buffers0 = process.memoryUsage().arrayBuffers;
    const slide = await openDicomFolderSlide(folder);
    try {
      // Typed arrays sized by the grid would hold 3.8 M entries (15 MB each).
      expect(process.memoryUsage().arrayBuffers - buffers0).toBeLessThan(4 << 20);
      expect(slide.pyramid.frameAt(0, 0, 0)?.frameNumber).toBe(1);
      expect(slide.pyramid.frameAt(0, 1000, 900)?.frameNumber).toBe(2);
      expect(slide.pyramid.frameAt(0, 1, 0)).toBeNull();
      const tile = await slide.readTile(0, 1000, 900);
      expect(Array.from(tile.bytes)).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    } finally {
      await slide.close();
    }
  });
});

describe('slide CLI on an impossible DICOM folder', () => {
  it('info exits 1 with one line naming the problem', async () => {
    const folder = await series('cli', [[2_000_000, 2_000_000, 1]]);
    const root = resolve(import.meta.dirname, '../../../..');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (done) => {
        execFile(
          join(root, 'node_modules', '.bin', 'tsx'),
          [join(root, 'electron', 'cli', 'slide.ts'), 'info', folder],
          { cwd: root, timeout: 30_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
            done({ code, stdout, stderr });
          },
        );
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^slide: corrupt: [^\n]+\n$/);
    expect(run.stderr).not.toContain(folder);
  }, 30_000);
});
