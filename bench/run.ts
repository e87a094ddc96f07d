/**
 * `npm run bench`: figures and ratios against baselines measured in the same run, on
 * slides generated here. Never a pass/fail: machines are shared and noisy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost } from '../e2e/support/testHost';
import type { BenchSlide } from './tiles';
import { benchAdjustments } from './adjustments';
import { benchAnnotations } from './annotations';
import { benchArchive } from './archive';
import { benchLag } from './measureLag';
import { benchReference } from './reference';
import { benchTiles } from './tiles';
import { benchViewer } from './viewer';

async function largestDemoSlide(
  host: Awaited<ReturnType<typeof startTestHost>>,
): Promise<{ slide: BenchSlide; accession: string }> {
  const ws = host.workstation;
  let best: { slide: BenchSlide; accession: string } | null = null;
  for (const c of await ws.handlers.listCases({})) {
    const { slides } = await ws.handlers.getCase({ caseId: c.id });
    for (const s of slides.filter((x) => x.error === null)) {
      const info = await ws.handlers.getSlideInfo({ slideId: s.id });
      // A slide file read from disk: the real-size demo slides are rendered on demand.
      if (info.format === 'demo') continue;
      if (!best || info.width * info.height > best.slide.info.width * best.slide.info.height) {
        const { identity, locator } = ws.describeSlide(s.id);
        if (locator.kind !== 'file' || !identity) continue;
        best = {
          slide: { slideId: s.id, path: locator.path, identity, info },
          accession: c.accession,
        };
      }
    }
  }
  if (!best) throw new Error('No readable demo slide');
  return best;
}

async function main() {
  // `npm run bench -- archive` runs only the archive part; `local` only the local one;
  // `tiles` only the local tile reading and serving (no browser); `lag` only the
  // prefetcher's cost to the main thread from an in-memory source; `annotations` only the
  // annotations and AI overlay part (pan with 10,000 annotations, 100,000 detections);
  // `adjustments` only panning with brightness, contrast and gamma off and on.
  const only = process.argv[2];
  if (only === 'reference') {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ref-'));
    try {
      console.log(await benchReference(work));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    return;
  }
  if (only === undefined || only === 'lag') console.log(`${await benchLag()}\n`);
  if (only === 'lag') return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  if (only === 'annotations' || only === 'adjustments') {
    try {
      await benchLocal(work, only);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    return;
  }
  if (only !== 'archive') await benchLocal(work, only === 'tiles' ? 'tiles' : 'all');
  console.log('');
  try {
    if (only !== 'local' && only !== 'tiles') console.log(await benchArchive(work));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function benchLocal(work: string, parts: 'all' | 'tiles' | 'annotations' | 'adjustments') {
  const started = Date.now();
  const host = await startTestHost({ dataDir: path.join(work, 'data') });
  console.log(
    `Demo library ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${os.cpus().length} cores)\n`,
  );
  try {
    const { slide, accession } = await largestDemoSlide(host);
    if (parts === 'annotations') {
      console.log(await benchAnnotations(host, slide, accession));
      return;
    }
    if (parts === 'adjustments') {
      console.log(await benchAdjustments(host, slide, accession));
      return;
    }
    console.log(await benchTiles(host, slide, work));
    if (parts === 'all') {
      console.log('');
      console.log(await benchViewer(host, slide, accession));
      console.log(`\n${await benchAnnotations(host, slide, accession)}`);
      console.log(`\n${await benchAdjustments(host, slide, accession)}`);
    }
  } finally {
    await host.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
