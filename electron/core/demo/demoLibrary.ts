/**
 * The embedded demo library: a local-library folder (one sub-folder per case, each with a
 * case.json and its slide files) generated on first run into the user-data folder and
 * reused afterwards. Nothing of it is committed to git.
 *
 * Crash safety: the library is written into a temporary sibling folder, the version marker
 * is written last, and the folder is then renamed into place. A folder without a current
 * marker (older generator, or a crash before the rename) is discarded and regenerated;
 * temporary folders left by a dead process are removed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ScanArea } from '../../common/caseContext/scanArea';
import { WorkstationError } from '../../common/errors';
import { CASE_MANIFEST_FILE, CaseManifestSchema } from '../library/caseManifest';
import type { CaseManifest } from '../library/caseManifest';
import { demoCases } from './demoCatalogue';
import type { DemoCase } from './demoCatalogue';
import type { BlockJob } from './demoJobs';
import { OVERVIEW_STEP } from './demoSlides';
import { macroScanArea } from './labelImage';
import { TISSUE_SIZE } from './tissue/tissueTypes';
import { runJobs } from './demoWorkers';
import { overviewSize } from './bigSlide/bigSlideFiles';

/** Bump when the output changes (pictures, cases, layout): existing libraries are regenerated. */
export const DEMO_GENERATOR_VERSION = 3;
export const DEMO_VERSION_FILE = '.demo-version';

export interface DemoLibraryOptions {
  onProgress?(done: number, total: number): void;
  /** Generation time (received dates are relative to it). Default: now. */
  now?: Date;
  /** Worker threads to render with (default: up to 2, one per core; 0: this thread). */
  workers?: number;
}

export interface DemoLibraryResult {
  cases: number;
  slides: number;
  reused: boolean;
}

interface Marker {
  generator: 'lille-demo-library';
  version: number;
  cases: number;
  slides: number;
  generatedAt: string;
}

const running = new Map<string, Promise<DemoLibraryResult>>();

/**
 * Makes sure `dir` holds the current demo library, generating it when missing or stale.
 * Concurrent calls for the same folder share one generation.
 */
export function generateDemoLibrary(
  dir: string,
  opts: DemoLibraryOptions = {},
): Promise<DemoLibraryResult> {
  const key = path.resolve(dir);
  let job = running.get(key);
  if (!job) {
    job = prepare(key, opts).finally(() => running.delete(key));
    running.set(key, job);
  }
  return job;
}

/** The marker of a complete library of the current version, or null. */
export async function readDemoMarker(dir: string): Promise<Marker | null> {
  try {
    const m = JSON.parse(
      await fs.readFile(path.join(dir, DEMO_VERSION_FILE), 'utf8'),
    ) as Partial<Marker>;
    if (m.generator !== 'lille-demo-library' || m.version !== DEMO_GENERATOR_VERSION) return null;
    if (typeof m.cases !== 'number' || typeof m.slides !== 'number') return null;
    return m as Marker;
  } catch {
    return null;
  }
}

async function prepare(dir: string, opts: DemoLibraryOptions): Promise<DemoLibraryResult> {
  const existing = await readDemoMarker(dir);
  if (existing) return { cases: existing.cases, slides: existing.slides, reused: true };

  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const tmp = path.join(parent, `${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(parent, { recursive: true });
    await removeLeftovers(parent, base);
    await fs.mkdir(tmp);
    const marker = await writeLibrary(tmp, opts);
    const fh = await fs.open(path.join(tmp, DEMO_VERSION_FILE), 'w');
    try {
      await fh.writeFile(JSON.stringify(marker, null, 2));
      await fh.sync();
    } finally {
      await fh.close();
    }
    // Another process may have finished first: keep its library.
    const done = await readDemoMarker(dir);
    if (done) {
      await fs.rm(tmp, { recursive: true, force: true });
      return { cases: done.cases, slides: done.slides, reused: true };
    }
    await moveIntoPlace(tmp, dir, parent, base);
    return { cases: marker.cases, slides: marker.slides, reused: false };
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof WorkstationError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const kind =
      code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS'
        ? 'unavailable'
        : 'internal';
    throw new WorkstationError(
      kind,
      `The demo library could not be generated: ${(e as Error).message}`,
    );
  }
}

async function moveIntoPlace(
  tmp: string,
  dir: string,
  parent: string,
  base: string,
): Promise<void> {
  let old: string | null = null;
  try {
    await fs.access(dir);
    old = path.join(parent, `${base}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.rename(dir, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await fs.rename(tmp, dir);
  if (old) await fs.rm(old, { recursive: true, force: true }).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<base>.tmp-<pid>-*` and `<base>.old-<pid>-*` folders of processes that are gone. */
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  const pattern = new RegExp(
    `^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`,
  );
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || isAlive(Number(m[2]))) continue;
    await fs.rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Where the macro image shows the scanned area: the whole tissue image of the block. */
function scanAreaOf(c: DemoCase, block: string): { scanArea?: ScanArea } {
  const big = c.bigBlocks?.[block];
  if (big) return { scanArea: macroScanArea(overviewSize(big)) };
  const kind = c.blocks[block];
  if (kind === undefined) return {};
  const { width, height } = TISSUE_SIZE[kind];
  return {
    scanArea: macroScanArea({ width: width / OVERVIEW_STEP, height: height / OVERVIEW_STEP }),
  };
}

export function caseManifest(c: DemoCase, now: Date): CaseManifest {
  return CaseManifestSchema.parse({
    accession: c.accession,
    patient: c.patient,
    specimen: c.specimen,
    priority: c.priority,
    status: c.status,
    receivedAt: new Date(now.getTime() - c.receivedHoursAgo * 3_600_000).toISOString(),
    slides: c.slides.map((s) => ({
      file: s.file,
      label: s.label,
      stain: s.stain,
      block: s.block,
      ...scanAreaOf(c, s.block),
    })),
    clinicalInfo: c.context.clinicalInfo,
    parts: c.context.parts,
    blocks: c.context.blocks,
    ...(c.context.conclusion ? { conclusion: c.context.conclusion } : {}),
  });
}

async function writeLibrary(root: string, opts: DemoLibraryOptions): Promise<Marker> {
  const now = opts.now ?? new Date();
  const cases = demoCases(now.getFullYear());
  const total = cases.reduce((n, c) => n + c.slides.length, 0);
  let done = 0;
  opts.onProgress?.(done, total);
  const jobs: BlockJob[] = [];
  for (const [caseIndex, c] of cases.entries()) {
    const folder = path.join(root, c.folder);
    await fs.mkdir(folder);
    await fs.writeFile(
      path.join(folder, CASE_MANIFEST_FILE),
      `${JSON.stringify(caseManifest(c, now), null, 2)}\n`,
    );
    for (const block of [...Object.keys(c.blocks), ...Object.keys(c.bigBlocks ?? {})])
      jobs.push({ root, caseIndex, block, now: now.toISOString() });
  }
  await runJobs(jobs, opts.workers, () => {
    done++;
    opts.onProgress?.(done, total);
  });
  return {
    generator: 'lille-demo-library',
    version: DEMO_GENERATOR_VERSION,
    cases: cases.length,
    slides: total,
    generatedAt: now.toISOString(),
  };
}
