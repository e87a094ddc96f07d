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
import sharp from 'sharp';
import { WorkstationError } from '../../../common/errors';
import { CASE_MANIFEST_FILE, CaseManifestSchema } from '../../library/caseManifest';
import type { CaseManifest } from '../../library/caseManifest';
import { demoCases } from './demoCatalogue';
import type { DemoCase, DemoSlide } from './demoCatalogue';
import { tissueOverview, writeBlockSlides } from './demoSlides';
import type { BlockSlide } from './demoSlides';
import { LABEL_SIZE, renderLabel, renderMacro } from './labelImage';
import { seedFrom } from './random';
import { buildTissue } from './tissueModel';

/** Bump when the output changes (pictures, cases, layout): existing libraries are regenerated. */
export const DEMO_GENERATOR_VERSION = 1;
export const DEMO_VERSION_FILE = '.demo-version';
/** A corrupt slide keeps this fraction of a good file: its header points past the end. */
const CORRUPT_KEEP = 0.3;

export interface DemoLibraryOptions {
  onProgress?(done: number, total: number): void;
  /** Generation time (received dates are relative to it). Default: now. */
  now?: Date;
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
export function generateDemoLibrary(dir: string, opts: DemoLibraryOptions = {}): Promise<DemoLibraryResult> {
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
    const m = JSON.parse(await fs.readFile(path.join(dir, DEMO_VERSION_FILE), 'utf8')) as Partial<Marker>;
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
  await fs.mkdir(parent, { recursive: true });
  await removeLeftovers(parent, base);
  const tmp = path.join(parent, `${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(tmp);
  try {
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
    throw new WorkstationError('internal', `The demo library could not be generated: ${(e as Error).message}`);
  }
}

async function moveIntoPlace(tmp: string, dir: string, parent: string, base: string): Promise<void> {
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
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`);
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || isAlive(Number(m[2]))) continue;
    await fs.rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function formatDate(d: Date): string {
  const dd = String(d.getDate()).padStart(2, '0');
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getFullYear()}`;
}

/** "MERCIER Isabelle" → "MERCIER I." */
function shortName(name: string): string {
  const [last, ...first] = name.split(' ');
  const initials = first.map((f) => `${f.charAt(0)}.`).join('');
  return `${last ?? ''} ${initials}`.trim();
}

export function caseManifest(c: DemoCase, now: Date): CaseManifest {
  return CaseManifestSchema.parse({
    accession: c.accession,
    patient: c.patient,
    specimen: c.specimen,
    priority: c.priority,
    status: c.status,
    receivedAt: new Date(now.getTime() - c.receivedHoursAgo * 3_600_000).toISOString(),
    slides: c.slides.map((s) => ({ file: s.file, label: s.label, stain: s.stain })),
  });
}

async function writeLibrary(root: string, opts: DemoLibraryOptions): Promise<Marker> {
  const now = opts.now ?? new Date();
  const cases = demoCases(now.getFullYear());
  const total = cases.reduce((n, c) => n + c.slides.length, 0);
  let done = 0;
  const progress = (): void => opts.onProgress?.(done, total);
  progress();
  for (const [caseIndex, c] of cases.entries()) {
    const folder = path.join(root, c.folder);
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, CASE_MANIFEST_FILE), `${JSON.stringify(caseManifest(c, now), null, 2)}\n`);
    const received = new Date(now.getTime() - c.receivedHoursAgo * 3_600_000);
    for (const [block, kind] of Object.entries(c.blocks)) {
      const slides = c.slides.filter((s) => s.block === block);
      const good = slides.filter((s) => !s.corrupt);
      const tissue = buildTissue(kind, seedFrom(`demo/${caseIndex}/${block}/${kind}`));
      const blockSlides: BlockSlide[] = await Promise.all(
        good.map(async (s) => ({
          path: path.join(folder, s.file),
          stain: s.stainId,
          format: s.format,
          ...(await associatedImages(c, s, received, tissueOverview(tissue, s.stainId))),
        })),
      );
      await writeBlockSlides(tissue, blockSlides, () => {
        done++;
        progress();
      });
      const first = good[0];
      for (const bad of slides.filter((s) => s.corrupt)) {
        if (!first) throw new Error(`block ${block} has no readable slide to damage`);
        await writeTruncatedCopy(path.join(folder, first.file), path.join(folder, bad.file));
        done++;
        progress();
      }
    }
  }
  return {
    generator: 'lille-demo-library',
    version: DEMO_GENERATOR_VERSION,
    cases: cases.length,
    slides: total,
    generatedAt: now.toISOString(),
  };
}

async function associatedImages(
  c: DemoCase,
  s: DemoSlide,
  received: Date,
  overview: { data: Uint8Array; width: number; height: number },
): Promise<{ label: Uint8Array; macro: Uint8Array }> {
  const raw = await renderLabel({
    accession: c.accession,
    slideLabel: s.label,
    stain: s.stain,
    patient: shortName(c.patient.name),
    date: formatDate(received),
  });
  const [label, macro] = await Promise.all([
    sharp(raw, { raw: { ...LABEL_SIZE, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
    renderMacro(raw, overview),
  ]);
  return { label, macro };
}

/** A slide file cut short, as after an interrupted copy. */
async function writeTruncatedCopy(from: string, to: string): Promise<void> {
  const { size } = await fs.stat(from);
  const keep = Math.floor(size * CORRUPT_KEEP);
  const fh = await fs.open(from, 'r');
  try {
    const buf = Buffer.alloc(keep);
    await fh.read(buf, 0, keep, 0);
    await fs.writeFile(to, buf);
  } finally {
    await fh.close();
  }
}
