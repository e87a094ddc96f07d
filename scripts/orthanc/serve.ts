/**
 * Runs a throw-away Orthanc with DICOMweb for manual work and e2e debugging:
 *
 *   tsx scripts/orthanc/serve.ts [--user U --password P] [--demo] [file.dcm | folder]...
 *
 * --demo converts two synthetic slides (one case) with OrthancWSIDicomizer first. Prints
 * the DICOMweb root and series URLs, then serves until Ctrl-C; everything is deleted then.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestSeries, startOrthanc } from './index';

async function dicomFiles(target: string): Promise<string[]> {
  if (!(await stat(target)).isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => n.toLowerCase().endsWith('.dcm')).sort();
  return names.map((n) => join(target, n));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let user: string | undefined;
  let password: string | undefined;
  let demo = false;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--user') user = args[++i];
    else if (a === '--password') password = args[++i];
    else if (a === '--demo') demo = true;
    else targets.push(a);
  }
  const auth = user !== undefined && password !== undefined ? { user, password } : undefined;
  const work = await mkdtemp(join(tmpdir(), 'lpw-orthanc-serve-'));
  const orthanc = await startOrthanc({ auth });
  const files: string[] = [];
  for (const t of targets) files.push(...(await dicomFiles(t)));
  const urls: string[] = [];
  if (demo) {
    const dataset = {
      PatientName: 'DEMO^PATIENT',
      PatientID: 'DEMO-1',
      AccessionNumber: 'DEMO-0001',
    };
    const a = await buildTestSeries(join(work, 'a'), {
      width: 4096,
      height: 3072,
      mpp: 0.25,
      dataset: { ...dataset, ContainerIdentifier: 'DEMO-0001-A1' },
      label: { width: 400, height: 300 },
    });
    const b = await buildTestSeries(join(work, 'b'), {
      width: 2048,
      height: 2048,
      mpp: 0.5,
      studyUID: a.studyUID,
      dataset: { ...dataset, ContainerIdentifier: 'DEMO-0001-A2', SeriesNumber: '2' },
    });
    files.push(...a.files, ...b.files);
    for (const s of [a, b])
      urls.push(`${orthanc.dicomwebUrl}/studies/${s.studyUID}/series/${s.seriesUID}`);
  }
  await orthanc.upload(files);
  process.stdout.write(
    `Orthanc ${orthanc.url} (pid ${orthanc.pid})\nDICOMweb ${orthanc.dicomwebUrl}\n`,
  );
  for (const u of urls) process.stdout.write(`series ${u}\n`);
  const shutdown = () => {
    void orthanc.stop().then(() => rm(work, { recursive: true, force: true }));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
