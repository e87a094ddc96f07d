/**
 * What every kind of slide (SVS/TIFF file, DICOM WSI files, DICOMweb series) provides.
 * Readers return tiles as standalone, displayable images; compressed tiles are passed
 * through byte for byte (JPEG with its tables merged in), never decoded and re-encoded on
 * the hot path. All failures are WorkstationErrors with a code a person can act on.
 */
import type { AssociatedName, Level } from '../../common/pyramid';
import type { SlideFormat } from '../../common/contract';

export type TileContentType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface TileData {
  bytes: Uint8Array;
  contentType: TileContentType;
}

export interface SlideMetadata {
  format: SlideFormat;
  width: number;
  height: number;
  /** Microns per pixel at level 0, null when the file does not say. */
  mpp: { x: number; y: number } | null;
  objectivePower: number | null;
  /** Level 0 is full resolution; the source's own grid, never synthesised. */
  levels: Level[];
  associated: AssociatedName[];
}

export interface SlideSource {
  readonly metadata: SlideMetadata;
  /**
   * A stable identity of the slide's content (not of where it lives), used as the tile
   * cache key: the same slide moved to another folder keeps its cached tiles.
   */
  readonly identity: string;
  /** Throws WorkstationError('not_found') outside the grid. */
  readTile(level: number, col: number, row: number, signal?: AbortSignal): Promise<TileData>;
  /** Throws WorkstationError('not_found') when the slide has no such image. */
  readAssociated(name: AssociatedName, signal?: AbortSignal): Promise<TileData>;
  close(): Promise<void>;
}
