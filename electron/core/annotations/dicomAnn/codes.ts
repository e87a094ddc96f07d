/**
 * Coded concepts for annotation groups, and who we are in the equipment modules.
 *
 * Property categories come from CID 7150 "Segmentation Property Categories" and types from
 * SNOMED CT where the concept was checked (DICOM CID 7151/8135 and the SNOMED CT browser):
 * Neoplasm 108369006, Necrosis 6574001, Cell 4421005, Nucleus 84640000. The pathology
 * findings for which no concept could be confirmed here (stroma, mitotic figure,
 * lymphovascular invasion, margin) use a private coding scheme, 99LPW (PS3.16 8.2: a
 * designator starting with "99" is private), declared in the object's Coding Scheme
 * Identification Sequence; replace them by SNOMED CT concepts once terminology has chosen
 * them (a decoder keeps whatever codes an object carries, so nothing else changes).
 */
import type { CodedConcept } from './types';

export const PRODUCT_NAME = 'Lille Pathology Workstation';
/** Manufacturer (0008,0070): the project that makes the software. */
export const MANUFACTURER = PRODUCT_NAME;
/** Content Label (0070,0080): a CS value, upper case, at most 16 characters. */
export const CONTENT_LABEL = 'LPW_ANNOTATIONS';
export const SERIES_DESCRIPTION = 'Annotations';

export const ANN_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.91.1';
export const WSI_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.77.1.6';

export const PRIVATE_SCHEME = {
  designator: '99LPW',
  name: 'Lille Pathology Workstation local codes',
  organization: 'Lille Pathology Workstation',
} as const;

const sct = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning,
});
const local = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: PRIVATE_SCHEME.designator,
  CodeMeaning,
});
const ucum = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'UCUM',
  CodeMeaning,
});

/** Annotation Property Category codes (CID 7150). */
export const CATEGORY = {
  morphologicallyAbnormalStructure: sct('49755003', 'Morphologically abnormal structure'),
  tissue: sct('85756007', 'Tissue'),
  anatomicalStructure: sct('91723000', 'Anatomical structure'),
  cell: sct('4421005', 'Cell'),
} as const;

/** Annotation Property Type codes for the findings pathologists mark most. */
export const PROPERTY = {
  tumour: sct('108369006', 'Neoplasm'),
  necrosis: sct('6574001', 'Necrosis'),
  cell: sct('4421005', 'Cell'),
  nucleus: sct('84640000', 'Nucleus'),
  stroma: local('STROMA', 'Stroma'),
  mitoticFigure: local('MITOSIS', 'Mitotic figure'),
  lymphovascularInvasion: local('LVI', 'Lymphovascular invasion'),
  margin: local('MARGIN', 'Surgical margin'),
  region: local('REGION', 'Region of interest'),
} as const;

/** Category and type together, for the engine's annotation classes. */
export const ANNOTATION_CLASSES = {
  tumour: { category: CATEGORY.morphologicallyAbnormalStructure, type: PROPERTY.tumour },
  necrosis: { category: CATEGORY.morphologicallyAbnormalStructure, type: PROPERTY.necrosis },
  stroma: { category: CATEGORY.tissue, type: PROPERTY.stroma },
  mitoticFigure: { category: CATEGORY.cell, type: PROPERTY.mitoticFigure },
  lymphovascularInvasion: {
    category: CATEGORY.morphologicallyAbnormalStructure,
    type: PROPERTY.lymphovascularInvasion,
  },
  margin: { category: CATEGORY.anatomicalStructure, type: PROPERTY.margin },
  region: { category: CATEGORY.tissue, type: PROPERTY.region },
} as const;

/** Measurement names (SNOMED CT / DCM) and UCUM units. */
export const MEASUREMENT = {
  area: sct('42798000', 'Area'),
  length: sct('410668003', 'Length'),
} as const;

export const UNIT = {
  squareMicrometre: ucum('um2', 'square micrometer'),
  squareMillimetre: ucum('mm2', 'square millimeter'),
  micrometre: ucum('um', 'micrometer'),
  millimetre: ucum('mm', 'millimeter'),
} as const;
