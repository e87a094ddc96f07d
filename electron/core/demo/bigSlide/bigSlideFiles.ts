/**
 * Writes the descriptors of a block's real-size demo slides when the library is made:
 * only what is cheap (a palette measured on a few level-0 tiles, the thumbnail from the
 * coarsest level, the label and the macro); every tile is rendered later, when viewed.
 */
import fs from 'node:fs/promises';
import sharp from 'sharp';
import {
  BIG_DOWNSAMPLES,
  BIG_SLIDE_SIZE,
  serializeDescriptor,
  BIG_SLIDE_VERSION,
} from '../../sources/synthetic/demoSlideDescriptor';
import type { BigSlideDescriptor, BigSlideKind } from '../../sources/synthetic/demoSlideDescriptor';
import { GLASS_RGB } from '../tissue/stains';
import { BigLayout } from './layout';
import { calibratePalette, classFractions, paintFractions } from './coarseTile';
import type { Palette } from './coarseTile';

/** Size of the coarsest level (what the thumbnail and the macro are drawn from). */
export function overviewSize(kind: BigSlideKind): { width: number; height: number } {
  const ds = BIG_DOWNSAMPLES.at(-1) as number;
  const { width, height } = BIG_SLIDE_SIZE[kind];
  return { width: Math.ceil(width / ds), height: Math.ceil(height / ds) };
}

/** Class fractions of the coarsest level, as one square raster (stain-independent). */
export function overviewFractions(layout: BigLayout): { F: Float32Array; size: number } {
  const ds = BIG_DOWNSAMPLES.at(-1) as number;
  const { width, height } = overviewSize(layout.kind);
  const size = Math.max(width, height);
  return { F: classFractions(layout, 0, 0, ds, size), size };
}

/** The coarsest level as one RGB image, painted with a stain's palette. */
export function renderOverview(
  layout: BigLayout,
  fractions: { F: Float32Array; size: number },
  palette: Palette,
): { data: Uint8Array; width: number; height: number } {
  const { width, height } = overviewSize(layout.kind);
  const square = paintFractions(fractions.F, fractions.size, palette, layout.seed);
  const data = new Uint8Array(width * height * 3);
  for (let j = 0; j < height; j++)
    data.set(
      square.subarray(j * fractions.size * 3, (j * fractions.size + width) * 3),
      j * width * 3,
    );
  return { data, width, height };
}

/** RGBA for the macro: tissue opaque, glass transparent (by distance from the glass colour). */
export function overviewRgba(o: { data: Uint8Array; width: number; height: number }): {
  data: Uint8Array;
  width: number;
  height: number;
} {
  const n = o.width * o.height;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const r = o.data[i * 3] as number;
    const g = o.data[i * 3 + 1] as number;
    const b = o.data[i * 3 + 2] as number;
    const d = Math.abs(r - GLASS_RGB[0]) + Math.abs(g - GLASS_RGB[1]) + Math.abs(b - GLASS_RGB[2]);
    out.set([r, g, b, Math.min(235, d * 8)], i * 4);
  }
  return { data: out, width: o.width, height: o.height };
}

export interface BigSlideToWrite {
  path: string;
  stain: BigSlideDescriptor['stain'];
  /** Makes the label and macro JPEGs from the overview (RGBA). */
  associated(overview: {
    data: Uint8Array;
    width: number;
    height: number;
  }): Promise<{ label: Uint8Array; macro: Uint8Array }>;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** Writes one descriptor per slide of a block (serial sections share the seed). */
export async function writeBigSlides(
  kind: BigSlideKind,
  seed: number,
  slides: BigSlideToWrite[],
  onSlideWritten: () => void,
): Promise<void> {
  const layout = new BigLayout(kind, seed);
  const fractions = overviewFractions(layout);
  for (const s of slides) {
    const palette = calibratePalette(layout, s.stain);
    const overview = renderOverview(layout, fractions, palette);
    const thumbnail = await sharp(overview.data, {
      raw: { width: overview.width, height: overview.height, channels: 3 },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const { label, macro } = await s.associated(overviewRgba(overview));
    const descriptor: BigSlideDescriptor = {
      version: BIG_SLIDE_VERSION,
      kind,
      seed,
      stain: s.stain,
      label: b64(label),
      macro: b64(macro),
      thumbnail: b64(thumbnail),
      palette,
    };
    await fs.writeFile(s.path, serializeDescriptor(descriptor));
    onSlideWritten();
  }
}
