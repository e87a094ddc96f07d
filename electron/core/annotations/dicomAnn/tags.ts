/**
 * The attributes the annotation codec writes or reads: tag (8 hex digits, as in DICOM JSON)
 * and VR from the PS3.6 data dictionary. The VR also serves files in Implicit VR.
 */
export const T = {
  // File Meta Information (PS3.10 7.1)
  FileMetaInformationGroupLength: ['00020000', 'UL'],
  FileMetaInformationVersion: ['00020001', 'OB'],
  MediaStorageSOPClassUID: ['00020002', 'UI'],
  MediaStorageSOPInstanceUID: ['00020003', 'UI'],
  TransferSyntaxUID: ['00020010', 'UI'],
  ImplementationClassUID: ['00020012', 'UI'],
  ImplementationVersionName: ['00020013', 'SH'],

  SpecificCharacterSet: ['00080005', 'CS'],
  ImageType: ['00080008', 'CS'],
  InstanceCreationDate: ['00080012', 'DA'],
  InstanceCreationTime: ['00080013', 'TM'],
  SOPClassUID: ['00080016', 'UI'],
  SOPInstanceUID: ['00080018', 'UI'],
  StudyDate: ['00080020', 'DA'],
  SeriesDate: ['00080021', 'DA'],
  ContentDate: ['00080023', 'DA'],
  StudyTime: ['00080030', 'TM'],
  SeriesTime: ['00080031', 'TM'],
  ContentTime: ['00080033', 'TM'],
  AccessionNumber: ['00080050', 'SH'],
  IssuerOfAccessionNumberSequence: ['00080051', 'SQ'],
  Modality: ['00080060', 'CS'],
  Manufacturer: ['00080070', 'LO'],
  ReferringPhysicianName: ['00080090', 'PN'],
  CodeValue: ['00080100', 'SH'],
  CodingSchemeDesignator: ['00080102', 'SH'],
  CodingSchemeVersion: ['00080103', 'SH'],
  CodeMeaning: ['00080104', 'LO'],
  CodingSchemeIdentificationSequence: ['00080110', 'SQ'],
  CodingSchemeName: ['00080115', 'ST'],
  CodingSchemeResponsibleOrganization: ['00080116', 'ST'],
  TimezoneOffsetFromUTC: ['00080201', 'SH'],
  StudyDescription: ['00081030', 'LO'],
  SeriesDescription: ['0008103E', 'LO'],
  ManufacturerModelName: ['00081090', 'LO'],
  ReferencedSeriesSequence: ['00081115', 'SQ'],
  ReferencedImageSequence: ['00081140', 'SQ'],
  ReferencedInstanceSequence: ['0008114A', 'SQ'],
  ReferencedSOPClassUID: ['00081150', 'UI'],
  ReferencedSOPInstanceUID: ['00081155', 'UI'],

  PatientName: ['00100010', 'PN'],
  PatientID: ['00100020', 'LO'],
  IssuerOfPatientID: ['00100021', 'LO'],
  IssuerOfPatientIDQualifiersSequence: ['00100024', 'SQ'],
  PatientBirthDate: ['00100030', 'DA'],
  PatientSex: ['00100040', 'CS'],
  OtherPatientIDsSequence: ['00101002', 'SQ'],

  DeviceSerialNumber: ['00181000', 'LO'],
  SoftwareVersions: ['00181020', 'LO'],
  AlgorithmSource: ['00240202', 'LO'],

  StudyInstanceUID: ['0020000D', 'UI'],
  SeriesInstanceUID: ['0020000E', 'UI'],
  StudyID: ['00200010', 'SH'],
  SeriesNumber: ['00200011', 'IS'],
  InstanceNumber: ['00200013', 'IS'],
  Laterality: ['00200060', 'CS'],
  FrameOfReferenceUID: ['00200052', 'UI'],
  SOPInstanceUIDOfConcatenationSource: ['00200242', 'UI'],
  PositionReferenceIndicator: ['00201040', 'LO'],
  ConcatenationUID: ['00209161', 'UI'],
  InConcatenationNumber: ['00209162', 'US'],

  Rows: ['00280010', 'US'],
  Columns: ['00280011', 'US'],
  PixelSpacing: ['00280030', 'DS'],
  PixelMeasuresSequence: ['00289110', 'SQ'],

  XOffsetInSlideCoordinateSystem: ['0040072A', 'DS'],
  YOffsetInSlideCoordinateSystem: ['0040073A', 'DS'],
  MeasurementUnitsCodeSequence: ['004008EA', 'SQ'],
  ConceptNameCodeSequence: ['0040A043', 'SQ'],
  AnnotationGroupNumber: ['0040A180', 'US'],

  TotalPixelMatrixColumns: ['00480006', 'UL'],
  TotalPixelMatrixRows: ['00480007', 'UL'],
  TotalPixelMatrixOriginSequence: ['00480008', 'SQ'],
  ImageOrientationSlide: ['00480102', 'DS'],
  PixelOriginInterpretation: ['00480301', 'CS'],

  PointCoordinatesData: ['00660016', 'OF'],
  DoublePointCoordinatesData: ['00660022', 'OD'],
  AlgorithmFamilyCodeSequence: ['0066002F', 'SQ'],
  AlgorithmVersion: ['00660031', 'LO'],
  AlgorithmName: ['00660036', 'LO'],
  LongPrimitivePointIndexList: ['00660040', 'OL'],
  MeasurementsSequence: ['00660121', 'SQ'],
  FloatingPointValues: ['00660125', 'OF'],
  MeasurementValuesSequence: ['00660132', 'SQ'],

  AnnotationCoordinateType: ['006A0001', 'CS'],
  AnnotationGroupSequence: ['006A0002', 'SQ'],
  AnnotationGroupUID: ['006A0003', 'UI'],
  AnnotationGroupLabel: ['006A0005', 'LO'],
  AnnotationGroupDescription: ['006A0006', 'UT'],
  AnnotationGroupGenerationType: ['006A0007', 'CS'],
  AnnotationGroupAlgorithmIdentificationSequence: ['006A0008', 'SQ'],
  AnnotationPropertyCategoryCodeSequence: ['006A0009', 'SQ'],
  AnnotationPropertyTypeCodeSequence: ['006A000A', 'SQ'],
  AnnotationPropertyTypeModifierCodeSequence: ['006A000B', 'SQ'],
  NumberOfAnnotations: ['006A000C', 'UL'],
  AnnotationAppliesToAllOpticalPaths: ['006A000D', 'CS'],
  ReferencedOpticalPathIdentifier: ['006A000E', 'SH'],
  AnnotationAppliesToAllZPlanes: ['006A000F', 'CS'],
  CommonZCoordinateValue: ['006A0010', 'FD'],
  AnnotationIndexList: ['006A0011', 'OL'],

  GraphicType: ['00700023', 'CS'],
  ContentLabel: ['00700080', 'CS'],
  ContentDescription: ['00700081', 'LO'],
  ContentCreatorName: ['00700084', 'PN'],

  SharedFunctionalGroupsSequence: ['52009229', 'SQ'],
  PerFrameFunctionalGroupsSequence: ['52009230', 'SQ'],
} as const satisfies Record<string, readonly [string, string]>;

export type Keyword = keyof typeof T;

/** The tag of a keyword, as in DICOM JSON. */
export const tag = (k: Keyword): string => T[k][0];

const VR_BY_TAG: ReadonlyMap<string, string> = new Map(Object.values(T).map(([t, vr]) => [t, vr]));

/** The VR of a tag we know, for Implicit VR data; undefined otherwise. */
export function knownVr(tag8: string): string | undefined {
  return VR_BY_TAG.get(tag8.toUpperCase());
}
