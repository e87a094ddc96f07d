/**
 * The Orthanc test harness, for e2e specs, benchmarks and scripts. It lives in
 * electron/core/testing/orthanc/, with the engine's other test support, so that the
 * engine's own Vitest suites can import it inside their TypeScript project; this module is
 * the entry point for everything else.
 *
 *   const orthanc = await startOrthanc({ auth: { user: 'u', password: 'p' } });
 *   const series = await buildTestSeries(dir, { width: 4096, height: 3072, maxSizeMB: 10 });
 *   await orthanc.upload(series.files);
 *   // ... orthanc.dicomwebUrl ...
 *   await orthanc.stop();
 */
export type {
  OrthancServer,
  StartOrthancOptions,
  UploadedInstance,
} from '../../electron/core/testing/orthanc/orthanc';
export {
  freePort,
  orthancInstalled,
  startOrthanc,
} from '../../electron/core/testing/orthanc/orthanc';
export type {
  DicomizeOptions,
  ImageFlavor,
  TestTiffOptions,
} from '../../electron/core/testing/orthanc/dicomize';
export {
  HE_SUBSTANCES,
  defaultDataset,
  dicomizeSlide,
  makeFlatTiff,
  makeTestTiff,
  specimenDescription,
} from '../../electron/core/testing/orthanc/dicomize';
export type { TestSeries, TestSeriesOptions } from '../../electron/core/testing/orthanc/fixtures';
export {
  ASSOCIATED_COLOURS,
  buildTestSeries,
  randomUid,
} from '../../electron/core/testing/orthanc/fixtures';
