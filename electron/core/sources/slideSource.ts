/**
 * What every kind of slide (SVS/TIFF file, DICOM WSI files, DICOMweb series) provides.
 * Readers return tiles as standalone, displayable images; compressed tiles are passed
 * through byte for byte (JPEG with its tables merged in), never decoded and re-encoded on
 * the hot path. All failures are WorkstationErrors with a code a person can act on.
 */
import type { AssociatedName } from '../../common/pyramid';
import type { SlideInfo } from '../../common/contract';

export type TileContentType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface TileData {
  bytes: Uint8Array;
  contentType: TileContentType;
}

/** What a reader knows of its slide: the contract's SlideInfo without the workstation's id. */
export type SlideMetadata = Omit<SlideInfo, 'slideId'>;

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
