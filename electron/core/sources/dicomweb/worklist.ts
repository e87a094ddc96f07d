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
import type { DicomSlideContext } from '../../caseContext/dicomContext';
import { dicomClinicalInfo, dicomSlideContext } from '../../caseContext/dicomContext';

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
  /** The first Name of Physician(s) Reading Study, formatted as patient names are; null when absent. */
  readingPhysician: string | null;
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
  /** The block, parts and blocks its specimen description names (caseContext/dicomContext.ts). */
  context: DicomSlideContext;
  /** Clinical information from the study attributes the series' metadata carries, or null. */
  clinicalInfo: string | null;
}

/** Attributes to ask QIDO for, beyond the defaults, when listing cases. */
export const STUDY_INCLUDE_FIELDS = [
  TAG.StudyDescription,
  TAG.TimezoneOffsetFromUTC,
  TAG.NumberOfStudyRelatedSeries,
  TAG.NameOfPhysiciansReadingStudy,
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
    readingPhysician: personName(str(json, TAG.NameOfPhysiciansReadingStudy)) || null,
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
    context: dicomSlideContext(json),
    clinicalInfo: dicomClinicalInfo(json),
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

export interface CasePage {
  cases: ArchiveCase[];
  /** Offset of the next page, in the archive's list of studies. */
  nextOffset: number;
  /** True when the archive has no more studies after this page. */
  done: boolean;
}

export interface CaseSearchOptions {
  /** More matching keys, e.g. `{ StudyDate: '20240101-' }`. */
  match?: Readonly<Record<string, string>>;
  /**
   * Where ModalitiesInStudy=SM is applied. 'server' is the standard way. 'client' asks
   * for all studies and keeps the SM ones: for archives that page wrongly when matching
   * on this computed attribute (Orthanc 1.10 ignores `offset` then), at the cost of pages
   * that may hold fewer cases than `limit`.
   */
  modalityFilter?: 'server' | 'client';
  signal?: AbortSignal;
}

/** One page of pathology cases (studies with SM in ModalitiesInStudy), mapped. */
export async function searchCasePage(
  client: DicomwebClient,
  page: { limit: number; offset: number },
  options: CaseSearchOptions = {},
): Promise<CasePage> {
  const onServer = (options.modalityFilter ?? 'server') === 'server';
  const query: QidoQuery = {
    ...page,
    match: onServer ? { ModalitiesInStudy: 'SM', ...options.match } : { ...options.match },
    includeFields: onServer
      ? STUDY_INCLUDE_FIELDS
      : [...STUDY_INCLUDE_FIELDS, TAG.ModalitiesInStudy],
  };
  const studies = await client.searchStudies(query, options.signal);
  const cases = studies.map(studyToCase).filter((c) => onServer || c.modalities.includes('SM'));
  return { cases, nextOffset: page.offset + studies.length, done: studies.length < page.limit };
}

/**
 * The cases of one page, matched on the server (see searchCasePage for the options and
 * allCases for paging through an archive that pages wrongly).
 */
export async function searchCases(
  client: DicomwebClient,
  page: { limit: number; offset: number },
  match: Readonly<Record<string, string>> = {},
  signal?: AbortSignal,
): Promise<ArchiveCase[]> {
  return (await searchCasePage(client, page, { match, signal })).cases;
}

/**
 * Every pathology case, page after page. Stops when a page is short, or when a page
 * brings no study not seen before (an archive that ignores `offset` would loop forever).
 */
export async function* allCases(
  client: DicomwebClient,
  pageSize = 100,
  options: CaseSearchOptions = {},
): AsyncGenerator<ArchiveCase[], void, undefined> {
  const seen = new Set<string>();
  let offset = 0;
  for (;;) {
    const page = await searchCasePage(client, { limit: pageSize, offset }, options);
    const fresh = page.cases.filter((c) => !seen.has(c.studyUID));
    fresh.forEach((c) => seen.add(c.studyUID));
    if (fresh.length > 0) yield fresh;
    if (page.done || (fresh.length === 0 && page.cases.length > 0)) return;
    offset = page.nextOffset;
  }
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
