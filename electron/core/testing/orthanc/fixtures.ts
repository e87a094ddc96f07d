/**
 * A whole test slide as a DICOM series: pyramid levels plus optional label, overview and
 * thumbnail instances sharing one Study/Series UID, written to a folder. Test-only code.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageFlavor, TestTiffOptions } from './dicomize';
import { dicomizeSlide, makeFlatTiff, makeTestTiff } from './dicomize';

/** A UID under 2.25 (PS3.5 B.2): the decimal form of 128 random bits. */
export function randomUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

export interface TestSeriesOptions extends TestTiffOptions {
  /** Attributes by keyword for every instance (patient, accession, container...). */
  dataset?: Record<string, unknown>;
  maxSizeMB?: number;
  mpp?: number;
  studyUID?: string;
  seriesUID?: string;
  /** Sizes of the associated images to add; omitted ones are not written. */
  label?: { width: number; height: number };
  overview?: { width: number; height: number };
  thumbnail?: { width: number; height: number };
}

export interface TestSeries {
  dir: string;
  studyUID: string;
  seriesUID: string;
  /** Every file of the series. */
  files: string[];
  levelFiles: string[];
  associatedFiles: Partial<Record<ImageFlavor, string>>;
}

/** Colours of the associated images, so that a test can tell them apart. */
export const ASSOCIATED_COLOURS: Record<
  Exclude<ImageFlavor, 'VOLUME'>,
  { r: number; g: number; b: number }
> = {
  LABEL: { r: 220, g: 40, b: 40 },
  OVERVIEW: { r: 40, g: 200, b: 40 },
  THUMBNAIL: { r: 40, g: 40, b: 220 },
};

export async function buildTestSeries(
  dir: string,
  options: TestSeriesOptions,
): Promise<TestSeries> {
  await mkdir(dir, { recursive: true });
  const studyUID = options.studyUID ?? randomUid();
  const seriesUID = options.seriesUID ?? randomUid();
  const dataset = { ...options.dataset, StudyInstanceUID: studyUID, SeriesInstanceUID: seriesUID };
  const work = await mkdtemp(join(tmpdir(), 'lpw-series-'));
  try {
    const tiff = join(work, 'slide.tif');
    await makeTestTiff(tiff, options);
    const levelFiles = await dicomizeSlide(tiff, dir, {
      dataset,
      maxSizeMB: options.maxSizeMB,
      mpp: options.mpp,
    });
    const associatedFiles: Partial<Record<ImageFlavor, string>> = {};
    const extras: Array<
      [Exclude<ImageFlavor, 'VOLUME'>, { width: number; height: number } | undefined]
    > = [
      ['LABEL', options.label],
      ['OVERVIEW', options.overview],
      ['THUMBNAIL', options.thumbnail],
    ];
    for (const [flavor, size] of extras) {
      if (size === undefined) continue;
      const path = join(work, `${flavor}.tif`);
      await makeFlatTiff(path, size.width, size.height, ASSOCIATED_COLOURS[flavor]);
      const [file] = await dicomizeSlide(path, dir, { dataset, flavor });
      if (file !== undefined) associatedFiles[flavor] = file;
    }
    const files = [...levelFiles, ...Object.values(associatedFiles)];
    return { dir, studyUID, seriesUID, files, levelFiles, associatedFiles };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
