/**
 * One unit of demo generation: the slides of one block of one case (its tissue is built
 * once and stained several ways). Runs in a worker thread or, as a fallback, in the
 * caller's thread.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { demoCases } from './demoCatalogue';
import type { DemoCase, DemoSlide } from './demoCatalogue';
import { tissueOverview, writeBlockSlides } from './demoSlides';
import type { BlockSlide } from './demoSlides';
import { LABEL_SIZE, renderLabel, renderMacro } from './labelImage';
import { seedFrom } from './random';
import { buildTissue } from './tissue/buildTissue';
import { TISSUE_SIZE } from './tissue/tissueTypes';
import { writeBigSlides } from './bigSlide/bigSlideFiles';
import { BIG_SLIDE_STAINS } from '../sources/synthetic/demoSlideDescriptor';
import type { BigSlideDescriptor } from '../sources/synthetic/demoSlideDescriptor';

/** A corrupt slide keeps this fraction of a good file: its header points past the end. */
const CORRUPT_KEEP = 0.3;

export interface BlockJob {
  /** Library folder being written (the case folders already exist). */
  root: string;
  caseIndex: number;
  block: string;
  /** Generation time, ISO 8601. */
  now: string;
}

function jobCase(job: BlockJob): DemoCase {
  const c = demoCases(new Date(job.now).getFullYear())[job.caseIndex];
  if (!c || (!c.blocks[job.block] && !c.bigBlocks?.[job.block]))
    throw new RangeError(`no demo block ${job.caseIndex}/${job.block}`);
  return c;
}

/** Rough cost of a job (level-0 pixels × stains), to start the largest jobs first. */
export function jobCost(job: BlockJob): number {
  const c = jobCase(job);
  // A real-size slide costs a few dozen level-0 tiles and its coarsest level.
  if (c.bigBlocks?.[job.block]) return 6144 * 4096 * 2;
  const kind = c.blocks[job.block];
  if (!kind) return 0;
  const { width, height } = TISSUE_SIZE[kind];
  return width * height * (1 + c.slides.filter((s) => s.block === job.block && !s.corrupt).length);
}

/** Writes the slides of one block; `onSlide` is called once per slide file written. */
export async function runBlockJob(job: BlockJob, onSlide: () => void): Promise<void> {
  const c = jobCase(job);
  const folder = path.join(job.root, c.folder);
  const received = new Date(new Date(job.now).getTime() - c.receivedHoursAgo * 3_600_000);
  const slides = c.slides.filter((s) => s.block === job.block);
  const big = c.bigBlocks?.[job.block];
  if (big) {
    await writeBigSlides(
      big,
      seedFrom(`demo/${job.caseIndex}/${job.block}/${big}`),
      slides.map((s) => ({
        path: path.join(folder, s.file),
        stain: bigStain(s),
        associated: (overview) => associatedImages(c, s, received, overview),
      })),
      onSlide,
    );
    return;
  }
  const kind = c.blocks[job.block];
  if (!kind) return;
  const good = slides.filter((s) => !s.corrupt);
  const tissue = buildTissue(kind, seedFrom(`demo/${job.caseIndex}/${job.block}/${kind}`));
  const overviews = new Map<boolean, ReturnType<typeof tissueOverview>>();
  const overview = (s: DemoSlide): ReturnType<typeof tissueOverview> => {
    const ihc = s.stainId !== 'HE';
    let o = overviews.get(ihc);
    if (!o) {
      o = tissueOverview(tissue, s.stainId);
      overviews.set(ihc, o);
    }
    return o;
  };
  const blockSlides: BlockSlide[] = await Promise.all(
    good.map(async (s) => ({
      path: path.join(folder, s.file),
      stain: s.stainId,
      format: s.format === 'tiff' ? 'tiff' : 'svs',
      ...(await associatedImages(c, s, received, overview(s))),
    })),
  );
  await writeBlockSlides(tissue, blockSlides, onSlide);
  const first = good[0];
  for (const bad of slides.filter((s) => s.corrupt)) {
    if (!first) throw new Error(`block ${job.block} has no readable slide to damage`);
    await writeTruncatedCopy(path.join(folder, first.file), path.join(folder, bad.file));
    onSlide();
  }
}

function bigStain(s: DemoSlide): BigSlideDescriptor['stain'] {
  const stain = BIG_SLIDE_STAINS.find((b) => b === s.stainId);
  if (!stain) throw new RangeError(`no real-size demo slide in ${s.stainId}`);
  return stain;
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
