/**
 * VL Whole Slide Microscopy instances (PS3.3 A.32.8) to a slide: levels, pixel spacing,
 * associated images and a frame index (level, col, row) -> (instance, frame). Pure: the
 * same code serves DICOMweb series metadata and DICOM files read with dicom-parser (both
 * reach here as the DICOM JSON model).
 *
 * Where a level's frames are:
 * - per-frame positions (PerFrameFunctionalGroupsSequence > PlanePositionSlideSequence >
 *   Column/RowPositionInTotalImagePixelMatrix, 1-based pixels) are used whenever present,
 *   whatever DimensionOrganizationType says: TILED_SPARSE requires them, and converters
 *   such as OrthancWSIDicomizer write them without declaring an organisation;
 * - otherwise TILED_FULL: frames are row-major, then focal planes, then optical paths
 *   (PS3.3 C.7.6.17.3), counted across a concatenation from ConcatenationFrameOffsetNumber.
 * Several focal planes or optical paths: the first one is shown.
 *
 * Nothing read here is trusted (issue 10): sizes, frame counts and positions are checked
 * against ../limits.ts, the bounds the TIFF reader applies, and refused as 'corrupt'; the
 * tile index (frameIndex.ts) grows with the frames listed, not with the declared grid.
 */
import type { AssociatedName, Level } from '../../../common/pyramid';
import { ASSOCIATED_NAMES, isTileInGrid } from '../../../common/pyramid';
import { WorkstationError } from '../../../common/errors';
import type { SlideMetadata } from '../slideSource';
import { MAX_ASSEMBLED_PIXELS, MAX_SIDE, MAX_TILES_PER_LEVEL, MAX_TILE_SIDE } from '../limits';
import type { DicomJson } from './dicomJson';
import { TAG, firstItem, num, path, seq, str, strings, values } from './dicomJson';
import { compareInstances, indexLevel } from './frameIndex';
import { overviewScanArea } from './slideGeometry';

/** VL Whole Slide Microscopy Image Storage. */
export const WSI_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.77.1.6';

/** JPEG Baseline (Process 1): the transfer syntax browsers can show as it is stored. */
export const JPEG_BASELINE_TS = '1.2.840.10008.1.2.4.50';

/** Frames one instance may declare: as many as the largest level has tiles. */
export const MAX_FRAMES = MAX_TILES_PER_LEVEL;
/**
 * Largest frame we read or make, in bytes: an uncompressed RGB frame of the largest image
 * held in memory (48 MB). Compressed frames are far smaller.
 */
export const MAX_FRAME_BYTES = 3 * MAX_ASSEMBLED_PIXELS;
/** UIDs are at most 64 characters (PS3.5 9.1); the archive client tolerates twice that. */
const MAX_UID_LENGTH = 128;

export type WsiImageKind = 'volume' | 'label' | 'overview' | 'thumbnail';

export interface FramePosition {
  /** 0-based pixel offset of the frame's top-left corner in the total pixel matrix. */
  x: number;
  y: number;
  z: number | null;
  opticalPath: string | null;
}

/** What the pyramid needs to know about one instance. */
export interface WsiInstance {
  instanceUID: string;
  studyUID: string;
  seriesUID: string;
  kind: WsiImageKind;
  instanceNumber: number | null;
  totalWidth: number;
  totalHeight: number;
  tileWidth: number;
  tileHeight: number;
  numberOfFrames: number;
  /** From the file meta header; null in DICOMweb metadata, which does not carry it. */
  transferSyntaxUID: string | null;
  /** LossyImageCompressionMethod, e.g. ISO_10918_1 (JPEG) or ISO_15444_1 (JPEG 2000). */
  compressionMethod: string | null;
  concatenationUID: string | null;
  inConcatenationNumber: number | null;
  /** 0-based index, in the whole concatenation, of this instance's first frame. */
  concatenationFrameOffset: number | null;
  opticalPath: string | null;
  /** Microns per pixel, x (columns) then y (rows); null when not stated. */
  mpp: { x: number; y: number } | null;
  objectivePower: number | null;
  /** Per-frame positions, or null for TILED_FULL without them. */
  framePositions: FramePosition[] | null;
}

/** Where one tile's bytes are: a 1-based frame number in an instance. */
export interface FrameRef {
  instanceUID: string;
  frameNumber: number;
}

export interface WsiAssociated extends FrameRef {
  /** Whether the image is a single frame (its bytes are the whole image). */
  singleFrame: boolean;
  width: number;
  height: number;
}

export interface WsiPyramid {
  studyUID: string;
  seriesUID: string;
  metadata: SlideMetadata;
  /** The instances, keyed by SOPInstanceUID. */
  instances: ReadonlyMap<string, WsiInstance>;
  associated: Partial<Record<AssociatedName, WsiAssociated>>;
  /**
   * The frame holding a tile; null when the position is inside the grid but no frame
   * covers it (a gap in a TILED_SPARSE level). Throws not_found outside the grid.
   */
  frameAt(level: number, col: number, row: number): FrameRef | null;
}

const KIND_BY_FLAVOR: Record<string, WsiImageKind> = {
  VOLUME: 'volume',
  LABEL: 'label',
  OVERVIEW: 'overview',
  THUMBNAIL: 'thumbnail',
  // Older converters called the overview a localizer.
  LOCALIZER: 'overview',
};

function positive(n: number | null): number | null {
  return n !== null && Number.isFinite(n) && n > 0 ? n : null;
}

function pixelSpacing(ds: DicomJson): { x: number; y: number } | null {
  // Shared functional groups first; a per-frame PixelMeasures is allowed but rare.
  const measures =
    path(ds, TAG.SharedFunctionalGroupsSequence, TAG.PixelMeasuresSequence) ??
    path(ds, TAG.PerFrameFunctionalGroupsSequence, TAG.PixelMeasuresSequence);
  if (measures === null) return null;
  // PixelSpacing is row spacing (y) then column spacing (x), in millimetres.
  const y = positive(num(measures, TAG.PixelSpacing, 0));
  const x = positive(num(measures, TAG.PixelSpacing, 1));
  if (x === null || y === null) return null;
  // Six significant digits: spacing is often written from a 32-bit float (0.250000012).
  const microns = (mm: number) => Number((mm * 1000).toPrecision(6));
  return { x: microns(x), y: microns(y) };
}

function opticalPathOf(group: DicomJson | null): string | null {
  if (group === null) return null;
  const ident = firstItem(group, TAG.OpticalPathIdentificationSequence);
  return ident === null ? null : str(ident, TAG.OpticalPathIdentifier);
}

function corrupt(message: string): WorkstationError {
  return new WorkstationError('corrupt', message);
}

/**
 * A positive integer attribute no larger than `max`; null when absent or empty (type 2).
 * A value that is there but not such an integer is 'corrupt'.
 */
function boundedCount(ds: DicomJson, tag: string, max: number, what: string): number | null {
  if (values(ds, tag).length === 0) return null;
  const n = num(ds, tag);
  if (n === null || !Number.isInteger(n) || n < 1 || n > max) {
    throw corrupt(`A DICOM image has an invalid ${what} (zero, negative or over ${max}).`);
  }
  return n;
}

/** The number of frames an instance declares: 1 when absent; 'corrupt' when impossible. */
export function declaredFrameCount(ds: DicomJson): number {
  return boundedCount(ds, TAG.NumberOfFrames, MAX_FRAMES, 'number of frames') ?? 1;
}

function framePositions(
  ds: DicomJson,
  sharedPath: string | null,
  frames: number,
  width: number,
  height: number,
): FramePosition[] | null {
  const perFrame = seq(ds, TAG.PerFrameFunctionalGroupsSequence);
  if (perFrame.length === 0) return null;
  const out: FramePosition[] = [];
  for (const item of perFrame.slice(0, frames)) {
    const pos = firstItem(item, TAG.PlanePositionSlideSequence);
    if (pos === null) return null;
    const col = num(pos, TAG.ColumnPositionInTotalImagePixelMatrix);
    const row = num(pos, TAG.RowPositionInTotalImagePixelMatrix);
    if (col === null || row === null) return null;
    // 1-based, and a frame starts inside the matrix (it may overhang its right or bottom).
    if (!Number.isInteger(col) || !Number.isInteger(row)) {
      throw corrupt('A DICOM frame position is not a whole pixel.');
    }
    if (col < 1 || row < 1 || col > width || row > height) {
      throw corrupt('A DICOM frame lies outside its image.');
    }
    out.push({
      x: col - 1,
      y: row - 1,
      z: num(pos, TAG.ZOffsetInSlideCoordinateSystem),
      opticalPath: opticalPathOf(item) ?? sharedPath,
    });
  }
  return out;
}

/** Reads one instance of a WSI series; throws WorkstationError('corrupt') when unusable. */
export function describeWsiInstance(ds: DicomJson): WsiInstance {
  const instanceUID = str(ds, TAG.SOPInstanceUID);
  // Columns and Rows are US values: below MAX_TILE_SIDE (2^16) in any valid file.
  const tileWidth = boundedCount(ds, TAG.Columns, MAX_TILE_SIDE - 1, 'frame width');
  const tileHeight = boundedCount(ds, TAG.Rows, MAX_TILE_SIDE - 1, 'frame height');
  if (instanceUID === null || tileWidth === null || tileHeight === null) {
    throw corrupt('A DICOM instance lacks its UID or frame size.');
  }
  if (instanceUID.length > MAX_UID_LENGTH) throw corrupt('A DICOM instance UID is too long.');
  if (tileWidth * tileHeight > MAX_ASSEMBLED_PIXELS) {
    throw corrupt(`A DICOM image has frames of over ${MAX_ASSEMBLED_PIXELS} pixels.`);
  }
  // A single-frame label may omit the total matrix: then the frame is the image.
  const totalWidth = boundedCount(ds, TAG.TotalPixelMatrixColumns, MAX_SIDE, 'width') ?? tileWidth;
  const totalHeight = boundedCount(ds, TAG.TotalPixelMatrixRows, MAX_SIDE, 'height') ?? tileHeight;
  const tiles = Math.ceil(totalWidth / tileWidth) * Math.ceil(totalHeight / tileHeight);
  if (tiles > MAX_TILES_PER_LEVEL) {
    throw corrupt(`A DICOM image has more than ${MAX_TILES_PER_LEVEL} tiles.`);
  }
  const numberOfFrames = declaredFrameCount(ds);
  const flavor = (strings(ds, TAG.ImageType)[2] ?? '').toUpperCase();
  // No ImageType (OrthancWSIDicomizer without a dataset writes none): a pyramid level.
  const kind = KIND_BY_FLAVOR[flavor] ?? 'volume';
  const shared = firstItem(ds, TAG.SharedFunctionalGroupsSequence);
  const opticalPath =
    opticalPathOf(shared) ??
    str(firstItem(ds, TAG.OpticalPathSequence) ?? {}, TAG.OpticalPathIdentifier);
  const offset = num(ds, TAG.ConcatenationFrameOffsetNumber);
  return {
    instanceUID,
    studyUID: str(ds, TAG.StudyInstanceUID) ?? '',
    seriesUID: str(ds, TAG.SeriesInstanceUID) ?? '',
    kind,
    instanceNumber: num(ds, TAG.InstanceNumber),
    totalWidth,
    totalHeight,
    tileWidth,
    tileHeight,
    numberOfFrames,
    transferSyntaxUID: str(ds, TAG.TransferSyntaxUID),
    compressionMethod: str(ds, TAG.LossyImageCompressionMethod),
    concatenationUID: str(ds, TAG.ConcatenationUID),
    inConcatenationNumber: num(ds, TAG.InConcatenationNumber),
    concatenationFrameOffset:
      offset !== null && Number.isInteger(offset) && offset >= 0 ? offset : null,
    opticalPath,
    mpp: pixelSpacing(ds),
    objectivePower: positive(
      num(firstItem(ds, TAG.OpticalPathSequence) ?? {}, TAG.ObjectiveLensPower),
    ),
    framePositions: framePositions(ds, opticalPath, numberOfFrames, totalWidth, totalHeight),
  };
}

/**
 * Builds the slide from the instances of one series. Throws WorkstationError('corrupt')
 * when no pyramid level can be found.
 */
export function buildWsiPyramid(datasets: readonly DicomJson[]): WsiPyramid {
  const all = datasets.map(describeWsiInstance);
  const datasetOf = new Map(all.map((i, n) => [i, datasets[n]]));
  const instances = new Map(all.map((i) => [i.instanceUID, i]));
  const volumes = all.filter((i) => i.kind === 'volume');
  if (volumes.length === 0) {
    throw new WorkstationError('corrupt', 'The DICOM series has no whole-slide image levels.');
  }

  // One level per total matrix size, largest first.
  const bySize = new Map<string, WsiInstance[]>();
  for (const v of volumes) {
    const key = `${v.totalWidth}x${v.totalHeight}`;
    const list = bySize.get(key) ?? [];
    list.push(v);
    bySize.set(key, list);
  }
  const groups = [...bySize.values()].sort(
    (a, b) => (b[0]?.totalWidth ?? 0) - (a[0]?.totalWidth ?? 0),
  );
  const base = groups[0]?.[0];
  if (base === undefined) throw new WorkstationError('corrupt', 'The DICOM series has no levels.');

  const indexes = groups.map((members) => {
    const first = members[0] ?? base;
    // A level's tile size is that of its first instance; others of another size are ignored.
    const same = members.filter(
      (m) => m.tileWidth === first.tileWidth && m.tileHeight === first.tileHeight,
    );
    const level: Level = {
      width: first.totalWidth,
      height: first.totalHeight,
      downsample: (base.totalWidth / first.totalWidth + base.totalHeight / first.totalHeight) / 2,
      tileWidth: first.tileWidth,
      tileHeight: first.tileHeight,
    };
    return indexLevel(level, same);
  });

  const associated: Partial<Record<AssociatedName, WsiAssociated>> = {};
  const pick = (kind: WsiImageKind): WsiInstance | undefined =>
    all
      .filter((i) => i.kind === kind)
      .sort((a, b) => b.totalWidth - a.totalWidth || compareInstances(a, b))[0];
  const asAssociated = (i: WsiInstance): WsiAssociated => ({
    instanceUID: i.instanceUID,
    frameNumber: 1,
    singleFrame: i.numberOfFrames === 1,
    width: i.totalWidth,
    height: i.totalHeight,
  });
  const label = pick('label');
  const overview = pick('overview');
  const thumbnail = pick('thumbnail');
  if (label) associated.label = asAssociated(label);
  if (overview) associated.macro = asAssociated(overview);
  if (thumbnail) {
    associated.thumbnail = asAssociated(thumbnail);
  } else {
    // No thumbnail image: the smallest level serves when it is a single tile.
    const last = indexes[indexes.length - 1];
    const only = last !== undefined && last.cols * last.rows === 1 ? last.lookup(0, 0) : null;
    if (last !== undefined && only !== null) {
      associated.thumbnail = {
        ...only,
        singleFrame: true,
        width: last.level.width,
        height: last.level.height,
      };
    }
  }

  // The macro shows the scanned area where the archive places both images on the glass.
  const overviewDs = overview && datasetOf.get(overview);
  const baseDs = datasetOf.get(base);
  const scanArea = overviewDs && baseDs ? overviewScanArea(overviewDs, baseDs) : null;
  const metadata: SlideMetadata = {
    format: 'dicom',
    width: base.totalWidth,
    height: base.totalHeight,
    mpp: base.mpp,
    objectivePower: volumes.map((v) => v.objectivePower).find((p) => p !== null) ?? null,
    levels: indexes.map((i) => i.level),
    associated: ASSOCIATED_NAMES.filter((n) => associated[n] !== undefined),
    ...(scanArea ? { scanArea } : {}),
  };

  return {
    studyUID: base.studyUID,
    seriesUID: base.seriesUID,
    metadata,
    instances,
    associated,
    frameAt(level, col, row) {
      const idx = indexes[level];
      if (idx === undefined || !isTileInGrid(idx.level, col, row)) {
        throw new WorkstationError('not_found', `No tile ${level}/${col}/${row} in this slide.`);
      }
      return idx.lookup(col, row);
    },
  };
}

/**
 * A JPEG frame's bytes without the padding DICOM adds to make fragments even-length: a
 * frame may end FF D9 00. Only zeros after an EOI marker are removed.
 */
export function trimJpegPadding(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00) end--;
  if (end === bytes.length || end < 2 || bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9)
    return bytes;
  return bytes.subarray(0, end);
}
