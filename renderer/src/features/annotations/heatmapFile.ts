/**
 * A heatmap file chosen in the window, read into what the engine's importHeatmap takes: a
 * greyscale PNG (grey = probability × 255, transparent = no value) as base64, or a JSON
 * probability grid, either bare (`{ "width", "height", "values" }`) or with its name and
 * where it lies on the slide (`{ "name", "extent": { "x", "y", "width", "height" },
 * "grid": { … } }`). The engine checks the values and the extent; this only shapes the
 * file and says plainly when it is neither. Pure.
 */
import type { HeatmapExtent } from '../../../../electron/common/contract';

export interface HeatmapGridInput {
  width: number;
  height: number;
  values: (number | null)[];
}

export type HeatmapFile =
  | { kind: 'png'; png: string }
  | { kind: 'grid'; grid: HeatmapGridInput; name: string | null; extent: HeatmapExtent | null };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Base64 of bytes, in chunks (a 12 MB PNG would overflow the call stack in one go). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Reads a heatmap file; throws an Error whose message says what is wrong. */
export function readHeatmapFile(bytes: Uint8Array): HeatmapFile {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return { kind: 'png', png: toBase64(bytes) };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('neither a PNG image nor JSON');
  }
  if (!isObject(json)) throw new Error('the JSON is not an object');
  const grid = isObject(json.grid) ? json.grid : json;
  if (typeof grid.width !== 'number' || typeof grid.height !== 'number')
    throw new Error('the grid needs "width" and "height" (cells)');
  if (!Array.isArray(grid.values)) throw new Error('the grid needs "values", a list of numbers');
  const extent = isObject(json.extent) ? json.extent : null;
  if (extent && !['x', 'y', 'width', 'height'].every((k) => typeof extent[k] === 'number'))
    throw new Error('"extent" needs numbers "x", "y", "width" and "height" (level-0 pixels)');
  return {
    kind: 'grid',
    grid: { width: grid.width, height: grid.height, values: grid.values as (number | null)[] },
    name: typeof json.name === 'string' ? json.name : null,
    extent: extent as HeatmapExtent | null,
  };
}

/** A file's name without its extension, as the heatmap's default name. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '').trim() || fileName;
}
