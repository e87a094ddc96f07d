/**
 * Writes the slides of one block (serial sections: H&E and IHC of the same tissue) as
 * pyramidal files through the TIFF writer. The block's tissue maps are rendered once per
 * 256-px tile and coloured for every stain at once; each slide's writer pulls its tiles
 * from that shared renderer, and its reduced levels are box-filtered as tiles go by.
 *
 * Rendering runs one tile at a time on the event loop (each step a few milliseconds), so
 * the thread that runs it stays responsive.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RegionSource } from './tiffWriter';
import { writePyramidalTiff } from './tiffWriter';
import { BlockMaps } from './tissue/blockMaps';
import { colourBlock } from './tissue/colourBlock';
import { GLASS_RGB, prepareStain, stainNeedsMembranes } from './tissue/stains';
import type { SlideStain, StainId } from './tissue/stains';
import { BLOCK } from './tissue/tissueTypes';
import type { Tissue } from './tissue/tissueTypes';

/** Level-0 resolution and objective of the demo slides (Aperio AppMag 40, MPP 0.25). */
export const DEMO_MPP = 0.25;
export const DEMO_APP_MAG = 40;
/** Aperio-like pyramid: ×4 steps. */
export const DEMO_DOWNSAMPLES = [1, 4, 16];

export interface BlockSlide {
  path: string;
  stain: StainId;
  format: 'svs' | 'tiff';
  /** Associated images (JPEG), ready to store. */
  label: Uint8Array;
  macro: Uint8Array;
}

/** Renders tiles for all stains of a block, one tile at a time, in a shared queue. */
class BlockRenderer {
  private readonly maps = new BlockMaps();
  private readonly stains: SlideStain[];
  private readonly membranes: boolean;
  private readonly pending = new Map<number, { tiles: (Uint8Array | null)[]; left: number }>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Level 1 raster (downsample 4) of every slide, filled as level-0 tiles are made. */
  readonly level1: Uint8Array[];
  readonly l1Width: number;
  readonly l1Height: number;
  private readonly glassTile: Uint8Array;

  constructor(
    private readonly tissue: Tissue,
    stainIds: StainId[],
  ) {
    this.stains = stainIds.map((s) => prepareStain(tissue, s));
    this.membranes = stainIds.some(stainNeedsMembranes);
    this.l1Width = tissue.width / 4;
    this.l1Height = tissue.height / 4;
    this.level1 = stainIds.map(() => new Uint8Array(this.l1Width * this.l1Height * 3));
    this.glassTile = new Uint8Array(BLOCK * BLOCK * 3);
    fillGlass(this.glassTile);
    for (const l1 of this.level1) fillGlass(l1);
  }

  /** Level-0 tile (col, row) of slide `s`, RGB BLOCK × BLOCK. */
  tile(s: number, col: number, row: number): Promise<Uint8Array> {
    const t = this.tissue;
    const index = row * t.blockCols + col;
    if (t.empty[index]) return Promise.resolve(this.glassTile);
    const entry = this.pending.get(index);
    if (entry) return Promise.resolve(this.take(entry, index, s));
    const job = this.queue.then(async () => {
      await nextTurn();
      let e = this.pending.get(index);
      if (!e) {
        e = { tiles: this.renderAll(col, row), left: this.stains.length };
        this.pending.set(index, e);
      }
      return this.take(e, index, s);
    });
    this.queue = job;
    return job;
  }

  private take(
    entry: { tiles: (Uint8Array | null)[]; left: number },
    index: number,
    s: number,
  ): Uint8Array {
    const tile = entry.tiles[s];
    if (!tile) throw new Error(`tile ${index} requested twice for one slide`);
    entry.tiles[s] = null;
    if (--entry.left === 0) this.pending.delete(index);
    return tile;
  }

  private renderAll(col: number, row: number): Uint8Array[] {
    this.maps.render(this.tissue, col, row, this.membranes);
    return this.stains.map((st, s) => {
      // Every byte is written by colourBlock: no need to zero the buffer.
      const out = Buffer.allocUnsafe(BLOCK * BLOCK * 3);
      colourBlock(this.maps, st, col, row, out, 0, BLOCK * 3);
      const l1 = this.level1[s];
      if (l1)
        downsample4(out, BLOCK, BLOCK, l1, this.l1Width, col * (BLOCK / 4), row * (BLOCK / 4));
      return out;
    });
  }
}

function fillGlass(buf: Uint8Array): void {
  const [r, g, b] = GLASS_RGB;
  for (let i = 0; i < buf.length; i += 3) {
    buf[i] = r;
    buf[i + 1] = g;
    buf[i + 2] = b;
  }
}

/** 4 × 4 box filter of a w × h RGB image into `dst` (row length dstW) at (dx, dy). */
export function downsample4(
  src: Uint8Array,
  w: number,
  h: number,
  dst: Uint8Array,
  dstW: number,
  dx: number,
  dy: number,
): void {
  const ow = w >> 2;
  const oh = h >> 2;
  const row = w * 3;
  for (let oy = 0; oy < oh; oy++) {
    let d = ((dy + oy) * dstW + dx) * 3;
    const base = oy * 4 * row;
    for (let ox = 0; ox < ow; ox++) {
      let r = 8;
      let g = 8;
      let b = 8;
      let s = base + ox * 12;
      for (let k = 0; k < 4; k++, s += row) {
        r +=
          (src[s] as number) +
          (src[s + 3] as number) +
          (src[s + 6] as number) +
          (src[s + 9] as number);
        g +=
          (src[s + 1] as number) +
          (src[s + 4] as number) +
          (src[s + 7] as number) +
          (src[s + 10] as number);
        b +=
          (src[s + 2] as number) +
          (src[s + 5] as number) +
          (src[s + 8] as number) +
          (src[s + 11] as number);
      }
      dst[d++] = r >> 4;
      dst[d++] = g >> 4;
      dst[d++] = b >> 4;
    }
  }
}

function crop(
  src: Uint8Array,
  srcW: number,
  x: number,
  y: number,
  w: number,
  h: number,
): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) {
    const s = ((y + r) * srcW + x) * 3;
    out.set(src.subarray(s, s + w * 3), r * w * 3);
  }
  return out;
}

/**
 * Writes every slide of a block. Level sizes are exact multiples of the tile size at
 * level 0 (the tissue sizes are chosen so), which keeps all levels aligned.
 */
export async function writeBlockSlides(
  tissue: Tissue,
  slides: BlockSlide[],
  onSlideWritten: (path: string) => void,
): Promise<void> {
  const renderer = new BlockRenderer(
    tissue,
    slides.map((s) => s.stain),
  );
  const l2Width = renderer.l1Width / 4;
  const l2Height = renderer.l1Height / 4;
  const level2: (Uint8Array | null)[] = slides.map(() => null);
  const level2Of = (s: number): Uint8Array => {
    let l2 = level2[s];
    if (!l2) {
      l2 = new Uint8Array(l2Width * l2Height * 3);
      const l1 = renderer.level1[s];
      if (!l1) throw new RangeError(`no slide ${s}`);
      downsample4(l1, renderer.l1Width, renderer.l1Height, l2, l2Width, 0, 0);
      level2[s] = l2;
    }
    return l2;
  };

  await Promise.all(
    slides.map(async (slide, s) => {
      const source: RegionSource = {
        width: tissue.width,
        height: tissue.height,
        readRegion: async ({ level, x, y, width, height }) => {
          if (level === 0) {
            if (x % BLOCK !== 0 || y % BLOCK !== 0 || width !== BLOCK || height !== BLOCK) {
              throw new RangeError('level-0 regions must be whole tiles');
            }
            return renderer.tile(s, x / BLOCK, y / BLOCK);
          }
          if (level === 1)
            return crop(renderer.level1[s] as Uint8Array, renderer.l1Width, x, y, width, height);
          return crop(level2Of(s), l2Width, x, y, width, height);
        },
      };
      await writePyramidalTiff(slide.path, {
        image: source,
        format: slide.format === 'svs' ? 'svs' : 'tiff',
        tileSize: BLOCK,
        levelDownsamples: DEMO_DOWNSAMPLES,
        compression: 'jpeg',
        // Aperio scanners default to Q=70; a little more keeps nuclei crisp.
        quality: 75,
        photometric: 'ycbcr',
        mpp: DEMO_MPP,
        appMag: DEMO_APP_MAG,
        ...(slide.format === 'svs'
          ? { aperioFields: { ScanScope: 'Demo', Filename: slide.path.split(/[\\/]/).pop() ?? '' } }
          : { description: 'Lille Pathology Workstation demo slide' }),
        associated: { label: { jpeg: slide.label }, macro: { jpeg: slide.macro }, thumbnail: true },
      });
      onSlideWritten(slide.path);
    }),
  );
}

/** The macro camera's view is 1/16 of level 0: a few hundred pixels for the whole tissue. */
export const OVERVIEW_STEP = 16;

/**
 * What the macro camera sees: the tissue silhouette in the stain's overall colour, as
 * RGBA at 1/16 of level 0. Drawn from the outline alone, so it is ready before any tile.
 */
export function tissueOverview(
  tissue: Tissue,
  stain: StainId,
): { data: Uint8Array; width: number; height: number } {
  const step = OVERVIEW_STEP;
  const width = tissue.width / step;
  const height = tissue.height / step;
  const data = new Uint8Array(width * height * 4);
  const ihc = stain !== 'HE';
  // Average colours of stained tissue seen from afar.
  const stroma = ihc ? [206, 204, 218] : [222, 150, 196];
  const cellular = ihc ? [150, 150, 192] : [140, 92, 166];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = x * step + step / 2;
      const py = y * step + step / 2;
      let a = tissue.mask.at(px, py) / 30 + 0.5;
      a = a < 0 ? 0 : a > 1 ? 1 : a;
      if (tissue.fat && tissue.fat.at(px, py) > 0.5) a *= 0.3;
      // Lymphoid or epithelial areas look darker and bluer than collagen.
      const c = Math.min(1, Math.max(0, 1 - tissue.fibre.at(px, py)));
      const o = (y * width + x) * 4;
      for (let ch = 0; ch < 3; ch++)
        data[o + ch] = (stroma[ch] as number) * (1 - c) + (cellular[ch] as number) * c;
      data[o + 3] = a * 235;
    }
  }
  return { data, width, height };
}
