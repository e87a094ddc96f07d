/**
 * The small file that stands for a real-size demo slide (`*.demoslide`): a fixed first
 * line, then JSON naming the layout, its seed and the stain, with the label, macro and
 * thumbnail images made when the library was written. The pixels themselves are rendered
 * on demand from the layout (layout.ts) and kept by the tile cache.
 */
import { z } from 'zod';
import { WorkstationError } from '../../../common/errors';

/** Number of structure classes the coarse levels are painted with (layout.ts CLASS). */
export const CLASS_COUNT = 9;

/** First bytes of every descriptor: what openSlide sniffs. */
export const DEMO_SLIDE_MAGIC = 'LILLE-DEMO-SLIDE\n';
export const DEMO_SLIDE_EXTENSION = '.demoslide';
/** Bump when the same descriptor would render other pixels: cached tiles are then not reused. */
export const BIG_SLIDE_VERSION = 1;

export const BIG_SLIDE_KINDS = ['prostateCores', 'prostateCoresTumour', 'breastResection'] as const;
export type BigSlideKind = (typeof BIG_SLIDE_KINDS)[number];

/** Level-0 size per kind: needle cores about 15 × 1 mm, a resection about 20 × 15 mm. */
export const BIG_SLIDE_SIZE: Record<BigSlideKind, { width: number; height: number }> = {
  // 256 × 64 tiles of 256 px: 16.4 × 4.1 mm.
  prostateCores: { width: 65536, height: 16384 },
  prostateCoresTumour: { width: 65536, height: 16384 },
  // 313 × 234 tiles: 20.0 × 15.0 mm.
  breastResection: { width: 80128, height: 59904 },
};

/** Tile size, and ×4 steps down to a level about the size of a thumbnail (as the demo SVS). */
export const BIG_TILE = 256;
export const BIG_DOWNSAMPLES = [1, 4, 16, 64, 256];
/** Level-0 resolution and objective (Aperio AppMag 40, MPP 0.25), as the other demo slides. */
export const BIG_MPP = 0.25;
export const BIG_APP_MAG = 40;

/** Stains the layout can be rendered with (a subset of demo/tissue/stains.ts's StainId). */
export const BIG_SLIDE_STAINS = ['HE', 'ER', 'Ki67', 'p63'] as const;

/** Base64 of a JPEG image, at most about 1 MB. */
const JpegBase64 = z
  .string()
  .max(1_500_000)
  .regex(/^[A-Za-z0-9+/]+=*$/);

export const BigSlideDescriptorSchema = z
  .object({
    version: z.literal(BIG_SLIDE_VERSION),
    kind: z.enum(BIG_SLIDE_KINDS),
    /** Same seed, same tissue: serial sections of one block share it. */
    seed: z.number().int().min(0).max(0xffffffff),
    stain: z.enum(BIG_SLIDE_STAINS),
    label: JpegBase64,
    macro: JpegBase64,
    thumbnail: JpegBase64,
    /**
     * Mean colour of each structure class (layout.ts CLASS) measured on rendered level-0
     * tiles when the library was written: what coarse levels are painted with.
     */
    palette: z
      .array(
        z.tuple([
          z.number().int().min(0).max(255),
          z.number().int().min(0).max(255),
          z.number().int().min(0).max(255),
        ]),
      )
      .length(CLASS_COUNT),
  })
  .strict();

export type BigSlideDescriptor = z.infer<typeof BigSlideDescriptorSchema>;

const MAGIC_BYTES = new TextEncoder().encode(DEMO_SLIDE_MAGIC);

/** True when a file's first bytes are those of a demo slide descriptor. */
export function isDemoSlideHeader(head: Uint8Array): boolean {
  if (head.length < MAGIC_BYTES.length) return false;
  return MAGIC_BYTES.every((b, i) => head[i] === b);
}

export function hasDemoSlideExtension(path: string): boolean {
  return path.toLowerCase().endsWith(DEMO_SLIDE_EXTENSION);
}

/** The descriptor in a file's text; WorkstationError('corrupt') when it is not a valid one. */
export function parseDescriptor(text: string): BigSlideDescriptor {
  if (!text.startsWith(DEMO_SLIDE_MAGIC))
    throw new WorkstationError('corrupt', 'Not a demo slide descriptor');
  let json: unknown;
  try {
    json = JSON.parse(text.slice(DEMO_SLIDE_MAGIC.length));
  } catch {
    throw new WorkstationError('corrupt', 'The demo slide descriptor is not valid JSON');
  }
  const parsed = BigSlideDescriptorSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'descriptor';
    throw new WorkstationError(
      'corrupt',
      `Invalid demo slide descriptor (${where}: ${issue?.message ?? 'schema mismatch'})`,
    );
  }
  return parsed.data;
}

export function serializeDescriptor(d: BigSlideDescriptor): string {
  return `${DEMO_SLIDE_MAGIC}${JSON.stringify(BigSlideDescriptorSchema.parse(d))}\n`;
}

/** The tile-cache identity: the same layout, seed and stain give the same pixels. */
export function bigSlideIdentity(d: Pick<BigSlideDescriptor, 'kind' | 'seed' | 'stain'>): string {
  return `demo-big:${d.kind}-${d.seed}-${d.stain}:${BIG_SLIDE_VERSION}`;
}

/** A tile asked of the rendering worker (demo/bigSlide/bigSlideWorker.ts). */
export interface BigTileRequest {
  id: number;
  kind: BigSlideKind;
  seed: number;
  stain: BigSlideDescriptor['stain'];
  palette: BigSlideDescriptor['palette'];
  level: number;
  col: number;
  row: number;
}

export type BigTileResponse = { id: number; bytes: Uint8Array } | { id: number; error: string };
