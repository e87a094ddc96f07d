import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTiffSlide } from '../sources/tiff/tiffSlide';
import { demoCases } from './demoCatalogue';
import type { BlockJob } from './demoJobs';
import { runJobs } from './demoWorkers';

const NOW = '2026-03-10T08:30:00.000Z';
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-jobs-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The smallest case of the catalogue (one H&E slide). */
function smallJob(dir: string): { job: BlockJob; folder: string; file: string } {
  const cases = demoCases(2026);
  const caseIndex = cases.findIndex((c) => c.slides.length === 1 && c.blocks.A1 === 'gastric');
  const c = cases[caseIndex];
  if (!c?.slides[0]) throw new Error('no single-slide gastric case in the catalogue');
  return {
    job: { root: dir, caseIndex, block: 'A1', now: NOW },
    folder: c.folder,
    file: c.slides[0].file,
  };
}

describe('runJobs', () => {
  it('runs a job in this thread when asked for no workers, yielding to the event loop', async () => {
    const dir = path.join(root, 'inline');
    const { job, folder, file } = smallJob(dir);
    await fs.mkdir(path.join(dir, folder), { recursive: true });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let slides = 0;
    try {
      expect(await runJobs([job], 0, () => slides++)).toBe(0);
    } finally {
      clearInterval(timer);
    }
    expect(slides).toBe(1);
    // The event loop kept turning while tiles were rendered.
    expect(ticks).toBeGreaterThan(10);
    const slide = await openTiffSlide(path.join(dir, folder, file));
    expect(slide.metadata.levels.length).toBe(3);
    await slide.close();
  });

  it('runs jobs on a worker thread', async () => {
    const dir = path.join(root, 'worker');
    const { job, folder, file } = smallJob(dir);
    await fs.mkdir(path.join(dir, folder), { recursive: true });
    let slides = 0;
    expect(await runJobs([job], 1, () => slides++)).toBe(1);
    expect(slides).toBe(1);
    const slide = await openTiffSlide(path.join(dir, folder, file));
    expect(slide.metadata.mpp).toEqual({ x: 0.25, y: 0.25 });
    await slide.close();
  });

  it('reports a job that fails in a worker, and stops the workers', async () => {
    // The case folder does not exist: writing the slide fails inside the worker.
    const { job } = smallJob(path.join(root, 'missing'));
    await expect(runJobs([job], 1, () => undefined)).rejects.toThrow(/ENOENT|no such file/);
  });
});
