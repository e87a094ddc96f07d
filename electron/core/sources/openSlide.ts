/**
 * Opens "a slide" from whatever a person points at: a slide file, or a folder holding
 * exactly one slide. Formats are recognised by their bytes, not their names.
 *
 * To add a format, add an entry to FILE_FORMATS (a sniff on the first bytes and an open
 * function) or, for targets that are not single files (a DICOM series folder, a DICOMweb
 * URL), a branch in openSlideAny before the file handling.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkstationError } from '../../common/errors';
import type { SlideSource } from './slideSource';
import { isTiffHeader, openTiffSlide } from './tiff/tiffSlide';
import {
  hasDicomFiles,
  isDicomHeader,
  openDicomFileSlide,
  openDicomFolderSlide,
} from './dicomfile/dicomFileSlide';
import type { DicomwebAuth } from './dicomweb/client';
import { DicomwebClient } from './dicomweb/client';
import { openDicomwebSlide } from './dicomweb/dicomwebSlide';
import { parseDicomwebSeriesUrl } from './dicomweb/seriesUrl';
import { hasDemoSlideExtension, isDemoSlideHeader } from './synthetic/demoSlideDescriptor';
import { openDemoSlide } from './synthetic/demoSlideSource';

export interface FileFormat {
  name: string;
  /** True when the first bytes (up to 1 KiB) belong to this format. */
  sniff(head: Uint8Array): boolean;
  open(path: string): Promise<SlideSource>;
}

/** Bytes read to recognise a file (DICOM needs 132: preamble + "DICM"). */
const SNIFF_BYTES = 1024;
/**
 * Extensions that promise a TIFF-based slide (Aperio SVS, TIFF, BigTIFF): a file so named
 * that is not TIFF is corrupt. The local library lists slide files by these.
 */
export const TIFF_SLIDE_EXTENSIONS = ['.svs', '.tif', '.tiff', '.btf', '.tf8'];

export function hasTiffSlideExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && TIFF_SLIDE_EXTENSIONS.includes(path.slice(dot).toLowerCase());
}

export const FILE_FORMATS: FileFormat[] = [
  { name: 'tiff', sniff: isTiffHeader, open: openTiffSlide },
  // A DICOM file opens the whole series it belongs to, from the files beside it.
  { name: 'dicom', sniff: isDicomHeader, open: (path) => openDicomFileSlide(path) },
  // A real-size demo slide: a small descriptor whose tiles are rendered on demand.
  { name: 'demo', sniff: isDemoSlideHeader, open: openDemoSlide },
];

/** Files the local library lists as slides: TIFF-based slides and demo slide descriptors. */
export function hasSlideFileExtension(path: string): boolean {
  return hasTiffSlideExtension(path) || hasDemoSlideExtension(path);
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The format of a file, or null when no reader recognises it. */
export async function detectFileFormat(path: string): Promise<FileFormat | null> {
  const head = await readHead(path);
  return FILE_FORMATS.find((f) => f.sniff(head)) ?? null;
}

/** Slide files directly in `folder` (not recursive), sorted by name. */
export async function findSlideFiles(folder: string): Promise<string[]> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  const found: string[] = [];
  for (const name of names) {
    const path = join(folder, name);
    try {
      if (await detectFileFormat(path)) found.push(path);
    } catch {
      // Unreadable files are not slides.
    }
  }
  return found;
}

export interface OpenSlideOptions {
  /** Credentials for a DICOMweb URL (else none, or user:password in the URL). */
  dicomwebAuth?: DicomwebAuth;
}

/**
 * Opens a slide file, the one slide of a folder (slide files, or the DICOM files of one
 * series), or a DICOMweb series URL `<base>/studies/<uid>/series/<uid>`.
 */
export async function openSlideAny(
  target: string,
  options: OpenSlideOptions = {},
): Promise<SlideSource> {
  const dicomweb = parseDicomwebSeriesUrl(target);
  if (dicomweb) {
    const client = new DicomwebClient({ baseUrl: dicomweb.baseUrl, auth: options.dicomwebAuth });
    return openDicomwebSlide(client, dicomweb.studyUID, dicomweb.seriesUID);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new WorkstationError(
      'unsupported',
      'Slide URLs are not supported here; give a file or folder',
    );
  }
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new WorkstationError('not_found', 'No such file or folder');
    throw new WorkstationError('unavailable', `Cannot read the slide (${code ?? 'I/O error'})`);
  }
  if (isDirectory) {
    if (await hasDicomFiles(target)) return openDicomFolderSlide(target);
    const files = await findSlideFiles(target).catch(() => {
      throw new WorkstationError('unavailable', 'Cannot list the folder');
    });
    if (files.length === 0)
      throw new WorkstationError('not_found', 'The folder contains no slide file');
    if (files.length > 1) {
      throw new WorkstationError(
        'invalid_argument',
        `The folder contains ${files.length} slide files; name one of them`,
      );
    }
    return openSlideFile(files[0] as string);
  }
  return openSlideFile(target);
}

async function openSlideFile(path: string): Promise<SlideSource> {
  let format: FileFormat | null;
  try {
    format = await detectFileFormat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') throw new WorkstationError('not_found', 'No such file');
    throw new WorkstationError(
      'unavailable',
      `Cannot read the slide file (${code ?? 'I/O error'})`,
    );
  }
  if (format) return format.open(path);
  if (hasTiffSlideExtension(path)) {
    throw new WorkstationError(
      'corrupt',
      'The file is named like a TIFF slide but is not a TIFF file',
    );
  }
  throw new WorkstationError(
    'unsupported',
    'Not a recognised slide file (supported: Aperio SVS, pyramidal TIFF, DICOM WSI)',
  );
}
