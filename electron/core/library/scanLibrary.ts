/**
 * A folder of slide files seen as cases (README, "Local library"):
 *
 *  - each sub-folder is one case, holding its slide files; an optional `case.json`
 *    (caseManifest.ts) gives accession, patient, specimen, priority and slide details;
 *  - a sub-folder holding DICOM files (directly or one level down) is one case whose
 *    slides are its DICOM WSI series;
 *  - files directly in the folder named `<case>__<slide>.<ext>` are grouped into case
 *    `<case>`; any other file is a case of its own, named after the file.
 *
 * Scanning only lists files: slides are opened later, when their case is opened, so a
 * large library scans quickly and one bad file never stops a scan.
 *
 * A case's source key is always `<folder>/<name>` (`<name>` being its sub-folder, or
 * `<case>__*` for a group of files): the repository recognises a moved library by that
 * last part (caseKeyOf in caseRepository.ts).
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ErrorReason } from '../../common/errors';
import { stainKind } from '../../common/stains';
import type { CaseRecord, CaseSource } from '../cases/caseRepository';
import { indexDicomFile } from '../sources/dicomfile/dicomFile';
import { findDicomFiles, openDicomFolderSlides } from '../sources/dicomfile/dicomFileSlide';
import { seriesToSlide } from '../sources/dicomweb/worklist';
import { hasSlideFileExtension } from '../sources/openSlide';
import { folderMessage, folderReason } from '../settings/libraryFolderCheck';
import type { CaseManifest } from './caseManifest';
import { CASE_MANIFEST_FILE, CaseManifestSchema } from './caseManifest';
import { manifestContext } from '../caseContext/manifestContext';
import { mergeSlideContexts } from '../caseContext/dicomContext';

const GROUP_SEPARATOR = '__';

export interface ScanError {
  path: string;
  message: string;
  /** Why a whole library folder could not be read (the UI says it in the user's language). */
  reason?: ErrorReason;
}

export interface ScanResult {
  records: CaseRecord[];
  errors: ScanError[];
}

const isSlideFile = hasSlideFileExtension;
const stem = (name: string) => path.basename(name, path.extname(name));
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A stain named in a file name such as `A1_HE.svs` or `B2 Ki-67.tif`. */
export function stainFromName(name: string): string {
  const tokens = stem(name).split(/[\s_.]+/);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] ?? '';
    if (stainKind(t) !== 'other') return t;
  }
  return '';
}

async function readManifest(dir: string, errors: ScanError[]): Promise<CaseManifest | null> {
  const file = path.join(dir, CASE_MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = CaseManifestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    errors.push({
      path: file,
      message: `Invalid case.json: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
    });
  } catch {
    errors.push({ path: file, message: 'case.json is not valid JSON' });
  }
  return null;
}

async function mtimeIso(file: string): Promise<string> {
  try {
    return (await fs.stat(file)).mtime.toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}

async function makeCase(
  source: CaseSource,
  sourceKey: string,
  defaultAccession: string,
  files: { path: string; label: string }[],
  manifest: CaseManifest | null,
): Promise<CaseRecord> {
  const details = new Map((manifest?.slides ?? []).map((s) => [s.file, s]));
  const order = new Map((manifest?.slides ?? []).map((s, i) => [s.file, i]));
  const sorted = [...files].sort((a, b) => {
    const oa = order.get(path.basename(a.path)) ?? Infinity;
    const ob = order.get(path.basename(b.path)) ?? Infinity;
    return oa !== ob ? oa - ob : collator.compare(a.label, b.label);
  });
  return {
    source,
    sourceKey,
    accession: manifest?.accession ?? defaultAccession,
    patient: manifest?.patient ?? { name: '', id: '', birthDate: null, sex: null },
    specimen: manifest?.specimen ?? '',
    priority: manifest?.priority ?? 'routine',
    initialStatus: manifest?.status ?? 'new',
    receivedAt: manifest?.receivedAt ?? (await mtimeIso(sorted[0]?.path ?? sourceKey)),
    slides: sorted.map((f) => {
      const d = details.get(path.basename(f.path));
      return {
        label: d?.label ?? f.label,
        stain: d?.stain ?? stainFromName(f.path),
        locator: { kind: 'file', path: f.path },
        block: d?.block ?? null,
        scanArea: d?.scanArea ?? null,
      };
    }),
    context: manifestContext(manifest),
  };
}

export async function scanLibraryFolder(
  folder: string,
  source: CaseSource = 'local',
): Promise<ScanResult> {
  const errors: ScanError[] = [];
  const records: CaseRecord[] = [];
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (e) {
    const reason = folderReason((e as NodeJS.ErrnoException).code);
    const message = folderMessage(reason, folder);
    return { records, errors: [{ path: folder, message, reason }] };
  }

  const groups = new Map<string, { path: string; label: string }[]>();
  for (const entry of entries.sort((a, b) => collator.compare(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      let names: string[];
      try {
        names = await fs.readdir(full);
      } catch {
        errors.push({ path: full, message: 'Cannot read folder' });
        continue;
      }
      const files = names
        .filter(isSlideFile)
        .map((n) => ({ path: path.join(full, n), label: stem(n) }));
      const manifest = await readManifest(full, errors);
      if (files.length > 0) {
        records.push(await makeCase(source, full, entry.name, files, manifest));
      } else {
        const dicom = await scanDicomCase(source, full, entry.name, manifest, errors);
        if (dicom) records.push(dicom);
      }
    } else if (entry.isFile() && isSlideFile(entry.name)) {
      const s = stem(entry.name);
      const sep = s.indexOf(GROUP_SEPARATOR);
      const caseName = sep > 0 ? s.slice(0, sep) : s;
      const label = sep > 0 ? s.slice(sep + GROUP_SEPARATOR.length) : s;
      const group = groups.get(caseName) ?? [];
      group.push({ path: full, label });
      groups.set(caseName, group);
    }
  }
  for (const [caseName, files] of groups) {
    records.push(
      await makeCase(
        source,
        path.join(folder, `${caseName}${GROUP_SEPARATOR}*`),
        caseName,
        files,
        null,
      ),
    );
  }
  return { records, errors };
}

/** A case folder of DICOM WSI files: one slide per series, labelled from its attributes. */
async function scanDicomCase(
  source: CaseSource,
  folder: string,
  name: string,
  manifest: CaseManifest | null,
  errors: ScanError[],
): Promise<CaseRecord | null> {
  let files: string[];
  try {
    files = await findDicomFiles(folder);
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  try {
    const slides = await openDicomFolderSlides(folder);
    const record = await makeCase(source, folder, name, [], manifest);
    const describedSlides = [];
    for (const [i, slide] of slides.entries()) {
      const first = slide.files[0];
      const described = first ? seriesToSlide((await indexDicomFile(first)).json) : null;
      if (described) describedSlides.push(described);
      record.slides.push({
        label: described?.label ?? `${i + 1}`,
        stain: described?.stain ?? '',
        locator: { kind: 'dicomfolder', folder, seriesUID: slide.seriesUID },
        block: described?.context.block ?? null,
      });
      await slide.close();
    }
    // case.json, when there is one, says more than the files: it wins.
    if (manifest === null)
      record.context = { ...mergeSlideContexts(describedSlides), conclusion: null };
    return record.slides.length > 0 ? record : null;
  } catch (e) {
    errors.push({ path: folder, message: `Cannot read the DICOM files: ${(e as Error).message}` });
    return null;
  }
}
