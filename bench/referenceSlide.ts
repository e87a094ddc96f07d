/**
 * The reference benchmark's slides: 16,384 × 12,288 pyramidal JPEG TIFFs of demo tissue
 * (the demo library's renderer: glands, stroma, nuclei, fat, glass), so that tiles have
 * the size and variety of a real scan rather than flat colour or noise. One demo block
 * (6,656 × 4,608) is rendered in each stain asked for, then mirrored out to the full size
 * by libvips and written as one tiled JPEG pyramid (256-px tiles, ×2 levels, 0.25 µm/px).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEMO_MPP, writeBlockSlides } from '../electron/core/demo/demoSlides';
import { buildTissue } from '../electron/core/demo/tissue/buildTissue';
import type { StainId } from '../electron/core/demo/tissue/stains';

export const REFERENCE_SIZE = { width: 16384, height: 12288 };

/** Writes one TIFF per stain (same tissue) at `paths[i]`. */
export async function writeReferenceSlides(
  stains: readonly { stain: StainId; path: string }[],
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-tissue-'));
  try {
    const tissue = buildTissue('breastResection', 20261203);
    const grey = await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 200, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    const blocks = stains.map((s, i) => ({
      path: join(work, `block-${i}.tif`),
      stain: s.stain,
      format: 'tiff' as const,
      label: grey,
      macro: grey,
    }));
    await writeBlockSlides(tissue, blocks, () => undefined);
    for (const [i, s] of stains.entries()) {
      const block = blocks[i]!;
      const meta = await sharp(block.path).metadata();
      const right = REFERENCE_SIZE.width - (meta.width ?? 0);
      const bottom = REFERENCE_SIZE.height - (meta.height ?? 0);
      await sharp(block.path, { limitInputPixels: false })
        .extend({ right, bottom, extendWith: 'mirror' })
        .tiff({
          tile: true,
          tileWidth: 256,
          tileHeight: 256,
          pyramid: true,
          compression: 'jpeg',
          quality: 80,
          // pixels per mm
          xres: 1000 / DEMO_MPP,
          yres: 1000 / DEMO_MPP,
          resolutionUnit: 'cm',
        })
        .toFile(s.path);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
