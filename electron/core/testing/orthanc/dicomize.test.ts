import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSeries } from './fixtures';
import { buildTestSeries } from './fixtures';

/** dciodvfy (dicom3tools) checks a file against the IOD; it prints to stderr. */
function dciodvfy(file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('dciodvfy', [file], { timeout: 30_000 }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
}

let dir: string;
let series: TestSeries;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpw-dicomize-'));
  series = await buildTestSeries(dir, {
    width: 1024,
    height: 768,
    noise: true,
    quality: 92,
    maxSizeMB: 1,
    mpp: 0.25,
    label: { width: 300, height: 200 },
  });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('test slides made by OrthancWSIDicomizer', () => {
  it('are valid VL Whole Slide Microscopy images but for what the dicomizer cannot write', async () => {
    for (const file of [series.levelFiles[0] ?? '', series.associatedFiles.LABEL ?? '']) {
      const report = await dciodvfy(file);
      expect(report).toMatch(/VLWholeSlideMicroscopyImage/);
      const errors = report.split('\n').filter((l) => l.startsWith('Error'));
      // OrthancWSIDicomizer 1.1 writes no WholeSlideMicroscopyImageFrameTypeSequence, and
      // dciodvfy counts frames per instance even in a concatenation.
      const known =
        /WholeSlideMicroscopyImageFrameTypeSequence|NumberOfFrames does not match expected value/;
      expect(errors.filter((e) => !known.test(e))).toEqual([]);
    }
  });

  it('split a level larger than --max-size into a concatenation', () => {
    // 1024x768 of noise at quality 92 is ~2 MB of tiles: at least two 1 MB instances.
    expect(series.levelFiles.length).toBeGreaterThanOrEqual(4);
    expect(series.files).toContain(series.associatedFiles.LABEL);
  });
});
