/**
 * Raw WADO-RS frame throughput against a local Orthanc: one client, single-frame requests
 * versus batched frame lists, sequential and with the client's default concurrency.
 *
 *   tsx scripts/orthanc/benchFrames.ts [--size 6144] [--max-size-mb 10] [--frames 400]
 *                                       [--noise 14] [--quality 90]
 *
 * Makes a synthetic slide (noise of small amplitude: tiles of a realistic 20-40 KB),
 * converts it with OrthancWSIDicomizer into instances of at most --max-size-mb, uploads it
 * and reads the same --frames frames of level 0 in each mode. Prints frames/s and MB/s,
 * with ratios to the sequential single-frame baseline measured in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomwebClient } from '../../electron/core/sources/dicomweb/client';
import { openDicomwebSlide } from '../../electron/core/sources/dicomweb/dicomwebSlide';
import { tileGrid } from '../../electron/common/pyramid';
import { buildTestSeries, startOrthanc } from './index';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? undefined : Number(process.argv[i + 1]);
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

async function main(): Promise<void> {
  const size = arg('size', 6144);
  const maxSizeMB = arg('max-size-mb', 10);
  const frameCount = arg('frames', 400);
  const work = await mkdtemp(join(tmpdir(), 'lpw-bench-frames-'));
  const orthanc = await startOrthanc();
  try {
    let t = performance.now();
    const series = await buildTestSeries(join(work, 'slide'), {
      width: size,
      height: size,
      noise: true,
      noiseAmplitude: arg('noise', 14),
      quality: arg('quality', 90),
      maxSizeMB,
      pyramid: false,
    });
    const made = performance.now() - t;
    t = performance.now();
    await orthanc.upload(series.files);
    const uploaded = performance.now() - t;

    const baseClient = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
    const slide = await openDicomwebSlide(baseClient, series.studyUID, series.seriesUID);
    const level = slide.metadata.levels[0];
    if (level === undefined) throw new Error('no level 0');
    const { cols, rows } = tileGrid(level);
    // Row-major from the top left: the frames a viewer asks for when it opens a region.
    const tiles = Array.from({ length: Math.min(frameCount, cols * rows) }, (_, i) => ({
      col: i % cols,
      row: Math.floor(i / cols),
    }));
    const refs = tiles.map((tl) => slide.pyramid.frameAt(0, tl.col, tl.row));
    const instances = new Set(series.levelFiles).size;
    process.stdout.write(
      `slide ${size}x${size}, ${cols * rows} tiles at level 0, ${instances} instances <= ${maxSizeMB} MB ` +
        `(made in ${(made / 1000).toFixed(1)} s, uploaded in ${(uploaded / 1000).toFixed(1)} s)\n`,
    );

    const modes: Array<{ name: string; perRequest: number; concurrency: number }> = [
      { name: 'single frame, sequential', perRequest: 1, concurrency: 1 },
      { name: 'single frame, 6 in flight', perRequest: 1, concurrency: 6 },
      { name: 'batch of 8, sequential', perRequest: 8, concurrency: 1 },
      { name: 'batch of 32, sequential', perRequest: 32, concurrency: 1 },
      { name: 'batch of 32, 6 in flight', perRequest: 32, concurrency: 6 },
    ];
    let baseline = 0;
    for (const mode of modes) {
      const client = new DicomwebClient({
        baseUrl: orthanc.dicomwebUrl,
        maxFramesPerRequest: mode.perRequest,
        maxConcurrency: mode.concurrency,
      });
      // Group the frames by instance as the slide does, then split into requests.
      const byInstance = new Map<string, number[]>();
      for (const r of refs) {
        if (r === null) continue;
        const list = byInstance.get(r.instanceUID) ?? [];
        list.push(r.frameNumber);
        byInstance.set(r.instanceUID, list);
      }
      const t0 = performance.now();
      let bytes = 0;
      if (mode.concurrency === 1) {
        for (const [uid, frames] of byInstance) {
          for (let i = 0; i < frames.length; i += mode.perRequest) {
            const got = await client.retrieveFrames(
              series.studyUID,
              series.seriesUID,
              uid,
              frames.slice(i, i + mode.perRequest),
            );
            bytes += got.reduce((n, f) => n + f.bytes.length, 0);
          }
        }
      } else {
        const results = await Promise.all(
          [...byInstance].map(([uid, frames]) =>
            client.retrieveFrames(series.studyUID, series.seriesUID, uid, frames),
          ),
        );
        bytes = results.flat().reduce((n, f) => n + f.bytes.length, 0);
      }
      const s = (performance.now() - t0) / 1000;
      const fps = refs.length / s;
      if (baseline === 0) baseline = fps;
      process.stdout.write(
        `${mode.name.padEnd(28)} ${fps.toFixed(0).padStart(6)} frames/s ${(bytes / 1e6 / s).toFixed(1).padStart(6)} MB/s ` +
          `x${(fps / baseline).toFixed(1)} (${refs.length} frames, ${(bytes / refs.length / 1024).toFixed(1)} KB avg)\n`,
      );
    }
    // The full path: DicomwebSlide.readTile calls made together are gathered into batches.
    const t0 = performance.now();
    await Promise.all(tiles.map((tl) => slide.readTile(0, tl.col, tl.row)));
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(
      `${'slide.readTile x N together'.padEnd(28)} ${(tiles.length / s).toFixed(0).padStart(6)} frames/s ` +
        `x${(tiles.length / s / baseline).toFixed(1)}\n`,
    );
  } finally {
    await orthanc.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
