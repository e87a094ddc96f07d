/**
 * DICOM whole-slide images on disk: one slide is the instances of one series (levels,
 * label, overview, thumbnail), typically a folder of files as a converter or an archive
 * export writes them. Each file is parsed once; a tile is then one positioned read of its
 * stored frame, JPEG passed through byte for byte.
 */
import { open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { AssociatedName } from '../../../common/pyramid';
import { WorkstationError } from '../../../common/errors';
import type { SlideSource, TileData } from '../slideSource';
import { TAG, num, str } from '../dicom/dicomJson';
import type { WsiPyramid } from '../dicom/wsiMetadata';
import { WSI_SOP_CLASS_UID, buildWsiPyramid, trimJpegPadding } from '../dicom/wsiMetadata';
import { blankTile } from '../dicom/blankTile';
import type { DicomFileIndex } from './dicomFile';
import { indexDicomFile, isDicomFile, readFrameBytes } from './dicomFile';
import { mapLimit } from '../../util/mapLimit';

export interface TileRequest {
  col: number;
  row: number;
}

export interface DicomFileSlide extends SlideSource {
  readonly studyUID: string;
  readonly seriesUID: string;
  readonly pyramid: WsiPyramid;
  /** The files of the series, as given. */
  readonly files: readonly string[];
  readTiles(
    level: number,
    tiles: readonly TileRequest[],
    signal?: AbortSignal,
  ): Promise<TileData[]>;
}

export interface DicomFileOptions {
  /** See dicomFile.ts; mostly for tests of the large-file path. */
  wholeFileLimit?: number;
}

/** Files parsed at once when opening a series. */
const PARSE_CONCURRENCY = 4;
/** Directory levels searched below a folder: a slide folder, or a case folder of them. */
const MAX_DEPTH = 2;

const JPEG_TS = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51']);
const NATIVE_TS = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

function isWsi(index: DicomFileIndex): boolean {
  return (
    str(index.json, TAG.SOPClassUID) === WSI_SOP_CLASS_UID ||
    (num(index.json, TAG.TotalPixelMatrixColumns) !== null && index.frames.length > 0)
  );
}

/** DICOM files (by their DICM magic) in a folder and its subfolders, sorted. */
export async function findDicomFiles(folder: string, depth = MAX_DEPTH): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    throw new WorkstationError('not_found', 'The folder cannot be read.');
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(folder, e.name);
    if (e.isDirectory() && depth > 0) out.push(...(await findDicomFiles(p, depth - 1)));
    else if (e.isFile() && (await isDicomFile(p))) out.push(p);
  }
  return out;
}

/** True when `folder` is a directory holding DICOM files (directly or one level down). */
export async function isDicomFolder(folder: string): Promise<boolean> {
  try {
    if (!(await stat(folder)).isDirectory()) return false;
    return (await findDicomFiles(folder, 1)).length > 0;
  } catch {
    return false;
  }
}

interface Indexed {
  indexes: DicomFileIndex[];
  /** Files skipped as damaged. */
  damaged: number;
}

async function indexAll(files: readonly string[], options: DicomFileOptions): Promise<Indexed> {
  let damaged = 0;
  const indexes = await mapLimit(files, PARSE_CONCURRENCY, async (f) => {
    try {
      return await indexDicomFile(f, options);
    } catch (e) {
      // In a folder, one unreadable file must not hide the other slides.
      if (e instanceof WorkstationError && e.code === 'corrupt') {
        // A damaged DICOM file, as opposed to some other file given among them.
        if (await isDicomFile(f)) damaged++;
        return null;
      }
      throw e;
    }
  });
  return {
    indexes: indexes.filter((i): i is DicomFileIndex => i !== null && isWsi(i)),
    damaged,
  };
}

/** The error when no slide was found: 'corrupt' if damaged files may have hidden one. */
function noSlide(damaged: number, message: string): WorkstationError {
  return damaged > 0
    ? new WorkstationError(
        'corrupt',
        `No readable DICOM whole-slide image: ${damaged} DICOM file(s) are damaged.`,
      )
    : new WorkstationError('not_found', message);
}

function groupBySeries(indexes: readonly DicomFileIndex[]): Map<string, DicomFileIndex[]> {
  const groups = new Map<string, DicomFileIndex[]>();
  for (const i of indexes) {
    const key = str(i.json, TAG.SeriesInstanceUID) ?? '';
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  }
  return groups;
}

/**
 * Opens the given files as one slide. They must hold WSI instances of a single series;
 * other files are ignored. Throws not_found when none is a WSI instance.
 */
export async function openDicomSeries(
  files: readonly string[],
  options: DicomFileOptions = {},
): Promise<DicomFileSlide> {
  const { indexes, damaged } = await indexAll(files, options);
  const groups = groupBySeries(indexes);
  if (groups.size === 0) throw noSlide(damaged, 'No DICOM whole-slide image among these files.');
  if (groups.size > 1) {
    throw new WorkstationError(
      'invalid_argument',
      `These files hold ${groups.size} slides (series), not one.`,
    );
  }
  return new DicomFileSlideImpl([...groups.values()][0] ?? []);
}

/** Every slide (series of WSI instances) found in a folder, in series order. */
export async function openDicomFolderSlides(
  folder: string,
  options: DicomFileOptions = {},
): Promise<DicomFileSlide[]> {
  const files = await findDicomFiles(folder);
  const groups = groupBySeries((await indexAll(files, options)).indexes);
  const slides: DicomFileSlide[] = [];
  for (const group of groups.values()) slides.push(new DicomFileSlideImpl(group));
  return slides.sort(
    (a, b) => seriesNumberOf(a) - seriesNumberOf(b) || a.seriesUID.localeCompare(b.seriesUID),
  );
}

/** The slide of one series among a folder's DICOM files; not_found when it is gone. */
export async function openDicomFolderSeries(
  folder: string,
  seriesUID: string,
): Promise<DicomFileSlide> {
  const slides = await openDicomFolderSlides(folder);
  const wanted = slides.find((s) => s.seriesUID === seriesUID);
  await Promise.all(slides.filter((s) => s !== wanted).map((s) => s.close()));
  if (!wanted)
    throw new WorkstationError('not_found', 'This DICOM slide is no longer in its folder.');
  return wanted;
}

/** True for the first bytes of a DICOM Part 10 file: 128-byte preamble, then `DICM`. */
export function isDicomHeader(head: Uint8Array): boolean {
  return (
    head.length >= 132 &&
    head[128] === 0x44 &&
    head[129] === 0x49 &&
    head[130] === 0x43 &&
    head[131] === 0x4d
  );
}

/** True when `folder` holds DICOM files directly (not in subfolders). */
export async function hasDicomFiles(folder: string): Promise<boolean> {
  try {
    return (await findDicomFiles(folder, 0)).length > 0;
  } catch {
    return false;
  }
}

/**
 * The one slide of a folder of DICOM files (the folder itself, not its subfolders).
 * Throws not_found when there is none, invalid_argument when there are several.
 */
export async function openDicomFolderSlide(
  folder: string,
  options: DicomFileOptions = {},
): Promise<DicomFileSlide> {
  const files = await findDicomFiles(folder, 0);
  const { indexes, damaged } = await indexAll(files, options);
  const groups = groupBySeries(indexes);
  if (groups.size === 0) throw noSlide(damaged, 'The folder holds no DICOM whole-slide image.');
  if (groups.size > 1) {
    throw new WorkstationError(
      'invalid_argument',
      `The folder holds ${groups.size} DICOM slides (series); name one file of them.`,
    );
  }
  return new DicomFileSlideImpl([...groups.values()][0] ?? []);
}

/**
 * The slide a DICOM file belongs to: its series, gathered from the files beside it (a
 * level or a label alone is not a slide).
 */
export async function openDicomFileSlide(
  path: string,
  options: DicomFileOptions = {},
): Promise<DicomFileSlide> {
  const own = await indexDicomFile(path, options);
  const series = str(own.json, TAG.SeriesInstanceUID);
  const siblings = (await findDicomFiles(dirname(path), 0)).filter((f) => f !== path);
  const others = (await indexAll(siblings, options)).indexes.filter(
    (i) => str(i.json, TAG.SeriesInstanceUID) === series,
  );
  if (!isWsi(own))
    throw new WorkstationError('unsupported', 'This DICOM file is not a whole-slide image.');
  return new DicomFileSlideImpl([own, ...others]);
}

function seriesNumberOf(slide: DicomFileSlide): number {
  return (slide as DicomFileSlideImpl).seriesNumber ?? 0;
}

class DicomFileSlideImpl implements DicomFileSlide {
  readonly identity: string;
  readonly pyramid: WsiPyramid;
  readonly files: readonly string[];
  readonly seriesNumber: number | null;
  private readonly byInstance: Map<string, DicomFileIndex>;
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private closed = false;

  constructor(indexes: readonly DicomFileIndex[]) {
    this.pyramid = buildWsiPyramid(indexes.map((i) => i.json));
    this.byInstance = new Map(indexes.map((i) => [str(i.json, TAG.SOPInstanceUID) ?? '', i]));
    this.files = indexes.map((i) => i.path);
    this.seriesNumber = indexes[0] === undefined ? null : num(indexes[0].json, TAG.SeriesNumber);
    // Same identity as the series in an archive: the same content shares its cached tiles.
    this.identity = `dicom:${this.pyramid.seriesUID}`;
  }

  get metadata() {
    return this.pyramid.metadata;
  }

  get studyUID(): string {
    return this.pyramid.studyUID;
  }

  get seriesUID(): string {
    return this.pyramid.seriesUID;
  }

  private handle(path: string): Promise<FileHandle> {
    if (this.closed)
      return Promise.reject(new WorkstationError('unavailable', 'The slide was closed.'));
    let h = this.handles.get(path);
    if (h === undefined) {
      h = open(path, 'r').catch((e: unknown) => {
        this.handles.delete(path);
        const code = (e as { code?: string }).code;
        throw new WorkstationError(
          code === 'ENOENT' ? 'not_found' : 'unavailable',
          'A DICOM file of the slide cannot be opened.',
        );
      });
      this.handles.set(path, h);
    }
    return h;
  }

  private async readFrame(
    instanceUID: string,
    frameNumber: number,
    signal?: AbortSignal,
  ): Promise<TileData> {
    signal?.throwIfAborted();
    const index = this.byInstance.get(instanceUID);
    const location = index?.frames[frameNumber - 1];
    if (index === undefined || location === undefined) {
      throw new WorkstationError('corrupt', 'A frame of the slide is missing from its file.');
    }
    const bytes = await readFrameBytes(await this.handle(index.path), location);
    if (JPEG_TS.has(index.transferSyntaxUID))
      return { bytes: trimJpegPadding(bytes), contentType: 'image/jpeg' };
    if (NATIVE_TS.has(index.transferSyntaxUID)) return encodeNative(index, bytes);
    throw new WorkstationError(
      'unsupported',
      'This DICOM slide is compressed in a form we cannot show (not JPEG).',
    );
  }

  async readTile(level: number, col: number, row: number, signal?: AbortSignal): Promise<TileData> {
    const ref = this.pyramid.frameAt(level, col, row);
    if (ref === null) {
      const lev = this.pyramid.metadata.levels[level];
      return blankTile(lev?.tileWidth ?? 256, lev?.tileHeight ?? 256);
    }
    return this.readFrame(ref.instanceUID, ref.frameNumber, signal);
  }

  readTiles(
    level: number,
    tiles: readonly TileRequest[],
    signal?: AbortSignal,
  ): Promise<TileData[]> {
    return Promise.all(tiles.map((t) => this.readTile(level, t.col, t.row, signal)));
  }

  async readAssociated(name: AssociatedName, signal?: AbortSignal): Promise<TileData> {
    const a = this.pyramid.associated[name];
    if (a === undefined)
      throw new WorkstationError('not_found', `This slide has no ${name} image.`);
    if (!a.singleFrame) {
      throw new WorkstationError(
        'unsupported',
        `The ${name} image is stored as several tiles, which is not supported.`,
      );
    }
    return this.readFrame(a.instanceUID, a.frameNumber, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map(async (h) => (await h.catch(() => null))?.close()));
  }
}

/** Uncompressed 8-bit frames (rare in WSI) are encoded to JPEG so that they can be shown. */
async function encodeNative(index: DicomFileIndex, bytes: Uint8Array): Promise<TileData> {
  const width = num(index.json, TAG.Columns) ?? 0;
  const height = num(index.json, TAG.Rows) ?? 0;
  const channels = num(index.json, TAG.SamplesPerPixel) ?? 1;
  const photometric = str(index.json, TAG.PhotometricInterpretation) ?? '';
  if (
    (channels !== 1 && channels !== 3) ||
    !(photometric === 'RGB' || photometric.startsWith('MONOCHROME2'))
  ) {
    throw new WorkstationError(
      'unsupported',
      'This uncompressed DICOM slide has a pixel format we cannot show.',
    );
  }
  try {
    const jpeg = await sharp(bytes, { raw: { width, height, channels } })
      .jpeg({ quality: 90 })
      .toBuffer();
    return { bytes: new Uint8Array(jpeg), contentType: 'image/jpeg' };
  } catch {
    // Sizes were checked when the file was indexed; what is left is damaged pixel data.
    throw new WorkstationError('corrupt', 'An uncompressed frame of the slide cannot be encoded.');
  }
}
