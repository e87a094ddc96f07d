/**
 * A local library folder holding DICOM WSI files (as OrthancWSIDicomizer writes them):
 * one case per sub-folder, one slide per series, opened by the real default openers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps } from '../defaultDeps';
import { silentLogger } from '../log/logger';
import { buildTestSeries } from '../testing/orthanc/fixtures';
import { scanLibraryFolder } from './scanLibrary';

let library: string;
const seriesUIDs: string[] = [];

beforeAll(async () => {
  library = fs.mkdtempSync(path.join(os.tmpdir(), 'dicom-lib-'));
  const caseDir = path.join(library, 'B26-004242');
  let studyUID: string | undefined;
  for (const [i, label] of ['A1', 'A2'].entries()) {
    const series = await buildTestSeries(path.join(caseDir, label), {
      width: 1024,
      height: 768,
      ...(studyUID ? { studyUID } : {}),
      dataset: {
        AccessionNumber: 'B26-004242',
        ContainerIdentifier: label,
        SeriesNumber: String(i + 1),
      },
    });
    studyUID = series.studyUID;
    seriesUIDs.push(series.seriesUID);
  }
}, 120_000);

describe('a library folder of DICOM WSI files', () => {
  it('becomes one case whose slides are its series, and they open', async () => {
    const { records, errors } = await scanLibraryFolder(library);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const [c] = records;
    expect(c?.accession).toBe('B26-004242');
    expect(c?.slides.map((s) => s.label)).toEqual(['A1', 'A2']);
    expect(
      c?.slides.map((s) => (s.locator.kind === 'dicomfolder' ? s.locator.seriesUID : null)),
    ).toEqual(seriesUIDs);

    const locator = c!.slides[1]!.locator;
    if (locator.kind === 'dicomweb') throw new Error('expected a local slide');
    const slide = await defaultDeps(silentLogger).openSlide(locator);
    expect(slide.metadata).toMatchObject({ format: 'dicom', width: 1024, height: 768 });
    expect(slide.identity).toBe(`dicom:${seriesUIDs[1]}`);
    const tile = await slide.readTile(0, 0, 0);
    expect([tile.bytes[0], tile.bytes[1]]).toEqual([0xff, 0xd8]);
    await slide.close();
  });
});
