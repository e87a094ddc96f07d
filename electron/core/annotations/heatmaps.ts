/**
 * AI heatmaps: a probability grid (at most 1024 × 1024 cells) placed on a slide, such as a
 * tumour-probability map made by a model from fixed-size patches. Kept in workstation.db
 * as a greyscale-and-alpha PNG (grey = probability × 255, rounded; alpha 0 where the grid
 * has no value), which the window colours and draws over the slide.
 *
 * Accepted input:
 * - a PNG (base64) in grey levels: 1 or 2 channels, or RGB(A) whose three channels are equal
 *   in every pixel; 8 or 16 bits (16-bit values are scaled to 8). A colour picture is
 *   refused: a colour-mapped heatmap cannot be read back into probabilities. Alpha 0
 *   means "no value"; any other alpha is ignored.
 * - JSON: width, height and width × height values from 0 to 1 row by row, null for "no value".
 * The extent starts on the slide and may pass its right and bottom edges by less than one
 * cell: a grid of patches ends with a partial patch.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import type { Heatmap, HeatmapExtent } from '../../common/contract';
import { MAX_HEATMAP_SIDE, MAX_HEATMAPS_PER_SLIDE } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { AuditLog } from '../audit/auditLog';
import type { WorkstationDb } from '../db/open';

export interface HeatmapInput {
  slideId: string;
  name: string;
  extent: HeatmapExtent;
  png?: string | undefined;
  grid?: { width: number; height: number; values: (number | null)[] } | undefined;
}

export interface HeatmapDeps {
  /** The slide's level-0 size; throws not_found for an unknown slide. */
  slideSize(slideId: string): Promise<{ width: number; height: number }>;
  author(): string;
  audit?: AuditLog;
}

/** A grid in grey and alpha, two bytes per cell. */
interface GreyAlpha {
  width: number;
  height: number;
  data: Buffer;
}

interface Row {
  id: string;
  slide_id: string;
  name: string;
  grid_width: number;
  grid_height: number;
  x: number;
  y: number;
  width: number;
  height: number;
  png: Buffer;
  author: string;
  created_at: string;
}

const invalid = (message: string) => new WorkstationError('invalid_argument', message);

/** The cells of a JSON grid (already checked by the contract: sizes and values). */
export function gridFromValues(grid: NonNullable<HeatmapInput['grid']>): GreyAlpha {
  const { width, height, values } = grid;
  if (values.length !== width * height)
    throw invalid(`The grid has ${values.length} values for ${width} × ${height} cells.`);
  const data = Buffer.alloc(width * height * 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue; // alpha stays 0: no value
    if (!(v >= 0 && v <= 1)) throw invalid(`Grid value ${i} is not a probability from 0 to 1.`);
    data[2 * i] = Math.round(v * 255);
    data[2 * i + 1] = 255;
  }
  return { width, height, data };
}

/** The cells of a greyscale PNG; see the file comment for what is refused. */
export async function gridFromPng(base64: string): Promise<GreyAlpha> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64.replace(/\s+/g, '')))
    throw invalid('The heatmap PNG must be given in base64.');
  const bytes = Buffer.from(base64, 'base64');
  const PNG_SIGNATURE = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== PNG_SIGNATURE)
    throw invalid('The heatmap image is not a PNG.');
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw invalid('The heatmap PNG cannot be read (truncated or damaged).');
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1 || width > MAX_HEATMAP_SIDE || height > MAX_HEATMAP_SIDE) {
    throw invalid(
      `The heatmap PNG is ${width} × ${height} pixels; a heatmap has at most ${MAX_HEATMAP_SIDE} × ${MAX_HEATMAP_SIDE} cells.`,
    );
  }
  let raw: { data: Buffer; info: OutputInfo };
  try {
    // Three (or four, with alpha) channels whatever the PNG holds; 16-bit scaled to 8.
    raw = await sharp(bytes).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({
      resolveWithObject: true,
    });
  } catch {
    throw invalid('The heatmap PNG cannot be read (truncated or damaged).');
  }
  const { channels } = raw.info;
  const src = raw.data;
  const data = Buffer.alloc(width * height * 2);
  for (let i = 0, o = 0; o < data.length; i += channels, o += 2) {
    const r = src[i]!;
    if (channels >= 3 && (src[i + 1] !== r || src[i + 2] !== r)) {
      const cell = o / 2;
      throw invalid(
        `The heatmap PNG is in colour (pixel ${cell % width}, ${Math.floor(cell / width)}): give probabilities as grey levels (probability × 255), not a colour-mapped picture.`,
      );
    }
    data[o] = r;
    data[o + 1] = channels === 4 || channels === 2 ? (src[i + channels - 1] === 0 ? 0 : 255) : 255;
  }
  return { width, height, data };
}

/** What is wrong with an extent for a grid of `cells` on a slide of `slide` pixels, or null. */
export function extentProblem(
  extent: HeatmapExtent,
  cells: { width: number; height: number },
  slide: { width: number; height: number },
): string | null {
  const { x, y, width, height } = extent;
  if (!(width > 0 && height > 0)) return 'The heatmap extent must have a width and a height.';
  if (x < 0 || y < 0 || x >= slide.width || y >= slide.height) {
    return `The heatmap extent starts at (${x}, ${y}), off the slide (${slide.width} × ${slide.height} pixels).`;
  }
  const cellW = width / cells.width;
  const cellH = height / cells.height;
  // A grid of patches may end with a partial one, but not with a whole cell off the slide.
  if (x + width - slide.width >= cellW || y + height - slide.height >= cellH) {
    return `The heatmap extent (${x}, ${y}, ${width} × ${height}) passes the slide's edge (${slide.width} × ${slide.height} pixels) by a cell or more.`;
  }
  return null;
}

export class HeatmapService {
  private readonly stmts;

  constructor(
    db: WorkstationDb,
    private readonly deps: HeatmapDeps,
  ) {
    this.stmts = {
      list: db.prepare<[string], Row>(
        'SELECT * FROM heatmaps WHERE slide_id = ? ORDER BY created_at, rowid',
      ),
      count: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM heatmaps WHERE slide_id = ?',
      ),
      get: db.prepare<[string], Row>('SELECT * FROM heatmaps WHERE id = ?'),
      insert: db.prepare(`
        INSERT INTO heatmaps (id, slide_id, name, grid_width, grid_height, x, y, width, height, png, author, created_at)
        VALUES (@id, @slideId, @name, @gridWidth, @gridHeight, @x, @y, @width, @height, @png, @author, @createdAt)`),
      delete: db.prepare<[string]>('DELETE FROM heatmaps WHERE id = ?'),
    };
  }

  async import(input: HeatmapInput): Promise<Heatmap> {
    const slide = await this.deps.slideSize(input.slideId);
    if ((input.png === undefined) === (input.grid === undefined))
      throw invalid('Give the probabilities either as a PNG or as a grid.');
    const grid =
      input.png !== undefined ? await gridFromPng(input.png) : gridFromValues(input.grid!);
    const problem = extentProblem(input.extent, grid, slide);
    if (problem) throw invalid(problem);
    if ((this.stmts.count.get(input.slideId)?.n ?? 0) >= MAX_HEATMAPS_PER_SLIDE) {
      throw invalid(
        `This slide already has ${MAX_HEATMAPS_PER_SLIDE} heatmaps, the most it can: delete one first.`,
      );
    }
    const png = await sharp(grid.data, {
      raw: { width: grid.width, height: grid.height, channels: 2 },
    })
      .toColourspace('b-w')
      .png({ compressionLevel: 6 })
      .toBuffer();
    const row: Row = {
      id: randomUUID(),
      slide_id: input.slideId,
      name: input.name,
      grid_width: grid.width,
      grid_height: grid.height,
      ...input.extent,
      png,
      author: this.deps.author(),
      created_at: new Date().toISOString(),
    };
    this.stmts.insert.run({
      id: row.id,
      slideId: row.slide_id,
      name: row.name,
      gridWidth: row.grid_width,
      gridHeight: row.grid_height,
      x: row.x,
      y: row.y,
      width: row.width,
      height: row.height,
      png: row.png,
      author: row.author,
      createdAt: row.created_at,
    });
    this.deps.audit?.record(
      'heatmap.import',
      { type: 'slide', id: input.slideId },
      { heatmapId: row.id, cells: grid.width * grid.height },
    );
    return toHeatmap(row);
  }

  async list(slideId: string): Promise<Heatmap[]> {
    await this.deps.slideSize(slideId);
    return this.stmts.list.all(slideId).map(toHeatmap);
  }

  delete(id: string): void {
    const row = this.stmts.get.get(id);
    if (!row) throw new WorkstationError('not_found', 'This heatmap does not exist (any more).');
    this.stmts.delete.run(id);
    this.deps.audit?.record(
      'heatmap.delete',
      { type: 'slide', id: row.slide_id },
      { heatmapId: id },
    );
  }
}

function toHeatmap(row: Row): Heatmap {
  return {
    id: row.id,
    slideId: row.slide_id,
    name: row.name,
    extent: { x: row.x, y: row.y, width: row.width, height: row.height },
    gridWidth: row.grid_width,
    gridHeight: row.grid_height,
    png: row.png.toString('base64'),
    author: row.author,
    createdAt: row.created_at,
  };
}
