/**
 * Archive studies and series as the workstation's cases and slides. A pathology study
 * (ModalitiesInStudy=SM) is a case: its accession number is the case number. Each series
 * is a glass slide: its container (slide) identifier is the label, its stain comes from
 * the specimen preparation steps (PS3.3 C.8.12.2.1, TID 8001) or, failing that, from
 * the series description.
 *
 * Plain objects only: the worklist sync decides ids, priorities and statuses.
 */
import type { Patient } from '../../../common/contract';
import type { DicomJson } from '../dicom/dicomJson';
import {
  TAG,
  firstItem,
  isoDate,
  isoDateTime,
  num,
  personName,
  seq,
  str,
  strings,
} from '../dicom/dicomJson';
import type { DicomwebClient, QidoQuery } from './client';

export interface ArchiveCase {
  studyUID: string;
  /** The case number: AccessionNumber, else StudyID, else the study UID. */
  accession: string;
  patient: Patient;
  /** StudyDescription, e.g. "Colon biopsy"; empty when absent. */
  specimen: string;
  /** ISO 8601 from StudyDate/StudyTime (local time unless the archive gave an offset). */
  receivedAt: string | null;
  modalities: string[];
  seriesCount: number | null;
}

export interface ArchiveSlide {
  studyUID: string;
  seriesUID: string;
  seriesNumber: number | null;
  /** ContainerIdentifier, else SeriesDescription, else "Series <n>". */
  label: string;
  /** e.g. "H&E", "HES", "CD20"; null when nothing says. */
  stain: string | null;
  /** The specimen this slide was cut from, when the archive describes it. */
  specimen: string | null;
  description: string | null;
}

/** Attributes to ask QIDO for, beyond the defaults, when listing cases. */
export const STUDY_INCLUDE_FIELDS = [
  TAG.StudyDescription,
  TAG.TimezoneOffsetFromUTC,
  TAG.NumberOfStudyRelatedSeries,
];
/** Attributes to ask QIDO for when listing slides (archives may not return sequences). */
export const SERIES_INCLUDE_FIELDS = [
  TAG.SeriesDescription,
  TAG.ContainerIdentifier,
  TAG.SpecimenDescriptionSequence,
  TAG.NumberOfSeriesRelatedInstances,
];

function sex(v: string | null): Patient['sex'] {
  const s = v?.toUpperCase();
  return s === 'F' || s === 'M' || s === 'O' ? s : null;
}

export function studyToCase(json: DicomJson): ArchiveCase {
  const studyUID = str(json, TAG.StudyInstanceUID) ?? '';
  return {
    studyUID,
    accession: str(json, TAG.AccessionNumber) ?? str(json, TAG.StudyID) ?? studyUID,
    patient: {
      name: personName(str(json, TAG.PatientName)),
      id: str(json, TAG.PatientID) ?? '',
      birthDate: isoDate(str(json, TAG.PatientBirthDate)),
      sex: sex(str(json, TAG.PatientSex)),
    },
    specimen: str(json, TAG.StudyDescription) ?? '',
    receivedAt: isoDateTime(
      str(json, TAG.StudyDate),
      str(json, TAG.StudyTime),
      str(json, TAG.TimezoneOffsetFromUTC),
    ),
    modalities: strings(json, TAG.ModalitiesInStudy).filter((m) => m !== ''),
    seriesCount: num(json, TAG.NumberOfStudyRelatedSeries),
  };
}

export function seriesToSlide(json: DicomJson): ArchiveSlide {
  const seriesNumber = num(json, TAG.SeriesNumber);
  const description = str(json, TAG.SeriesDescription);
  const label =
    str(json, TAG.ContainerIdentifier) ??
    description ??
    (seriesNumber === null ? '' : `Series ${seriesNumber}`);
  const specimenItem = firstItem(json, TAG.SpecimenDescriptionSequence);
  const specimen =
    specimenItem === null
      ? null
      : (str(specimenItem, TAG.SpecimenShortDescription) ??
        str(specimenItem, TAG.SpecimenDetailedDescription) ??
        str(specimenItem, TAG.SpecimenIdentifier));
  return {
    studyUID: str(json, TAG.StudyInstanceUID) ?? '',
    seriesUID: str(json, TAG.SeriesInstanceUID) ?? '',
    seriesNumber,
    label,
    stain: stainFromSpecimen(json) ?? stainFromText(description) ?? stainFromText(label),
    specimen,
    description,
  };
}

/** SNOMED CT 424361007 "Using substance", the concept naming a stain in a staining step. */
const USING_SUBSTANCE = '424361007';

/** The substances of the staining steps of the first specimen, as one stain name. */
export function stainFromSpecimen(json: DicomJson): string | null {
  const substances: string[] = [];
  for (const specimen of seq(json, TAG.SpecimenDescriptionSequence)) {
    for (const step of seq(specimen, TAG.SpecimenPreparationSequence)) {
      for (const item of seq(step, TAG.SpecimenPreparationStepContentItemSequence)) {
        const name = firstItem(item, TAG.ConceptNameCodeSequence);
        if (name === null) continue;
        const isSubstance =
          str(name, TAG.CodeValue) === USING_SUBSTANCE ||
          /using substance/i.test(str(name, TAG.CodeMeaning) ?? '');
        if (!isSubstance) continue;
        const value =
          str(firstItem(item, TAG.ConceptCodeSequence) ?? {}, TAG.CodeMeaning) ??
          str(item, TAG.TextValue);
        if (value !== null) substances.push(value);
      }
    }
    if (substances.length > 0) break;
  }
  return substances.length === 0 ? null : stainName(substances);
}

/** "hematoxylin stain" + "water soluble eosin stain" -> "H&E"; with saffron -> "HES". */
function stainName(substances: string[]): string {
  const has = (re: RegExp) => substances.some((s) => re.test(s));
  const hematoxylin = has(/h(a)?ematoxylin|hématoxyline/i);
  const eosin = has(/eosin|éosine/i);
  if (hematoxylin && eosin) return has(/saffron|safran/i) ? 'HES' : 'H&E';
  return substances.map((s) => s.replace(/\s+stain$/i, '').trim()).join(' + ');
}

// Stain names found in series descriptions: HE family, usual special stains, IHC markers.
const STAIN_IN_TEXT: ReadonlyArray<[RegExp, (m: string) => string]> = [
  [/(?:^|[^a-z0-9])(hes)(?![a-z0-9])/i, () => 'HES'],
  [/(?:^|[^a-z0-9])(h\s*&\s*e|h\.?e\.?|he)(?![a-z0-9])/i, () => 'H&E'],
  [
    /(?:^|[^a-z0-9])(pas-?d|pas|giemsa|masson|trichrome|perls|congo red|grocott|ziehl(?:-neelsen)?|alcian blue|reticulin|orcein|gram)(?![a-z0-9])/i,
    (m) => m,
  ],
  [
    /(?:^|[^a-z0-9])(cd\d{1,3}[a-z]?|ck\s?\d{1,2}|ki-?67|her-?2|p16|p40|p53|p63|ttf-?1|s-?100|sox-?10|pd-?l1|alk|er|pr|gata-?3|cdx-?2)(?![a-z0-9])/i,
    (m) => m.toUpperCase(),
  ],
];

export function stainFromText(text: string | null): string | null {
  if (text === null) return null;
  for (const [re, name] of STAIN_IN_TEXT) {
    const m = re.exec(text);
    if (m?.[1] !== undefined) return name(m[1]);
  }
  return null;
}

/**
 * One page of pathology cases (studies with ModalitiesInStudy=SM), mapped. `offset` and
 * `limit` page through the archive's list.
 */
export async function searchCases(
  client: DicomwebClient,
  page: { limit: number; offset: number },
  match: Readonly<Record<string, string>> = {},
  signal?: AbortSignal,
): Promise<ArchiveCase[]> {
  const query: QidoQuery = {
    ...page,
    match: { ModalitiesInStudy: 'SM', ...match },
    includeFields: STUDY_INCLUDE_FIELDS,
  };
  const studies = await client.searchStudies(query, signal);
  return studies.map(studyToCase);
}

/**
 * The slides of a case, mapped from QIDO series (SM only). When `details` is set, the
 * first instance's metadata of each series fills what QIDO does not return (container
 * identifier, specimen description and stain): one more request per series.
 */
export async function listCaseSlides(
  client: DicomwebClient,
  studyUID: string,
  options: { details?: boolean; signal?: AbortSignal } = {},
): Promise<ArchiveSlide[]> {
  const { signal } = options;
  const series = await client.searchSeries(
    studyUID,
    { match: { Modality: 'SM' }, includeFields: SERIES_INCLUDE_FIELDS },
    signal,
  );
  const slides = await Promise.all(
    series.map(async (s) => {
      if (options.details !== true) return seriesToSlide(s);
      const seriesUID = str(s, TAG.SeriesInstanceUID) ?? '';
      const [first] = await client.searchInstances(studyUID, seriesUID, { limit: 1 }, signal);
      const instanceUID = first === undefined ? null : str(first, TAG.SOPInstanceUID);
      if (instanceUID === null) return seriesToSlide(s);
      const meta = await client.instanceMetadata(studyUID, seriesUID, instanceUID, signal);
      return seriesToSlide({ ...meta, ...s, ...pick(meta, SERIES_INCLUDE_FIELDS) });
    }),
  );
  return slides.sort(
    (a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0) || a.label.localeCompare(b.label),
  );
}

/** The listed attributes of `ds` that it has, so that they win over QIDO's answer. */
function pick(ds: DicomJson, tags: readonly string[]): DicomJson {
  const out: DicomJson = {};
  for (const t of tags) {
    const v = ds[t] ?? ds[t.toLowerCase()];
    if (v?.Value !== undefined) out[t] = v;
  }
  return out;
}
