/**
 * DICOM annotation objects in a DICOMweb archive: stored in the slide's study (STOW-RS),
 * found again (QIDO-RS Modality=ANN, then series metadata to keep those that reference the
 * slide) and read (WADO-RS instance, decoded as Part 10). Viewers such as Slim find them the
 * same way.
 *
 * Objects are retrieved whole rather than from their metadata and bulk data: Orthanc 1.10
 * (DICOMweb plugin 1.7) sends OF and OL values in metadata as JSON numbers, first value only.
 */
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { firstItem, isoDateTime, num, seq, str } from '../../sources/dicom/dicomJson';
import type { DicomwebClient } from '../../sources/dicomweb/client';
import { mapLimit } from '../../util/mapLimit';
import { decode } from './codec';
import { ANN_SOP_CLASS_UID, PRODUCT_NAME } from './codes';
import { tag } from './tags';
import type { AnnObject, ReferencedImage } from './types';

/** Series metadata requests in flight at once while looking for a slide's annotations. */
const CONCURRENCY = 4;

export interface CallOptions {
  signal?: AbortSignal;
}

/** An annotation object in the archive, as listed (its groups are read by `loadAnnotations`). */
export interface AnnSummary {
  studyUID: string;
  seriesUID: string;
  sopInstanceUID: string;
  seriesNumber: number | null;
  instanceNumber: number | null;
  contentLabel: string | null;
  contentDescription: string | null;
  /** ISO date-time, or null when the object does not say. */
  contentDateTime: string | null;
  creatorName: string | null;
  manufacturer: string | null;
  modelName: string | null;
  /** Written by this workstation (any installation). */
  ours: boolean;
  groups: { label: string; graphicType: string | null; count: number | null; automatic: boolean }[];
}

/**
 * Stores a Part 10 annotation object in a study. Resolves with the stored instance's UID;
 * throws 'unavailable' when the archive cannot be reached, 'invalid_argument' when it
 * refuses the object.
 */
export async function storeAnnotations(
  client: DicomwebClient,
  studyUID: string,
  part10: Uint8Array,
  options: CallOptions = {},
): Promise<{ sopInstanceUID: string | null }> {
  const answer = await client.storeInstances(studyUID, [part10], options.signal);
  const stored = firstItem(answer, '00081199');
  return { sopInstanceUID: stored === null ? null : str(stored, tag('ReferencedSOPInstanceUID')) };
}

function references(ds: DicomJson, seriesUID: string, instanceUIDs: ReadonlySet<string>): boolean {
  if (
    seq(ds, tag('ReferencedSeriesSequence')).some(
      (s) => str(s, tag('SeriesInstanceUID')) === seriesUID,
    )
  ) {
    return true;
  }
  return seq(ds, tag('ReferencedImageSequence')).some((r) =>
    instanceUIDs.has(str(r, tag('ReferencedSOPInstanceUID')) ?? ''),
  );
}

function summarize(ds: DicomJson): AnnSummary {
  const manufacturer = str(ds, tag('Manufacturer'));
  const modelName = str(ds, tag('ManufacturerModelName'));
  return {
    studyUID: str(ds, tag('StudyInstanceUID')) ?? '',
    seriesUID: str(ds, tag('SeriesInstanceUID')) ?? '',
    sopInstanceUID: str(ds, tag('SOPInstanceUID')) ?? '',
    seriesNumber: num(ds, tag('SeriesNumber')),
    instanceNumber: num(ds, tag('InstanceNumber')),
    contentLabel: str(ds, tag('ContentLabel')),
    contentDescription: str(ds, tag('ContentDescription')),
    contentDateTime: isoDateTime(
      str(ds, tag('ContentDate')),
      str(ds, tag('ContentTime')),
      str(ds, tag('TimezoneOffsetFromUTC')),
    ),
    creatorName: str(ds, tag('ContentCreatorName')),
    manufacturer,
    modelName,
    ours: manufacturer === PRODUCT_NAME && modelName === PRODUCT_NAME,
    groups: seq(ds, tag('AnnotationGroupSequence')).map((g) => ({
      label: str(g, tag('AnnotationGroupLabel')) ?? '',
      graphicType: str(g, tag('GraphicType')),
      count: num(g, tag('NumberOfAnnotations')),
      automatic: (str(g, tag('AnnotationGroupGenerationType')) ?? 'MANUAL') !== 'MANUAL',
    })),
  };
}

/**
 * The annotation objects of a slide: ANN series of the study, then the instances among
 * them that reference the slide's series (Common Instance Reference) or one of its images
 * (Referenced Image Sequence, `slideInstanceUIDs`). Oldest first.
 */
export async function findAnnotationSeries(
  client: DicomwebClient,
  studyUID: string,
  referencedSeriesUID: string,
  options: CallOptions & { slideInstanceUIDs?: Iterable<string> } = {},
): Promise<AnnSummary[]> {
  const series = await client.searchSeries(
    studyUID,
    { match: { Modality: 'ANN' } },
    options.signal,
  );
  const seriesUIDs = [
    ...new Set(series.map((s) => str(s, tag('SeriesInstanceUID'))).filter((s) => s !== null)),
  ];
  const instanceUIDs = new Set(options.slideInstanceUIDs ?? []);
  const perSeries = await mapLimit(seriesUIDs, CONCURRENCY, async (seriesUID) => {
    try {
      return await client.seriesMetadata(studyUID, seriesUID, options.signal);
    } catch (e) {
      // A series removed between the search and now is no annotation of ours.
      if (e instanceof WorkstationError && e.code === 'not_found') return [];
      throw e;
    }
  });
  const byTime = (a: AnnSummary, b: AnnSummary) =>
    (a.contentDateTime ?? '').localeCompare(b.contentDateTime ?? '') ||
    (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0);
  return perSeries
    .flat()
    .filter((ds) => str(ds, tag('SOPClassUID')) === ANN_SOP_CLASS_UID)
    .filter((ds) => references(ds, referencedSeriesUID, instanceUIDs))
    .map(summarize)
    .sort(byTime);
}

/**
 * Reads one annotation object, its coordinates in the slide's level-0 pixels. `slide`
 * (from `fromSeriesMetadata`) places 3D objects and objects drawn on another level.
 */
export async function loadAnnotations(
  client: DicomwebClient,
  object: Pick<AnnSummary, 'studyUID' | 'seriesUID' | 'sopInstanceUID'>,
  options: CallOptions & { slide?: ReferencedImage } = {},
): Promise<AnnObject> {
  const bytes = await client.retrieveInstance(
    object.studyUID,
    object.seriesUID,
    object.sopInstanceUID,
    options.signal,
  );
  return decode(bytes, options.slide ? { slide: options.slide } : {});
}
